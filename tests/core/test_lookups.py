"""An id no integer column can hold matches nothing, whichever way a query names it (SQLite's driver raised
OverflowError for an `in` list or a lookup through a foreign key: a 500 for `?dong=2**64` or a household URL)."""

import pytest

from chatdong.registry.models import Household, Person

HUGE = [2**63, 2**64, -(2**64), 10**30]


@pytest.mark.parametrize("huge", HUGE)
def test_an_id_past_the_column_matches_nothing(world, huge):
    assert not Person.objects.filter(household=huge).exists()
    assert not Person.objects.filter(household_id=huge).exists()
    assert not Person.objects.filter(household__dong_id=huge).exists()
    assert not Person.objects.filter(household__in=[huge]).exists()
    assert not Household.objects.filter(pk__in=[huge]).exists()


def test_the_ids_that_fit_still_match_beside_one_that_does_not(world):
    assert list(Household.objects.filter(pk__in=[2**64, world.park_household.pk])) == [world.park_household]
    assert list(Person.objects.filter(household_id__in=[world.park_household.pk, 2**64])) == [world.park]


def test_excluding_an_id_past_the_column_excludes_nothing(world):
    assert Person.objects.exclude(household_id=2**64).count() == Person.objects.count()
    assert Household.objects.exclude(pk__in=[2**64]).count() == Household.objects.count()
