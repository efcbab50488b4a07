"""Pages of outreach: neighbourhood officers (zones, walks, findings, weekly report, monthly meeting)."""

from django.urls import path

from .views import officers as views

urlpatterns = [
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/<int:zone_id>/", views.zone_detail, name="zone_detail"),
    path("zones/<int:zone_id>/places/", views.key_place_add, name="key_place_add"),
    path("zones/<int:zone_id>/match/", views.match, name="match"),
    path("zones/<int:zone_id>/activities/new/", views.activity_new, name="activity_new"),
    path("tongs/<int:tong_id>/card/", views.contact_card, name="contact_card"),
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
