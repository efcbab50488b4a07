"""전입 확인: an import row whose resident is registered in another dong (or is new to the district) waits for the
receiving dong's supervisor; the dong they leave is told; the importer cannot tell the two kinds of row apart."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.models import AuditEntry
from chatdong.access.principal import principal_for
from chatdong.core.models import Notice
from chatdong.org import services as org
from chatdong.org.roles import Role
from chatdong.registry import imports
from chatdong.registry.imports import deciding, pipeline
from chatdong.registry.models import Household, MoveRecord, PendingMoveIn, Person

from .importdata import csv_bytes, person
from .test_import_page import URL as IMPORT_URL
from .test_import_page import upload

LEE_NUMBER = "550720-1234567"  # 이철수 of 장위1동 (tests/world.py)
NEW_NUMBER = "550720-1000017"  # nobody's
LIST_URL = reverse("registry:move_ins")
User = get_user_model()


def lee_row(number: str = LEE_NUMBER, **extra: str) -> dict[str, str]:
    return person("T-800", "세대주", "이철수", number, 전입일="2025-01-05", **extra)


def run(rows: list[dict[str, str]], username: str = "wolgok2.planner", **options: bool) -> imports.ImportResult:
    user = User.objects.get(username=username)
    return imports.import_residents(csv_bytes(rows), user=user, principal=principal_for(user), **options)


def approve_url(move_in: PendingMoveIn) -> str:
    return reverse("registry:move_in_approve", args=[move_in.pk])


def reject_url(move_in: PendingMoveIn) -> str:
    return reverse("registry:move_in_reject", args=[move_in.pk])


@pytest.fixture
def jangwi1_supervisor(world):
    """장위1동 has no supervisor in the world: the one who hears that her resident is asked for."""
    return org.create_staff(
        username="jangwi1.supervisor", password="x-password-1234", name="장수빈",
        district_id=world.jangwi1.district_id, dong=world.jangwi1, roles=[Role.WELFARE_SUPERVISOR],
    ).user  # fmt: skip


@pytest.fixture
def waiting(world, jangwi1_supervisor) -> PendingMoveIn:
    """월곡2동's planner imports 이철수 of 장위1동 into a new 월곡2동 household."""
    result = run([lee_row()])
    assert result.ok and result.persons_waiting == 1
    return PendingMoveIn.objects.get(rrn_hash=world.lee.rrn_hash)


def notices_of(username: str) -> list[str]:
    return list(Notice.objects.filter(recipient__username=username).order_by("pk").values_list("message", flat=True))


# --- the import asks, the resident stays -------------------------------------------------------------------------


def test_a_resident_of_another_dong_waits_for_confirmation_and_stays_where_they_are(world, waiting):
    lee = world.lee
    lee.refresh_from_db()
    assert lee.household == world.lee_household and lee.household.dong == world.jangwi1
    assert not MoveRecord.objects.filter(person=lee).exists()
    assert not Household.objects.filter(registry_no="T-800").exists()  # registered when approved
    assert (waiting.person, waiting.from_dong, waiting.to_dong) == (lee, world.jangwi1, world.wolgok2)
    assert waiting.status == PendingMoveIn.Status.PENDING
    assert waiting.requested_by.username == "wolgok2.planner"
    assert waiting.rrn_encrypted and LEE_NUMBER.replace("-", "") not in waiting.rrn_encrypted

    # The dong she would leave is told, with no more than it needs; the receiving supervisor has it to do.
    [told] = notices_of("jangwi1.supervisor")
    assert "월곡2동" in told and "이*수(550720-1******)" in told and "이철수" not in told
    assert Notice.objects.get(recipient__username="jangwi1.supervisor").url == reverse(
        "registry:person_detail", args=[lee.pk]
    )
    [asked] = notices_of("wolgok2.supervisor")
    assert asked == "[전입 확인] 월곡2동 주민등록 자료 가져오기에서 전입 확인 1건을 요청했습니다."


def test_the_receiving_supervisor_sees_the_list_and_the_work_item(world, waiting, login):
    client = login("wolgok2.supervisor")
    html = client.get(LIST_URL).content.decode()
    assert "확인 대기 1건" in html and "이철수" in html and "장위1동" in html and "550720-1******" in html
    assert LEE_NUMBER not in html
    home = client.get(reverse("work_list")).content.decode()
    assert "전입 확인 대기" in home and "세대번호 T-800" in home
    assert LIST_URL in client.get(reverse("home")).content.decode()  # the menu item
    assert LIST_URL not in login("wolgok2.planner").get(reverse("home")).content.decode()


# --- approving ---------------------------------------------------------------------------------------------------


def test_approving_moves_the_resident_with_history_audit_and_notices(world, waiting, login):
    lee, old_household = world.lee, world.lee_household
    response = login("wolgok2.supervisor").post(approve_url(waiting), follow=True)
    assert "이철수님의 전입을 승인해 세대번호 T-800에 반영했습니다." in response.content.decode()

    lee.refresh_from_db()
    new_household = Household.objects.get(registry_no="T-800")
    assert lee.household == new_household and new_household.dong == world.wolgok2
    assert lee.moved_in_on.isoformat() == "2025-01-05"
    out = MoveRecord.objects.get(person=lee, kind="move_out")
    into = MoveRecord.objects.get(person=lee, kind="move_in")
    assert out.household == old_household and into.household == new_household
    assert AuditEntry.objects.get(model="registry.person", object_id=str(lee.pk), action="update").changes[
        "household"
    ] == [old_household.pk, new_household.pk]
    decision = AuditEntry.objects.get(model="registry.pendingmovein", action="update")
    assert decision.username == "wolgok2.supervisor" and decision.changes == {"status": ["pending", "approved"]}
    waiting.refresh_from_db()
    assert waiting.status == "approved" and waiting.decided_by.username == "wolgok2.supervisor"

    assert "승인해 월곡2동(으)로 옮겼습니다" in notices_of("jangwi1.supervisor")[-1]
    assert notices_of("wolgok2.planner") == [
        "[전입 확인 결과] 가져오신 이철수님(세대번호 T-800)의 전입이 승인되어 반영했습니다."
    ]
    assert "확인을 기다리는 전입이 없습니다." in login("wolgok2.supervisor").get(LIST_URL).content.decode()


def test_approving_a_resident_new_to_the_district_registers_them(world, login):
    run([person("T-900", "세대주", "새주민", NEW_NUMBER)])
    move_in = PendingMoveIn.objects.get(name="새주민")
    assert move_in.person is None and move_in.from_dong is None
    assert not Person.objects.filter(name="새주민").exists()

    login("wolgok2.supervisor").post(approve_url(move_in))
    newcomer = Person.objects.get(name="새주민")
    assert newcomer.household.registry_no == "T-900" and newcomer.masked_rrn == "550720-1******"
    assert AuditEntry.objects.filter(model="registry.person", object_id=str(newcomer.pk), action="create").exists()


def test_a_second_approval_is_told_it_was_already_decided(world, waiting, login):
    client = login("wolgok2.supervisor")
    client.post(approve_url(waiting))
    again = client.post(approve_url(waiting), follow=True).content.decode()
    assert "이미 처리된 전입 확인입니다" in again
    assert MoveRecord.objects.filter(person=world.lee).count() == 2  # one 전출·전입 pair
    supervisor = User.objects.get(username="wolgok2.supervisor")
    with pytest.raises(ValidationError, match="이미 처리된"):
        deciding.reject(supervisor, principal_for(supervisor), waiting.pk, "늦은 반려")
    waiting.refresh_from_db()
    assert waiting.status == "approved"


# --- rejecting ---------------------------------------------------------------------------------------------------


def test_rejecting_leaves_the_resident_and_tells_both_sides(world, waiting, login):
    client = login("wolgok2.supervisor")
    blank = client.post(reject_url(waiting), {"note": "  "}, follow=True).content.decode()
    assert "반려 사유를 입력하세요" in blank
    waiting.refresh_from_db()
    assert waiting.status == "pending"

    done = client.post(reject_url(waiting), {"note": "전입신고 확인 안 됨"}, follow=True).content.decode()
    assert "이철수님의 전입 요청을 반려했습니다." in done
    waiting.refresh_from_db()
    world.lee.refresh_from_db()
    assert waiting.status == "rejected" and waiting.note == "전입신고 확인 안 됨"
    assert world.lee.household == world.lee_household and not MoveRecord.objects.filter(person=world.lee).exists()
    assert not Household.objects.filter(registry_no="T-800").exists()
    assert "반려했습니다. 주민 기록은 그대로입니다." in notices_of("jangwi1.supervisor")[-1]
    assert notices_of("wolgok2.planner") == [
        "[전입 확인 결과] 가져오신 이철수님(세대번호 T-800)의 전입이 반려되었습니다. 사유: 전입신고 확인 안 됨"
    ]


# --- who may decide ----------------------------------------------------------------------------------------------


def test_a_planner_is_refused_and_another_dongs_supervisor_finds_nothing(world, waiting, login):
    planner = login("wolgok2.planner")
    refused = planner.post(approve_url(waiting))
    assert refused.status_code == 403
    assert "전입 확인은 받는 동의 복지수퍼바이저만 할 수 있습니다." in refused.content.decode()
    assert planner.get(LIST_URL).status_code == 403
    assert planner.post(reject_url(waiting), {"note": "반려"}).status_code == 403

    other = login("jangwi1.supervisor")
    assert other.post(approve_url(waiting)).status_code == 404
    assert other.post(reject_url(waiting), {"note": "반려"}).status_code == 404
    assert "이철수" not in other.get(LIST_URL).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    assert login("wolgok2.supervisor").get(approve_url(waiting)).status_code == 405  # a change is a POST


def test_the_superuser_may_decide(world, waiting, login):
    login("admin").post(approve_url(waiting))
    world.lee.refresh_from_db()
    assert world.lee.household.registry_no == "T-800"


def test_the_supervisors_own_import_registers_newcomers_but_still_asks_for_another_dongs_resident(world):
    result = run(
        [person("T-900", "세대주", "새주민", NEW_NUMBER), person("T-901", "세대주", "이철수", LEE_NUMBER)],
        username="wolgok2.supervisor",
    )
    assert (result.persons_created, result.persons_waiting) == (1, 1)
    assert Person.objects.get(name="새주민").household.registry_no == "T-900"
    assert PendingMoveIn.objects.get().person == world.lee


# --- one request per resident --------------------------------------------------------------------------------------


def test_one_pending_request_per_resident(world, waiting):
    again = run([lee_row()])
    assert again.ok and again.persons_waiting == 1  # reported alike, not queued twice
    assert PendingMoveIn.objects.filter(rrn_hash=world.lee.rrn_hash).count() == 1
    duplicate = PendingMoveIn.objects.get(pk=waiting.pk)
    duplicate.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_concurrent_request_for_the_same_resident_fails_whole_with_a_korean_message(world, monkeypatch):
    loaded = pipeline.load_existing

    def another_import_wins(rows):  # type: ignore[no-untyped-def]
        existing = loaded(rows)  # read before the other import saved its request
        winner = PendingMoveIn.objects.create(
            rrn_encrypted="x", rrn_hash=world.lee.rrn_hash, rrn_prefix="5507201", name="이철수", relation="head",
            to_dong=world.wolgok2, registry_no="T-700", tong=world.wolgok2.tongs.first(),
            road_address="서울특별시 성북구 화랑로 1",
        )  # fmt: skip
        assert winner.pk
        return existing

    monkeypatch.setattr(pipeline, "load_existing", another_import_wins)
    before = (Household.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(imports.ImportFileError, match="이미 전입 확인을 요청해 저장하지 못했습니다"):
        run([person("T-600", "세대주", "새주민", NEW_NUMBER), person("T-601", "세대주", "이철수", LEE_NUMBER)])
    assert (Household.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before
    assert not PendingMoveIn.objects.exists()  # the whole import is undone, its rows and requests alike


# --- no oracle -----------------------------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _importer_sees(login, rows: list[dict[str, str]], **form: str) -> tuple[str, str]:
    """What the importer gets back: the page, and the same import as the command prints it. Then forget it."""
    html = login("wolgok2.planner").post(IMPORT_URL, {"file": upload(csv_bytes(rows)), **form}).content.decode()
    dry = run(rows, dry_run=True)
    PendingMoveIn.objects.all().delete()
    Notice.objects.all().delete()
    return CSRF.sub("", html), "\n".join(dry.summary())


@pytest.mark.parametrize("form", [{}, {"partial": "on"}])
def test_the_importer_cannot_tell_a_number_registered_elsewhere_from_a_new_one(world, login, form):
    elsewhere = _importer_sees(login, [lee_row()], **form)
    new = _importer_sees(login, [lee_row(NEW_NUMBER)], **form)
    Person.objects.filter(pk=world.lee.pk).update(died_on="2026-01-01")
    deceased_elsewhere = _importer_sees(login, [lee_row()], **form)

    assert elsewhere == new == deceased_elsewhere
    assert "전입 확인 대기: 1명" in new[0]
    assert not Household.objects.filter(registry_no="T-800").exists()


def test_the_import_result_is_the_same_either_way(world):
    elsewhere = run([lee_row()])
    PendingMoveIn.objects.all().delete()
    new = run([lee_row(NEW_NUMBER)])
    assert elsewhere == new


# --- the list page -------------------------------------------------------------------------------------------------


def test_the_list_is_paginated_and_its_queries_do_not_grow(world, login, settings):
    settings.PAGE_SIZE = 5
    client = login("wolgok2.supervisor")

    def queries_for(count: int) -> int:
        PendingMoveIn.objects.all().delete()
        run([person(f"T-{n}", "세대주", f"주민{n}", f"6001{n:02d}-1000017") for n in range(1, count + 1)])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST_URL).status_code == 200
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(12)
    html = client.get(LIST_URL, {"page": 3}).content.decode()
    assert "확인 대기 12건" in html and "주민11" in html and "주민1<" not in html


# --- the API -------------------------------------------------------------------------------------------------------

API = "/api/v1/registry/move-ins"


def test_the_api_lists_approves_and_refuses_as_the_pages(world, waiting, api_client):
    supervisor = api_client("wolgok2.supervisor")
    listed = supervisor.get(API).json()
    assert listed["count"] == 1
    [row] = listed["results"]
    assert row["from_dong"]["name"] == "장위1동" and row["resident_number_masked"] == "550720-1******"
    assert LEE_NUMBER not in str(listed)

    refused = api_client("wolgok2.planner").post(f"{API}/{waiting.pk}/approve")
    assert refused.status_code == 403 and "복지수퍼바이저" in refused.json()["detail"]
    assert api_client("jangwi1.supervisor").post(f"{API}/{waiting.pk}/approve").status_code == 404
    blank = supervisor.post(f"{API}/{waiting.pk}/reject", {"note": " "}, content_type="application/json")
    assert blank.status_code == 422 and "반려 사유를 입력하세요" in blank.json()["detail"]

    approved = supervisor.post(f"{API}/{waiting.pk}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = supervisor.post(f"{API}/{waiting.pk}/approve")
    assert again.status_code == 422 and "이미 처리된" in again.json()["detail"]
    world.lee.refresh_from_db()
    assert world.lee.household.registry_no == "T-800"
    assert supervisor.get(API).json()["count"] == 0
