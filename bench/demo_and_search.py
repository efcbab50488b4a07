"""Benchmark: build the demo district at full scale on PostgreSQL, then time household search and detail.

Run from the repository root:  python bench/demo_and_search.py  (see bench/README.md).
Prints tables only; nothing here is a test and nothing in CI depends on it.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
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
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

from chatdong.access.models import AuditEntry  # noqa: E402
from chatdong.access.principal import Principal, principal_for  # noqa: E402
from chatdong.core import crypto  # noqa: E402
from chatdong.demo.places import DONG_ROADS  # noqa: E402
from chatdong.registry import rules as registry_rules  # noqa: E402
from chatdong.registry import selectors  # noqa: E402
from chatdong.registry.models import (  # noqa: E402
    Consent,
    Household,
    LeaderAssignment,
    MoveRecord,
    Person,
    StaffAssignment,
)

PRINCIPALS = {"dong planner (wolgok2.planner)": "wolgok2.planner", "district (district.hope)": "district.hope"}


def queries(rng: random.Random, per_kind: int, dong_name: str | None) -> dict[str, list[str]]:
    """Search terms of each kind, drawn from the data itself (so most of them find someone)."""
    people = Person.objects.all()
    if dong_name:
        people = people.filter(household__dong__name=dong_name)
    ids = list(people.values_list("id", flat=True))
    sample = Person.objects.filter(id__in=rng.sample(ids, min(len(ids), per_kind * 3))).select_related("household")
    sample = list(sample)
    rng.shuffle(sample)
    roads = sorted({r for rs in DONG_ROADS.values() for r in rs})
    kinds: dict[str, list[str]] = defaultdict(list)
    for person in sample[:per_kind]:
        kinds["name (full)"].append(person.name)
        kinds["name (partial, 2 chars)"].append(person.name[1:3] if rng.random() < 0.5 else person.name[:2])
        kinds["birth date 1950-01-01"].append(person.birth_date.isoformat())
        kinds["birth date 500101"].append(person.birth_date.strftime("%y%m%d"))
        kinds["masked number"].append(person.masked_rrn)
        kinds["full number"].append(crypto.decrypt(person.rrn_encrypted))
        address = person.household.road_address.removeprefix("서울특별시 성북구 ")
        kinds["address (road + number)"].append(address)
    for _ in range(per_kind):
        kinds["address (road name)"].append(rng.choice(roads))
    kinds["(empty: all)"] = [""] * max(5, per_kind // 5)
    return kinds


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def search_page(principal: Principal, query: str) -> None:
    """What the household list view evaluates: the paginator's count and the first page."""
    paginator = Paginator(selectors.search_households(principal, query, None), settings.PAGE_SIZE)
    page = paginator.get_page(1)
    list(page.object_list)


def household_detail(principal: Principal, household_id: int) -> None:
    """The reads of the household detail view (registry.views.household_detail), without rendering."""
    household = registry_rules.get_household(principal, household_id)
    members = selectors.household_members(household, with_records=True)
    sensitive = registry_rules.can_see_sensitive(principal, household)
    for member in members:
        [f for f in member.flags.all() if sensitive or not f.is_sensitive]
        list(member.benefits.all())
    list(household.contacts.all())
    list(MoveRecord.objects.filter(household=household).select_related("person")[:30])
    list(AuditEntry.objects.filter(household_id=household.pk)[:30])
    list(Consent.objects.filter(person__household=household).select_related("person").prefetch_related("agencies"))
    list(StaffAssignment.objects.filter(household=household, ended_on__isnull=True).select_related("staff"))
    list(LeaderAssignment.objects.filter(household=household, ended_on__isnull=True).select_related("leader"))


def summarise(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def print_table(title: str, rows: list[tuple[str, int, float, float, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'kind':<28} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, n, p50, p95, worst in rows:
        print(f"  {kind:<28} {n:>4} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")


def build_arguments(description: str | None) -> argparse.ArgumentParser:
    """The options every benchmark here shares: the demo's scale and seed, and whether to rebuild it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--skip-build", action="store_true", help="time the queries on the data already there")
    return parser


def prepare_database(args: argparse.Namespace) -> None:
    """Migrate the PostgreSQL benchmark database and (unless --skip-build) build the demo, timing the build."""
    if connection.vendor != "postgresql":
        sys.exit("이 벤치마크는 PostgreSQL에서 실행합니다 (DATABASE_URL).")
    print(f"database: {connection.settings_dict['NAME']} on {connection.settings_dict['HOST']}")
    call_command("migrate", verbosity=0, interactive=False)
    if not args.skip_build:
        start = time.perf_counter()
        quiet = open(os.devnull, "w")  # noqa: SIM115
        call_command("demo", scale=args.scale, seed=args.seed, skip_migrate=True, force=True, stdout=quiet)
        print(f"demo build at --scale {args.scale}: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = build_arguments(__doc__)
    parser.add_argument("--per-kind", type=int, default=40, help="queries of each kind per user")
    args = parser.parse_args()
    prepare_database(args)
    print(f"households {Household.objects.count():,}, persons {Person.objects.count():,}")

    rng = random.Random(args.seed)
    users = get_user_model().objects.in_bulk(PRINCIPALS.values(), field_name="username")
    all_rows = []
    for label, username in PRINCIPALS.items():
        principal = principal_for(users[username])
        dong_name = principal.staff.dong.name if principal.staff and principal.staff.dong else None
        rows = []
        every: list[float] = []
        for kind, terms in queries(rng, args.per_kind, dong_name).items():
            search_page(principal, terms[0])  # warm the cache the way a working server is warm
            times = [timed(partial(search_page, principal, q)) for q in terms]
            every += times
            rows.append((kind, len(times), *summarise(times)))
        rows.append(("ALL", len(every), *summarise(every)))
        all_rows += every
        print_table(f"household search as {label}: paginator count + first page of {settings.PAGE_SIZE}", rows)

        visible = list(registry_rules.households_visible_to(principal).values_list("id", flat=True))
        chosen = rng.sample(visible, min(100, len(visible)))
        detail = [timed(partial(household_detail, principal, h)) for h in chosen]
        print_table(f"household detail reads as {label}", [("detail", len(detail), *summarise(detail))])
    p50, p95, worst = summarise(all_rows)
    print(
        f"\nall searches: n={len(all_rows)} p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms (aim: p95 < 100 ms)"
    )


if __name__ == "__main__":
    main()
