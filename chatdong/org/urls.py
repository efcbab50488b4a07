from django.urls import path

from . import views

app_name = "org"
urlpatterns = [path("zones/", views.zones, name="zones")]
