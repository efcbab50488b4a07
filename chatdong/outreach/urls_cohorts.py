"""Pages of outreach: cohorts."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
