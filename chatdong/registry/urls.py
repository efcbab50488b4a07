from django.urls import path

from . import emergency_views, views
from .imports import move_in_views
from .imports import views as import_views

app_name = "registry"
urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
    path("households/<int:household_id>/records/<slug:action>/", views.household_record, name="household_record"),
    path(
        "households/<int:household_id>/emergency-access/",
        emergency_views.emergency_request,
        name="emergency_request",
    ),
    path("emergency-accesses/", emergency_views.emergency_list, name="emergency_list"),
    path("emergency-accesses/<int:grant_id>/end/", emergency_views.emergency_end, name="emergency_end"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("import/", import_views.import_upload, name="import"),
    path("import/sample.csv", import_views.import_sample, name="import_sample"),
    path("import/rejects.csv", import_views.import_rejects, name="import_rejects"),
    path("move-ins/", move_in_views.move_in_list, name="move_ins"),
    path("move-ins/<int:move_in_id>/approve/", move_in_views.move_in_approve, name="move_in_approve"),
    path("move-ins/<int:move_in_id>/reject/", move_in_views.move_in_reject, name="move_in_reject"),
]
