from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.export_page, name="page"),
    path("send-now/", views.send_now, name="send_now"),
    path("vouchers/<int:voucher_export_id>/retry/", views.retry_voucher, name="retry_voucher"),
    path("payments/<int:payment_export_id>/retry/", views.retry_payment, name="retry_payment"),
    path("payments/<int:payment_export_id>/resolve/", views.resolve_payment, name="resolve_payment"),
    path("payments/<int:payment_export_id>/mark-paid/", views.mark_paid, name="mark_paid"),
    path("settings/", views.export_settings, name="settings"),
]
