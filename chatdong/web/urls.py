from django.contrib.auth import views as auth_views
from django.urls import path

from chatdong.access.doors import no_personal_data

from . import health, two_factor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("work/", views.work_list, name="work_list"),
    path("notices/<int:notice_id>/read/", views.notice_read, name="notice_read"),
    path("notices/read-all/", views.notices_read_all, name="notices_read_all"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/logout/", no_personal_data("로그아웃")(auth_views.LogoutView.as_view()), name="logout"),
]
