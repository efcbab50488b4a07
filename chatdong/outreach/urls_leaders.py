"""Pages of outreach: leaders."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
