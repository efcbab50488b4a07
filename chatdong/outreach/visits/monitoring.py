"""Monitoring pages' state changes: a contact with a watched household, its tier and planner, ending the
watch, and a dong's own cadence. Each checks its rule (`rules.py`) and then lets `cadence` keep the due dates."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core.types import Actor
from chatdong.org.models import Dong, StaffMember
from chatdong.registry import rules as registry_rules

from . import cadence, rules
from .models import CadenceSetting, MonitoringContact, WatchedHousehold
from .states import DEFAULT_INTERVAL_DAYS, Tier

MIN_INTERVAL_DAYS = 7
MAX_INTERVAL_DAYS = 180


def _open(watch: WatchedHousehold) -> None:
    if watch.ended_on is not None:
        raise ValidationError("모니터링이 끝난 가구입니다. 다시 관리하려면 방문상담에서 관리 등급을 정하세요.")


def record_watch_contact(
    user: Actor,
    principal: Principal,
    watch: WatchedHousehold,
    *,
    contacted_on: dt.date,
    method: str,
    note: str = "",
) -> MonitoringContact:
    """A call, a visit or another contact by dong staff; the next due date follows from it."""
    registry_rules.require_edit_household(principal, watch.household)
    rules.WATCH_CONTACT.require(principal, watch.household)
    _open(watch)
    if method not in MonitoringContact.Method.values or method == MonitoringContact.Method.LEADER_CHECK_IN:
        raise ValidationError(
            "접촉 방법(방문, 전화, 기타)을 선택하세요. 통·반장 안부확인은 안부확인 화면에서 기록합니다."
        )
    if contacted_on < watch.started_on:
        raise ValidationError("접촉일은 모니터링 시작일 이후여야 합니다.")
    contact = cadence.record_contact(
        user, watch.household, contacted_on, method, staff=principal.staff, note=note.strip()[:300]
    )
    assert contact is not None  # the watch is open, so the contact was recorded
    return contact


@transaction.atomic
def set_tier(
    user: Actor, principal: Principal, watch: WatchedHousehold, tier: str, planner: StaffMember | None = None
) -> WatchedHousehold:
    rules.WATCH_TIER.require(principal, watch)
    _open(watch)
    if planner is not None and planner.dong_id != watch.dong_id:
        raise ValidationError(f"{planner.name}은(는) 이 가구의 동 소속이 아니어서 담당자가 될 수 없습니다.")
    return cadence.change_tier(user, watch, tier, planner)


def stop_watch(
    user: Actor, principal: Principal, watch: WatchedHousehold, ended_on: dt.date, reason: str
) -> WatchedHousehold:
    rules.WATCH_END.require(principal, watch)
    if ended_on < watch.started_on or ended_on > dt.date.today():
        raise ValidationError("종료일은 모니터링 시작일부터 오늘 사이여야 합니다.")
    return cadence.end_watch(user, watch, ended_on, reason)


def cadence_table(dong_id: int) -> list[tuple[str, str, int, bool]]:
    """(tier, label, days, own setting?) for each tier, in the dong's current setting."""
    own = dict(CadenceSetting.objects.filter(dong_id=dong_id).values_list("tier", "interval_days"))
    return [(t.value, t.label, own.get(t.value) or DEFAULT_INTERVAL_DAYS[t], t.value in own) for t in Tier]


@transaction.atomic
def set_cadence(user: Actor, principal: Principal, dong: Dong, tier: str, days: int) -> int:
    """The dong's interval for a tier; the open watches of that tier get their due dates again from their
    last contact. Returns how many due dates moved."""
    rules.CADENCE.require(principal, dong.pk)
    if tier not in Tier.values:
        raise ValidationError("관리 등급을 선택하세요.")
    if not MIN_INTERVAL_DAYS <= days <= MAX_INTERVAL_DAYS:
        raise ValidationError(f"점검 주기는 {MIN_INTERVAL_DAYS}~{MAX_INTERVAL_DAYS}일이어야 합니다.")
    before = cadence.interval_days(dong.pk, tier)
    setting, _ = CadenceSetting.objects.update_or_create(dong=dong, tier=tier, defaults={"interval_days": days})
    watches = list(WatchedHousehold.objects.select_for_update().filter(dong=dong, tier=tier, ended_on__isnull=True))
    moved = []
    for watch in watches:
        due = (watch.last_contact_on or watch.started_on) + dt.timedelta(days=days)
        if due != watch.next_due_on:
            watch.next_due_on = due
            moved.append(watch)
    WatchedHousehold.objects.bulk_update(moved, ["next_due_on"])
    audit.record(user, "update", setting, {"interval_days": [before, days], "due_dates_moved": [0, len(moved)]})
    return len(moved)
