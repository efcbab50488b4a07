"""전입 확인: the receiving dong's supervisor approves a waiting move-in — applied exactly as the import would have
(`planning.plan_person`, `writing.apply`: the household registered if new, the 전출·전입 pair, audit entries) —
or rejects it with a reason. Either way the dong the resident leaves and the importer are told (`notify`).

Only one decision per move-in: the pending → decided update is conditional, so of two supervisors deciding at
once one wins and the other is told it was already decided (and nothing of theirs is saved).
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.models import AuditEntry
from chatdong.access.principal import Principal
from chatdong.core import crypto, rrn
from chatdong.core.text import limit, too_long

from .. import rules
from ..models import PendingMoveIn, Person
from . import notify
from .existing import load_existing
from .planning import Plan, new_household, plan_person
from .reading import Row
from .writing import apply

NOTE_MAX = limit(PendingMoveIn, "note")
ALREADY_DECIDED = "이미 처리된 전입 확인입니다(다른 직원이 먼저 승인하거나 반려했습니다). 목록을 새로 고치세요."


def pending_for(principal: Principal) -> QuerySet[PendingMoveIn]:
    """The move-ins waiting for this person's decision, oldest first, with what the list shows (no per-row query)."""
    waiting = PendingMoveIn.objects.filter(status=PendingMoveIn.Status.PENDING)
    return (
        rules.MOVE_IN.scope(principal, waiting)
        .select_related("to_dong", "from_dong", "tong", "ban", "requested_by", "person")
        .defer("to_dong__boundary", "from_dong__boundary")
        .order_by("requested_at", "pk")
    )


def get_move_in(principal: Principal, move_in_id: int) -> PendingMoveIn:
    """A move-in into the person's dong (any status); out of scope is "not found" like a missing one."""
    qs = PendingMoveIn.objects.select_related("to_dong", "requested_by").defer("to_dong__boundary")
    return rules.MOVE_IN.fetch(principal, qs, move_in_id, "move_in")


def _claim(move_in: PendingMoveIn, user: AbstractBaseUser, status: str, note: str) -> None:
    """Mark the move-in decided if it still waits; otherwise refuse (someone else decided first)."""
    now = timezone.now()
    claimed = PendingMoveIn.objects.filter(pk=move_in.pk, status=PendingMoveIn.Status.PENDING).update(
        status=status, decided_by=user, decided_at=now, note=note
    )
    if not claimed:
        raise ValidationError(ALREADY_DECIDED)
    move_in.status, move_in.decided_by, move_in.decided_at, move_in.note = status, user, now, note  # type: ignore[assignment]
    audit.record(user, AuditEntry.Action.UPDATE, move_in, {"status": [PendingMoveIn.Status.PENDING, status]})


def _row(move_in: PendingMoveIn) -> Row:
    """The imported row again, as `planning` reads it (checked when it was imported)."""
    number = rrn.parse(crypto.decrypt(move_in.rrn_encrypted))
    return Row(
        line=0,
        cells=[],
        values={},
        registry_no=move_in.registry_no,
        dong=move_in.to_dong,
        tong=move_in.tong,
        ban=move_in.ban,
        road_address=move_in.road_address,
        address_detail=move_in.address_detail,
        relation=move_in.relation,
        name=move_in.name,
        number=number,
        rrn_hash=move_in.rrn_hash,
        sex=number.sex,
        birth_date=number.birth_date,
        phone=move_in.phone,
        moved_in_on=move_in.moved_in_on,
    )


def _plan(move_in: PendingMoveIn, today: dt.date) -> tuple[Plan, int | None]:
    """What approving writes, checked against the registry as it is now; and the dong the resident leaves."""
    row = _row(move_in)
    existing = load_existing([row])
    household = existing.households.get(row.registry_no)
    person = existing.persons.get(row.rrn_hash)
    if household is not None and household.dong_id != move_in.to_dong_id:
        raise ValidationError(
            f"세대번호 {row.registry_no}은(는) 그사이 다른 동의 가구로 등록되었습니다. "
            "반려한 뒤 파일을 고쳐 다시 가져오세요."
        )
    if person is not None and person.died_on is not None:
        raise ValidationError("사망으로 기록된 주민입니다. 주민등록 자료와 기록을 확인하고 반려하세요.")
    heads = existing.heads.get(household.pk, []) if household is not None else []
    if row.relation == Person.Relation.HEAD and any(digest != row.rrn_hash for digest in heads):
        raise ValidationError(
            f"세대번호 {row.registry_no}에는 이미 세대주가 있어 세대주가 두 명이 됩니다. "
            "반려한 뒤 기존 세대주의 관계를 함께 고친 파일을 가져오세요."
        )
    left_dong_id = person.household.dong_id if person is not None else None  # before the plan moves them
    changes = Plan()
    if household is None:
        household = new_household(row.registry_no, row)
        changes.new_households.append(household)
    plan_person(changes, row, household, person, today)
    return changes, left_dong_id


def approve(
    user: AbstractBaseUser, principal: Principal, move_in_id: int, today: dt.date | None = None
) -> PendingMoveIn:
    """Apply the waiting row; ValidationError (Korean) when it was decided already or no longer fits."""
    try:
        with transaction.atomic():
            move_in = get_move_in(principal, move_in_id)
            _claim(move_in, user, PendingMoveIn.Status.APPROVED, "")
            changes, left_dong_id = _plan(move_in, today or dt.date.today())
            apply(changes, user)
            notify.decided(move_in, left_dong_id)
    except IntegrityError:
        raise ValidationError(
            "같은 세대번호나 주민등록번호를 다른 작업이 동시에 등록해 반영하지 못했습니다. 잠시 후 다시 승인하세요."
        ) from None
    return move_in


def reject(user: AbstractBaseUser, principal: Principal, move_in_id: int, note: str) -> PendingMoveIn:
    """Close the request without changing the registry; the reason goes to the importer."""
    move_in = get_move_in(principal, move_in_id)  # out of scope: not found, whatever the note
    note = note.strip()
    if not note:
        raise ValidationError("반려 사유를 입력하세요(가져온 직원에게 전달됩니다).")
    if len(note) > NOTE_MAX:
        raise ValidationError(too_long("반려 사유", NOTE_MAX, len(note)))
    with transaction.atomic():
        _claim(move_in, user, PendingMoveIn.Status.REJECTED, note)
        left_dong_id = move_in.from_dong_id
        if move_in.person_id is not None:  # where they are registered now
            where = Person.objects.filter(pk=move_in.person_id).values_list("household__dong_id", flat=True)
            left_dong_id = where.first()
        notify.decided(move_in, left_dong_id)
    return move_in
