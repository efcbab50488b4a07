"""`manage.py demo`: the Seongbuk-gu demo district matches the 2014 figures, has its accounts, rebuilds cleanly.

How these tests live with the personas of tests/world.py: the demo build replaces everything, personas
included. Each test class is a Django TestCase: `setUpTestData` builds the demo once inside the class's
transaction, every test runs in a savepoint within it, and at the end of the class the whole transaction
rolls back, so the personas are back for every other test. This holds on PostgreSQL (TRUNCATE is
transactional there) and SQLite alike, costs one build per class, and needs no rebuilding of the world.
Scales stay at 0.01 or below to keep the build to a few seconds.
"""

import datetime as dt
import hashlib
import io
from decimal import ROUND_HALF_UP, Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.http import HttpRequest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from chatdong.access.principal import principal_for
from chatdong.core import crypto, rrn
from chatdong.demo import build as demo_build
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, RoleAssignment, StaffMember, Zone
from chatdong.org.reference import read_dong_figures
from chatdong.org.roles import DONG_ROLES, PlannerSpeciality, Role
from chatdong.registry import rules as registry_rules
from chatdong.registry.benefit_types import STATS_COLUMNS
from chatdong.registry.models import EmergencyAccess, Household, LeaderAssignment, Person, PersonFlag, StaffAssignment
from chatdong.reports.models import AccessReview, ReviewCheck

SCALE = 0.01
User = get_user_model()


def rounded(count: int, scale: float) -> int:
    return int((Decimal(count) * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build(scale: float = SCALE, seed: int = 2014, password: str = "chatdong-demo") -> str:
    out = io.StringIO()
    call_command("demo", scale=scale, seed=seed, password=password, skip_migrate=True, force=True, stdout=out)
    return out.getvalue()


def digest() -> str:
    """Names, birth dates, sexes, relations and addresses of everyone, in id order."""
    rows = Person.objects.order_by("id").values_list(
        "name", "birth_date", "sex", "relation", "household__road_address", "household__address_detail",
        "household__tong__number",
    )  # fmt: skip
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class DemoDistrictTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = build()

    def test_per_dong_counts_equal_the_rounded_csv_figures(self):
        figures = {f.name: f for f in read_dong_figures()}
        assert len(figures) == Dong.objects.count() == 20
        today = dt.date.today()
        active = Q(benefits__started_on__lte=today) & (
            Q(benefits__ended_on__isnull=True) | Q(benefits__ended_on__gte=today)
        )
        for dong in Dong.objects.all():
            f = figures[dong.name]
            people = Person.objects.filter(household__dong=dong, moved_out_on=None, died_on=None)
            residents = rounded(f.population, SCALE)
            males = rounded(f.male, SCALE)
            assert Household.objects.filter(dong=dong).count() == rounded(f.households, SCALE), dong.name
            assert people.count() == residents, dong.name
            assert people.filter(sex="M").count() == males, dong.name
            # Women are the rounded residents minus the rounded men, so the two always add up.
            assert people.filter(sex="F").count() == residents - males, dong.name
            for column in STATS_COLUMNS:
                holders = people.filter(active, benefits__benefit_type__stats_column=column).distinct().count()
                assert holders == rounded(f.recipients[column], SCALE), (dong.name, column)

    def test_summary_is_printed_in_korean_with_every_account_and_the_password(self):
        assert "성북구 데모를 만들었습니다" in self.output
        assert "비밀번호는 모두 chatdong-demo" in self.output
        for username in demo_build.DEMO_ACCOUNTS:
            assert username in self.output

    def test_demo_accounts_have_their_roles_and_dongs(self):
        expected = {
            "wolgok2.planner": (Role.WELFARE_PLANNER, "월곡2동"),
            "wolgok2.nurse": (Role.VISITING_NURSE, "월곡2동"),
            "wolgok2.desk": (Role.CONSULTATION_OFFICER, "월곡2동"),
            "wolgok2.supervisor": (Role.WELFARE_SUPERVISOR, "월곡2동"),
            "wolgok2.officer": (Role.NEIGHBOURHOOD_OFFICER, "월곡2동"),
            "wolgok2.resources": (Role.RESOURCE_MANAGER, "월곡2동"),
            "jangwi1.planner": (Role.WELFARE_PLANNER, "장위1동"),
            "district.hope": (Role.HOPE_CASE_MANAGER, None),
            "district.stats": (Role.DISTRICT_STATS, None),
            "district.auditor": (Role.PRIVACY_AUDITOR, None),
        }
        for username, (role, dong_name) in expected.items():
            staff = StaffMember.objects.select_related("dong").get(user__username=username)
            assert role in set(staff.roles.values_list("role", flat=True)), username
            assert (staff.dong.name if staff.dong else None) == dong_name, username
        assert User.objects.get(username="admin").is_superuser
        tongjang = NeighbourhoodLeader.objects.select_related("dong").get(user__username="wolgok2.tongjang")
        assert tongjang.kind == NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER
        assert tongjang.dong.name == "월곡2동"
        assert tongjang.appointed_on and tongjang.term_ends_on
        stats = principal_for(User.objects.get(username="district.stats"))
        assert stats.is_aggregate_only and not stats.sees_people

    def test_accounts_log_in_with_the_printed_password(self):
        # axes' backend counts attempts per request, so authenticate() is given one (as every login view does).
        for username in ("admin", "wolgok2.planner", "wolgok2.tongjang"):
            assert Client().login(request=HttpRequest(), username=username, password="chatdong-demo"), username
        assert not Client().login(request=HttpRequest(), username="wolgok2.planner", password="wrong-password")
        # One hash is set on every demo account, so all of them take the printed password.
        hashes = set(User.objects.filter(username__in=demo_build.DEMO_ACCOUNTS).values_list("password", flat=True))
        assert len(hashes) == 1

    def test_every_dong_has_staff_in_every_dong_role_and_officers_for_its_zones(self):
        for dong in Dong.objects.all():
            roles = set(RoleAssignment.objects.filter(staff__dong=dong).values_list("role", flat=True))
            assert roles >= set(DONG_ROLES), dong.name
            specialities = set(
                RoleAssignment.objects.filter(staff__dong=dong, role=Role.WELFARE_PLANNER).values_list(
                    "speciality", flat=True
                )
            )
            assert specialities == set(PlannerSpeciality.values), dong.name
            zones = Zone.objects.filter(dong=dong).select_related("officer")
            assert 4 <= zones.count() <= 6, dong.name
            for zone in zones:
                assert zone.officer is not None and zone.officer.dong_id == dong.pk
                assert zone.tongs.exists()

    def test_resident_numbers_are_valid_unique_and_shown_masked(self):
        people = list(Person.objects.only("rrn_encrypted", "rrn_prefix", "birth_date", "sex"))
        digits = [crypto.decrypt(p.rrn_encrypted) for p in people]
        assert len(set(digits)) == len(people)
        for person, number in zip(people, digits, strict=True):
            parsed = rrn.parse(number)
            rrn.check_consistent(parsed, person.birth_date, person.sex)
            assert person.masked_rrn == rrn.mask(number)
        # On the household page a planner sees the masked number, never the full one.
        planner = User.objects.get(username="wolgok2.planner")
        person = Person.objects.filter(household__dong__name="월곡2동").first()
        assert person is not None
        number = crypto.decrypt(person.rrn_encrypted)
        client = Client()
        client.force_login(planner)
        page = client.get(reverse("registry:household_detail", args=[person.household_id])).content.decode()
        assert person.masked_rrn in page
        assert number not in page and f"{number[:6]}-{number[6:]}" not in page

    def test_elders_living_alone_are_flagged(self):
        today = dt.date.today()
        alone = Household.objects.annotate(n=Count("members")).filter(n=1)
        elders_alone = {p.pk for p in Person.objects.filter(household__in=alone) if age_on(p.birth_date, today) >= 65}
        flagged = set(
            PersonFlag.objects.filter(kind="living_alone_elder", ended_on=None).values_list("person_id", flat=True)
        )
        assert elders_alone
        assert flagged == elders_alone

    def test_some_people_turn_65_within_the_next_twelve_months_and_some_are_newborn(self):
        today = dt.date.today()
        total = Person.objects.count()
        turning = sum(
            1
            for birth in Person.objects.values_list("birth_date", flat=True)
            if age_on(birth, today) == 64  # so their 65th birthday falls within the coming year
        )
        assert 0.005 * total <= turning <= 0.03 * total
        newborns = Person.objects.filter(birth_date__gt=today - dt.timedelta(days=365)).count()
        assert 0 < newborns < 0.03 * total

    def test_welfare_tong_leader_sees_only_assigned_households(self):
        user = User.objects.get(username="wolgok2.tongjang")
        principal = principal_for(user)
        visible = set(registry_rules.households_visible_to(principal).values_list("pk", flat=True))
        assigned = set(LeaderAssignment.objects.filter(leader=principal.leader).values_list("household_id", flat=True))
        assert visible and visible == assigned
        assert len(visible) < Household.objects.filter(dong__name="월곡2동").count()
        other = Household.objects.filter(dong__name="월곡2동").exclude(pk__in=visible).first()
        assert other is not None
        client = Client()
        client.force_login(user)
        assert client.get(reverse("registry:household_detail", args=[other.pk])).status_code == 404

    def test_agencies_of_every_kind_with_contacts(self):
        assert set(Agency.objects.values_list("kind", flat=True)) == set(Agency.Kind.values)
        assert not Agency.objects.filter(contacts=None).exists()

    def test_sensitive_records_are_rare_and_assigned_to_planners(self):
        sensitive = PersonFlag.objects.filter(
            kind__in=["elder_abuse", "child_abuse", "domestic_violence", "suicide_risk"]
        )
        assert 0 < sensitive.count() < 0.01 * Person.objects.count()
        for flag in sensitive.select_related("person"):
            assert StaffAssignment.objects.filter(household_id=flag.person.household_id).exists()
        assert StaffAssignment.objects.filter(staff__user__username="wolgok2.planner").exists()


class RebuildTests(TestCase):
    def test_rebuilding_replaces_the_previous_demo(self):
        build(scale=0.005)
        first = (Household.objects.count(), Person.objects.count(), User.objects.count(), StaffMember.objects.count())
        first_digest = digest()
        build(scale=0.005)
        again = (Household.objects.count(), Person.objects.count(), User.objects.count(), StaffMember.objects.count())
        assert again == first
        assert not User.objects.values("username").annotate(n=Count("id")).filter(n__gt=1).exists()
        # Same seed and scale: the same people again.
        assert digest() == first_digest
        build(scale=0.005, seed=7)
        assert digest() != first_digest

    def test_rebuilding_after_an_emergency_access_and_an_access_review(self):
        build(scale=0.002)
        auditor = User.objects.get(username="district.auditor")
        review = AccessReview.objects.create(month=dt.date(2026, 11, 1), completed_by=auditor)
        ReviewCheck.objects.create(review=review, section="export", key="export:1", note="확인", checked_by=auditor)
        nurse = StaffMember.objects.get(user__username="wolgok2.nurse")
        now = timezone.now()
        EmergencyAccess.objects.create(
            household=Household.objects.filter(dong=nurse.dong).first(), dong=nurse.dong, staff=nurse,
            reason="새벽 신고로 긴급 방문합니다", started_at=now, expires_at=now + dt.timedelta(hours=24),
        )  # fmt: skip
        build(scale=0.002)  # the demo's users and households go, with what pointed at them
        assert not EmergencyAccess.objects.exists() and not AccessReview.objects.exists()

    def test_superusers_made_by_hand_are_kept(self):
        User.objects.create_superuser(username="district.admin", password=None)
        User.objects.create_user(username="someone.else", password=None)
        build(scale=0.002)
        assert User.objects.filter(username="district.admin", is_superuser=True).exists()
        assert not User.objects.filter(username="someone.else").exists()

    def test_the_personas_of_other_tests_are_replaced_by_the_demo(self):
        assert Household.objects.filter(registry_no="W2-0001").exists()  # tests/world.py
        build(scale=0.002)
        assert not Household.objects.filter(registry_no="W2-0001").exists()

    def test_bad_scale_is_refused_in_korean_and_changes_nothing(self):
        before = (Household.objects.count(), User.objects.count())
        with self.assertRaisesMessage(CommandError, "--scale은"):
            build(scale=0)
        assert (Household.objects.count(), User.objects.count()) == before

    def test_outside_debug_the_demo_refuses_to_erase_the_database_without_force(self):
        before = (Household.objects.count(), User.objects.count())
        with self.assertRaisesMessage(CommandError, "운영 설정(CHATDONG_DEBUG가 1이 아님)에서는 데모를"):
            call_command("demo", scale=0.002, skip_migrate=True, stdout=io.StringIO())
        assert (Household.objects.count(), User.objects.count()) == before
        assert Household.objects.filter(registry_no="W2-0001").exists()

    def test_a_failed_build_leaves_the_previous_data_intact(self):
        before = (Household.objects.count(), Person.objects.count(), User.objects.count())
        # Fails after the old demo was cleared and the new organisation written: all of it must roll back.
        with (
            mock.patch.object(demo_build, "build_agencies", side_effect=RuntimeError("기관 생성 실패")),
            self.assertRaises(RuntimeError),
        ):
            build(scale=0.002)
        assert (Household.objects.count(), Person.objects.count(), User.objects.count()) == before
        assert Household.objects.filter(registry_no="W2-0001").exists()
