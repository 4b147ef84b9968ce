"""URLconf of the sandbox's own server (not included in the service's URLconf).

API resources answer at `/<resource>.nv` (any letter case); the pages for a person live under
`/org/<business id>/...`.
"""

from django.urls import path, re_path

from netvisor_sandbox import (
    views_api,
    views_dimensions,
    views_faults,
    views_ledger,
    views_pages,
    views_store,
    views_voucher_types,
)

urlpatterns = [
    re_path(r"^(?P<resource_name>[A-Za-z0-9_]+\.[nN][vV])$", views_api.api, name="nvsandbox-api"),
    path("", views_pages.home, name="nvsandbox-home"),
    path("switch/", views_pages.switch, name="nvsandbox-switch"),
    path("store/", views_store.store_page, name="nvsandbox-store"),
    path("org/<str:business_id>/", views_pages.organisation_home, name="nvsandbox-org"),
    path("org/<str:business_id>/api-identifiers/", views_pages.identifiers, name="nvsandbox-identifiers"),
    path("org/<str:business_id>/resource-rights/", views_pages.rights, name="nvsandbox-rights"),
    path("org/<str:business_id>/company/", views_pages.company, name="nvsandbox-company"),
    path("org/<str:business_id>/dimensions/", views_dimensions.dimensions, name="nvsandbox-dimensions"),
    path("org/<str:business_id>/voucher-types/", views_voucher_types.voucher_types, name="nvsandbox-voucher-types"),
    path("org/<str:business_id>/ledger/", views_ledger.ledger, name="nvsandbox-ledger"),
    path("org/<str:business_id>/attachments/<int:pk>/", views_ledger.attachment, name="nvsandbox-attachment"),
    path("org/<str:business_id>/payments/", views_ledger.payments, name="nvsandbox-payments"),
    path("org/<str:business_id>/faults/", views_faults.fault_page, name="nvsandbox-faults"),
    path("org/<str:business_id>/calls/", views_faults.call_log, name="nvsandbox-calls"),
    re_path(r"^static/(?P<path>.+)$", views_pages.static_file, name="nvsandbox-static"),
]
