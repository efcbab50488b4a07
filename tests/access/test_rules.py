"""The building blocks of every rule: who, how far, and the three ways a rule is asked (door, record, list)."""

import pytest
from django.db.models import Q

from chatdong.access.errors import Forbidden, OutOfScope
from chatdong.access.principal import principal_for
from chatdong.access.rules import DONG_STAFF, LEADER, NOTHING, RULES, Reach, Rule, grants, in_own_dong
from chatdong.cases import rules as case_rules
from chatdong.cases.models import Case
from chatdong.registry import rules as registry_rules
from chatdong.registry.models import Household


def principal(username):
    from django.contrib.auth import get_user_model

    return principal_for(get_user_model().objects.get(username=username))


def test_a_rule_is_defined_once():
    with pytest.raises(ValueError, match="두 번"):
        Rule("registry.view", "중복", grants((DONG_STAFF, in_own_dong())), "중복")


def test_the_door_the_record_and_the_list_give_the_same_answer(world):
    planner, other = principal("wolgok2.planner"), principal("jangwi1.planner")
    kim = world.kim_household
    assert registry_rules.VIEW.admits(planner) and registry_rules.VIEW.allows(planner, kim)
    assert registry_rules.VIEW.scope(planner, Household.objects.filter(pk=kim.pk)).exists()
    assert registry_rules.VIEW.admits(other) and not registry_rules.VIEW.allows(other, kim)
    assert not registry_rules.VIEW.scope(other, Household.objects.filter(pk=kim.pk)).exists()
    with pytest.raises(OutOfScope):
        registry_rules.VIEW.fetch(other, Household.objects.all(), kim.pk, "household")


def test_whoever_no_grant_is_for_is_refused_in_korean_and_sees_nothing(world):
    stats = principal("district.stats")
    assert not registry_rules.VIEW.admits(stats)
    assert registry_rules.VIEW.q(stats) == NOTHING
    with pytest.raises(Forbidden, match="통계만"):
        registry_rules.VIEW.require_admitted(stats)
    with pytest.raises(Forbidden, match="사례를 처리할 권한이 없습니다"):
        case_rules.WORK.require(principal("wolgok2.tongjang"), Case(dong=world.wolgok2))


@pytest.fixture
def scratch_rule():
    """A rule made for one test, taken out of the registry again (the access table lists every rule)."""
    made: list[str] = []

    def make(reach: Reach) -> Rule:
        rule = Rule(f"tests.scratch{len(made)}", "시험", grants((DONG_STAFF, reach)), "시험")
        made.append(rule.key)
        return rule

    yield make
    for key in made:
        RULES.pop(key)


def test_a_reach_that_decides_one_record_refuses_to_scope_a_list(world, scratch_rule):
    rule = scratch_rule(Reach("한 건씩", lambda p, obj: True))
    planner = principal("wolgok2.planner")
    assert rule.allows(planner, world.kim_household)
    with pytest.raises(TypeError, match="cannot scope a list"):
        rule.scope(planner, Household.objects.all())


def test_reaches_combine_for_records_and_lists_alike(world):
    planner = principal("wolgok2.planner")
    own = in_own_dong()
    assigned = registry_rules.ASSIGNED_TO_LEADER
    either = own | assigned
    assert either.covers(planner, world.kim_household)
    assert isinstance(either.filter(planner), Q)
    leader = principal("wolgok2.tongjang")
    visible = Household.objects.filter(either.filter(leader))
    assert set(visible) == set(registry_rules.households_visible_to(leader))
    assert LEADER(leader) and not LEADER(planner)


def test_the_planner_specialities_come_with_the_principal(world):
    care = principal("wolgok2.plannercare")
    assert "care_crisis" in care.specialities
    assert not principal("wolgok2.planner").specialities & {"care_crisis"}
