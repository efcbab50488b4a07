"""Pages of outreach: officers."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
