"""The auditor's monthly review pages (접속기록 점검): the months, one month's sections and items, checking an
item, completing the month, and the printable report. Every look at them is itself logged."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.core.dates import add_months, parse_month
from chatdong.core.pdf import pdf_available, render_pdf
from chatdong.reports import rules

from ..models import AccessReview
from . import review
from .review import SECTIONS, Window

MONTHS_LISTED = 12
PRINT_LIMIT = 500  # items per section in the printed report; the rest are counted


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _month(text: str) -> dt.date:
    try:
        month = parse_month(text)
        review.require_reviewable(month, timezone.localdate())
    except (ValueError, ValidationError):
        raise Http404 from None
    return month


@login_required
@door(rules.ACCESS_REVIEW)
def review_index(request: HttpRequest) -> HttpResponse:
    this_month = timezone.localdate().replace(day=1)
    months = [add_months(this_month, -n) for n in range(MONTHS_LISTED)]
    done = {r.month: r for r in AccessReview.objects.filter(month__in=months).select_related("completed_by")}
    rows = [{"month": m, "review": done.get(m), "current": m == this_month} for m in months]
    return render(request, "reports/privacy/review_index.html", {"rows": rows})


@login_required
@door(rules.ACCESS_REVIEW)
def review_month(request: HttpRequest, month: str) -> HttpResponse:
    first = _month(month)
    code = request.GET.get("section", "")
    section = SECTIONS.get(code) or next(iter(SECTIONS.values()))
    page = Paginator(section.rows(Window(first)), 50).get_page(request.GET.get("page"))
    items = review.items_with_checks(first, [section.item(row) for row in page.object_list])
    log.record(request, log.Action.VIEW, object_type="access_review", object_id=f"{first:%Y-%m}", detail=section.label)
    context = {
        "month": first,
        "sections": review.overview(first),
        "section": section,
        "page_obj": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "query_string": f"section={section.code}&",
        "items": items,
        "review": review.review_of(first),
        "can_complete": first < timezone.localdate().replace(day=1),
        "pdf": pdf_available(),
        "note_max": review.NOTE_MAX,
        "summary_max": review.SUMMARY_MAX,
    }
    return render(request, "reports/privacy/review_month.html", context)


@login_required
@require_POST
@door(rules.ACCESS_REVIEW)
def review_check(request: HttpRequest, month: str) -> HttpResponse:
    first = _month(month)
    section = request.POST.get("section", "")
    try:
        review.check(_user(request), first, section, request.POST.get("key", ""), request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "확인으로 표시했습니다.")
    url = reverse("reports:review_month", args=[f"{first:%Y-%m}"])
    page = request.POST.get("page", "")
    return redirect(f"{url}?section={section if section in SECTIONS else ''}&page={page if page.isdigit() else 1}")


@login_required
@require_POST
@door(rules.ACCESS_REVIEW)
def review_complete(request: HttpRequest, month: str) -> HttpResponse:
    first = _month(month)
    try:
        review.complete(_user(request), first, timezone.localdate(), request.POST.get("summary", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{first:%Y년 %m월} 접속기록 점검을 마쳤습니다.")
    return redirect("reports:review_month", f"{first:%Y-%m}")


@login_required
@door(rules.ACCESS_REVIEW)
def review_report(request: HttpRequest, month: str) -> HttpResponse:
    """The month's review to print or keep (PDF; without WeasyPrint, the printable page)."""
    first = _month(month)
    window = Window(first)
    sections = []
    for row in review.overview(first):
        section = row["section"]
        shown = [section.item(r) for r in section.rows(window)[:PRINT_LIMIT]]
        sections.append({**row, "rows": review.items_with_checks(first, shown), "more": row["items"] - len(shown)})
    context = {
        "month": first,
        "sections": sections,
        "review": review.review_of(first),
        "printed_at": timezone.localtime(),
        "printed_by": request.user.get_username(),
    }
    log.record(
        request, log.Action.EXPORT, object_type="access_review", object_id=f"{first:%Y-%m}", detail="점검표 출력"
    )
    if request.GET.get("format") == "html" or not pdf_available():
        return render(request, "reports/privacy/review_report.html", context)
    response = HttpResponse(render_pdf("reports/privacy/review_report.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="access-review-{first:%Y-%m}.pdf"'
    return response
