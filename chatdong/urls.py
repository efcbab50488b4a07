"""URL wiring: pages per app, the API under /api/v1/, Django admin under /admin/."""

from django.contrib import admin
from django.urls import include, path, re_path

from chatdong.api.errors import not_found_view
from chatdong.api.router import api

admin.site.site_header = "찾동 관리"
admin.site.site_title = "찾동 관리"

urlpatterns = [
    path("", include("chatdong.web.urls")),
    path("access/", include("chatdong.access.urls")),
    path("registry/", include("chatdong.registry.urls")),
    path("reports/", include("chatdong.reports.urls")),
    path("resources/", include("chatdong.resources.urls")),
    path("consult/", include("chatdong.consult.urls")),
    path("cases/", include("chatdong.cases.urls")),
    path("meetings/", include("chatdong.meetings.urls")),
    path("outreach/", include("chatdong.outreach.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found_view),  # unknown API paths answer JSON too
    path("admin/", admin.site.urls),
]

# Korean error pages (JSON under /api/): 400 and 413 for a request that cannot be read, 500.
handler400 = "chatdong.web.errors.bad_request"
handler500 = "chatdong.web.errors.server_error"
