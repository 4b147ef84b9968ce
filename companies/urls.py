from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("switch/<int:company_id>/", views.switch_company, name="switch"),
    path("settings/", views.company_settings, name="settings"),
    path("settings/members/", views.members, name="members"),
]
