from django.urls import path

from . import views

app_name = "access"
urlpatterns = [path("log/", views.access_log, name="access_log")]
