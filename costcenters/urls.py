from django.urls import path

from costcenters import views

app_name = "costcenters"

urlpatterns = [
    path("", views.cost_centers, name="list"),
    path("fetch/", views.fetch_data, name="fetch"),
    path("fetches/<int:fetch_id>/", views.fetch_status, name="fetch_status"),
    path("dimensions/", views.choose_dimensions, name="dimensions"),
    path("add/", views.add_cost_center, name="add"),
]
