"""A welfare tong leader's two-year term ends the day before the appointment's anniversary; one appointed on
29 February serves until 28 February (the demo appoints leaders on random days, that one included)."""

import datetime as dt

from chatdong.org import services as org
from chatdong.org.models import NeighbourhoodLeader, Tong


def test_the_term_ends_the_day_before_the_anniversary_and_29_february_on_28_february():
    assert org.term_end(dt.date(2025, 3, 1), 2) == dt.date(2027, 2, 28)
    assert org.term_end(dt.date(2022, 3, 1), 2) == dt.date(2024, 2, 29)
    assert org.term_end(dt.date(2024, 12, 31), 2) == dt.date(2026, 12, 30)
    assert org.term_end(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert org.term_end(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 28)


def test_a_welfare_tong_leader_appointed_on_29_february_is_created_with_the_term(world):
    tong = Tong.objects.filter(dong=world.wolgok2).order_by("number").last()
    leader = org.create_leader(
        name="윤통장", kind=NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER, tong=tong, appointed_on=dt.date(2024, 2, 29)
    )
    assert leader.term_ends_on == dt.date(2026, 2, 28)
