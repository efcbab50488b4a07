"""Pages of outreach: the tong leader's phone page (own login, own households; staff on their behalf)."""

from django.urls import path

from .views import leaders as views

urlpatterns = [
    path("leader/", views.leader_home, name="leader_home"),
    path("leader/households/<int:household_id>/check-in/", views.check_in, name="check_in"),
    path("leader/households/<int:household_id>/crisis/", views.crisis, name="crisis"),
    path("leader/targets/<int:target_id>/confirm/", views.confirm_appointment, name="confirm_appointment"),
]
