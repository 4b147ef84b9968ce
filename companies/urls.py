from django.urls import path

from companies import views
from companies.integration import views as integration

app_name = "companies"

urlpatterns = [
    path("switch/<int:company_id>/", views.switch_company, name="switch"),
    path("settings/", views.company_settings, name="settings"),
    path("settings/members/", views.members, name="members"),
    path("settings/reimbursement-accounting/", integration.reimbursement_accounting, name="reimbursement_accounting"),
    path("settings/netvisor/connect/", integration.connect, name="netvisor_connect"),
    path("settings/netvisor/credentials/", integration.change_credentials, name="netvisor_credentials"),
    path("settings/netvisor/check/", integration.check_connection, name="netvisor_check"),
    path("settings/netvisor/disconnect/", integration.disconnect, name="netvisor_disconnect"),
    path("settings/netvisor/jobs/<int:job_id>/", integration.job_status_view, name="netvisor_job_status"),
    path("settings/netvisor/jobs/<int:job_id>/confirm/", integration.confirm_connection, name="netvisor_confirm"),
    path("settings/netvisor/jobs/<int:job_id>/discard/", integration.discard_connection, name="netvisor_discard"),
]
