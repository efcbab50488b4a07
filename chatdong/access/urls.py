from django.urls import path

from .assignments import views

app_name = "access"
urlpatterns = [
    path("zones/", views.zones, name="zones"),
    path("staff/<int:staff_id>/roles/", views.staff_roles, name="staff_roles"),
]
