"""Consent: recording and withdrawing it, and checking it before a visit or a share."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from chatdong.access import audit
from chatdong.access.principal import Principal
from chatdong.core.types import Actor
from chatdong.org.models import Agency

from . import rules
from .models import Consent, Person

CONSENT_FIELDS = ("person", "kind", "scope", "given_on", "expires_on", "method")


@transaction.atomic
def record_consent(
    user: Actor,
    principal: Principal,
    person: Person,
    *,
    kind: str,
    scope: str,
    given_on: dt.date,
    method: str,
    expires_on: dt.date | None = None,
    agency_ids: list[int] | None = None,
) -> Consent:
    rules.require_edit_household(principal, person.household)
    errors = []
    if kind not in Consent.Kind.values:
        errors.append("동의 종류가 올바르지 않습니다.")
    if method not in Consent.Method.values:
        errors.append("동의 방법이 올바르지 않습니다.")
    if not scope.strip():
        errors.append("동의 범위(목적·항목·제공받는 자)를 입력하세요.")
    if given_on > dt.date.today():
        errors.append("동의일은 오늘 이후일 수 없습니다.")
    if expires_on and expires_on < given_on:
        errors.append("만료일은 동의일 이후여야 합니다.")
    agencies = list(Agency.objects.filter(pk__in=agency_ids or []))
    if kind == Consent.Kind.THIRD_PARTY and not agencies:
        errors.append("제3자 제공 동의에는 제공받는 기관을 한 곳 이상 선택하세요.")
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        kind=kind,
        scope=scope.strip(),
        given_on=given_on,
        expires_on=expires_on,
        method=method,
        recorded_by=principal.staff,
    )
    consent.agencies.set(agencies)
    changes = {k: [None, v] for k, v in audit.snapshot(consent, CONSENT_FIELDS).items()}
    changes["agencies"] = [None, [a.name for a in agencies]]
    audit.record(user, "create", consent, changes, person.household_id)
    return consent


@transaction.atomic
def withdraw_consent(user: Actor, principal: Principal, consent: Consent, withdrawn_on: dt.date) -> Consent:
    rules.require_edit_household(principal, consent.person.household)
    if consent.withdrawn_on:
        raise ValidationError("이미 철회된 동의입니다.")
    if withdrawn_on < consent.given_on:
        raise ValidationError("철회일은 동의일 이후여야 합니다.")
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit.record(
        user, "update", consent, {"withdrawn_on": [None, withdrawn_on.isoformat()]}, consent.person.household_id
    )
    return consent


def has_valid_consent(person: Person, kind: str, day: dt.date, agency: Agency | None = None) -> bool:
    """Whether a consent of this kind covers the day (and, for third-party provision, the agency)."""
    candidates = Consent.objects.filter(person=person, kind=kind, given_on__lte=day).prefetch_related("agencies")
    for consent in candidates:
        if not consent.is_valid_on(day):
            continue
        if agency is None or any(a.pk == agency.pk for a in consent.agencies.all()):
            return True
    return False
