from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("zones/", views.zones, name="zones"),
    path("staff/<int:staff_id>/roles/", views.staff_roles, name="staff_roles"),
    path("agencies/", views.agencies, name="agencies"),
]
