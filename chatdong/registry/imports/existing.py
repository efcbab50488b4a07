"""What the database already holds for the file's rows: households by 세대번호, persons by number, current 세대주,
and the numbers whose move-in already waits for confirmation."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..models import Household, PendingMoveIn, Person
from .reading import Row

# Rows per `__in` lookup: under SQLite's bound-parameter limit and small enough for PostgreSQL's planner.
LOOKUP_CHUNK = 900


@dataclass
class Existing:
    households: dict[str, Household]
    persons: dict[str, Person]
    # Current 세대주 of each existing household: household id → their hashes ("" when registered without a number).
    heads: dict[int, list[str]]
    # Hashes of residents whose move-in already waits for a supervisor (`PendingMoveIn`): not queued twice.
    pending: set[str]


def _chunks[T](items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


def load_existing(rows: list[Row]) -> Existing:
    """Everything the checks and the plan compare the rows with, in a few queries per 900 rows."""
    numbers = sorted({r.registry_no for r in rows if r.registry_no})
    hashes = sorted({r.rrn_hash for r in rows if r.rrn_hash})
    households: dict[str, Household] = {}
    for chunk in _chunks(numbers):
        # The dong is needed for the scope check, its GeoJSON boundary is not (and would come once per household).
        found = Household.objects.filter(registry_no__in=chunk).select_related("dong").defer("dong__boundary")
        for household in found:
            households[household.registry_no or ""] = household
    persons: dict[str, Person] = {}
    for hash_chunk in _chunks(hashes):
        for person in Person.objects.filter(rrn_hash__in=hash_chunk).select_related("household"):
            persons[person.rrn_hash or ""] = person
    heads: dict[int, list[str]] = defaultdict(list)
    household_ids = sorted(h.pk for h in households.values())
    for id_chunk in _chunks(household_ids):
        current_heads = Person.objects.filter(
            household_id__in=id_chunk, relation=Person.Relation.HEAD, moved_out_on__isnull=True, died_on__isnull=True
        ).values_list("household_id", "rrn_hash")
        for household_id, digest in current_heads:
            heads[household_id].append(digest or "")
    pending: set[str] = set()
    for hash_chunk in _chunks(hashes):
        waiting = PendingMoveIn.objects.filter(rrn_hash__in=hash_chunk, status=PendingMoveIn.Status.PENDING)
        pending.update(waiting.values_list("rrn_hash", flat=True))
    return Existing(households, persons, heads, pending)
