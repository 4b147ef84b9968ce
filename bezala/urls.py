from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from companies.integration.store import activate_view as netvisor_store_activate
from companies.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("company/", include("companies.urls")),
    path("expenses/", include("expenses.urls")),
    path("cost-centers/", include("costcenters.urls")),
    path("accounting-export/", include("exports.urls")),
    path("netvisor/store/activate/", netvisor_store_activate, name="netvisor_store_activate"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("expenses.api.urls")),
    path("api/v1/cost-centers/", include("costcenters.api_urls")),
    path("api/v1/exports/", include("exports.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
