"""Pages of home visits (방문상담기록지) and monitored households."""

from django.urls import path

from . import views

urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/case/", views.visit_open_case, name="visit_open_case"),
    path("monitoring/", views.watch_list, name="watch_list"),
    path("monitoring/cadence/", views.cadence_settings, name="cadence"),
    path("monitoring/<int:watch_id>/", views.watch_detail, name="watch_detail"),
    path("monitoring/<int:watch_id>/<slug:action>/", views.watch_action, name="watch_action"),
]
