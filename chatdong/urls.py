"""URL wiring: pages per app, the API under /api/v1/, Django admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from chatdong.api.router import api

admin.site.site_header = "찾동 관리"
admin.site.site_title = "찾동 관리"

urlpatterns = [
    path("", include("chatdong.web.urls")),
    path("org/", include("chatdong.org.urls")),
    path("registry/", include("chatdong.registry.urls")),
    path("access/", include("chatdong.access.urls")),
    path("reports/", include("chatdong.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
