"""The audit trail: every change to personal data records who, when and what changed."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from chatdong.core import rrn
from chatdong.core.types import Actor

from .models import AuditEntry

# Fields whose values never enter the trail in clear.
_SECRET_FIELDS = {"rrn_encrypted", "rrn_hash"}


def _display(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    values = {}
    for name in fields:
        if name in _SECRET_FIELDS:
            continue
        field = obj._meta.get_field(name)
        values[name] = _display(getattr(obj, getattr(field, "attname", name)))
    return values


def _masked(value: Any) -> Any:
    """Values as the trail keeps them: a resident number typed into any text (a note, an address) masked."""
    if isinstance(value, str):
        return rrn.mask_in_text(value)
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def build(
    user: Actor | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any],
    household_id: int | None = None,
) -> AuditEntry:
    """An unsaved entry: batch writers (imports) collect them and save with `record_many`."""
    return AuditEntry(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None else "system",
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        household_id=household_id,
        changes=_masked(changes),
    )


def build_created(user: Actor | None, obj: models.Model, fields: Iterable[str], household_id: int | None) -> AuditEntry:
    changes = {k: [None, v] for k, v in snapshot(obj, fields).items()}
    return build(user, AuditEntry.Action.CREATE, obj, changes, household_id)


def record(
    user: Actor | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any],
    household_id: int | None = None,
) -> AuditEntry:
    entry = build(user, action, obj, changes, household_id)
    entry.save()
    return entry


def record_created(user: Actor | None, obj: models.Model, fields: Iterable[str], household_id: int | None) -> None:
    build_created(user, obj, fields, household_id).save()


def record_many(entries: list[AuditEntry]) -> None:
    """Save entries built with `build`/`build_created` in a few queries rather than one per change."""
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
