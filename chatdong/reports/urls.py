from django.urls import path

from . import views
from .privacy import views as privacy

app_name = "reports"
urlpatterns = [
    path("dongs/", views.dong_stats, name="dong_stats"),
    path("dongs/map.geojson", views.dong_map_data, name="dong_map_data"),
    path("access-log/", privacy.access_log, name="access_log"),
]
