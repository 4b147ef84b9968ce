"""REST API of the accounting export: the same states and actions as the Accounting export page.

Accountants and admins only; other roles get 404, as the pages answer.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.api_users import api_user
from companies import roles
from companies.api import COMPANY_HEADER, CompanyScoped
from expenses.models import Expense
from expenses.selectors import visible_expenses
from exports import selectors
from exports.models import PaymentExport, VoucherExport
from exports.services import queueing, resolution


class VoucherExportSerializer(serializers.ModelSerializer[VoucherExport]):
    message = serializers.CharField(source="shown_message", read_only=True, help_text="In the request's language")
    state = serializers.CharField(read_only=True, help_text="pending, sending, unknown, sent, failed, held or paused")
    reference = serializers.CharField(read_only=True)
    expenses: serializers.PrimaryKeyRelatedField[Expense] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = VoucherExport
        fields = [
            "id", "reference", "state", "employee", "expenses", "voucher_date", "total", "netvisor_key",
            "voucher_number", "attempt_count", "next_attempt_at", "message", "netvisor_text", "created_at", "sent_at",
        ]  # fmt: skip
        read_only_fields = fields


class PaymentExportSerializer(serializers.ModelSerializer[PaymentExport]):
    message = serializers.CharField(source="shown_message", read_only=True, help_text="In the request's language")
    state = serializers.CharField(read_only=True, help_text="pending, sending, check, sent, paid, failed or paused")
    reference = serializers.CharField(read_only=True)
    expenses: serializers.PrimaryKeyRelatedField[Expense] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = PaymentExport
        fields = [
            "id", "reference", "state", "employee", "expenses", "amount", "recipient_name", "iban", "bic",
            "due_date", "message_text", "netvisor_payment_id", "attempt_count", "message", "netvisor_text",
            "created_at", "sent_at", "paid_at",
        ]  # fmt: skip
        read_only_fields = fields


class RetryVoucherSerializer(serializers.Serializer[None]):
    without_attachments = serializers.BooleanField(default=False)


class ResolvePaymentSerializer(serializers.Serializer[None]):
    found = serializers.BooleanField(help_text="true: found in Netvisor; false: not there, send it again")
    payment_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**62)


class SendNowResultSerializer(serializers.Serializer[dict[str, int]]):
    queued = serializers.IntegerField()


class TimelineEventSerializer(serializers.Serializer[selectors.Event]):
    at = serializers.DateTimeField()
    title = serializers.CharField()
    detail = serializers.CharField()
    netvisor_text = serializers.CharField()
    problem = serializers.BooleanField()


class ExportScoped(CompanyScoped):
    lookup_value_regex = r"\d+"
    model: type[VoucherExport] | type[PaymentExport]

    def get_queryset(self) -> QuerySet[Any]:
        """The company's rows of this viewset's model, newest first, ``?state=`` if given."""
        rows: QuerySet[Any] = self.model.objects.filter(company=self.membership.company)
        rows = rows.prefetch_related("expenses")
        state = self.request.query_params.get("state")
        return (rows.filter(state=state) if state else rows).order_by("-created_at", "-pk")

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        if not roles.can_see_all_expenses(self.membership.role):
            raise NotFound()


@extend_schema(parameters=[COMPANY_HEADER])
@extend_schema_view(list=extend_schema(summary="Vouchers sent or to be sent to Netvisor, newest first"))
class VoucherExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ExportScoped):
    serializer_class = VoucherExportSerializer
    queryset = VoucherExport.objects.none()
    model = VoucherExport
    lookup_url_kwarg = "voucher_export_id"

    @extend_schema(
        request=None, responses=SendNowResultSerializer, summary="Send to accounting now", parameters=[IDEMPOTENCY_KEY]
    )
    @action(detail=False, methods=["post"], url_path="send-now")
    @idempotent
    def send_now(self, request: Request) -> Response:
        company = self.membership.company
        queued = queueing.send_now(company=company, actor=api_user(request))
        return Response({"queued": queued}, status=202)

    @extend_schema(request=RetryVoucherSerializer, responses=VoucherExportSerializer, summary="Retry a failed voucher")
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, **ids: int) -> Response:
        row = self.get_object()
        body = RetryVoucherSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        without = body.validated_data["without_attachments"]
        resolution.retry_voucher(row=row, actor=api_user(request), without_attachments=without)
        row.refresh_from_db()
        return Response(self.get_serializer(row).data)


@extend_schema(parameters=[COMPANY_HEADER])
@extend_schema_view(list=extend_schema(summary="Bank-transfer drafts sent or to be sent to Netvisor, newest first"))
class PaymentExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ExportScoped):
    serializer_class = PaymentExportSerializer
    queryset = PaymentExport.objects.none()
    model = PaymentExport
    lookup_url_kwarg = "payment_export_id"

    @extend_schema(request=None, responses=PaymentExportSerializer, summary="Send a failed payment again")
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, **ids: int) -> Response:
        row = self.get_object()
        resolution.retry_payment(row=row, actor=api_user(request))
        row.refresh_from_db()
        return Response(self.get_serializer(row).data)

    @extend_schema(
        request=ResolvePaymentSerializer, responses=PaymentExportSerializer,
        summary="Answer a held payment (“Check in Netvisor”): found there, or send again",
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, **ids: int) -> Response:
        row = self.get_object()
        body = ResolvePaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        found, payment_id = body.validated_data["found"], body.validated_data.get("payment_id")
        resolution.resolve_held_payment(row=row, actor=api_user(request), found=found, payment_id=payment_id)
        row.refresh_from_db()
        return Response(self.get_serializer(row).data)

    @extend_schema(request=None, responses=PaymentExportSerializer, summary="Record a found payment as paid")
    @action(detail=True, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request: Request, **ids: int) -> Response:
        row = self.get_object()
        resolution.mark_payment_paid(row=row, actor=api_user(request))
        row.refresh_from_db()
        return Response(self.get_serializer(row).data)


@extend_schema(parameters=[COMPANY_HEADER])
class ExpenseTimelineViewSet(ExportScoped):
    """Where an expense is on its way to Netvisor; every member who may open the expense may read it."""

    lookup_url_kwarg = "expense_id"
    # The timeline is one short list per expense, answered whole; without this the schema would promise a page.
    pagination_class = None

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        viewsets.GenericViewSet.initial(self, request, *args, **kwargs)

    @extend_schema(responses=TimelineEventSerializer(many=True), summary="The export timeline of an expense")
    def retrieve(self, request: Request, expense_id: int) -> Response:
        membership = self.membership
        user = api_user(request)
        expense = visible_expenses(membership.company, user, membership.role).filter(pk=expense_id).first()
        if expense is None:
            raise NotFound()
        events = serializers.ListSerializer(selectors.timeline(expense), child=TimelineEventSerializer())
        return Response(events.data)
