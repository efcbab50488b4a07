from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [path("agencies/", views.agencies, name="agencies")]
