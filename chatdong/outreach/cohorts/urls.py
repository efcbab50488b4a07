"""Pages of cohorts — target lists, a target's contact and appointment, the letter, referrals."""

from django.urls import path

from . import views

urlpatterns = [
    path("targets/", views.target_list, name="target_list"),
    path("targets/generate/", views.cohort_generate, name="cohort_generate"),
    path("targets/<int:target_id>/", views.target_detail, name="target_detail"),
    path("targets/<int:target_id>/contact/", views.target_contact, name="target_contact"),
    path("targets/<int:target_id>/appointment/", views.target_appointment, name="target_appointment"),
    path("targets/<int:target_id>/letter/", views.target_letter, name="target_letter"),
    path("targets/<int:target_id>/letter.pdf", views.target_letter_pdf, name="target_letter_pdf"),
    path("care-crisis/new/", views.care_referral_new, name="care_referral_new"),
]
