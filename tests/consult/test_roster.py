"""The desk roster: who sets it, who is on the desk today and this week."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.consult import selectors, services
from chatdong.consult.models import DeskShift
from chatdong.org.models import StaffMember

from .helpers import TODAY, actor

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def staff(username):  # type: ignore[no-untyped-def]
    return StaffMember.objects.get(user__username=username)


def test_the_dong_head_sets_a_dedicated_officer_and_a_rotation(world):
    user, head = actor("wolgok2.head")
    week = [MONDAY + dt.timedelta(days=n) for n in range(5)]
    services.set_roster(user, head, world.wolgok2, days=week, staff=staff("wolgok2.desk"), mode="dedicated")
    services.set_roster(user, head, world.wolgok2, days=week[::2], staff=staff("wolgok2.nurse"), mode="rotation")
    on_monday = selectors.desk_on(world.wolgok2.pk, MONDAY)
    assert [(s.staff.name, s.mode) for s in on_monday] == [("윤서연", "dedicated"), ("한지민", "rotation")]
    this_week = selectors.desk_this_week(world.wolgok2.pk, TODAY)
    assert [day for day, _ in this_week] == week
    assert [len(shifts) for _, shifts in this_week] == [2, 1, 2, 1, 2]
    assert AuditEntry.objects.filter(model="consult.deskshift").count() == 8


def test_setting_a_day_again_changes_its_mode_without_duplicating(world):
    user, supervisor = actor("wolgok2.supervisor")
    desk = staff("wolgok2.desk")
    services.set_roster(user, supervisor, world.wolgok2, days=[MONDAY], staff=desk, mode="rotation")
    services.set_roster(user, supervisor, world.wolgok2, days=[MONDAY], staff=desk, mode="dedicated")
    assert list(DeskShift.objects.filter(staff=desk).values_list("mode", flat=True)) == ["dedicated"]


def test_only_the_head_or_supervisor_of_the_dong_sets_it(world):
    for username in ("wolgok2.desk", "jangwi1.planner", "district.hope"):
        user, principal = actor(username)
        with pytest.raises(Forbidden, match="동장이나 복지수퍼바이저"):
            services.set_roster(user, principal, world.wolgok2, days=[MONDAY], staff=staff("wolgok2.desk"),
                                mode="dedicated")  # fmt: skip
    assert not DeskShift.objects.exists()


def test_staff_of_another_dong_and_bad_input_are_refused(world):
    user, head = actor("wolgok2.head")
    with pytest.raises(ValidationError) as exc:
        services.set_roster(user, head, world.wolgok2, days=[], staff=staff("jangwi1.planner"), mode="sometimes")
    text = " ".join(exc.value.messages)
    assert "하루 이상" in text and "전담·순환" in text and "소속이 아닙니다" in text
    with pytest.raises(ValidationError, match=f"{services.ROSTER_MAX_DAYS}일 이내"):
        services.set_roster(user, head, world.wolgok2, days=[MONDAY, MONDAY + dt.timedelta(days=90)],
                            staff=staff("wolgok2.desk"), mode="rotation")  # fmt: skip
    assert not DeskShift.objects.exists()


def test_a_shift_is_removed_by_the_head(world):
    user, head = actor("wolgok2.head")
    [shift] = services.set_roster(user, head, world.wolgok2, days=[MONDAY], staff=staff("wolgok2.desk"),
                                  mode="dedicated")  # fmt: skip
    services.remove_shift(user, head, shift)
    assert not DeskShift.objects.exists()
    assert AuditEntry.objects.filter(model="consult.deskshift", action="delete").exists()
