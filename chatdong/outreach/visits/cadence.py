"""The monitoring cadence: which households are watched, how often, and when the next contact is due.

Callers (visits, check-ins, the watch pages) check access first; these functions keep the due dates right.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.core.types import Actor
from chatdong.core.unique import created_unless_taken
from chatdong.org.models import NeighbourhoodLeader, StaffMember
from chatdong.registry.models import Household

from .models import CadenceSetting, MonitoringContact, Visit, WatchedHousehold
from .states import DEFAULT_INTERVAL_DAYS, Tier

_WATCH_FIELDS = ["household", "tier", "planner", "programme", "started_on", "next_due_on"]


def interval_days(dong_id: int, tier: str) -> int:
    """The dong's own interval for the tier, or the default (every 2 months, monthly, twice a month)."""
    own = CadenceSetting.objects.filter(dong_id=dong_id, tier=tier).values_list("interval_days", flat=True).first()
    return own or DEFAULT_INTERVAL_DAYS[Tier(tier)]


def open_watch(household: Household) -> WatchedHousehold | None:
    return WatchedHousehold.objects.filter(household=household, ended_on__isnull=True).first()


@transaction.atomic
def watch_household(
    user: Actor,
    household: Household,
    tier: str,
    planner: StaffMember,
    started_on: dt.date,
    programme: str = "",
    visit: Visit | None = None,
) -> WatchedHousehold:
    """Start monitoring a household, or move an already watched one to the new tier and planner."""
    if tier not in Tier.values:
        raise ValidationError("관리 등급을 선택하세요.")
    watch = open_watch(household)
    if watch is not None:
        return change_tier(user, watch, tier, planner)
    created = created_unless_taken(
        WatchedHousehold,
        lambda: WatchedHousehold.objects.create(
            household=household,
            dong_id=household.dong_id,
            programme=programme,
            tier=tier,
            planner=planner,
            started_on=started_on,
            next_due_on=started_on + dt.timedelta(days=interval_days(household.dong_id, tier)),
            visit=visit,
        ),
    )
    if created is None:  # a concurrent request started watching it first: one open watch, moved to this tier
        return change_tier(
            user, WatchedHousehold.objects.get(household=household, ended_on__isnull=True), tier, planner
        )
    watch = created
    audit.record_created(user, watch, _WATCH_FIELDS, household.pk)
    return watch


@transaction.atomic
def change_tier(
    user: Actor, watch: WatchedHousehold, tier: str, planner: StaffMember | None = None
) -> WatchedHousehold:
    """A new tier counts from the last contact (or the start): the due date follows the new interval."""
    if tier not in Tier.values:
        raise ValidationError("관리 등급을 선택하세요.")
    before = audit.snapshot(watch, ["tier", "planner", "next_due_on"])
    watch.tier = tier
    if planner is not None:
        watch.planner = planner
    since = watch.last_contact_on or watch.started_on
    watch.next_due_on = since + dt.timedelta(days=interval_days(watch.dong_id, tier))
    watch.save(update_fields=["tier", "planner", "next_due_on", "updated_at"])
    changes = audit.diff(before, audit.snapshot(watch, ["tier", "planner", "next_due_on"]))
    if changes:
        audit.record(user, "update", watch, changes, watch.household_id)
    return watch


@transaction.atomic
def record_contact(
    user: Actor,
    household: Household,
    contacted_on: dt.date,
    method: str,
    staff: StaffMember | None = None,
    leader: NeighbourhoodLeader | None = None,
    note: str = "",
) -> MonitoringContact | None:
    """Any contact with a watched household moves its next due date; unwatched households are left alone.

    A contact dated before the latest one recorded is kept but does not move the due date back.
    """
    if contacted_on > dt.date.today():
        raise ValidationError("접촉일은 오늘 이후일 수 없습니다.")
    watch = WatchedHousehold.objects.select_for_update().filter(household=household, ended_on__isnull=True).first()
    if watch is None:
        return None
    contact = MonitoringContact.objects.create(
        watch=watch, contacted_on=contacted_on, method=method, staff=staff, leader=leader, note=note
    )
    audit.record_created(user, contact, ["watch", "contacted_on", "method", "staff", "leader"], household.pk)
    if watch.last_contact_on is None or contacted_on >= watch.last_contact_on:
        before = audit.snapshot(watch, ["last_contact_on", "next_due_on"])
        watch.last_contact_on = contacted_on
        watch.next_due_on = contacted_on + dt.timedelta(days=interval_days(watch.dong_id, watch.tier))
        watch.save(update_fields=["last_contact_on", "next_due_on", "updated_at"])
        audit.record(
            user,
            "update",
            watch,
            audit.diff(before, audit.snapshot(watch, ["last_contact_on", "next_due_on"])),
            household.pk,
        )
    return contact


@transaction.atomic
def end_watch(user: Actor, watch: WatchedHousehold, ended_on: dt.date, reason: str) -> WatchedHousehold:
    if watch.ended_on is not None:
        raise ValidationError("이미 모니터링이 끝난 가구입니다.")
    if not reason.strip():
        raise ValidationError("모니터링 종료 사유를 입력하세요.")
    watch.ended_on = ended_on
    watch.end_reason = reason.strip()
    watch.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        user,
        "update",
        watch,
        {"ended_on": [None, str(ended_on)], "end_reason": ["", watch.end_reason]},
        watch.household_id,
    )
    return watch
