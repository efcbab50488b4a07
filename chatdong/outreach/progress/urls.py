"""The progress page."""

from django.urls import path

from . import views

urlpatterns = [path("progress/", views.progress_page, name="progress")]
