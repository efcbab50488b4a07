"""Ids that no integer column can hold match nothing, in every query: `filter(household=2**64)`, `pk__in=[…]`.

Django already answers `pk=<huge>` on an integer field with an empty result, but not an `in` list nor a lookup
through a foreign key: there SQLite's driver raises OverflowError, a server error for any URL, query string, form
or API body naming such an id (PostgreSQL happens to compare it as a numeric). The lookups below drop a value the
column cannot hold before the query is built, so no view, form or service has to check an id's size itself.
Registered by `CoreConfig.ready`.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _column_range(field: Field, connection: Any) -> tuple[int | None, int | None]:
    """The smallest and largest value the column holds (None, None when it is no integer column)."""
    target = getattr(field, "target_field", field)  # through a foreign key: the column it points at
    try:
        return connection.ops.integer_field_range(target.get_internal_type())
    except (KeyError, AttributeError):
        return None, None


def _outside(value: object, bounds: tuple[int | None, int | None]) -> bool:
    low, high = bounds
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class _InRangeList:
    """An `in` lookup that leaves out what the column cannot hold (none left: an empty result, as for `in []`)."""

    lhs: Any
    rhs: Any

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():  # type: ignore[attr-defined]
            bounds = _column_range(self.lhs.output_field, connection)
            self.rhs = [value for value in self.rhs if not _outside(value, bounds)]
        return super().process_rhs(compiler, connection)  # type: ignore[misc]


class IntegerIn(_InRangeList, In):
    pass


class RelatedIntegerIn(_InRangeList, RelatedIn):
    pass


class RelatedIntegerExact(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value() and _outside(self.rhs, _column_range(self.lhs.output_field, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
    ForeignObject.register_lookup(RelatedIntegerExact)
