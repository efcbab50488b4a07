"""Pages of outreach: home visits (방문상담기록지) and monitored households."""

from django.urls import path

from .views import visits

urlpatterns = [
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/case/", visits.visit_open_case, name="visit_open_case"),
    path("monitoring/", visits.watch_list, name="watch_list"),
    path("monitoring/cadence/", visits.cadence_settings, name="cadence"),
    path("monitoring/<int:watch_id>/", visits.watch_detail, name="watch_detail"),
    path("monitoring/<int:watch_id>/<slug:action>/", visits.watch_action, name="watch_action"),
]
