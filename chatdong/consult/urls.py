"""Pages of the consultation desk under /consult/."""

from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("new/", views.consultation_new, name="consultation_new"),
    path("new/register/", views.consultation_register, name="consultation_register"),
    path("<int:consultation_id>/", views.consultation_detail, name="consultation_detail"),
    path("<int:consultation_id>/open-case/", views.consultation_open_case, name="consultation_open_case"),
    path("<int:consultation_id>/refer/", views.referral_new, name="referral_new"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/<slug:action>/", views.referral_action, name="referral_action"),
    path("roster/", views.roster, name="roster"),
    path("roster/<int:shift_id>/delete/", views.roster_remove, name="roster_remove"),
]
