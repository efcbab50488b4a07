"""`core.unique`: a duplicate refused by a unique constraint becomes the Korean "이미 …"; nothing else does. And
`core.migration_checks`: a constraint's migration stops, naming the rows, on data that already breaks it."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Q

from chatdong.core.migration_checks import refuse_duplicates
from chatdong.core.unique import created_unless_taken, only_one
from chatdong.org.models import Dong
from chatdong.registry.models import Household
from tests.cases.helpers import add_cases


def a_second(dong: Dong, **fields) -> Dong:
    values = {"district_id": dong.district_id, "code": dong.code, "name": "복제동", **fields}
    return Dong.objects.create(**values)


def test_a_duplicate_is_the_korean_already_and_the_callers_transaction_goes_on(world):
    message = lambda: f"{world.wolgok2.name}은(는) 이미 있습니다."  # noqa: E731
    with transaction.atomic():
        with pytest.raises(ValidationError) as refused, only_one(Dong, message):
            a_second(world.wolgok2)
        assert refused.value.messages == ["월곡2동은(는) 이미 있습니다."]
        # The savepoint was rolled back, not the caller's transaction: it still reads and writes.
        assert not Dong.objects.filter(name="복제동").exists()


def test_other_integrity_errors_stay_errors(world):
    with pytest.raises(IntegrityError), only_one(Dong, "이미 있습니다."):
        a_second(world.wolgok2, code=None)  # NOT NULL, not a duplicate
    with pytest.raises(IntegrityError), only_one(Household, "이미 있습니다."):
        a_second(world.wolgok2)  # a duplicate of another table than the one the rule is about


def test_created_unless_taken_gives_none_for_a_duplicate(world):
    assert created_unless_taken(Dong, lambda: a_second(world.wolgok2)) is None
    made = created_unless_taken(Dong, lambda: a_second(world.wolgok2, code="9999999999"))
    assert made is not None and made.pk


def test_a_constraints_migration_stops_on_rows_that_break_it_and_names_them(world):
    _first, second = add_cases(world.wolgok2, 2)
    editor = SimpleNamespace(connection=SimpleNamespace(alias=DEFAULT_DB_ALIAS))
    check = refuse_duplicates("cases", "Case", ["dong"], Q(stage="intake"), "one open case per dong").code

    with pytest.raises(RuntimeError, match=rf"one open case per dong.*dong={world.wolgok2.pk}"):
        check(apps, editor)
    second.stage = "closed"
    second.save()
    check(apps, editor)  # one left: nothing to say
