"""Benchmark: generating a month's cohort target lists for the whole district on the full-scale demo (PostgreSQL).

Run from the repository root:  bash bench/run.sh cohorts [--skip-build] [--month 2026-03]  (see bench/README.md).
Prints tables only; nothing here is a test and nothing in CI depends on it.

Times `outreach.cohorts.generate_month` (every dong × 65세 도래, 출산·양육, 빈곤위기가정) from empty for the month,
then again (idempotent: everyone already listed), and one dong's 65 list on its own; with query counts.
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.demo_and_search import build_arguments, prepare_database  # noqa: E402
from chatdong.access.models import AuditEntry  # noqa: E402
from chatdong.org.models import Dong  # noqa: E402
from chatdong.outreach.cohorts import generation  # noqa: E402
from chatdong.outreach.cohorts.models import CohortRun, Target  # noqa: E402
from chatdong.registry.models import Person  # noqa: E402


def clear(month: dt.date) -> None:
    """Remove the month's generated lists, so each timing starts from none."""
    runs = CohortRun.objects.filter(period_start=month)
    ids = [str(pk) for pk in Target.objects.filter(run__in=runs).values_list("pk", flat=True)]
    AuditEntry.objects.filter(model="outreach.target", object_id__in=ids).delete()
    Target.objects.filter(run__in=runs).delete()
    runs.delete()


def timed(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        runs = fn()
        seconds = time.perf_counter() - start
    added = sum(r.added for r in runs)
    listed = sum(r.already_listed for r in runs)
    print(f"  {label:<44} {seconds * 1000:>9.0f} ms {len(queries):>8} {added:>8,} {listed:>8,}")


def main() -> None:
    parser = build_arguments(__doc__)
    parser.add_argument("--month", default="2026-03", help="대상 월 YYYY-MM")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the whole month")
    args = parser.parse_args()
    prepare_database(args)
    month = dt.date.fromisoformat(f"{args.month}-01")
    print(f"persons {Person.objects.count():,}, dongs {Dong.objects.count()}, month {month:%Y-%m}")
    print(f"\n  {'generation':<44} {'time':>12} {'queries':>8} {'added':>8} {'listed':>8}")
    for n in range(args.runs):
        clear(month)
        timed(f"whole district, from empty (run {n + 1})", lambda: generation.generate_month(month))
    timed("whole district again (all already listed)", lambda: generation.generate_month(month))
    dong = Dong.objects.get(name="월곡2동")
    clear(month)
    timed("월곡2동, 65세 도래 only", lambda: [generation.generate(None, None, dong, "turning_65", month)])
    clear(month)


if __name__ == "__main__":
    main()
