"""Pages of outreach, mounted at /outreach/; each part keeps its own url module."""

from django.urls import include, path

app_name = "outreach"

urlpatterns = [
    path("", include("chatdong.outreach.urls_cohorts")),
    path("", include("chatdong.outreach.urls_visits")),
    path("", include("chatdong.outreach.urls_officers")),
    path("", include("chatdong.outreach.urls_leaders")),
]
