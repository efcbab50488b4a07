"""Benchmark of the resident-registry CSV import: a first import, the same file again, and a file with changes.

Usage (uses DATABASE_URL like the project; migrates and prepares 월곡2동 itself):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chatdong_import python bench/import_residents.py --rows 50000

Households it creates have 세대번호 "B-…" and are removed at the start of each run. Not a test: timings only.
"""

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatdong.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from chatdong.access.models import AuditEntry  # noqa: E402
from chatdong.access.principal import principal_for  # noqa: E402
from chatdong.org import services as org  # noqa: E402
from chatdong.org.models import Dong  # noqa: E402
from chatdong.org.reference import load_seongbuk  # noqa: E402
from chatdong.registry import imports  # noqa: E402
from chatdong.registry.models import Household, MoveRecord, Person  # noqa: E402

USERNAME = "bench.importer"
TONGS, BANS = 40, 10
RELATIONS = ["세대주", "배우자", "자녀", "자녀", "부모"]


def prepare() -> None:
    call_command("migrate", verbosity=0)
    load_seongbuk()
    org.build_dong_structure(Dong.objects.get(name="월곡2동"), tongs=TONGS, bans_per_tong=BANS, zones=4)
    User = get_user_model()
    if not User.objects.filter(username=USERNAME).exists():
        User.objects.create_superuser(username=USERNAME, password="bench-only-not-a-real-password")
    households = Household.objects.filter(registry_no__startswith="B-")
    MoveRecord.objects.filter(household__in=households).delete()
    Person.objects.filter(household__in=households).delete()
    AuditEntry.objects.filter(username=USERNAME).delete()
    households.delete()


def make_csv(rows: int, changed_every: int = 0) -> bytes:
    """`rows` people in households of 1-5; every `changed_every`-th person gets a new phone number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.korean for c in imports.COLUMNS])
    start = dt.date(1940, 1, 1)
    index = household = 0
    while index < rows:
        household += 1
        size = 1 + household % 5
        tong, ban = 1 + household % TONGS, 1 + household % BANS
        for member in range(size):
            if index >= rows:
                break
            born = start + dt.timedelta(days=index % 21900)  # 1940-1999
            number = f"{born:%y%m%d}-{1 + index % 2}{index:06d}"
            phone = f"010-{index % 10000:04d}-{(index * 7) % 10000:04d}"
            if changed_every and index % changed_every == 0:
                phone = f"010-9{index % 1000:03d}-0000"
            relation = RELATIONS[member] if member < len(RELATIONS) else "기타 친족"
            road, detail = f"서울특별시 성북구 화랑로 {household}", f"{household % 30 + 1}01호"
            writer.writerow([
                f"B-{household:07d}", "월곡2동", tong, ban, road, detail, relation, f"주민{index}", number, "", "",
                phone, "2020-01-02",
            ])  # fmt: skip
            index += 1
    return buffer.getvalue().encode("utf-8")


def timed(label: str, data: bytes) -> imports.ImportResult:
    user = get_user_model().objects.get(username=USERNAME)
    started = time.perf_counter()
    result = imports.import_residents(data, user=user, principal=principal_for(user))
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f}s ({result.total_rows / seconds:,.0f} rows/s)")
    for line in result.summary():
        print(f"    {line}")
    assert result.ok, result.rejected[:3]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    prepare()
    data = make_csv(args.rows)
    print(f"{connection.vendor}, {args.rows:,} rows, {len(data) / 1e6:.1f} MB")
    timed("first import (all new)", data)
    timed("same file again (no change)", data)
    timed("10% of phones changed", make_csv(args.rows, changed_every=10))


if __name__ == "__main__":
    main()
