"""Saving a plan: bulk creates and updates of only the changed fields, the 전입·전출 history, the move-ins that wait
for confirmation (and the notices about them), one audit entry each."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.utils import timezone

from chatdong.access import audit
from chatdong.access.models import AuditEntry
from chatdong.core.models import TimeStamped
from chatdong.core.types import Actor

from .. import services
from ..models import Household, MoveRecord, PendingMoveIn, Person
from . import notify
from .planning import ADDRESS_FIELDS, PERSON_UPDATE_FIELDS, Move, Plan

MOVE_FIELDS = ("person", "household", "kind", "occurred_on", "from_address", "to_address")
MOVE_IN_FIELDS = ("person", "name", "relation", "rrn_prefix", "from_dong", "to_dong", "registry_no", "status")
BATCH = 1000


def apply(plan: Plan, user: Actor | None) -> None:
    """Write the plan in a few queries per thousand objects; the caller holds the transaction."""
    now = timezone.now()
    entries: list[AuditEntry] = []
    Household.objects.bulk_create(plan.new_households, batch_size=BATCH)
    entries += [audit.build_created(user, h, services.HOUSEHOLD_FIELDS, h.pk) for h in plan.new_households]
    entries += _update(Household, plan.changed_households, ADDRESS_FIELDS, user, now, lambda h: h.pk)

    # Households created above now have ids; re-attach so the foreign keys pick them up.
    for person in [*plan.new_persons, *(p for p, _ in plan.changed_persons)]:
        person.household = person.household
    Person.objects.bulk_create(plan.new_persons, batch_size=BATCH)
    entries += [audit.build_created(user, p, services.PERSON_FIELDS, p.household_id) for p in plan.new_persons]
    entries += _update(Person, plan.changed_persons, PERSON_UPDATE_FIELDS, user, now, lambda p: p.household_id)

    moves = _move_records(plan.moves)
    MoveRecord.objects.bulk_create(moves, batch_size=BATCH)
    entries += [audit.build_created(user, m, MOVE_FIELDS, m.household_id) for m in moves]

    requester = user if user is not None and user.is_authenticated else None
    for move_in in plan.move_ins:
        move_in.requested_by = requester  # type: ignore[assignment]
    # The partial unique index lets one pending move-in per resident: a concurrent import fails here, wholly.
    PendingMoveIn.objects.bulk_create(plan.move_ins, batch_size=BATCH)
    entries += [audit.build_created(user, m, MOVE_IN_FIELDS, None) for m in plan.move_ins]
    audit.record_many(entries)
    notify.requested(plan.move_ins)


def _update[M: TimeStamped](
    model: type[M],
    changed: list[tuple[M, dict[str, object]]],
    fields: tuple[str, ...],
    user: Actor | None,
    now: dt.datetime,
    household_id: Callable[[M], int | None],
) -> list[AuditEntry]:
    """Save changed objects; return their audit entries (the fields that changed, [before, after])."""
    entries: list[AuditEntry] = []
    by_fields: dict[tuple[str, ...], list[M]] = defaultdict(list)
    for obj, before in changed:
        obj.updated_at = now  # bulk_update skips auto_now
        changes = audit.diff(before, audit.snapshot(obj, fields))
        entries.append(audit.build(user, AuditEntry.Action.UPDATE, obj, changes, household_id(obj)))
        by_fields[tuple(sorted(changes))].append(obj)
    for names, objects in by_fields.items():
        # Only the fields that changed: bulk_update's cost grows with objects × fields (one CASE per field).
        model._default_manager.bulk_update(objects, [*names, "updated_at"], batch_size=BATCH)
    return entries


def _move_records(moves: list[Move]) -> list[MoveRecord]:
    records: list[MoveRecord] = []
    for move in moves:
        # 전출 from the old household (when there was one) and 전입 into the new one, as a pair in the history.
        sides = [(move.source, MoveRecord.Kind.MOVE_OUT)] if move.source is not None else []
        sides.append((move.target, MoveRecord.Kind.MOVE_IN))
        for household, kind in sides:
            records.append(
                MoveRecord(
                    person=move.person,
                    household=household,
                    kind=kind,
                    occurred_on=move.day,
                    from_address=move.source.full_address if move.source else "",
                    to_address=move.target.full_address,
                )
            )
    return records
