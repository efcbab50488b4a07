"""`manage.py demo` outreach: the four programmes' lists with consents, appointments and visits in seed 002's
proportions, monitored households with their due dates, officers' zone walks, findings and weekly reports, tong
leaders' check-ins, and the persona accounts' pages and work lists filled.

Same pattern as test_demo.py: each class builds the demo once in `setUpTestData`, inside the class's
transaction, which rolls back at the end so the personas of tests/world.py are back for other tests.
"""

import datetime as dt
import hashlib

from django.db.models import Count, Max
from django.test import TestCase

from chatdong.demo import outreach as demo_outreach
from chatdong.meetings.models import AgendaItem, Meeting
from chatdong.org.models import Agency, Zone
from chatdong.outreach.cohorts.models import CohortRun, Target
from chatdong.outreach.cohorts.programmes import Programme, Source
from chatdong.outreach.cohorts.states import TargetStatus
from chatdong.outreach.leaders.models import CheckIn
from chatdong.outreach.officers.models import ActivityPhoto, Finding, KeyPlace, OfficerActivity, WeeklyReport
from chatdong.outreach.officers.states import FindingKind, FindingStatus
from chatdong.outreach.visits.cadence import interval_days
from chatdong.outreach.visits.models import CadenceSetting, MonitoringContact, Screening, Visit, WatchedHousehold
from chatdong.outreach.visits.states import Tier
from chatdong.registry.models import Consent, LeaderAssignment

from .test_casework import build, staff

SCALE = 0.01
TS = TargetStatus
WITH_CONSENT = (TS.CONSENTED, TS.SCHEDULED, TS.VISITED)


def progress(programme: str) -> float:
    targets = Target.objects.filter(programme=programme)
    return targets.filter(status=TS.VISITED).count() / targets.count()


def outreach_digest() -> str:
    """What a user would see of the outreach, in id order (names, not ids: SQLite does not restart them)."""
    tables = [
        (Target, ("programme", "period_start", "person__name", "status", "contacted_on", "appointment_at",
                  "planner__user__username")),
        (Visit, ("person__name", "visited_on", "team", "outcome", "classification")),
        (WatchedHousehold, ("household__registry_no", "tier", "next_due_on", "ended_on")),
        (OfficerActivity, ("officer__user__username", "occurred_on", "places")),
        (Finding, ("kind", "status", "routed_to__user__username", "target__person__name")),
        (CheckIn, ("leader__name", "household__registry_no", "checked_on", "condition")),
        (KeyPlace, ("zone__dong__name", "zone__number", "name", "kind", "address", "contact")),
        (ActivityPhoto, ("activity__officer__user__username", "activity__occurred_on", "caption")),
        (Meeting, ("dong__name", "kind", "title", "starts_at", "status", "minutes")),
        (AgendaItem, ("meeting__title", "finding__subject", "purpose", "discussion")),
    ]  # fmt: skip
    parts = [list(model.objects.order_by("id").values_list(*fields)) for model, fields in tables]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class DemoOutreachTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = build()
        cls.today = dt.date.today()

    def test_summary_lines_count_what_was_written(self):
        assert (
            f"찾아가는 복지 대상 {Target.objects.count():,}명, 방문상담 {Visit.objects.count():,}건, "
            f"모니터링 가구 {WatchedHousehold.objects.count():,}세대, 안부확인 {CheckIn.objects.count():,}건"
        ) in self.output
        assert (
            f"우리동네주무관 활동 {OfficerActivity.objects.count():,}건, 발굴·전달 {Finding.objects.count():,}건, "
            f"주간 활동보고 {WeeklyReport.objects.count():,}건"
        ) in self.output
        reviews = Meeting.objects.filter(kind=Meeting.Kind.OFFICER_REVIEW).count()
        assert (
            f"주요 거점 {KeyPlace.objects.count():,}곳, 동네 탐방 사진 {ActivityPhoto.objects.count():,}장, "
            f"우리동네주무관 공유·평가회의 {reviews:,}건"
        ) in self.output
        assert reviews and KeyPlace.objects.exists() and ActivityPhoto.objects.exists()
        for username in ("wolgok2.planner65", "wolgok2.plannercare", "wolgok2.coordinator"):
            assert username in self.output

    def test_the_65_cohort_is_everyone_turning_65_in_the_month_visited_at_the_seeds_progress(self):
        targets = Target.objects.filter(programme=Programme.TURNING_65).select_related("person")
        assert targets.count() >= 20
        for target in targets:
            birth = target.person.birth_date
            assert (birth.year + 65, birth.month) == (target.period_start.year, target.period_start.month)
            assert target.source == Source.REGISTRY and target.run_id is not None
        # Seed 002: 267 of 1,183 visited (진도율 22.5%); the persona dongs' minimums may add one or two.
        assert 0.2 <= progress(Programme.TURNING_65) <= 0.3
        # Births: the pilot's 0세군 visited 2.7%; the few at this scale lean on the persona minimum.
        assert progress(Programme.BIRTH_CHILDCARE) < 0.1
        runs = CohortRun.objects.filter(programme=Programme.TURNING_65)
        assert runs.filter(generated_by=None).exists()  # the monthly task
        assert runs.exclude(generated_by=None).exists()  # and a planner's own generation this month
        for run in runs.annotate(n=Count("targets")):
            assert run.n == run.added

    def test_the_four_programmes_draw_on_their_own_sources(self):
        sources = {
            programme: set(Target.objects.filter(programme=programme).values_list("source", flat=True))
            for programme in Programme.values
        }
        assert sources[Programme.BIRTH_CHILDCARE] <= {Source.BIRTH_REGISTRATION, Source.BENEFIT_LIST}
        assert {Source.BENEFIT_LIST, Source.OFFICER} <= sources[Programme.POVERTY_CRISIS]
        assert sources[Programme.CARE_CRISIS] == {Source.AGENCY_REFERRAL}
        births = Target.objects.filter(source=Source.BIRTH_REGISTRATION).exclude(contacted_on=None)
        assert births.exists() and not births.filter(letter_printed_on=None).exists()  # 출산축하서신
        referrers = set(
            Target.objects.filter(programme=Programme.CARE_CRISIS).values_list("referred_by__kind", flat=True)
        )
        assert referrers <= {
            Agency.Kind.POLICE,
            Agency.Kind.CHILD_PROTECTION,
            Agency.Kind.DOMESTIC_VIOLENCE_COUNSELLING,
        }
        with_meeting = Target.objects.filter(programme=Programme.CARE_CRISIS).exclude(pre_case_meeting=None)
        assert with_meeting.exists()
        for target in with_meeting.select_related("pre_case_meeting"):
            meeting = target.pre_case_meeting
            assert meeting.kind == Meeting.Kind.PRE_CASE_MEETING and meeting.chair_id == target.planner_id
            assert meeting.attendees.filter(agency_id=target.referred_by_id).exists()

    def test_every_status_carries_what_it_needs_and_visits_only_with_consent(self):
        targets = Target.objects.select_related("consent")
        assert set(targets.values_list("status", flat=True)) == set(TS.values)
        assert not targets.filter(status=TS.LISTED).exclude(contacted_on=None).exists()
        for target in targets.exclude(status=TS.LISTED):
            assert target.contacted_on and target.contacted_on <= self.today
            assert (target.contacted_by_staff_id is None) != (target.contacted_by_leader_id is None)
            if target.status in WITH_CONSENT:
                consent = target.consent
                assert consent and consent.kind == Consent.Kind.VISIT and consent.person_id == target.person_id
                assert consent.is_valid_on(target.contacted_on)
            else:
                assert target.consent_id is None
        for target in targets.filter(status=TS.SCHEDULED):
            assert target.appointment_at and target.appointment_at.date() > self.today
        visited = targets.filter(status=TS.VISITED).annotate(n=Count("visits"))
        assert visited.exists() and set(visited.values_list("n", flat=True)) == {1}
        for visit in Visit.objects.select_related("target"):
            assert visit.target.status == TS.VISITED
            assert visit.target.contacted_on <= visit.visited_on <= self.today
            assert visit.target.consent.is_valid_on(visit.visited_on)

    def test_visits_record_team_screenings_and_outcomes_in_the_seeds_shares(self):
        visits = Visit.objects.all()
        assert set(visits.values_list("team", flat=True)) >= {
            Visit.Team.ALONE,
            Visit.Team.WITH_HEALTH,
            Visit.Team.WITH_AGENCY,
            Visit.Team.WITH_LEADER,
        }
        for visit in visits.filter(team=Visit.Team.WITH_HEALTH).prefetch_related("companions", "screenings"):
            assert any(c.staff_id for c in visit.companions.all())
            assert visit.screenings.exists()
        thresholds = {kind: (cut, worse) for kind, (_top, cut, worse) in demo_outreach.SCREENINGS.items()}
        for screening in Screening.objects.all():
            cut, worse = thresholds[screening.kind]
            assert screening.positive == (screening.score >= cut if worse else screening.score <= cut)
        normal = visits.filter(outcome=Visit.Outcome.NORMAL)
        assert not normal.exclude(classification="").exists()
        assert not Screening.objects.filter(visit__outcome=Visit.Outcome.NORMAL, positive=True).exists()
        managed = visits.filter(outcome=Visit.Outcome.MANAGED)
        assert not managed.filter(classification="").exists()
        assert set(managed.values_list("classification", flat=True)) == set(Visit.Classification.values)
        assert managed.filter(links__isnull=False).exists() and managed.filter(needs__isnull=False).exists()
        # Seed 002: 정상군 114 of 278 visits (41%).
        elders = visits.filter(target__programme=Programme.TURNING_65)
        assert 0.2 <= elders.filter(outcome=Visit.Outcome.NORMAL).count() / elders.count() <= 0.6
        assert visits.exclude(case=None).filter(target__source=Source.PLANNER).exists()  # a case opened from a visit
        assert visits.exclude(abuse_sign="").filter(reported_to_police_on__isnull=False).exists()

    def test_watched_households_are_due_one_interval_after_their_last_contact(self):
        watches = WatchedHousehold.objects.annotate(last=Max("contacts__contacted_on"))
        assert watches.exists() and set(watches.values_list("tier", flat=True)) == set(Tier.values)
        open_households = watches.filter(ended_on=None).values_list("household_id", flat=True)
        assert len(open_households) == len(set(open_households))
        for watch in watches:
            assert watch.last_contact_on == watch.last
            since = watch.last_contact_on or watch.started_on
            assert watch.next_due_on == since + dt.timedelta(days=interval_days(watch.dong_id, watch.tier))
        assert CadenceSetting.objects.filter(dong__name="장위1동").exists()
        overdue = watches.filter(ended_on=None, next_due_on__lt=self.today)
        assert 0 < overdue.count() < watches.count() / 2

    def test_the_persona_accounts_have_pages_and_work_lists_to_look_at(self):
        today, week = self.today, self.today + dt.timedelta(days=7)
        for username in ("wolgok2.planner", "wolgok2.planner65", "wolgok2.plannercare", "jangwi1.planner"):
            member = staff(username)
            assert Target.objects.filter(planner=member).exists(), username
            mine = WatchedHousehold.objects.filter(planner=member, ended_on=None)
            assert mine.filter(next_due_on__lt=today).exists(), username  # overdue in the work list
        assert WatchedHousehold.objects.filter(
            planner=staff("wolgok2.planner"), ended_on=None, next_due_on__range=(today, week)
        ).exists()
        planner65 = staff("wolgok2.planner65")
        assert Target.objects.filter(planner=planner65, status=TS.SCHEDULED).exists()
        assert Target.objects.filter(planner=planner65, status=TS.LISTED).exists()
        # The coordinator's list: last week without a report from wolgok2.officer.
        monday = today - dt.timedelta(days=today.weekday())
        officer = staff("wolgok2.officer")
        assert OfficerActivity.objects.filter(officer=officer, occurred_on__gte=monday - dt.timedelta(weeks=1)).exists()
        assert not WeeklyReport.objects.filter(officer=officer, week_start=monday - dt.timedelta(weeks=1)).exists()
        assert WeeklyReport.objects.filter(officer=officer).exists()
        assert Finding.objects.filter(routed_to=staff("wolgok2.planner")).exists()

    def test_officers_walk_every_zone_every_week_and_hand_findings_over(self):
        monday = self.today - dt.timedelta(days=self.today.weekday())
        for zone in Zone.objects.exclude(officer=None):
            weeks = {
                day - dt.timedelta(days=day.weekday())
                for day in OfficerActivity.objects.filter(zone=zone).values_list("occurred_on", flat=True)
            }
            assert {monday - dt.timedelta(weeks=k) for k in range(1, demo_outreach.WEEKS + 1)} <= weeks, zone
        findings = Finding.objects.select_related("routed_to", "dong", "target")
        assert set(findings.values_list("status", flat=True)) == set(FindingStatus.values)
        assert set(findings.values_list("kind", flat=True)) == set(FindingKind.values)
        for finding in findings:
            assert finding.routed_to.dong_id == finding.dong_id
            done = finding.status == FindingStatus.DONE
            assert bool(finding.handled_on) == done and bool(finding.result) == done
            if finding.kind == FindingKind.CARE_NEEDED:
                assert finding.routed_to.roles.filter(speciality=Programme.POVERTY_CRISIS).exists()
                if finding.target:
                    assert finding.target.source in (Source.OFFICER, Source.LEADER)
                    assert finding.target.programme == Programme.POVERTY_CRISIS
            if finding.kind == FindingKind.COMPLAINT:
                assert bool(finding.complainant_told_on) == done
        assert findings.filter(kind=FindingKind.CARE_NEEDED, status=FindingStatus.DONE).exclude(target=None).exists()
        # Weekly reports: most weeks, some missing; counts from the week's activities.
        reports = WeeklyReport.objects.all()
        walked = OfficerActivity.objects.values("officer", "occurred_on")
        assert reports.count() < len({(a["officer"], a["occurred_on"] - dt.timedelta(days=a["occurred_on"].weekday()))
                                      for a in walked})  # fmt: skip
        for report in reports[:50]:
            week = (report.week_start, report.week_start + dt.timedelta(days=6))
            n = OfficerActivity.objects.filter(officer=report.officer, occurred_on__range=week).count()
            assert report.activity_count == n

    def test_tong_leaders_check_in_on_their_households_weekly_for_matched_elders(self):
        matched = LeaderAssignment.objects.exclude(matched_person=None).select_related("household", "matched_person")
        assert matched.exists()
        for assignment in matched:
            assert assignment.check_in_every_days == 7
            assert assignment.household.members.count() == 1
            assert assignment.matched_person.household_id == assignment.household_id
        assigned = set(LeaderAssignment.objects.values_list("leader_id", "household_id"))
        assert set(CheckIn.objects.values_list("leader_id", "household_id")) <= assigned
        tongjang = CheckIn.objects.filter(leader__user__username="wolgok2.tongjang")
        assert tongjang.exists() and tongjang.filter(recorded_by=None).exists()
        assert CheckIn.objects.exclude(recorded_by=None).exists()  # officers record for leaders without a login
        # A 1:1 matched elder of the persona tong leader is overdue for a check-in.
        overdue = False
        for assignment in matched.filter(leader__user__username="wolgok2.tongjang"):
            last = CheckIn.objects.filter(household=assignment.household).aggregate(m=Max("checked_on"))["m"]
            overdue |= last is None or last < self.today - dt.timedelta(days=assignment.check_in_every_days)
        assert overdue
        # Check-ins on watched households are monitoring contacts too.
        watched = WatchedHousehold.objects.filter(
            household__leader_assignments__leader__user__username="wolgok2.tongjang"
        )
        assert watched.filter(contacts__method=MonitoringContact.Method.LEADER_CHECK_IN).exists()
        for check_in in CheckIn.objects.filter(household__watches__isnull=False).select_related("household")[:100]:
            watch = check_in.household.watches.get()
            if watch.started_on < check_in.checked_on and (not watch.ended_on or check_in.checked_on <= watch.ended_on):
                assert watch.contacts.filter(contacted_on=check_in.checked_on).exists()
        crises = CheckIn.objects.filter(condition=CheckIn.Condition.CRISIS)
        assert not crises.filter(finding=None).exists()


class DemoOutreachRebuildTests(TestCase):
    def test_the_same_seed_gives_the_same_outreach(self):
        build(seed=7)
        first = outreach_digest()
        build(seed=7)
        assert outreach_digest() == first
        build(seed=8)
        assert outreach_digest() != first
