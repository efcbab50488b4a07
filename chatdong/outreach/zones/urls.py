"""The zone pages: zones in scope, a zone's page, a tong's contact card."""

from django.urls import path

from . import views

urlpatterns = [
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/<int:zone_id>/", views.zone_detail, name="zone_detail"),
    path("tongs/<int:tong_id>/card/", views.contact_card, name="contact_card"),
]
