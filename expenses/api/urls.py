from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from expenses.api import viewsets

app_name = "api"

router = SimpleRouter()
router.register("expenses", viewsets.ExpenseViewSet, basename="expense")
router.register("attachments", viewsets.AttachmentViewSet, basename="attachment")
router.register("purchase-types", viewsets.PurchaseTypeViewSet, basename="purchase-type")
router.register("payment-methods", viewsets.PaymentMethodViewSet, basename="payment-method")
router.register("approvals", viewsets.ApprovalViewSet, basename="approval")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    *router.urls,
]
