"""The progress page (찾아가는 복지 진도율)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core.forms import form_errors

from . import rules
from .forms import ProgressForm
from .selectors import TEAM_COLUMNS, progress, progress_scope


@login_required
@door(rules.PROGRESS)
def progress_page(request: HttpRequest) -> HttpResponse:
    """Figures only, so statistics roles see it too."""
    principal = principal_for(request.user)
    form = ProgressForm(request.GET or None)
    date_from, date_to = form.period()
    programme = form.cleaned_data.get("programme", "") if form.is_bound and form.is_valid() else ""
    figures = progress(principal, date_from, date_to, programme=programme)
    return render(
        request,
        "outreach/progress/progress.html",
        {"form": form, "figures": figures, "teams": TEAM_COLUMNS, "dong_count": progress_scope(principal).count(),
         "errors": form_errors(form) if form.is_bound else []},
    )  # fmt: skip
