"""Pages of outreach: visits."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
