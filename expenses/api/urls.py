from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import ObtainTokenView
from expenses.api import setup, viewsets

app_name = "api"

router = SimpleRouter()
router.register("expenses", viewsets.ExpenseViewSet, basename="expense")
router.register("attachments", viewsets.AttachmentViewSet, basename="attachment")
router.register("purchase-types", setup.PurchaseTypeViewSet, basename="purchase-type")
router.register("payment-methods", setup.PaymentMethodViewSet, basename="payment-method")
router.register("approver-assignments", setup.ApproverAssignmentViewSet, basename="approver-assignment")
router.register("approvals", viewsets.ApprovalViewSet, basename="approval")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path(
        "expense-settings/",
        setup.ExpenseSettingsView.as_view({"get": "retrieve", "put": "update"}),
        name="expense-settings",
    ),
    path("profile/", setup.ProfileView.as_view(), name="profile"),
    *router.urls,
]
