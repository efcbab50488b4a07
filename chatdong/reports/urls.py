from django.urls import path

from . import views
from .privacy import review_views as review
from .privacy import views as privacy

app_name = "reports"
urlpatterns = [
    path("dongs/", views.dong_stats, name="dong_stats"),
    path("dongs/map.geojson", views.dong_map_data, name="dong_map_data"),
    path("access-log/", privacy.access_log, name="access_log"),
    path("access-review/", review.review_index, name="review_index"),
    path("access-review/<str:month>/", review.review_month, name="review_month"),
    path("access-review/<str:month>/check/", review.review_check, name="review_check"),
    path("access-review/<str:month>/complete/", review.review_complete, name="review_complete"),
    path("access-review/<str:month>/report/", review.review_report, name="review_report"),
]
