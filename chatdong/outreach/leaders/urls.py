"""Pages of tong leaders: the phone page (own login, own households; staff on their behalf), and 1:1 matching."""

from django.urls import path

from . import views

urlpatterns = [
    path("leader/", views.leader_home, name="leader_home"),
    path("leader/households/<int:household_id>/check-in/", views.check_in, name="check_in"),
    path("leader/households/<int:household_id>/crisis/", views.crisis, name="crisis"),
    path("leader/targets/<int:target_id>/confirm/", views.confirm_appointment, name="confirm_appointment"),
    path("zones/<int:zone_id>/match/", views.match, name="match"),
]
