"""Case pages: list and summary, a case and its actions, intake from a household."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/actions/<slug:action>/", views.case_action, name="case_action"),
    path("intake/<int:household_id>/", views.case_intake, name="case_intake"),
]
