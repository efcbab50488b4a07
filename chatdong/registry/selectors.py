"""Read queries over the registry, always scoped by its rules (`rules.py`)."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Replace
from django.db.models.lookups import Exact
from django.utils import timezone

from chatdong.access.principal import Principal
from chatdong.core import crypto, rrn
from chatdong.core.db import without_jit

from . import contact_view, rules
from .models import BenefitStatus, Household, Person, PersonFlag

_DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y%m%d", "%Y/%m/%d")
_DIGITS_13 = re.compile(r"^\d{6}-?\d{7}$")
# A Korean phone number as typed: 010-1234-5678, 02-900-1234, 029001234.
_PHONE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")
# What a search by these tells is who was born when: only viewers of the full record may search so.
PERSONAL_KINDS = ("rrn", "rrn_prefix", "birth_date")
# How long the home page's headline figures (scope_summary) are kept before they are counted again.
SUMMARY_TTL = 300


def _as_date(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class SearchTerm:
    """What a search box entry means: a full or masked resident number, a birth date, a phone number, or text."""

    kind: str  # "rrn" | "rrn_prefix" | "birth_date" | "phone" | "text" | "all"
    value: str = ""
    day: dt.date | None = None


def interpret(query: str) -> SearchTerm:
    text = (query or "").strip()
    if not text:
        return SearchTerm("all")
    compact = text.replace(" ", "")
    if _DIGITS_13.match(compact):
        return SearchTerm("rrn", compact.replace("-", ""))
    prefix = rrn.masked_query_prefix(compact)
    if prefix:
        return SearchTerm("rrn_prefix", prefix)
    # Before the date formats: strptime would read "400512" as %Y%m%d, i.e. 4005-01-02.
    if re.fullmatch(r"\d{6}", compact):  # YYMMDD as people write it on forms
        return SearchTerm("rrn_prefix", compact)
    if _PHONE.match(compact):
        return SearchTerm("phone", compact.replace("-", ""))
    day = _as_date(compact) if re.fullmatch(r"\d{4}[-./]?\d{2}[-./]?\d{2}", compact) else None
    if day:
        return SearchTerm("birth_date", day=day)
    return SearchTerm("text", text)


def loggable_query(query: str) -> str:
    """The search term as the access log may keep it: a full resident number only masked."""
    term = interpret(query)
    if term.kind == "rrn":
        return f"{rrn.mask(term.value)} (주민등록번호)"
    return (query or "").strip()


def _member_filter(term: SearchTerm) -> Q | None:
    if term.kind == "rrn":
        return Q(rrn_hash=crypto.search_hash(term.value))
    if term.kind == "rrn_prefix":
        return Q(rrn_prefix__startswith=term.value)
    if term.kind == "birth_date":
        return Q(birth_date=term.day)
    if term.kind == "phone":
        return _phone_is(term.value)
    if term.kind == "text":
        return _contains("name", term.value)
    return None


def _phone_is(digits: str) -> Q:
    """The phone, hyphens or not, is `digits`."""
    return Q(Exact(Replace(F("phone"), Value("-"), Value("")), digits))


def _contains(field: str, value: str) -> Q:
    """`field` contains `value`. On PostgreSQL a two-character value is looked up as a bigram instead:
    exactly the same rows (a text contains "ab" when "ab" is one of its bigrams), but an index finds them
    (migration 0004) and the planner estimates them well, which it does not for the LIKE."""
    if len(value) == 2 and connection.vendor == "postgresql":
        return Q(HasBigram(F(field), Value(value)))
    return Q(**{f"{field}__contains": value})


class HasBigram(Func):
    """registry_bigrams(text) @> ARRAY[value]: true exactly when the text contains the two-character value."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def, override]
        column, column_params = compiler.compile(self.source_expressions[0])
        value, value_params = compiler.compile(self.source_expressions[1])
        return f"registry_bigrams({column}) @> ARRAY[{value}]::text[]", (*column_params, *value_params)


def search_refusal(principal: Principal, query: str) -> str | None:
    """Why this search is not done for this viewer (a tong leader typing a birth date or resident number), else
    None. Decided on the form of the query alone, so the answer tells nothing about who is in the registry."""
    if interpret(query).kind in PERSONAL_KINDS and not rules.sees_full_record(principal):
        return contact_view.SEARCH_REFUSED
    return None


def search_households(principal: Principal, query: str = "", dong_id: int | None = None) -> QuerySet[Household]:
    """Households matching a name, address, phone, birth date or (masked) resident number, within scope. A tong
    leader searches by name, address or phone only (`search_refusal`) and gets the contact columns."""
    qs = rules.households_visible_to(principal)
    full = rules.sees_full_record(principal)
    columns = with_list_columns if full else with_contact_columns
    if search_refusal(principal, query):
        return columns(qs.none())
    if dong_id:
        qs = qs.filter(dong_id=dong_id)
    term = interpret(query)
    member_q = _member_filter(term)
    if term.kind == "phone" and member_q is not None:
        by_member = Person.objects.filter(member_q).values("household_id")
        by_household = Household.objects.filter(member_q).values("id")
        qs = qs.filter(pk__in=by_member.union(by_household))
    elif term.kind == "text" and member_q is not None and len(term.value) == 1 and _one_dong(principal, dong_id):
        # One character: no index can find it, and the UNION below would read every name in the district (a fifth
        # of them match 김) to keep a dong's share. Within one dong, asking each of its households is ten times
        # cheaper; a LIMIT 1 subquery, because PostgreSQL would run an EXISTS as that same scan of every name.
        first_match = Person.objects.filter(member_q, household_id=OuterRef("pk")).values("pk")[:1]
        qs = qs.alias(first_match=Subquery(first_match)).filter(
            Q(first_match__isnull=False) | _contains("road_address", term.value)
        )
    elif term.kind == "text" and member_q is not None:
        # A member's name or the address. One IN over a UNION, not EXISTS(…) OR …: PostgreSQL cannot turn an
        # OR'd EXISTS into a join, guesses that half the households match, and plans the whole page for that.
        by_name = Person.objects.filter(member_q).values("household_id")
        by_address = Household.objects.filter(_contains("road_address", term.value)).values("id")
        qs = qs.filter(pk__in=by_name.union(by_address))
    elif member_q is not None:
        qs = qs.filter(Exists(Person.objects.filter(member_q, household_id=OuterRef("pk"))))
    return columns(qs).order_by("dong__code", "tong__number", "id")


def _one_dong(principal: Principal, dong_id: int | None) -> bool:
    """The search covers one dong's households at most: a dong is chosen, or the viewer's scope is their dong (or a
    tong leader's households). Only the speed of a query depends on it, never what it finds."""
    return dong_id is not None or principal.is_dong_staff or principal.is_leader


def with_list_columns(qs: QuerySet[Household]) -> QuerySet[Household]:
    """What a household row shows: head, member count, whether anyone receives a benefit."""
    today = dt.date.today()
    current = Person.objects.filter(household_id=OuterRef("pk"), moved_out_on__isnull=True, died_on__isnull=True)
    head = current.filter(relation=Person.Relation.HEAD)
    member_count = current.order_by().values("household_id").annotate(n=Count("id")).values("n")
    receiving = BenefitStatus.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), person__household_id=OuterRef("pk")
    )
    # A scalar subquery rather than EXISTS: PostgreSQL may run an EXISTS as one hashed scan of every benefit
    # (it plans for all matching households, not the page of 20); a LIMIT 1 subquery runs per shown row only.
    return (
        qs.select_related("dong", "tong", "ban")
        .alias(first_benefit=Subquery(receiving.values("id")[:1]))
        .annotate(
            head_name=Subquery(head.values("name")[:1]),
            head_birth_date=Subquery(head.values("birth_date")[:1]),
            member_count=Coalesce(Subquery(member_count, output_field=IntegerField()), 0),
            receives_benefit=ExpressionWrapper(Q(first_benefit__isnull=False), output_field=BooleanField()),
        )
    )


def with_contact_columns(qs: QuerySet[Household]) -> QuerySet[Household]:
    """What a tong leader's household row is built from (`contact_view.contact_row`): the head's name and birth date
    (turned into an age band before anything shows it), the member count; no benefit."""
    current = Person.objects.filter(household_id=OuterRef("pk"), moved_out_on__isnull=True, died_on__isnull=True)
    head = current.filter(relation=Person.Relation.HEAD)
    member_count = current.order_by().values("household_id").annotate(n=Count("id")).values("n")
    return qs.select_related("dong", "tong", "ban").annotate(
        head_name=Subquery(head.values("name")[:1]),
        head_birth_date=Subquery(head.values("birth_date")[:1]),
        member_count=Coalesce(Subquery(member_count, output_field=IntegerField()), 0),
    )


def _record_prefetches() -> tuple[Prefetch, Prefetch]:
    return (
        Prefetch("benefits", queryset=BenefitStatus.objects.select_related("benefit_type").order_by("-started_on")),
        Prefetch("flags", queryset=PersonFlag.objects.order_by("-started_on")),
    )


def household_members(household: Household, *, with_records: bool) -> list[Person]:
    """Members, current first; benefits and flags fetched in one query each when the viewer may see them."""
    qs = household.members.order_by("moved_out_on", "died_on", "id")
    if with_records:
        qs = qs.prefetch_related(*_record_prefetches())
    return list(qs)


def person_records(person: Person) -> Person:
    """Fetch a person's benefits and flags (newest first) as `household_members` does for a household."""
    prefetch_related_objects([person], *_record_prefetches())
    return person


@dataclass(frozen=True)
class ScopeSummary:
    scope_label: str
    households: int
    residents: int
    recipients: int
    living_alone: int
    counted_at: dt.datetime  # up to SUMMARY_TTL seconds ago


def scope_summary(principal: Principal) -> ScopeSummary:
    """Headline figures for the home page, over what the user may see.

    Counting a dong's residents reads the whole person table (PostgreSQL scans it rather than probe 9,000
    households' members): a few hundred ms for a dong, over a second for the district, too dear for every visit to
    the home page. The figures are the same for everyone with the same scope, so they are counted once per scope and
    kept SUMMARY_TTL seconds in Django's cache; the key is the scope's SQL itself, so two scopes never share figures."""
    today = dt.date.today()
    households = rules.households_visible_to(principal).filter(moved_out_on__isnull=True)
    sql, params = households.values("pk").query.sql_with_params()
    key = "registry.scope_summary:" + hashlib.sha256(repr((sql, params, today)).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = _count_scope(households, today)
        cache.set(key, figures, SUMMARY_TTL)
    if principal.staff and principal.staff.dong:
        label = principal.staff.dong.name
    elif principal.staff:
        label = principal.staff.district.name
    else:
        label = "전체"
    return ScopeSummary(scope_label=label, **figures)


def _count_scope(households: QuerySet[Household], today: dt.date) -> dict[str, Any]:
    """The households, then one pass over their residents: how many, how many receive a benefit, how many are
    elders living alone."""
    benefit = BenefitStatus.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today, person_id=OuterRef("pk")
    )
    alone = PersonFlag.objects.filter(kind="living_alone_elder", ended_on__isnull=True, person_id=OuterRef("pk"))
    residents = Person.objects.filter(
        household__in=households.values("pk"), moved_out_on__isnull=True, died_on__isnull=True
    )
    with without_jit():  # a third of a dong's count (80 of 300 ms) went to compiling it
        figures = residents.aggregate(
            residents=Count("pk"),
            recipients=Count("pk", filter=Q(Exists(benefit))),
            living_alone=Count("pk", filter=Q(Exists(alone))),
        )
    return {"households": households.count(), **figures, "counted_at": timezone.now()}
