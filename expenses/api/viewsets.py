"""REST API of expenses: scoped to the request's company (see ``companies.api``) and the member's role."""

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.models import User
from companies import roles
from companies.api import CompanyScoped
from companies.parsing import parse_id
from expenses import selectors, services
from expenses.api import serializers
from expenses.models import Attachment, Expense
from expenses.models.attachment import PreviewState
from expenses.services.attachments import EXTENSIONS as RECEIPT_TYPES
from expenses.services.previews import ask_for_preview_again
from expenses.storage import download_response, preview_response
from exports.services.queueing import send_expense


def _actor(request: Request) -> User:
    """Who acts: signed in (IsAuthenticated) and an active member, or the viewset has answered already."""
    user = request.user
    assert isinstance(user, User)
    return user


@extend_schema_view(
    list=extend_schema(
        summary="Your own expenses, newest first; scope=all: the company's (accountants and admins)",
        parameters=[serializers.ExpenseFilterSerializer],
    ),
    retrieve=extend_schema(summary="An expense you may open", responses=serializers.ExpenseDetailSerializer),
    create=extend_schema(
        request=serializers.ExpenseWriteSerializer,
        responses={201: serializers.ExpenseDetailSerializer},
        parameters=[IDEMPOTENCY_KEY],
    ),
    update=extend_schema(request=serializers.ExpenseWriteSerializer, responses=serializers.ExpenseDetailSerializer),
    destroy=extend_schema(summary="Delete your own draft"),
)
class ExpenseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyScoped):
    lookup_url_kwarg = "expense_id"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = serializers.ExpenseSerializer
    queryset = Expense.objects.none()

    def get_queryset(self) -> QuerySet[Expense]:
        membership = self.membership
        if self.action == "list":
            query = serializers.ExpenseFilterSerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            filters = selectors.ExpenseFilters(**query.validated_data)
            if filters.scope == "all" and not roles.can_see_all_expenses(membership.role):
                raise PermissionDenied(_("Only accountants and admins see all expenses."))
            found = selectors.filtered_expenses(membership.company, _actor(self.request), filters)
            return found.select_related("owner", "rate_entered_by").order_by("-date", "-id")
        visible = selectors.visible_expenses(membership.company, _actor(self.request), membership.role)
        return selectors.expense_detail(visible).select_related("company")

    def get_serializer_class(self) -> type:
        return serializers.ExpenseDetailSerializer if self.action == "retrieve" else serializers.ExpenseSerializer

    def _detail(self, expense: Expense, status: int = 200) -> Response:
        fresh = selectors.expense_detail(Expense.objects.filter(pk=expense.pk)).get()
        return Response(
            serializers.ExpenseDetailSerializer(fresh, context=self.get_serializer_context()).data, status=status
        )

    def _write_input(self) -> serializers.ExpenseWriteSerializer:
        serializer = serializers.ExpenseWriteSerializer(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer

    @idempotent
    def create(self, request: Request) -> Response:
        data = self._write_input().to_input()
        expense = services.save_expense(company=self.membership.company, actor=_actor(request), data=data)
        return self._detail(expense, status=201)

    def update(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        data = self._write_input().to_input()
        services.update_expense(expense=expense, actor=_actor(request), data=data)
        return self._detail(expense)

    def destroy(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        services.delete_draft(expense=expense, actor=_actor(request))
        return Response(status=204)

    @extend_schema(request=None, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        return self._detail(services.submit_expense(expense=expense, actor=_actor(request)))

    @extend_schema(request=serializers.ApproveSerializer, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        body = serializers.ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data["note"]
        return self._detail(services.approve_expense(expense=expense, actor=_actor(request), note=note))

    @extend_schema(request=serializers.RejectSerializer, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        body = serializers.RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reason = body.validated_data["reason"]
        return self._detail(services.reject_expense(expense=expense, actor=_actor(request), reason=reason))

    @extend_schema(
        request=serializers.ExpenseWriteSerializer,
        responses=serializers.CalculationSerializer,
        parameters=[
            OpenApiParameter(
                "expense",
                OpenApiTypes.INT,
                description="Id of your expense being edited: its current (even deactivated) choices are accepted.",
            )
        ],
    )
    @action(detail=False, methods=["post"])
    def calculate(self, request: Request) -> Response:
        """The amounts and explanation lines the body would be saved with; nothing is saved."""
        data = self._write_input().to_input()
        company = self.membership.company
        kept = services.kept_when_editing(self._edited_expense(), _actor(request))
        computed = services.calculate_expense(company=company, data=data, kept=kept, actor=_actor(request))
        return Response(serializers.CalculationSerializer(computed).data)

    def _edited_expense(self) -> Expense | None:
        """The ``?expense=`` being edited, among those the member may open (404 otherwise)."""
        text = self.request.query_params.get("expense", "")
        if not text:
            return None
        expense_id = parse_id(text)
        if expense_id is None:
            raise ValidationError({"expense": [_("Give the id of an expense.")]})
        membership = self.membership
        return get_object_or_404(
            selectors.visible_expenses(membership.company, _actor(self.request), membership.role), pk=expense_id
        )

    @extend_schema(request=serializers.CorrectAmountSerializer, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, expense_id: int) -> Response:
        """An approver corrects a submitted expense's amount; the note goes into its history."""
        expense = self.get_object()
        body = serializers.CorrectAmountSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        return self._detail(services.correct_amount(expense=expense, actor=_actor(request), **fields))

    @extend_schema(request=None, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="not-duplicate")
    def not_duplicate(self, request: Request, expense_id: int) -> Response:
        """Clear the possible-duplicate flag (approvers of the expense, accountants, admins)."""
        expense = self.get_object()
        services.dismiss_duplicate(expense=expense, actor=_actor(request))
        return self._detail(expense)

    @extend_schema(request=None, responses=serializers.ExpenseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-to-accounting")
    def send_to_accounting(self, request: Request, expense_id: int) -> Response:
        """Queue an approved expense for the accounting export (accountants and admins)."""
        expense = self.get_object()
        send_expense(expense=expense, actor=_actor(request))
        expense.refresh_from_db()
        return self._detail(expense)

    @extend_schema(responses=serializers.LineSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def lines(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        return Response(serializers.LineSerializer(expense.lines.all(), many=True).data)

    @extend_schema(
        methods=["get"], responses=serializers.AttachmentSerializer(many=True), summary="Attachments of an expense"
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": serializers.AttachmentUploadSerializer},
        responses={201: serializers.AttachmentSerializer},
        summary="Upload a receipt file (JPEG, PNG, HEIC, PDF; ≤ 10 MB)",
        parameters=[IDEMPOTENCY_KEY],
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser], pagination_class=None)
    @idempotent
    def attachments(self, request: Request, expense_id: int) -> Response:
        expense = self.get_object()
        if request.method == "GET":
            return Response(serializers.AttachmentSerializer(expense.attachments.all(), many=True).data)
        body = serializers.AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        attachment = services.add_attachment(expense=expense, actor=_actor(request), upload=upload)
        return Response(serializers.AttachmentSerializer(attachment).data, status=201)


class AttachmentViewSet(CompanyScoped):
    lookup_url_kwarg = "attachment_id"
    queryset = Attachment.objects.none()
    serializer_class = serializers.AttachmentSerializer

    def get_queryset(self) -> QuerySet[Attachment]:
        membership = self.membership
        visible = selectors.visible_expenses(membership.company, _actor(self.request), membership.role)
        return Attachment.objects.filter(expense__in=visible)

    # The file goes out with the type its content was checked to be on upload.
    @extend_schema(responses={(200, mime): OpenApiResponse(OpenApiTypes.BINARY) for mime in RECEIPT_TYPES})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, attachment_id: int) -> FileResponse:
        return download_response(self.get_object())

    # Pictures the server made of the file (see preview_state); 404 until the preview is ready.
    @extend_schema(responses={(200, "image/webp"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, attachment_id: int) -> FileResponse:
        return preview_response(self._ready(self.get_object()).preview)

    @extend_schema(responses={(200, "image/webp"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def thumbnail(self, request: Request, attachment_id: int) -> FileResponse:
        return preview_response(self._ready(self.get_object()).thumbnail)

    @staticmethod
    def _ready(attachment: Attachment) -> Attachment:
        if attachment.preview_state != PreviewState.READY:
            ask_for_preview_again(attachment=attachment)
            raise NotFound(_("The preview is not ready."))
        return attachment


@extend_schema_view(list=extend_schema(summary="Submitted expenses waiting for your approval"))
class ApprovalViewSet(mixins.ListModelMixin, CompanyScoped):
    serializer_class = serializers.ExpenseSerializer
    queryset = Expense.objects.none()

    def get_queryset(self) -> QuerySet[Expense]:
        membership = self.membership
        ids = (
            [expense.pk for expense in selectors.approval_inbox(membership.company, _actor(self.request))]
            if roles.can_approve(membership.role)
            else []
        )
        return Expense.objects.filter(pk__in=ids).select_related("owner").order_by("submitted_at", "id")

    @extend_schema(request=None, responses=serializers.ApproveAllResultSerializer)
    @action(detail=False, methods=["post"], url_path="approve-all")
    def approve_all(self, request: Request) -> Response:
        membership = self.membership
        inbox = (
            selectors.approval_inbox(membership.company, _actor(request)) if roles.can_approve(membership.role) else []
        )
        result = services.approve_all(expenses=inbox, actor=_actor(request))
        return Response({"approved": result.done, "skipped": result.skipped})
