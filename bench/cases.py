"""Benchmark: the case list and the work-list ("오늘 할 일") queries on the full-scale demo (PostgreSQL).

Run from the repository root:  bash bench/run.sh cases [--skip-build]  (see bench/README.md).
Prints tables only; nothing here is a test and nothing in CI depends on it.

Until `chatdong.cases.selectors` exists, the queries timed are the equivalent scoped ones: cases visible
to the user (`cases.rules.cases_visible_to`) with person, household, dong and worker joined, evaluated
the way a list page is (the paginator's count and the first page), and each work-list item as a count
plus its first rows.
"""

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chatdong_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatdong.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.demo_and_search import build_arguments, prepare_database, summarise  # noqa: E402
from chatdong.access.principal import Principal, principal_for  # noqa: E402
from chatdong.cases.models import Case, FollowUp, Priority, ServicePlan  # noqa: E402
from chatdong.cases.selectors import CaseFilters, case_list  # noqa: E402
from chatdong.cases.states import Stage  # noqa: E402
from chatdong.consult.models import Consultation, Referral  # noqa: E402
from chatdong.meetings.models import Meeting  # noqa: E402
from chatdong.web.worklist import work_list  # noqa: E402

OPEN_REFERRAL = [Referral.Status.REQUESTED, Referral.Status.RECEIVED, Referral.Status.IN_PROGRESS]


def page(qs: QuerySet) -> None:
    """What a list page evaluates: the paginator's count and the first page."""
    list(Paginator(qs, settings.PAGE_SIZE).get_page(1).object_list)


def _listing(principal: Principal, filters: CaseFilters) -> Callable[[], None]:
    return lambda: page(case_list(principal, filters))


def first_rows(qs: QuerySet) -> None:
    """A work-list item: how many, and the first few to show."""
    qs.count()
    list(qs[:10])


def work_lists(users: dict[str, Principal]) -> dict[str, Callable[[], None]]:
    today = timezone.localdate()
    week = today + dt.timedelta(days=7)
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    planner, desk, supervisor = (users[u].staff for u in ("wolgok2.planner", "wolgok2.desk", "wolgok2.supervisor"))
    assert planner and desk and supervisor
    dong_id = supervisor.dong_id
    assert dong_id is not None
    mine = Case.objects.filter(worker=planner, stage=Stage.IN_SERVICE).select_related("person", "household")
    referrals = Referral.objects.filter(made_by=desk, status__in=OPEN_REFERRAL).select_related(
        "person", "to_agency", "to_staff", "to_team"
    )
    items: dict[str, Callable[[], QuerySet]] = {
        "planner: monitoring overdue": lambda: mine.filter(next_monitoring_on__lt=today).order_by("next_monitoring_on"),
        "planner: due this week": lambda: mine.filter(next_monitoring_on__range=(today, week)).order_by(
            "next_monitoring_on"
        ),
        "planner: follow-ups due": lambda: (
            FollowUp.objects.filter(case__worker=planner, done_on=None, due_on__lte=month_end)
            .select_related("case__person")
            .order_by("due_on")
        ),
        "desk: referrals waiting": lambda: referrals.order_by("due_on"),
        "desk: referrals overdue": lambda: referrals.filter(due_on__lt=today).order_by("due_on"),
        "supervisor: closures to approve": lambda: Case.objects.filter(
            dong_id=dong_id, stage=Stage.CLOSURE_REQUESTED
        ).select_related("person", "worker"),
        "supervisor: plans to approve": lambda: ServicePlan.objects.filter(
            case__dong_id=dong_id, case__stage=Stage.PLANNING, approved_on=None
        ).select_related("case__person", "written_by"),
        "supervisor: conferences coming": lambda: Meeting.objects.filter(
            dong_id=dong_id, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
        ).order_by("starts_at"),
    }
    return {label: _evaluate(make) for label, make in items.items()}


def _evaluate(make: Callable[[], QuerySet]) -> Callable[[], None]:
    return lambda: first_rows(make())


def measure(fn: Callable[[], None], runs: int) -> tuple[int, float, float, float, int]:
    fn()  # warm, as a working server is
    connection.queries_log.clear()  # with DEBUG on it fills up, and the capture below then counts nothing
    with CaptureQueriesContext(connection) as queries:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return (runs, *summarise(times), len(queries.captured_queries))


def print_table(title: str, rows: list[tuple[str, int, float, float, float, int]]) -> None:
    print(f"\n{title}")
    print(f"  {'query':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, n, p50, p95, worst, count in rows:
        print(f"  {label:<40} {n:>4} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {count:>8}")


def main() -> None:
    parser = build_arguments(__doc__)
    parser.add_argument("--runs", type=int, default=50, help="timed runs of each query")
    args = parser.parse_args()
    prepare_database(args)
    print(
        f"cases {Case.objects.count():,} (in service {Case.objects.filter(stage=Stage.IN_SERVICE).count():,}), "
        f"consultations {Consultation.objects.count():,}, referrals {Referral.objects.count():,}, "
        f"meetings {Meeting.objects.count():,}"
    )
    names = ("wolgok2.planner", "wolgok2.desk", "wolgok2.supervisor", "district.hope")
    users = {u.username: principal_for(u) for u in get_user_model().objects.filter(username__in=names)}
    filters = {
        "all": CaseFilters(),
        "stage = in service": CaseFilters(stage=Stage.IN_SERVICE),
        "overdue": CaseFilters(overdue=True),
        "priority = urgent": CaseFilters(priority=Priority.URGENT),
        "stage = closed": CaseFilters(stage=Stage.CLOSED),
    }
    lists = {"dong planner (wolgok2.planner)": "wolgok2.planner", "district (district.hope)": "district.hope"}
    for label, username in lists.items():
        principal = users[username]
        rows = [(name, *measure(_listing(principal, f), args.runs)) for name, f in filters.items()]
        print_table(f"case list as {label}: paginator count + first page of {settings.PAGE_SIZE}", rows)
    rows = [(name, *measure(fn, args.runs)) for name, fn in work_lists(users).items()]
    print_table("work-list items of the 월곡2동 accounts: count + first 10 rows", rows)
    today = timezone.localdate()
    rows = [
        (f"work_list({name})", *measure(partial(work_list, users[name], today), args.runs))
        for name in ("wolgok2.planner", "wolgok2.desk", "wolgok2.supervisor")
    ]
    print_table("the whole work list page (web.worklist.work_list): every section", rows)


if __name__ == "__main__":
    main()
