"""Login and the home page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access import policy
from chatdong.registry import selectors as registry_selectors

from .forms import LockoutAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    principal = policy.principal_for(request.user)
    context: dict[str, object] = {"principal": principal}
    if principal.is_leader:
        context["assigned"] = registry_selectors.with_list_columns(policy.households_visible_to(principal))[:50]
    elif principal.sees_people:
        context["summary"] = registry_selectors.scope_summary(principal)
    return render(request, "web/home.html", context)
