"""Pages of outreach, mounted at /outreach/; each process keeps its own url module."""

from django.urls import include, path

app_name = "outreach"

urlpatterns = [
    path("", include("chatdong.outreach.cohorts.urls")),
    path("", include("chatdong.outreach.visits.urls")),
    path("", include("chatdong.outreach.officers.urls")),
    path("", include("chatdong.outreach.leaders.urls")),
    path("", include("chatdong.outreach.zones.urls")),
    path("", include("chatdong.outreach.progress.urls")),
]
