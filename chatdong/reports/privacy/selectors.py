"""Read queries for auditors: the access log and the change history."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from chatdong.access.models import AccessLog
from chatdong.registry.models import Person


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def search_access_log(criteria: dict[str, Any]) -> QuerySet[AccessLog]:
    """Who viewed whom, when, from where. A subject name matches every household where that name lives."""
    qs = AccessLog.objects.all()
    if criteria.get("username"):
        qs = qs.filter(username=criteria["username"])
    if criteria.get("action"):
        qs = qs.filter(action=criteria["action"])
    if criteria.get("household"):
        qs = qs.filter(household_id=criteria["household"])
    if criteria.get("ip_address"):
        qs = qs.filter(ip_address=criteria["ip_address"])
    if criteria.get("date_from"):
        qs = qs.filter(at__gte=_start_of(criteria["date_from"]))
    if criteria.get("date_to"):
        qs = qs.filter(at__lt=_start_of(criteria["date_to"] + dt.timedelta(days=1)))
    if criteria.get("subject"):
        persons = Person.objects.filter(name=criteria["subject"].strip())
        qs = qs.filter(
            Q(household_id__in=persons.values("household_id"))
            | Q(object_type="person", object_id__in=[str(pk) for pk in persons.values_list("pk", flat=True)[:500]])
        )
    return qs.select_related("user").order_by("-at", "-id")
