from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.language import set_language_view
from companies.integration.store import activate_view as netvisor_store_activate
from companies.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("company/", include("companies.urls")),
    path("expenses/", include("expenses.urls")),
    path("cost-centers/", include("costcenters.urls")),
    path("accounting-export/", include("exports.urls")),
    path("notifications/", include("notifications.urls")),
    path("netvisor/store/activate/", netvisor_store_activate, name="netvisor_store_activate"),
    # Django's own set_language, which also remembers a signed-in person's choice for their mails.
    path("i18n/setlang/", set_language_view, name="set_language"),
    path("api/v1/", include("expenses.api.urls")),
    path("api/v1/cost-centers/", include("costcenters.api_urls")),
    path("api/v1/exports/", include("exports.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
