"""REST API of cost centers: list and read them (every member), trigger and follow a fetch (admins).

The company comes from ``X-Company`` or the user's current company, as for expenses. A fetch is
for admins only; other roles get 404, as the pages answer.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_idempotency import IDEMPOTENCY_KEY, idempotent
from accounts.api_users import api_user
from companies.api import COMPANY_HEADER, CompanyScoped
from costcenters import selectors, services
from costcenters.models import CostCenter, CostCenterFetch
from costcenters.presenters import fetch_summary


class CostCenterSerializer(serializers.ModelSerializer[CostCenter]):
    # Plain strings rather than enums, so the names cannot collide with other apps' enums in the schema.
    # "source" and "parent" name fields of the answer: DRF's metaclass takes declared fields out of the class,
    # so they never replace the Field attributes of the same names that the stubs see.
    source = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="netvisor (fetched) or local (added by hand)"
    )
    parent: serializers.PrimaryKeyRelatedField[CostCenter] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        read_only=True, allow_null=True, help_text="null for a top-level item"
    )
    voucher_dimension = serializers.SerializerMethodField(help_text="[dimension name, item name] on a voucher line")

    class Meta:
        model = CostCenter
        fields = [
            "id", "name", "code", "label", "source", "dimension_name", "netvisor_key", "parent", "level", "sort",
            "is_active", "updated_at", "voucher_dimension",
        ]  # fmt: skip
        read_only_fields = fields

    def get_voucher_dimension(self, obj: CostCenter) -> list[str]:
        return list(selectors.voucher_dimension(obj, default_dimension=self.context.get("local_dimension")))


class FetchSerializer(serializers.ModelSerializer[CostCenterFetch]):
    state = serializers.CharField(read_only=True, help_text="queued, running, succeeded, failed or paused")
    trigger = serializers.CharField(read_only=True, help_text="manual (Fetch data) or daily (the daily sync)")
    summary = serializers.SerializerMethodField()
    requested_by = serializers.EmailField(source="requested_by.email", read_only=True, allow_null=True)

    class Meta:
        model = CostCenterFetch
        fields = [
            "id", "state", "trigger", "requested_by", "dimension_names", "created_at", "started_at", "finished_at",
            "added", "updated", "deactivated", "unchanged", "message", "summary",
        ]  # fmt: skip
        read_only_fields = fields

    def get_summary(self, obj: CostCenterFetch) -> str:
        return fetch_summary(obj)


@extend_schema(parameters=[COMPANY_HEADER])
@extend_schema_view(
    list=extend_schema(
        summary="Cost centers of the company (active ones; admins may add ?include_inactive=true)",
        parameters=[
            OpenApiParameter("q", str, description="Search in name, code and label"),
            OpenApiParameter("include_inactive", bool, description="Admins only"),
        ],
    ),
    retrieve=extend_schema(summary="One cost center"),
)
class CostCenterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyScoped):
    serializer_class = CostCenterSerializer
    queryset = CostCenter.objects.none()
    lookup_url_kwarg = "cost_center_id"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[CostCenter]:
        include_inactive = self.is_admin and (
            self.action == "retrieve" or self.request.query_params.get("include_inactive") in ("1", "true")
        )
        query = self.request.query_params.get("q", "") if self.action == "list" else ""
        return selectors.cost_centers_for_list(self.membership.company, query=query, include_inactive=include_inactive)

    def get_serializer_context(self) -> dict[str, object]:
        # Read once per request, not once per local cost center in the list.
        return {
            **super().get_serializer_context(),
            "local_dimension": selectors.local_dimension(self.membership.company.pk),
        }


@extend_schema(parameters=[COMPANY_HEADER])
@extend_schema_view(
    list=extend_schema(summary="Recent fetches from Netvisor, newest first (admins)"),
    retrieve=extend_schema(summary="A fetch's state and summary (admins)"),
    create=extend_schema(
        summary="Fetch data: start a fetch, or return the one under way (admins)",
        request=None,
        responses={202: FetchSerializer, 200: FetchSerializer},
        parameters=[IDEMPOTENCY_KEY],
    ),
)
class FetchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CompanyScoped):
    serializer_class = FetchSerializer
    queryset = CostCenterFetch.objects.none()
    lookup_url_kwarg = "fetch_id"
    lookup_value_regex = r"\d+"

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        if not self.is_admin:
            raise NotFound()

    def get_queryset(self) -> QuerySet[CostCenterFetch]:
        return CostCenterFetch.objects.filter(company=self.membership.company).select_related("requested_by")

    @idempotent
    def create(self, request: Request) -> Response:
        fetch, created = services.request_fetch(company=self.membership.company, actor=api_user(request))
        fetch.refresh_from_db()
        return Response(self.get_serializer(fetch).data, status=202 if created else 200)
