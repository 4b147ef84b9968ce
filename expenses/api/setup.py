"""REST API of the company setup (admins write, members read) and of one's own bank account."""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.api_users import api_user
from accounts.models import User
from companies import roles
from companies.api import CompanyScoped
from expenses.api.serializers import PaymentMethodSerializer, PurchaseTypeSerializer
from expenses.forms.setup import IbanForm, members
from expenses.models import ApproverAssignment, ExpenseSettings, PaymentMethod, PurchaseType
from expenses.services import setup as setup_services


class AdminWrites(CompanyScoped):
    """Reads for every member of the company; writes for its admins only."""

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        # On one object the lookup comes first, so another company's object is a 404, never a 403.
        if self.lookup_url_kwarg not in self.kwargs:
            self._require_admin(request)

    def get_object(self) -> Model:
        obj: Model = super().get_object()
        self._require_admin(self.request)
        return obj

    def _require_admin(self, request: Request) -> None:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not roles.can_manage_company(self.membership.role):
            raise PermissionDenied(_("Only admins change the company setup."))

    def _save(self, obj: Model, data: dict[str, object]) -> Model:
        """Apply validated ``data`` to ``obj`` and save it through the service (one transaction + audit)."""
        for name, value in data.items():
            setattr(obj, name, value)
        return setup_services.save_setup(
            obj=obj, company=self.membership.company, actor=api_user(self.request), changed_fields=list(data)
        )


class SetupObjects(mixins.ListModelMixin, mixins.RetrieveModelMixin, AdminWrites):
    """Purchase types and payment methods: list and read; admins create and change (never delete)."""

    model: type[Model]

    def get_queryset(self) -> QuerySet[Model]:
        return self.model._default_manager.filter(company=self.membership.company)

    @extend_schema(parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self._save(self.model(company=self.membership.company), dict(serializer.validated_data))
        return Response(self.get_serializer(obj).data, status=201)

    def partial_update(self, request: Request, **kwargs: object) -> Response:
        found = self.get_object()
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self._save(found, dict(serializer.validated_data))
        return Response(self.get_serializer(obj).data)


class PurchaseTypeViewSet(SetupObjects):
    lookup_url_kwarg = "purchase_type_id"
    queryset = PurchaseType.objects.none()
    serializer_class = PurchaseTypeSerializer
    model = PurchaseType


class PaymentMethodViewSet(SetupObjects):
    lookup_url_kwarg = "payment_method_id"
    queryset = PaymentMethod.objects.none()
    serializer_class = PaymentMethodSerializer
    model = PaymentMethod


class MemberField(serializers.PrimaryKeyRelatedField[User]):
    """A user who is an active member of the request's company (approvers only when asked)."""

    def __init__(self, *, approvers_only: bool = False, **kwargs: Any) -> None:
        self.approvers_only = approvers_only
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[User]:
        return members(self.context["company"], approvers_only=self.approvers_only)


class ExpenseSettingsSerializer(serializers.ModelSerializer[ExpenseSettings]):
    fallback_approver = MemberField(approvers_only=True, allow_null=True, required=False)

    class Meta:
        model = ExpenseSettings
        fields = [
            "employee_payable_account",
            "mileage_account",
            "per_diem_account",
            "duplicate_check_enabled",
            "locked_until",
            "fallback_approver",
        ]


class ApproverAssignmentSerializer(serializers.ModelSerializer[ApproverAssignment]):
    employee = MemberField()
    approver = MemberField(approvers_only=True)

    class Meta:
        model = ApproverAssignment
        fields = ["id", "employee", "approver"]


class ExpenseSettingsView(AdminWrites):
    """The company's accounts, duplicate check, lock date and fallback approver."""

    serializer_class = ExpenseSettingsSerializer
    queryset = ExpenseSettings.objects.none()

    def get_object(self) -> ExpenseSettings:
        # One per company, found by the company rather than by an id in the URL. DRF's OPTIONS calls this too.
        found = setup_services.settings_for(self.membership.company)
        self._require_admin(self.request)
        return found

    def retrieve(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request: Request) -> Response:
        found = self.get_object()
        serializer = self.get_serializer(found, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self._save(found, dict(serializer.validated_data))).data)


class ApproverAssignmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, AdminWrites):
    lookup_url_kwarg = "assignment_id"
    serializer_class = ApproverAssignmentSerializer
    queryset = ApproverAssignment.objects.none()

    def get_queryset(self) -> QuerySet[ApproverAssignment]:
        return ApproverAssignment.objects.filter(company=self.membership.company).order_by("id")

    @extend_schema(parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[ApproverAssignment]) -> None:
        data = serializer.validated_data
        serializer.instance = setup_services.assign_approver(
            company=self.membership.company,
            employee=data["employee"],
            approver=data["approver"],
            actor=api_user(self.request),
        )

    def perform_destroy(self, instance: ApproverAssignment) -> None:
        setup_services.remove_assignment(assignment=instance, actor=api_user(self.request))


# Of a User: its one field is the user's own ``iban``.
class ProfileSerializer(serializers.Serializer[User]):
    iban = serializers.CharField(max_length=42, allow_blank=True, help_text="Validated (mod-97, country length).")

    def validate_iban(self, value: str) -> str:
        form = IbanForm(data={"iban": value})
        if not form.is_valid():
            raise serializers.ValidationError([str(message) for message in form.errors["iban"]])
        iban: str = form.cleaned_data["iban"]
        return iban


class ProfileView(GenericAPIView[User]):
    """The signed-in person's bank account (IBAN) for reimbursements."""

    serializer_class = ProfileSerializer

    def get_object(self) -> User:
        # The signed-in person, not an object looked up by id. DRF's OPTIONS calls this too.
        return api_user(self.request)

    def get(self, request: Request) -> Response:
        return Response({"iban": api_user(request).iban})

    def put(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = api_user(request)
        setup_services.set_iban(user=user, iban=serializer.validated_data["iban"])
        return Response({"iban": user.iban})
