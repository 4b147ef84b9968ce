from rest_framework.routers import SimpleRouter

from exports import api

app_name = "exports_api"

router = SimpleRouter()
router.register("vouchers", api.VoucherExportViewSet, basename="voucher")
router.register("payments", api.PaymentExportViewSet, basename="payment")
router.register("timeline", api.ExpenseTimelineViewSet, basename="timeline")

urlpatterns = router.urls
