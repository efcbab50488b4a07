"""Login, the home page (figures, work-list counts, notices), the work list and marking notices read."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from chatdong.access.doors import door, no_personal_data
from chatdong.access.principal import principal_for
from chatdong.registry import contact_view
from chatdong.registry import rules as registry_rules
from chatdong.registry import selectors as registry_selectors
from chatdong.reports import rules as reports_rules
from chatdong.reports.privacy import review

from . import notices, rules, worklist
from .forms import LoginForm


@method_decorator(no_personal_data("로그인 화면"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@door(rules.HOME)
def home(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    context: dict[str, object] = {"principal": principal}
    if principal.is_leader:
        assigned = registry_selectors.with_contact_columns(registry_rules.households_visible_to(principal))
        first = assigned.order_by("tong__number", "road_address", "pk")[:50]
        context["assigned"] = contact_view.contact_rows(list(first))
    elif principal.sees_people:
        context["summary"] = registry_selectors.scope_summary(principal)
        context["work"] = worklist.work_counts(principal, timezone.localdate())
    if reports_rules.ACCESS_REVIEW.admits(principal) and not principal.is_superuser:
        context["review_due"] = review.unreviewed_month(timezone.localdate())
    context["notices"], context["unread_count"] = notices.unread(request.user)
    return render(request, "web/home.html", context)


@login_required
@door(rules.WORK_LIST)
def work_list(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    today = timezone.localdate()
    return render(request, "web/work_list.html", {"sections": worklist.work_list(principal, today), "today": today})


@login_required
@require_POST
@door(rules.NOTICES)
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notices.mark_read(request.user, notice_id)
    return redirect("home")


@login_required
@require_POST
@door(rules.NOTICES)
def notices_read_all(request: HttpRequest) -> HttpResponse:
    count = notices.mark_all_read(request.user)
    if count:
        messages.success(request, f"알림 {count}건을 읽음으로 표시했습니다.")
    return redirect("home")
