"""Only one open case per household, however many staff open one at the same moment."""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from chatdong.cases.models import Case
from chatdong.org import services as org
from chatdong.org.models import Team
from chatdong.org.roles import Role
from tests.races import at_once, fresh_world, in_thread, page_text, signed_in, sqlite_file
from tests.world import PASSWORD

ALREADY = "이 가구에는 이미 진행 중인 사례"
# Longer than Python's default SQLite busy timeout (5 s), well within the demo's (settings.SQLITE_OPTIONS).
LONG_WRITE_SECONDS = 7


def desk_officers(world, count):
    """`count` consultation officers of 월곡2동, each signed in in a browser of their own."""
    names = []
    for i in range(count):
        username = f"wolgok2.desk{i}"
        org.create_staff(
            username=username, password=PASSWORD, name=f"상담{i}", district_id=world.wolgok2.district_id,
            dong=world.wolgok2, roles=[Role.CONSULTATION_OFFICER], team_kind=Team.Kind.WELFARE_1,
        )  # fmt: skip
        names.append(username)
    return [signed_in(name) for name in names]


def test_eight_desk_officers_opening_a_case_at_once_give_one_case_and_seven_korean_already(racing_world):
    world = racing_world
    clients = desk_officers(world, 8)
    url = reverse("cases:case_intake", args=[world.kim_household.pk])
    form = {"person": world.kim.pk, "source": "desk", "case_type": "general", "source_note": "내방"}

    answers = at_once(8, lambda i: clients[i].post(url, form, follow=True))

    assert [type(a).__name__ for a in answers if isinstance(a, BaseException)] == []
    assert all(a.status_code == 200 for a in answers)
    assert Case.objects.filter(household=world.kim_household).count() == 1
    opened = [a for a in answers if "사례를 접수했습니다" in page_text(a)]
    refused = [a for a in answers if ALREADY in page_text(a)]
    assert (len(opened), len(refused)) == (1, 7)


@pytest.mark.django_db
def test_on_the_sqlite_demo_case_opens_racing_behind_a_long_write_give_one_case_and_seven_already(tmp_path):
    """The demo's SQLite, in a file as the demo has it (whatever database the suite runs on). A long write — a large
    import, the month's lists — holds the write lock for seconds while eight staff open a case for the same household:
    they queue for the lock (busy timeout) and each gets an answer, never "database is locked"."""
    database = sqlite_file(tmp_path / "demo.sqlite3")

    def build():
        call_command("migrate", verbosity=0)
        world = fresh_world()
        return world, desk_officers(world, 8)

    world, clients = in_thread(build, database)
    url = reverse("cases:case_intake", args=[world.kim_household.pk])
    form = {"person": world.kim.pk, "source": "desk", "case_type": "general", "source_note": "내방"}
    locked = threading.Event()

    def long_write():
        with transaction.atomic():  # BEGIN IMMEDIATE: the write lock, held
            locked.set()
            time.sleep(LONG_WRITE_SECONDS)

    def open_case(i):
        if i == 0:
            return long_write()
        locked.wait()
        return clients[i - 1].post(url, form, follow=True)

    answers = at_once(9, open_case, database)[1:]

    assert [repr(a) for a in answers if isinstance(a, BaseException)] == []
    texts = [page_text(a) for a in answers]
    assert sum("사례를 접수했습니다" in t for t in texts) == 1
    assert sum(ALREADY in t for t in texts) == 7
    assert in_thread(lambda: Case.objects.filter(household_id=world.kim_household.pk).count(), database) == 1
