"""Pages of neighbourhood officers: zone walks and key places, findings, the weekly report, the monthly meeting."""

from django.urls import path

from . import views

urlpatterns = [
    path("zones/<int:zone_id>/places/", views.key_place_add, name="key_place_add"),
    path("zones/<int:zone_id>/activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("photos/<int:photo_id>/", views.photo, name="photo"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:finding_id>/<slug:action>/", views.finding_action, name="finding_action"),
    path("weekly/", views.weekly_report, name="weekly_report"),
    path("weekly/dong/", views.weekly_grid, name="weekly_grid"),
    path("monthly/", views.monthly_meeting, name="monthly_meeting"),
]
