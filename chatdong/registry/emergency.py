"""Break the glass (긴급 열람): asking for one household's sensitive records now, ending it, and the lists
the supervisor and the auditor read. The pages and the API log each step in the access log."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from chatdong.access import audit
from chatdong.access.models import AuditEntry
from chatdong.access.principal import Principal
from chatdong.core import notices
from chatdong.core.text import clean_text, limit
from chatdong.core.types import Actor
from chatdong.org.models import StaffMember
from chatdong.org.supervisors import supervisor_users

from . import rules
from .models import EmergencyAccess, Household

DURATION = dt.timedelta(hours=24)
REASON_MIN = 10
REASON_MAX = limit(EmergencyAccess, "reason")
NOTE_MAX = limit(EmergencyAccess, "end_note")
_AUDITED = ("household", "dong", "staff", "reason", "started_at", "expires_at")


def _staff(principal: Principal) -> StaffMember:
    assert principal.staff is not None  # the rules admit staff only
    return principal.staff


def clean_reason(reason: str) -> str:
    reason = clean_text(" ".join((reason or "").split()), "긴급 열람 사유", REASON_MAX, required=False)
    if len(reason) < REASON_MIN:
        raise ValidationError(f"긴급 열람 사유를 {REASON_MIN}자 이상 구체적으로 적어 주세요.")
    return reason


def open_grant(principal: Principal, household: Household) -> EmergencyAccess | None:
    """This person's running emergency access to the household, if any."""
    if principal.staff is None:
        return None
    return (
        EmergencyAccess.objects.filter(
            household=household, staff_id=principal.staff.pk, ended_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-started_at")
        .first()
    )


def may_ask(principal: Principal, household: Household, sensitive_allowed: bool) -> bool:
    """Whether to offer the button: staff of the dong who cannot read the sensitive records otherwise (the caller
    has decided that already, `sensitive_allowed`). Offered whether or not the household has such records."""
    return not sensitive_allowed and rules.EMERGENCY_REQUEST.allows(principal, household)


def request_access(user: Actor, principal: Principal, household: Household, reason: str) -> EmergencyAccess:
    """Grant at once for `DURATION`, audited, with the dong's supervisor told. Refused (Korean message, nothing
    written) for a short reason, for someone who can already read the records, or while one is running."""
    rules.EMERGENCY_REQUEST.require(principal, household)
    reason = clean_reason(reason)
    staff = _staff(principal)
    if open_grant(principal, household) is not None:
        raise ValidationError("이미 이 가구를 긴급 열람 중입니다.")
    if rules.SENSITIVE.allows(principal, household):
        raise ValidationError("이미 이 가구의 민감정보를 볼 수 있습니다. 긴급 열람이 필요하지 않습니다.")
    now = timezone.now()
    try:
        with transaction.atomic():
            # A grant that ran out is closed at its expiry, so the one-open-grant constraint sees only live ones.
            for expired in EmergencyAccess.objects.select_for_update().filter(
                household=household, staff=staff, ended_at__isnull=True, expires_at__lte=now
            ):
                expired.ended_at = expired.expires_at
                expired.save(update_fields=["ended_at"])
            grant = EmergencyAccess.objects.create(
                household=household,
                dong_id=household.dong_id,
                staff=staff,
                reason=reason,
                started_at=now,
                expires_at=now + DURATION,
            )
            audit.record_created(user, grant, _AUDITED, household.pk)
    except IntegrityError:
        # Two requests at once: the database lets one through.
        raise ValidationError("이미 이 가구를 긴급 열람 중입니다.") from None
    local_expiry = timezone.localtime(grant.expires_at)
    notices.send(
        supervisor_users(household.dong_id),
        "emergency_access",
        f"{staff.name}님이 {household.road_address} 가구의 민감정보를 긴급 열람합니다"
        f"({local_expiry:%m-%d %H:%M}까지). 사유: {reason}",
        url=reverse("registry:emergency_list"),
        urgent=True,
    )
    return grant


def end_access(user: Actor, principal: Principal, grant: EmergencyAccess, note: str = "") -> EmergencyAccess:
    """End a running grant early. Ending one that has already ended or run out is "already"."""
    rules.EMERGENCY_END.require(principal, grant)
    note = clean_text(" ".join((note or "").split()), "종료 메모", NOTE_MAX, required=False)
    now = timezone.now()
    with transaction.atomic():
        ended = EmergencyAccess.objects.filter(pk=grant.pk, ended_at__isnull=True, expires_at__gt=now).update(
            ended_at=now,
            ended_by=principal.staff,
            end_note=note,  # no staff record: the system administrator
        )
        if not ended:
            raise ValidationError("이미 끝난 긴급 열람입니다.")
        audit.record(
            user,
            AuditEntry.Action.UPDATE,
            grant,
            {"ended_at": [None, now.isoformat()], "end_note": ["", note]},
            grant.household_id,
        )
    grant.refresh_from_db()
    return grant


def overseen_by(principal: Principal, *, running_only: bool = False) -> QuerySet[EmergencyAccess]:
    """The grants the supervisor (their dong) or the auditor (the district) reviews, newest first."""
    grants = rules.EMERGENCY_LIST.scope(
        principal, EmergencyAccess.objects.select_related("household", "dong", "staff", "ended_by")
    )
    if running_only:
        grants = grants.filter(ended_at__isnull=True, expires_at__gt=timezone.now())
    return grants.order_by("-started_at", "-id")


def get_for_ending(principal: Principal, grant_id: int) -> EmergencyAccess:
    """A grant the person may end (404 otherwise, as if it did not exist)."""
    qs = EmergencyAccess.objects.select_related("household", "dong", "staff")
    return rules.EMERGENCY_END.fetch(principal, qs, grant_id, "emergency_access")
