"""`manage.py demo` case work: cases in every stage with a coherent history, the desk's consultations and
referrals, the conferences, and the work lists of the demo accounts.

Same pattern as test_demo.py: each class builds the demo once in `setUpTestData`, inside the class's
transaction, which rolls back at the end so the personas of tests/world.py are back for other tests.
The expected shares are seed 001's 2014 table (사례관리 42, 서비스연계 18, 미선정 18, 종결 41 of 119
households); tolerances allow for the few dozen cases of a small scale.
"""

import datetime as dt
import hashlib
import io
import itertools
from collections import Counter
from unittest import mock

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase
from django.utils import timezone

from chatdong.cases.models import (
    Case,
    CaseAgency,
    CaseEvent,
    CaseType,
    FollowUp,
    PlannedService,
    ServicePlan,
)
from chatdong.cases.services import unreachable_for_three_months
from chatdong.cases.states import CLOSURE_FAMILIES, OPEN_STAGES, Action, ClosureReason, Selection, Stage
from chatdong.consult.models import Consultation, DeskShift, Referral, SuicideRisk
from chatdong.core.dates import add_months
from chatdong.demo import casework
from chatdong.meetings.models import AgendaItem, Attendee, Meeting
from chatdong.org.models import Agency, Dong, StaffMember
from chatdong.org.roles import Role
from chatdong.registry.consents import has_valid_consent
from chatdong.registry.models import BenefitStatus, Consent, Flag, Household, PersonFlag, StaffAssignment
from chatdong.resources.catalogue import PROGRAMMES
from chatdong.resources.models import ServiceProgramme

SCALE = 0.01
SEED_2014 = {"managed": 42, "service_link": 18, "not_selected": 18, "closed": 41}  # households in the year
FOLLOW_UP_AT = {Selection.MANAGED: [6, 12], Selection.SERVICE_LINK: [6]}  # months after closure (issue 4)
OPEN_REFERRAL = [Referral.Status.REQUESTED, Referral.Status.RECEIVED, Referral.Status.IN_PROGRESS]


def build(scale: float = SCALE, seed: int = 2014) -> str:
    out = io.StringIO()
    call_command("demo", scale=scale, seed=seed, password="chatdong-demo", skip_migrate=True, force=True, stdout=out)
    return out.getvalue()


def staff(username: str) -> StaffMember:
    return StaffMember.objects.select_related("dong").get(user__username=username)


def has_role(member: StaffMember, role: str) -> bool:
    return member.roles.filter(role=role).exists()


def case_digest() -> str:
    """What a user would see of the case work, in id order: cases, consultations, referrals, meetings."""
    parts = [
        list(Case.objects.order_by("id").values_list(
            "person__name", "household__registry_no", "worker__user__username", "stage", "selection", "case_type",
            "priority", "opened_on", "next_monitoring_on", "closed_on", "closure_reason",
        )),
        list(CaseEvent.objects.order_by("case_id", "at", "id").values_list("case_id", "at", "action", "to_stage")),
        list(Consultation.objects.order_by("id").values_list("person__name", "occurred_on", "channel", "suicide_risk")),
        list(Referral.objects.order_by("id").values_list("person__name", "target", "status", "due_on")),
        list(Meeting.objects.order_by("id").values_list("dong__name", "kind", "starts_at", "status")),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class DemoCaseworkTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = build()

    def test_summary_line_counts_cases_consultations_referrals_and_meetings(self):
        line = (
            f"사례 {Case.objects.count():,}건, 상담 {Consultation.objects.count():,}건, "
            f"의뢰 {Referral.objects.count():,}건, 회의 {Meeting.objects.count():,}건"
        )
        assert line in self.output
        assert Case.objects.count() > 0 and Consultation.objects.count() > Case.objects.count()

    def test_stages_and_selections_follow_the_shares_of_seed_001(self):
        cases = list(Case.objects.values("stage", "selection"))
        assert {c["stage"] for c in cases} == set(Stage.values)
        decided = [c for c in cases if c["selection"]]
        groups = Counter(
            "closed" if c["stage"] == Stage.CLOSED
            else "not_selected" if c["selection"] == Selection.EXCLUDED
            else c["selection"]
            for c in decided
        )  # fmt: skip
        total = sum(SEED_2014.values())
        for group, households in SEED_2014.items():
            assert abs(groups[group] / len(decided) - households / total) < 0.07, (group, groups)
        # A tenth or so is still before selection (접수, 욕구조사).
        assert 0.04 < (len(cases) - len(decided)) / len(cases) < 0.2
        # Closed cases were managed or service-link ones, roughly 42:18 as the open ones.
        closed = Counter(c["selection"] for c in cases if c["stage"] == Stage.CLOSED)
        assert closed[Selection.MANAGED] > closed[Selection.SERVICE_LINK] > 0
        assert set(closed) <= {Selection.MANAGED, Selection.SERVICE_LINK}

    def test_households_on_basic_livelihood_are_preferred(self):
        households = set(Case.objects.values_list("household_id", flat=True))
        benefits = BenefitStatus.objects.filter(person__household_id__in=households)
        basic = set(
            benefits.filter(benefit_type__code="basic_livelihood").values_list("person__household_id", flat=True)
        )
        near = (
            set(
                benefits.filter(benefit_type__code__startswith="near_poor").values_list(
                    "person__household_id", flat=True
                )
            )
            - basic
        )
        general = households - basic - near
        assert len(basic) >= len(households) / 2
        assert len(basic) > len(near) and len(basic) > len(general)
        # …far more than their share of the district's households.
        district = (
            BenefitStatus.objects.filter(benefit_type__code="basic_livelihood")
            .values("person__household_id").distinct().count()
        )  # fmt: skip
        assert len(basic) / len(households) > 3 * district / Household.objects.count()

    def test_every_case_is_in_its_households_dong_worked_by_a_planner_of_that_dong(self):
        for case in Case.objects.select_related("household", "person", "worker"):
            assert case.dong_id == case.household.dong_id, case.pk
            assert case.person.household_id == case.household_id, case.pk
            assert case.worker.dong_id == case.dong_id, case.pk
            assert has_role(case.worker, Role.WELFARE_PLANNER), case.pk
            assert StaffAssignment.objects.filter(household_id=case.household_id, staff=case.worker).exists()
        open_per_household = (
            Case.objects.filter(stage__in=OPEN_STAGES).values("household").annotate(n=Count("id")).filter(n__gt=1)
        )
        assert not open_per_household.exists()

    def test_timelines_chain_from_intake_to_the_current_stage(self):
        for case in Case.objects.prefetch_related("events"):
            events = list(case.events.all())
            assert events[0].action == "open" and events[0].from_stage == "" and events[0].to_stage == Stage.INTAKE
            for before, after in itertools.pairwise(events):
                assert after.from_stage == before.to_stage, case.pk
                assert after.at >= before.at, case.pk
            assert events[-1].to_stage == case.stage, case.pk
            assert timezone.localdate(events[0].at) == case.opened_on

    def test_decisions_are_the_dong_supervisors_and_match_the_conference_agendas(self):
        for case in Case.objects.exclude(selected_by=None).select_related("selected_by", "closure_approved_by"):
            for decider in filter(None, [case.selected_by, case.closure_approved_by]):
                assert decider.dong_id == case.dong_id and has_role(decider, Role.WELFARE_SUPERVISOR), case.pk
        at_meetings = CaseEvent.objects.exclude(meeting_id=None)
        assert at_meetings.exists()
        decided = {
            (i.meeting_id, i.case_id): i for i in AgendaItem.objects.exclude(decision="").select_related("meeting")
        }
        assert {(e.meeting_id, e.case_id) for e in at_meetings} == set(decided)
        for event in at_meetings:
            item = decided[(event.meeting_id, event.case_id)]
            assert item.meeting.status == Meeting.Status.HELD
            assert item.meeting.dong_id == Case.objects.get(pk=event.case_id).dong_id
            assert item.decided_at is not None and timezone.localdate(item.decided_at) == timezone.localdate(event.at)
        selection_items = AgendaItem.objects.filter(decision=AgendaItem.Decision.SELECTION).select_related("case")
        for item in selection_items:
            assert item.decision_value == Selection(item.case.selection).label

    def test_closed_cases_have_follow_ups_per_selection_and_reasons_of_all_three_families(self):
        closed = Case.objects.filter(stage=Stage.CLOSED).prefetch_related("follow_ups")
        assert closed.exists()
        today = dt.date.today()
        for case in closed:
            expected = [add_months(case.closed_on, m) for m in FOLLOW_UP_AT[Selection(case.selection)]]
            follow_ups = list(case.follow_ups.order_by("sequence"))
            assert [f.due_on for f in follow_ups] == expected, case.pk
            for f in follow_ups:
                assert f.done_on is None or case.closed_on < f.done_on <= today
                assert bool(f.done_on) == bool(f.outcome) == bool(f.done_by_id)
            assert case.closure_approved_by_id and case.closure_requested_by_id == case.worker_id
        reasons = set(closed.values_list("closure_reason", flat=True))
        for family, (_label, members) in CLOSURE_FAMILIES.items():
            assert reasons & members, family

    def test_unreachable_closures_have_three_months_of_failed_attempts(self):
        unreachable = Case.objects.filter(closure_reason=ClosureReason.UNREACHABLE)
        assert unreachable.exists()
        for case in unreachable:
            requested = case.events.get(action=Action.REQUEST_CLOSURE).at.date()
            assert unreachable_for_three_months(case, requested), case.pk

    def test_in_service_cases_are_monitored_some_overdue(self):
        today = dt.date.today()
        serving = Case.objects.filter(stage=Stage.IN_SERVICE)
        assert not serving.filter(next_monitoring_on=None).exists()
        overdue = serving.filter(next_monitoring_on__lt=today).count()
        assert 0 < overdue < 0.3 * serving.count()
        for case in serving.filter(selection=Selection.MANAGED):
            assert case.plans.filter(approved_on__isnull=False).exists(), case.pk
        # Failed attempts are recorded besides the contacts made.
        assert serving.filter(contacts__reached=False).exists()
        assert (
            not Case.objects.exclude(stage__in=[Stage.IN_SERVICE, Stage.CLOSURE_REQUESTED])
            .exclude(next_monitoring_on=None)
            .exists()
        )

    def test_the_persona_accounts_have_living_work_lists(self):
        today = dt.date.today()
        planner = staff("wolgok2.planner")
        mine = Case.objects.filter(worker=planner)
        dong_cases = Case.objects.filter(dong=planner.dong)
        assert mine.count() > dong_cases.count() / 2  # mostly worked by the demo account
        serving = mine.filter(stage=Stage.IN_SERVICE)
        assert serving.filter(next_monitoring_on__lt=today).exists()
        assert serving.filter(next_monitoring_on__range=(today, today + dt.timedelta(days=7))).exists()
        due_this_month = FollowUp.objects.filter(
            case__worker=planner, done_on=None, due_on__year=today.year, due_on__month=today.month
        )
        assert due_this_month.exists()
        desk = Referral.objects.filter(made_by=staff("wolgok2.desk"), status__in=OPEN_REFERRAL)
        assert desk.filter(due_on__lt=today).exists() and desk.filter(due_on__gte=today).exists()
        assert dong_cases.filter(stage=Stage.CLOSURE_REQUESTED).exists()
        assert ServicePlan.objects.filter(case__dong=planner.dong, approved_on=None).exists()
        assert Case.objects.filter(worker=staff("jangwi1.planner")).exists()

    def test_agencies_take_part_only_with_consent_or_a_legal_exception(self):
        links = CaseAgency.objects.select_related("case__person", "agency")
        assert links.exists() and links.filter(legal_exception="").exists()
        for link in links:
            assert link.legal_exception or has_valid_consent(
                link.case.person, Consent.Kind.THIRD_PARTY, link.added_on, link.agency
            ), link.pk
        for case in Case.objects.exclude(lead_agency=None):
            assert case.case_type in (CaseType.SPECIALIST, CaseType.CRISIS)
            assert case.agencies.filter(agency_id=case.lead_agency_id).exists()
        assert not Case.objects.filter(case_type=CaseType.SPECIALIST, stage=Stage.IN_SERVICE, lead_agency=None).exists()

    def test_external_referrals_have_consent_or_a_supervisors_legal_exception(self):
        external = Referral.objects.filter(target=Referral.Target.EXTERNAL).select_related("person", "to_agency")
        assert external.exists()
        for referral in external:
            assert referral.to_agency_id, referral.pk
            if referral.legal_exception:
                assert has_role(referral.exception_recorded_by, Role.WELFARE_SUPERVISOR)
            else:
                assert has_valid_consent(
                    referral.person, Consent.Kind.THIRD_PARTY, referral.requested_on, referral.to_agency
                ), referral.pk
        internal = Referral.objects.filter(target=Referral.Target.INTERNAL)
        assert not internal.filter(to_staff=None, to_team=None).exists()
        assert not internal.exclude(to_agency=None).exists()

    def test_referrals_are_followed_to_their_result_and_the_resident_is_told(self):
        today = dt.date.today()
        referrals = Referral.objects.prefetch_related("events")
        statuses = Counter(r.status for r in referrals)
        assert statuses[Referral.Status.COMPLETED] > sum(statuses.values()) / 2
        assert referrals.filter(status__in=OPEN_REFERRAL, due_on__lt=today).exists()  # overdue
        completed = referrals.filter(status=Referral.Status.COMPLETED)
        assert completed.filter(resident_told_on=None).exists()
        assert completed.exclude(resident_told_on=None).count() > completed.filter(resident_told_on=None).count()
        for referral in referrals:
            assert referral.events.last().status == referral.status, referral.pk
            finished = referral.status in (Referral.Status.COMPLETED, Referral.Status.RETURNED)
            assert bool(referral.closed_on) == finished == bool(referral.result), referral.pk
            if referral.resident_told_on:
                assert referral.closed_on <= referral.resident_told_on <= today and referral.resident_told_method

    def test_consultations_are_mostly_walk_ins_and_high_suicide_risk_is_flagged_and_referred(self):
        channels = Counter(Consultation.objects.values_list("channel", flat=True))
        assert channels.most_common(1)[0][0] == Consultation.Channel.WALK_IN
        high = Consultation.objects.filter(suicide_risk=SuicideRisk.HIGH)
        assert high.exists() and Consultation.objects.filter(suicide_risk=SuicideRisk.MEDIUM).exists()
        centres = [Agency.Kind.SUICIDE_PREVENTION_CENTRE, Agency.Kind.MENTAL_HEALTH_CENTRE]
        for consultation in high:
            assert PersonFlag.objects.filter(person_id=consultation.person_id, kind=Flag.SUICIDE_RISK).exists()
            assert consultation.referrals.filter(urgent=True, to_agency__kind__in=centres).exists()
        # The walk-ins are the last three months'; older ones are only the intakes of older desk cases.
        assert not Consultation.objects.filter(
            case=None, occurred_on__lt=dt.date.today() - dt.timedelta(days=91)
        ).exists()
        linked = Consultation.objects.exclude(case=None).select_related("case")
        assert linked.exists()
        for consultation in linked:
            assert consultation.case.source == "desk" and consultation.case.person_id == consultation.person_id
            assert consultation.occurred_on == consultation.case.opened_on
        assert not Case.objects.filter(source="desk", consultations=None).exists()

    def test_each_dong_has_its_desk_roster_for_this_month(self):
        today = dt.date.today()
        first = today.replace(day=1)
        days = [first + dt.timedelta(days=i) for i in range(31)]
        working = {d for d in days if d.month == today.month and d.weekday() < 5}
        for dong in Dong.objects.all():
            shifts = DeskShift.objects.filter(dong=dong).select_related("staff")
            assert {s.day for s in shifts} == working, dong.name
            dedicated = [s for s in shifts if s.mode == DeskShift.Mode.DEDICATED]
            assert len(dedicated) > len(shifts) / 2
            for shift in dedicated:
                assert has_role(shift.staff, Role.CONSULTATION_OFFICER) and shift.staff.dong_id == dong.pk

    def test_every_dong_holds_monthly_conferences_chaired_by_its_supervisor(self):
        today = dt.date.today()
        for dong in Dong.objects.all():
            # Case conferences; the outreach's pre-case meetings with a referring agency are the care planner's,
            # the officers' monthly meetings the dong head's.
            conferences = Meeting.objects.filter(dong=dong).exclude(
                kind__in=[Meeting.Kind.PRE_CASE_MEETING, Meeting.Kind.OFFICER_REVIEW]
            )
            meetings = conferences.select_related("chair")
            regular = meetings.filter(kind=Meeting.Kind.INTERNAL_CONFERENCE, status=Meeting.Status.HELD)
            months = {timezone.localdate(m.starts_at).replace(day=1) for m in regular}
            assert regular.count() == len(months) == 6, dong.name
            assert all(m.minutes and timezone.localdate(m.starts_at) < today for m in regular)
            planned = meetings.filter(status=Meeting.Status.PLANNED)
            assert planned.count() == 1, dong.name
            assert today < timezone.localdate(planned.get().starts_at) <= today + dt.timedelta(days=14)
            for meeting in meetings:
                assert meeting.chair.dong_id == dong.pk and has_role(meeting.chair, Role.WELFARE_SUPERVISOR)
            under_way = [Stage.ASSESSMENT, Stage.PLANNING, Stage.IN_SERVICE, Stage.CLOSURE_REQUESTED]
            if Case.objects.filter(dong=dong, stage__in=under_way).exists():
                assert planned.get().agenda.exists(), dong.name
        integrated = Meeting.objects.filter(kind=Meeting.Kind.INTEGRATED_CONFERENCE)
        assert integrated.exists()
        for meeting in integrated:
            assert Attendee.objects.filter(meeting=meeting, agency__isnull=False).exclude(name="").exists()

    def test_plans_use_the_kept_programme_catalogue(self):
        assert ServiceProgramme.objects.count() == len(PROGRAMMES)
        assert PlannedService.objects.exclude(programme=None).exists()
        assert PlannedService.objects.exclude(agency=None).exists()
        for plan in ServicePlan.objects.prefetch_related("goals"):
            terms = {g.term for g in plan.goals.all()}
            assert terms == {"long", "short"}, plan.pk


class CaseworkRebuildTests(TestCase):
    def test_rebuilding_replaces_the_case_work_with_the_same_for_the_same_seed(self):
        build(scale=0.005)
        counts = (Case.objects.count(), Consultation.objects.count(), Referral.objects.count(), Meeting.objects.count())
        first = case_digest()
        programmes = ServiceProgramme.objects.count()
        build(scale=0.005)
        again = (Case.objects.count(), Consultation.objects.count(), Referral.objects.count(), Meeting.objects.count())
        assert again == counts and min(counts) > 0
        assert case_digest() == first
        assert ServiceProgramme.objects.count() == programmes == len(PROGRAMMES)
        build(scale=0.005, seed=7)
        assert case_digest() != first

    def test_even_the_smallest_scale_gives_the_persona_dongs_every_stage(self):
        build(scale=0.002)
        assert not Case.objects.filter(household__registry_no="W2-0001").exists()  # tests/world.py's are gone
        # Small scales still give the persona dongs cases of every stage their accounts work with.
        for name in casework.PERSONA_DONGS:
            stages = set(Case.objects.filter(dong__name=name).values_list("stage", flat=True))
            assert stages == set(Stage.values), name

    def test_a_failure_in_the_case_work_rolls_the_whole_build_back(self):
        build(scale=0.002)
        before = (Case.objects.count(), Consultation.objects.count(), Meeting.objects.count())
        with (
            mock.patch.object(casework.Casework, "finish", side_effect=RuntimeError("사례 생성 실패")),
            self.assertRaises(RuntimeError),
        ):
            build(scale=0.003)
        assert (Case.objects.count(), Consultation.objects.count(), Meeting.objects.count()) == before
