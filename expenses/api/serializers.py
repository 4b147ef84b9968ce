"""API representations. Write serializers parse into the services' input dataclasses."""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from costcenters.models import CostCenter
from expenses.api.fields import TypedDecimalField
from expenses.models import (
    Attachment,
    Expense,
    ExpenseLine,
    MileageDetails,
    MileageLeg,
    PaymentMethod,
    PerDiemDetails,
    PurchaseType,
    Transition,
)
from expenses.models.attachment import PreviewState
from expenses.rules.countries import is_known
from expenses.services.calculation import Computed, ComputedLine
from expenses.services.inputs import LegInput, LineInput, MileageInput, PerDiemInput, ReceiptInput
from expenses.services.recording import MAX_LEGS, MAX_LINES

# A trip of 365 days touches at most 366 calendar days.
MAX_TRIP_DAYS = 366

# A serializer typed Serializer[None] only reads a request body or query: it is never given an instance.

_M = TypeVar("_M", bound=Model)


class PurchaseTypeSerializer(serializers.ModelSerializer[PurchaseType]):
    class Meta:
        model = PurchaseType
        fields = ["id", "name", "account_number", "vat_class", "is_active"]


class PaymentMethodSerializer(serializers.ModelSerializer[PaymentMethod]):
    # Plain strings rather than enums: the enum names would collide with Expense.kind in the schema.
    kind = serializers.CharField(
        required=False, default="own_money", help_text="own_money (reimbursed) or company_card"
    )
    reimbursable = serializers.BooleanField(source="is_reimbursable", read_only=True)

    class Meta:
        model = PaymentMethod
        fields = ["id", "name", "kind", "reimbursable", "counter_account", "is_active"]

    def validate_kind(self, value: str) -> str:
        if value not in PaymentMethod.Kind.values:
            raise serializers.ValidationError(_("Use own_money or company_card."))
        return value


class LineSerializer(serializers.ModelSerializer[ExpenseLine]):
    class Meta:
        model = ExpenseLine
        fields = [
            "id",
            "position",
            "purchase_type",
            "description",
            "amount",
            "amount_eur",
            "vat_rate",
            "vat_amount",
            "net_amount",
            "cost_center",
        ]


class LegSerializer(serializers.ModelSerializer[MileageLeg]):
    km = TypedDecimalField(max_digits=8, decimal_places=2)

    class Meta:
        model = MileageLeg
        fields = ["start", "end", "km"]


class MileageDetailsSerializer(serializers.ModelSerializer[MileageDetails]):
    vehicle = serializers.CharField(read_only=True)

    class Meta:
        model = MileageDetails
        fields = ["vehicle", "passengers", "trailer", "heavy_load", "total_km"]


class PerDiemDetailsSerializer(serializers.ModelSerializer[PerDiemDetails]):
    day_rate_by_employee = serializers.BooleanField(
        read_only=True, help_text="The employee typed the day rate (no figure for the country and year): check it."
    )

    class Meta:
        model = PerDiemDetails
        fields = [
            "departure",
            "return_at",
            "destination",
            "city",
            "free_meals",
            "meal_allowance_meals",
            "employee_day_rate",
            "day_rate_by_employee",
        ]


class TransitionSerializer(serializers.ModelSerializer[Transition]):
    actor = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = Transition
        fields = ["from_state", "to_state", "actor", "note", "created_at"]


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    preview_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "preview_state",
            "preview_url",
            "thumbnail_url",
        ]

    # Paths, not absolute URLs: the serializer is also used without a request. None until the preview is ready.
    def get_preview_url(self, attachment: Attachment) -> str | None:
        return self._ready_url(attachment, "api:attachment-preview")

    def get_thumbnail_url(self, attachment: Attachment) -> str | None:
        return self._ready_url(attachment, "api:attachment-thumbnail")

    @staticmethod
    def _ready_url(attachment: Attachment, name: str) -> str | None:
        if attachment.preview_state != PreviewState.READY:
            return None
        return reverse(name, kwargs={"attachment_id": attachment.pk})


class AttachmentUploadSerializer(serializers.Serializer[None]):
    file = serializers.FileField()


class ExpenseSerializer(serializers.ModelSerializer[Expense]):
    owner = serializers.EmailField(source="owner.email", read_only=True)
    possible_duplicate = serializers.BooleanField(source="is_flagged_duplicate", read_only=True)
    rate_entered_by = serializers.EmailField(
        source="rate_entered_by.email",
        read_only=True,
        allow_null=True,
        help_text="Who typed the exchange rate (rate_source is then their note); null for a fetched rate.",
    )
    rate_label = serializers.CharField(
        read_only=True, help_text="Where the rate comes from, in the request's language."
    )
    calculation = serializers.ListField(
        source="calculation_lines",
        child=serializers.CharField(),
        read_only=True,
        help_text="How the amount was reached, in the request's language.",
    )

    class Meta:
        model = Expense
        fields = [
            "id",
            "kind",
            "state",
            "owner",
            "date",
            "description",
            "currency",
            "amount",
            "exchange_rate",
            "rate_source",
            "rate_entered_by",
            "rate_label",
            "rate_date",
            "amount_eur",
            "payment_method",
            "calculation",
            "possible_duplicate",
            "duplicate_reason",
            "rejection_reason",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ExpenseDetailSerializer(ExpenseSerializer):
    lines = LineSerializer(many=True, read_only=True)
    legs = LegSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    history = TransitionSerializer(many=True, read_only=True)
    mileage = MileageDetailsSerializer(read_only=True, allow_null=True, default=None)
    per_diem = PerDiemDetailsSerializer(read_only=True, allow_null=True, default=None)

    class Meta(ExpenseSerializer.Meta):
        fields = [*ExpenseSerializer.Meta.fields, "lines", "legs", "mileage", "per_diem", "attachments", "history"]
        read_only_fields = fields


class CompanyObject(serializers.PrimaryKeyRelatedField[_M]):
    """A related object looked up only among the request's company's; another company's "does not exist".

    Inactive ones are found too: the service decides, since an updated expense may keep what it already points at.
    """

    def get_queryset(self) -> QuerySet[_M]:
        queryset = super().get_queryset()
        assert queryset is not None  # each CompanyObject below is declared with its queryset
        return queryset.filter(company=self.context.get("company"))


class LineWriteSerializer(serializers.Serializer[None]):
    purchase_type = CompanyObject(queryset=PurchaseType.objects.all())
    description = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    amount = TypedDecimalField(max_digits=12, decimal_places=2)
    vat_rate = TypedDecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out for the purchase type's default: the percent of its VAT class on the receipt's date.",
    )
    cost_center = CompanyObject(queryset=CostCenter.objects.all(), required=False, allow_null=True, default=None)


class ExpenseWriteSerializer(serializers.Serializer[None]):
    """One body for the three kinds; which fields are required depends on ``kind``."""

    kind = serializers.ChoiceField(choices=Expense.Kind.choices)
    description = serializers.CharField(max_length=300)
    date = serializers.DateField(required=False, help_text="Receipt and kilometre allowance.")
    # Receipt
    amount = TypedDecimalField(max_digits=12, decimal_places=2, required=False)
    currency = serializers.CharField(max_length=3, required=False, default="EUR")
    exchange_rate = TypedDecimalField(
        max_digits=14,
        decimal_places=6,
        required=False,
        allow_null=True,
        default=None,
        help_text="Units of the currency per 1 EUR. Leave out to use the ECB reference rate (when reachable).",
    )
    rate_date = serializers.DateField(required=False, allow_null=True, default=None)
    rate_source = serializers.CharField(
        max_length=100,
        required=False,
        default="",
        allow_blank=True,
        help_text="With a typed exchange_rate: where it comes from. Saved as 'Entered by NAME: …'.",
    )
    payment_method = CompanyObject(queryset=PaymentMethod.objects.all(), required=False, allow_null=True, default=None)
    # many=True makes a ListSerializer, which takes max_length; the stubs check the call against the child's.
    lines = LineWriteSerializer(many=True, required=False, max_length=MAX_LINES)  # type: ignore[call-arg]
    # Kilometre allowance
    legs = LegSerializer(many=True, required=False, max_length=MAX_LEGS)  # type: ignore[call-arg]
    vehicle = serializers.ChoiceField(choices=["car", "motorcycle"], required=False, default="car")
    passengers = serializers.IntegerField(min_value=0, max_value=8, required=False, default=0)
    trailer = serializers.BooleanField(required=False, default=False)
    heavy_load = serializers.BooleanField(required=False, default=False)
    # Per diem
    departure = serializers.DateTimeField(required=False)
    return_at = serializers.DateTimeField(required=False)
    destination = serializers.CharField(
        max_length=2,
        required=False,
        default="FI",
        help_text="Per diem: FI, or the ISO 3166 code of the country abroad.",
    )
    city = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    day_rate = TypedDecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="Per diem abroad: the decision's day rate, required only when the country and year have no figure "
        "(built in or entered by the company); the expense is then flagged for the approver.",
    )
    free_meals = serializers.ListField(
        # One figure per travel day, and a trip lasts at most 365 days.
        child=serializers.IntegerField(min_value=0, max_value=3),
        required=False,
        default=list,
        max_length=MAX_TRIP_DAYS,
    )
    meal_allowance_meals = serializers.ChoiceField(
        choices=[0, 1, 2],
        required=False,
        default=0,
        help_text="Per diem: a meal allowance for 1 or 2 meals instead, for a trip that gives no per diem.",
    )
    cost_center = CompanyObject(
        queryset=CostCenter.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Kilometre allowance and per diem.",
    )

    REQUIRED = {
        "receipt": ("date", "amount", "lines"),
        "mileage": ("date", "legs"),
        "per_diem": ("departure", "return_at"),
    }

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        missing = {name: "This field is required." for name in self.REQUIRED[str(attrs["kind"])] if not attrs.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs

    def to_input(self) -> ReceiptInput | MileageInput | PerDiemInput:
        data = self.validated_data
        if data["kind"] == "receipt":
            lines = tuple(LineInput(**line) for line in data["lines"])
            receipt_fields = ("date", "description", "amount", "currency", "exchange_rate", "rate_date", "rate_source")
            return ReceiptInput(
                lines=lines, payment_method=data["payment_method"], **{k: data[k] for k in receipt_fields}
            )
        if data["kind"] == "mileage":
            legs = tuple(LegInput(**leg) for leg in data["legs"])
            mileage_fields = ("date", "description", "vehicle", "passengers", "trailer", "heavy_load", "cost_center")
            return MileageInput(legs=legs, **{k: data[k] for k in mileage_fields})
        fields = (
            "description",
            "departure",
            "return_at",
            "destination",
            "city",
            "cost_center",
            "meal_allowance_meals",
            "day_rate",
        )
        return PerDiemInput(free_meals=tuple(data["free_meals"]), **{k: data[k] for k in fields})

    def validate_destination(self, value: str) -> str:
        code = value.strip().upper()
        if not is_known(code):
            raise serializers.ValidationError(_("Use FI or the two-letter code of a country or region (e.g. SE)."))
        return code


class RejectSerializer(serializers.Serializer[None]):
    reason = serializers.CharField(allow_blank=True)


class ApproveSerializer(serializers.Serializer[None]):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ApproveAllResultSerializer(serializers.Serializer[dict[str, int]]):
    approved = serializers.IntegerField()
    skipped = serializers.IntegerField()


class CorrectAmountSerializer(serializers.Serializer[None]):
    amount = TypedDecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(allow_blank=True)


class ExpenseFilterSerializer(serializers.Serializer[None]):
    """Query parameters of the expense list."""

    scope = serializers.ChoiceField(
        choices=["mine", "all"], required=False, default="mine", help_text="all: the company's (accountants, admins)"
    )
    state = serializers.ChoiceField(choices=Expense.State.choices, required=False, default="")
    kind = serializers.ChoiceField(choices=Expense.Kind.choices, required=False, default="")
    date_from = serializers.DateField(required=False, default=None)
    date_to = serializers.DateField(required=False, default=None)


class CalculatedLineSerializer(serializers.Serializer[ComputedLine]):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_eur = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    vat_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    net_amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class CalculationSerializer(serializers.Serializer[Computed]):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_eur = serializers.DecimalField(max_digits=12, decimal_places=2)
    exchange_rate = serializers.DecimalField(max_digits=14, decimal_places=6)
    rate_source = serializers.CharField()
    rate_date = serializers.DateField(allow_null=True)
    explanation = serializers.ListField(child=serializers.CharField())
    lines = CalculatedLineSerializer(many=True)
