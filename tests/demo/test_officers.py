"""`manage.py demo` for the neighbourhood officers: every zone's key places, photos of the zone walks on disk,
the monthly sharing and evaluation meeting as the service prepares it, and the persona accounts' work lists
with findings handed over, missing weekly reports, watched households and a visit for the tong leader to
confirm. A rebuild replaces the photos without leaving files behind, and the same seed draws the same ones.

Same pattern as test_demo.py: one build per class in `setUpTestData`, rolled back with the class. This class
builds as of the day before the month's last week, so the month's meeting is still ahead (planned).
"""

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from chatdong.access.principal import principal_for
from chatdong.demo import build as demo_build
from chatdong.demo import officers as demo_officers
from chatdong.demo.photos import DEMO_DIR
from chatdong.meetings.models import AgendaItem, Meeting
from chatdong.org.models import Dong, NeighbourhoodLeader, StaffMember, Zone
from chatdong.org.roles import Role
from chatdong.outreach.leaders import checkins
from chatdong.outreach.officers import weekly
from chatdong.outreach.officers.models import ActivityPhoto, Finding, KeyPlace, OfficerActivity
from chatdong.outreach.officers.states import FindingStatus
from chatdong.web.worklist import work_list

from .test_casework import build, staff

SCALE = 0.01
PHOTO_NAME = re.compile(rf"^{DEMO_DIR}/\d{{4}}/\d{{2}}/walk-(\d+)-\d\.jpg$")


def eve_of_last_week() -> dt.date:
    return weekly.last_week(dt.date.today())[0] - dt.timedelta(days=1)


def media_files() -> dict[str, str]:
    """Every file under MEDIA_ROOT (relative name → sha256), staging folders included."""
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def sections(username: str, today: dt.date) -> dict[str, list[str]]:
    principal = principal_for(get_user_model().objects.get(username=username))
    return {s.key: [item.title for item in s.items] for s in work_list(principal, today)}


class MediaOfTheirOwn(TestCase):
    """The class's builds write their photos to a folder of their own (the files are compared whole)."""

    @classmethod
    def setUpClass(cls) -> None:
        media = tempfile.mkdtemp(prefix="chatdong-demo-media-")
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media))
        super().setUpClass()


class DemoOfficersTests(MediaOfTheirOwn):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.today = eve_of_last_week()
        cls.summary = demo_build.build_demo(scale=SCALE, seed=2014, password="chatdong-demo", today=cls.today)
        cls.wolgok2 = Dong.objects.get(name="월곡2동")

    def test_every_zone_has_its_key_places_and_the_walks_go_there(self):
        assert self.summary.key_places == KeyPlace.objects.count()
        for zone in Zone.objects.prefetch_related("key_places"):
            places = list(zone.key_places.all())
            assert 5 <= len(places) <= 7, zone
            kinds = {p.kind for p in places}
            assert {KeyPlace.Kind.SENIOR_CENTRE, KeyPlace.Kind.SHOP} <= kinds, zone
            assert all(p.address for p in places)
            names = {p.name for p in places}
            for walk in OfficerActivity.objects.filter(zone=zone)[:5]:
                assert set(walk.places.split(", ")) <= names, walk.places
        senior = KeyPlace.objects.filter(zone__dong=self.wolgok2, kind=KeyPlace.Kind.SENIOR_CENTRE).first()
        assert senior and senior.contact.startswith("회장 ") and "○" in senior.contact  # no full names
        # The officer's zone page lists them.
        zone = Zone.objects.get(officer=staff("wolgok2.officer"))
        self.client.force_login(get_user_model().objects.get(username="wolgok2.officer"))
        page = self.client.get(reverse("outreach:zone_detail", args=[zone.pk])).content.decode()
        assert all(place.name in page for place in zone.key_places.all())

    def test_a_sample_of_walks_has_photos_on_disk_that_are_real_images(self):
        photos = ActivityPhoto.objects.select_related("activity__zone__dong")
        assert photos.count() == self.summary.photos > 0
        root = Path(settings.MEDIA_ROOT)
        for photo in photos:
            match = PHOTO_NAME.match(photo.image.name)
            assert match and int(match[1]) == photo.activity_id, photo.image.name  # a neutral name
            path = root / photo.image.name
            assert 15_000 <= path.stat().st_size <= 50_000, path
            with Image.open(path) as image:
                assert (image.format, image.size) == ("JPEG", (480, 360))
                image.verify()
            assert photo.caption and timezone.localdate(photo.uploaded_at) == photo.activity.occurred_on
        # Every walk of the persona dongs' last weeks; a small share elsewhere.
        recent = weekly.week_start(self.today) - dt.timedelta(weeks=demo_officers.PHOTO_WEEKS - 1)
        persona_walks = OfficerActivity.objects.filter(
            zone__dong__name__in=["월곡2동", "장위1동"], occurred_on__gte=recent
        )
        assert persona_walks.exists() and not persona_walks.filter(photos=None).exists()
        elsewhere = OfficerActivity.objects.exclude(zone__dong__name__in=["월곡2동", "장위1동"])
        with_photos = elsewhere.exclude(photos=None).count()
        assert 0 < with_photos < elsewhere.count() * 0.05
        # Only the files of the rows: nothing else in the demo's folder, no staging left.
        assert set(media_files()) == set(photos.values_list("image", flat=True))

    def test_the_officer_opens_a_photo_of_their_walk_and_another_dong_cannot(self):
        photo = ActivityPhoto.objects.filter(activity__officer=staff("wolgok2.officer")).first()
        assert photo is not None
        self.client.force_login(get_user_model().objects.get(username="wolgok2.officer"))
        response = self.client.get(reverse("outreach:photo", args=[photo.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
        self.client.force_login(get_user_model().objects.get(username="jangwi1.planner"))
        assert self.client.get(reverse("outreach:photo", args=[photo.pk])).status_code == 404

    def test_each_dong_meets_monthly_in_the_last_week_chaired_by_its_head(self):
        reviews = Meeting.objects.filter(kind=Meeting.Kind.OFFICER_REVIEW).select_related("chair", "dong")
        assert reviews.count() == self.summary.reviews
        for dong in Dong.objects.all():
            mine = [m for m in reviews if m.dong_id == dong.pk]
            held = [m for m in mine if m.status == Meeting.Status.HELD]
            planned = [m for m in mine if m.status == Meeting.Status.PLANNED]
            assert len(held) >= 2 and len(planned) == 1, dong.name  # this month's is still ahead
            months = {timezone.localdate(m.starts_at).replace(day=1) for m in mine}
            assert len(months) == len(mine)
            assert timezone.localdate(planned[0].starts_at).replace(day=1) == self.today.replace(day=1)
            officers = set(Zone.objects.filter(dong=dong).exclude(officer=None).values_list("officer", flat=True))
            for meeting in mine:
                day = timezone.localdate(meeting.starts_at)
                first, last = weekly.last_week(day)
                assert first <= day <= last and day.weekday() in (1, 2, 3)
                assert meeting.chair.dong_id == dong.pk
                assert meeting.chair.roles.filter(role=Role.DONG_HEAD).exists()
                assert (meeting.status == Meeting.Status.HELD) == (day < self.today) == bool(meeting.minutes)
                attending = set(meeting.attendees.values_list("staff", flat=True))
                assert officers <= attending and meeting.chair_id in attending
                agenda = list(meeting.agenda.select_related("finding"))
                assert not any(item.case_id for item in agenda)
                assert agenda[-1].purpose.startswith("우수사례 공유") and "동네 탐방 결과 공유" in agenda[-2].purpose
                for item in agenda:
                    if item.finding:
                        assert item.finding.dong_id == dong.pk
                        assert item.finding.created_at < meeting.created_at
        assert AgendaItem.objects.filter(meeting__in=reviews).exclude(finding=None).exists()

    def test_a_held_meeting_discussed_the_findings_open_that_week_and_the_months_closed_ones(self):
        for meeting in Meeting.objects.filter(kind=Meeting.Kind.OFFICER_REVIEW, status=Meeting.Status.HELD):
            day = timezone.localdate(meeting.starts_at)
            prepared = weekly.week_start(day)
            month = (day.replace(day=1), weekly.last_week(day)[1])
            expected = set(
                Finding.objects.filter(dong=meeting.dong, created_at__date__lt=prepared)
                .filter(Q(handled_on=None) | Q(handled_on__gte=prepared) | Q(created_at__date__range=month))
                .values_list("pk", flat=True)
            )
            assert set(meeting.agenda.exclude(finding=None).values_list("finding", flat=True)) == expected
            assert timezone.localdate(meeting.created_at) == prepared

    def test_the_planned_meeting_is_the_one_the_service_would_prepare(self):
        meeting = Meeting.objects.get(
            dong=self.wolgok2, kind=Meeting.Kind.OFFICER_REVIEW, status=Meeting.Status.PLANNED
        )
        demo = [(a.finding_id, a.purpose) for a in meeting.agenda.all()]
        demo_attendees = set(meeting.attendees.values_list("staff", "role"))
        assert any(finding_id for finding_id, _purpose in demo)
        assert any(purpose.startswith("주간 활동보고 미제출: ") for _f, purpose in demo)  # wolgok2.officer's gap
        starts_at, place, title = meeting.starts_at, meeting.place, meeting.title
        meeting.delete()
        head = StaffMember.objects.get(user__username="wolgok2.head")
        service = weekly.prepare_monthly_meeting(
            head.user, principal_for(head.user), self.wolgok2, starts_at=starts_at, place=place
        )
        assert service.title == title and service.chair_id == head.pk
        assert [(a.finding_id, a.purpose) for a in service.agenda.all()] == demo
        assert set(service.attendees.values_list("staff", "role")) == demo_attendees

    def test_the_persona_work_lists_show_the_officers_sections_with_items(self):
        today = self.today
        planner = sections("wolgok2.planner", today)
        assert planner["findings_to_me"] and planner["watch_overdue"] and planner["watch_due"]
        assert sections("wolgok2.officer", today)["findings_to_me"]
        coordinator = sections("wolgok2.coordinator", today)
        assert coordinator["findings_to_me"]
        assert staff("wolgok2.officer").name in coordinator["weekly_reports_missing"]
        head = sections("wolgok2.head", today)
        assert head["findings_to_me"]
        assert any("우리동네주무관 활동내용 공유 및 평가회의" in title for title in head["meetings"])
        for username in ("wolgok2.officer", "wolgok2.coordinator", "wolgok2.head"):
            routed = Finding.objects.filter(routed_to=staff(username)).exclude(status=FindingStatus.DONE)
            assert routed.exists(), username
        # The tong leader's phone page: a booked visit to confirm, and a 1:1 matched elder overdue for a call.
        tongjang = NeighbourhoodLeader.objects.get(user__username="wolgok2.tongjang")
        to_confirm = checkins.appointments_to_confirm(tongjang, today)
        assert to_confirm.filter(appointment_confirmed_on=None).exists()
        overdue = [
            a
            for a in checkins.assignments_of(tongjang, today).exclude(check_in_every_days=None)
            if (a.last_check_in or a.started_on) + dt.timedelta(days=a.check_in_every_days) < today
        ]
        assert overdue


class DemoPhotoRebuildTests(MediaOfTheirOwn):
    def setUp(self) -> None:
        media = tempfile.mkdtemp(prefix="chatdong-demo-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def test_a_rebuild_replaces_the_photos_the_same_seed_draws_the_same_ones(self):
        build(seed=7)
        first = media_files()
        referenced = set(ActivityPhoto.objects.values_list("image", flat=True))
        assert first and set(first) == referenced
        # A photo uploaded to this demo through the app: its row goes with the rebuild, so its file goes too.
        walk = OfficerActivity.objects.order_by("-occurred_on", "pk").first()
        upload = ActivityPhoto(activity=walk, caption="주민센터 앞")
        upload.image.save(
            f"walk-{walk.pk}-9.jpg", ContentFile(Path(settings.MEDIA_ROOT, next(iter(first))).read_bytes())
        )
        assert not upload.image.name.startswith(DEMO_DIR)
        build(seed=7)
        assert media_files() == first
        build(seed=8)
        again = media_files()
        assert set(again) == set(ActivityPhoto.objects.values_list("image", flat=True))
        assert set(again.values()) != set(first.values())

    def test_a_failed_build_keeps_the_previous_photos_and_leaves_no_staging(self):
        build(seed=7)
        before = media_files()
        with (
            mock.patch("chatdong.demo.outreach.Outreach.finish", side_effect=RuntimeError("중단")),
            self.assertRaises(RuntimeError),
        ):
            build(seed=8)
        assert media_files() == before
        assert not list(Path(settings.MEDIA_ROOT, DEMO_DIR).parent.glob(".demo-*"))
