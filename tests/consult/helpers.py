"""Shared steps of the desk tests: who acts, a consultation recorded, the crisis agencies of the district."""

import datetime as dt

from django.contrib.auth import get_user_model

from chatdong.access.principal import principal_for
from chatdong.consult import services
from chatdong.org.models import Agency
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent

TODAY = dt.date.today()
HIGH = ["thoughts", "plan"]  # a plan is critical: high whatever the score


def actor(username: str):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.get(username=username)
    return user, principal_for(user)


def consult(person, username="wolgok2.desk", **overrides):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    kwargs = {
        "channel": "walk_in",
        "summary": "월세 체납으로 내방. 실직 후 3개월째 수입 없음.",
        "needs": [("economy", "월세 3개월 체납"), ("employment", "구직")],
    }
    kwargs.update(overrides)
    return services.record_consultation(user, principal, person, **kwargs)


def suicide_centre(world) -> Agency:  # type: ignore[no-untyped-def]
    district = world.wolgok2.district
    return Agency.objects.create(
        district=district, name="성북구자살예방센터", kind=Agency.Kind.SUICIDE_PREVENTION_CENTRE
    )


def mental_health_centre(world) -> Agency:  # type: ignore[no-untyped-def]
    district = world.wolgok2.district
    return Agency.objects.create(
        district=district, name="성북구정신건강증진센터", kind=Agency.Kind.MENTAL_HEALTH_CENTRE
    )


def give_consent(person, agency, username="wolgok2.desk", **overrides):  # type: ignore[no-untyped-def]
    user, principal = actor(username)
    kwargs = {
        "kind": Consent.Kind.THIRD_PARTY,
        "scope": "복지서비스 연계를 위한 인적사항·상담내용 제공",
        "given_on": TODAY,
        "method": Consent.Method.WRITTEN,
        "agency_ids": [agency.pk],
    }
    kwargs.update(overrides)
    return record_consent(user, principal, person, **kwargs)
