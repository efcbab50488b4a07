"""Benchmark: whole pages and API answers as the personas get them, on the full-scale demo (PostgreSQL).

Run from the repository root:  bash bench/run.sh pages [--skip-build] [--runs 30]  (see bench/README.md).
Each request goes through Django's test client: middleware, the page's door and its rules, the queries and the
template, as a signed-in persona (API requests with a bearer token). Prints p50/p95/max and the queries of each;
nothing here is a test and nothing in CI depends on it. Only URLs and persona names are used, so the same file
times an older checkout against the same database.
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chatdong_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatdong.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.demo_and_search import build_arguments, prepare_database, summarise  # noqa: E402
from chatdong.api.models import ApiToken  # noqa: E402
from chatdong.cases.models import Case  # noqa: E402
from chatdong.registry.models import Household  # noqa: E402

DONG = "월곡2동"


class QueryCounter:
    """Counts the queries of one request (Django resets its own query log when a request starts)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def client_of(username: str, api: bool = False) -> Client:
    user = get_user_model().objects.get(username=username)
    if api:
        _token, clear = ApiToken.issue(user, "bench")
        return Client(headers={"Authorization": f"Bearer {clear}"})
    client = Client()
    client.force_login(user)
    return client


def requests() -> list[tuple[str, str, str, bool]]:
    """(label, persona, path, api) of each request timed."""
    household = Household.objects.filter(dong__name=DONG).order_by("pk").first()
    case = Case.objects.filter(dong__name=DONG).order_by("-pk").first()
    assert household is not None and case is not None, "the demo is not built: run without --skip-build"
    planner = "wolgok2.planner"
    this_month = f"{dt.date.today():%Y-%m}"  # the month the benchmark's own views are logged in
    return [
        ("home", planner, "/", False),
        ("work list", planner, "/work/", False),
        ("work list (supervisor)", "wolgok2.supervisor", "/work/", False),
        ("household search 김 (dong)", planner, "/registry/households/?q=김", False),
        ("household search 김 (district)", "district.hope", "/registry/households/?q=김", False),
        ("household page", planner, f"/registry/households/{household.pk}/", False),
        ("case list", planner, "/cases/", False),
        ("case page", planner, f"/cases/{case.pk}/", False),
        ("consultations", planner, "/consult/", False),
        ("referrals", planner, "/consult/referrals/", False),
        ("cohort targets", planner, "/outreach/targets/", False),
        ("monitoring", planner, "/outreach/monitoring/", False),
        ("meetings", planner, "/meetings/", False),
        ("tong leader's page", "wolgok2.tongjang", "/outreach/leader/", False),
        ("dong figures (statistics)", "district.stats", "/reports/dongs/", False),
        ("emergency accesses (supervisor)", "wolgok2.supervisor", "/registry/emergency-accesses/", False),
        ("access log search (auditor)", "district.auditor", "/reports/access-log/?action=view_sensitive", False),
        ("access review, this month (auditor)", "district.auditor", f"/reports/access-review/{this_month}/", False),
        ("API households 김", planner, "/api/v1/households?q=김", True),
        ("API cases", planner, "/api/v1/cases", True),
        ("API work list", planner, "/api/v1/worklist", True),
    ]


def main() -> None:
    parser = build_arguments(__doc__)
    parser.add_argument("--runs", type=int, default=30, help="timed requests of each kind, after one to warm up")
    args = parser.parse_args()
    prepare_database(args)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[tuple[str, bool], Client] = {}
    print(f"\n  {'request':<32} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, persona, path, api in requests():
        client = clients.setdefault((persona, api), client_of(persona, api))
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{label}: {path} answered {status}")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        p50, p95, worst = summarise(times)
        print(f"  {label:<32} {counter.count:>7} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
