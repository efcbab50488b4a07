"""The case pages as a planner and a supervisor use them: intake from a household, each stage's actions,
the refusals that change nothing, who sees case notes, and the cost of the list and the case page."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chatdong.access.models import AccessLog, AuditEntry
from chatdong.cases import services
from chatdong.cases.models import (
    Case,
    CaseAgency,
    CaseEvent,
    CaseNote,
    CaseTeamMember,
    FollowUp,
    MonitoringContact,
    ServiceDelivery,
    ServicePlan,
)
from chatdong.cases.states import Stage
from chatdong.core.dates import add_months
from chatdong.org.models import StaffMember
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent, PersonFlag

from .helpers import TODAY, actor, add_cases, case_in_service

LIST = reverse("cases:case_list")


def detail(case):
    return reverse("cases:case_detail", args=[case.pk])


def act(case, action):
    return reverse("cases:case_action", args=[case.pk, action])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def offered(response):
    """The actions offered on a case page."""
    return set(re.findall(r'data-action="([a-z-]+)"', response.text))


def reload(case):
    return Case.objects.get(pk=case.pk)


def plan_post(**extra):
    data = {
        "written_on": TODAY.isoformat(),
        "summary": "주거 안정과 취업",
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "3",
        "goals-0-term": "long",
        "goals-0-description": "경제적 자립",
        "goals-0-target_on": add_months(TODAY, 12).isoformat(),
        "goals-1-term": "short",
        "goals-1-description": "월세 체납 해소",
        "goals-2-term": "short",
        "goals-2-description": "",
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "2",
        "services-0-domain": "economy",
        "services-0-description": "긴급지원 생계비",
        "services-0-amount": "600000",
        "services-0-starts_on": TODAY.isoformat(),
        "services-1-description": "",
    }
    data.update(extra)
    return data


# --------------------------------------------------------------------------------------------- intake


def test_planner_opens_a_case_from_the_household_page(world, login):
    client = login("wolgok2.planner")
    household_page = client.get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    intake_url = reverse("cases:case_intake", args=[world.kim_household.pk])
    assert "사례 접수" in household_page.text and intake_url in household_page.text
    form = client.get(intake_url)
    assert "김영희 (세대주" in form.text and "이서준" in form.text
    entry = AccessLog.objects.filter(username="wolgok2.planner").latest("id")
    assert (entry.action, entry.household_id, entry.detail) == ("view", world.kim_household.pk, "사례 접수 화면")
    response = client.post(
        intake_url, {"person": world.kim.pk, "source": "desk", "case_type": "general", "source_note": "월세 체납 상담"}
    )
    case = Case.objects.get(household=world.kim_household)
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert (case.stage, case.person, case.worker.user.username) == (Stage.INTAKE, world.kim, "wolgok2.planner")
    again = client.get(reverse("registry:household_detail", args=[world.kim_household.pk]))
    assert "사례 보기" in again.text and detail(case) in again.text
    # A second intake for the same household goes to the open case instead.
    assert client.get(intake_url)["Location"] == detail(case)


def test_intake_of_someone_outside_the_household_is_refused(world, login):
    response = login("wolgok2.planner").post(
        reverse("cases:case_intake", args=[world.kim_household.pk]),
        {"person": world.park.pk, "source": "desk", "case_type": "general"},
    )
    assert response.status_code == 200
    assert f"올바르게 선택해 주세요. {world.park.pk}은(는) 선택 가능한 항목에 없습니다." in response.text
    assert not Case.objects.exists()


def test_a_planner_of_another_dong_cannot_open_a_case_here(world, login):
    response = login("jangwi1.planner").get(reverse("cases:case_intake", args=[world.kim_household.pk]))
    assert response.status_code == 404


# ------------------------------------------------------------------------------------ the whole path


def test_planner_and_supervisor_walk_a_case_from_intake_to_follow_up(world, login):
    planner, supervisor = login("wolgok2.planner"), login("wolgok2.supervisor")
    user, p = actor("wolgok2.planner")
    case = services.open_case(user, p, person=world.kim, source="desk")

    page = planner.get(detail(case))
    assert page.status_code == 200
    assert 'aria-current="step">접수' in page.text
    assert "assess" in offered(page) and "select" not in offered(page)

    # 욕구조사: needs by domain, rated urgent → priority 긴급
    response = planner.post(
        act(case, "assess"),
        {"assessed_on": TODAY.isoformat(), "urgency": "3", "importance": "3", "case_type": "crisis",
         "summary": "실직 후 월세 3개월 체납", "need_economy": "월세 체납", "need_employment": "구직 희망"},
        follow=True,
    )  # fmt: skip
    assert "욕구조사를 기록했습니다." in messages_of(response)
    case = reload(case)
    assert (case.stage, case.priority, case.case_type) == (Stage.ASSESSMENT, 1, "crisis")
    assert "월세 체납" in response.text and "구직 희망" in response.text

    # 대상자 선정: only the supervisor is offered it, and only the supervisor may do it
    assert "select" not in offered(planner.get(detail(case)))
    refused = planner.post(act(case, "select"), {"selection": "managed", "decided_on": TODAY.isoformat()})
    assert refused.status_code == 403 and "복지수퍼바이저" in refused.text
    assert reload(case).stage == Stage.ASSESSMENT
    assert "select" in offered(supervisor.get(detail(case)))
    supervisor.post(act(case, "select"), {"selection": "managed", "decided_on": TODAY.isoformat(), "note": "사례회의"})
    case = reload(case)
    assert (case.stage, case.selection, case.selected_by.user.username) == (
        Stage.PLANNING,
        "managed",
        "wolgok2.supervisor",
    )

    # 서비스계획: goals long and short, a service; awaits approval
    response = planner.post(act(case, "plan"), plan_post(), follow=True)
    assert "서비스계획을 작성했습니다. 복지수퍼바이저의 승인을 받으세요." in messages_of(response)
    plan = ServicePlan.objects.get(case=case)
    assert [(g.term, g.description) for g in plan.goals.order_by("id")] == [
        ("long", "경제적 자립"),
        ("short", "월세 체납 해소"),
    ]
    assert [(s.domain, s.amount) for s in plan.services.all()] == [("economy", 600000)]
    assert "승인 대기" in response.text

    # 계획 승인: refused to the planner (403, unchanged), done by the supervisor
    assert planner.post(act(case, "approve-plan"), {"plan": plan.pk}).status_code == 403
    assert reload(case).stage == Stage.PLANNING and ServicePlan.objects.get(pk=plan.pk).approved_on is None
    supervisor.post(act(case, "approve-plan"), {"plan": plan.pk})
    case = reload(case)
    assert case.stage == Stage.IN_SERVICE and case.next_monitoring_on == TODAY + dt.timedelta(days=30)

    # 서비스 제공 from the plan, then a contact made and a failed attempt
    service = plan.services.get()
    planner.post(act(case, "delivery"), {"delivered_on": TODAY.isoformat(), "planned_service": service.pk})
    delivery = ServiceDelivery.objects.get(case=case)
    assert (delivery.domain, delivery.description, delivery.amount) == ("economy", "긴급지원 생계비", 600000)
    planner.post(
        act(case, "monitoring"),
        {"contacted_on": TODAY.isoformat(), "method": "visit", "reached": "yes", "with_whom": "본인",
         "changes": "체납 일부 해소"},
    )  # fmt: skip
    planner.post(act(case, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "phone", "reached": "no"})
    assert list(MonitoringContact.objects.filter(case=case).order_by("id").values_list("reached", flat=True)) == [
        True,
        False,
    ]
    page = planner.get(detail(case))
    assert "연락 실패" in page.text and "체납 일부 해소" in page.text

    # 종결: requested by the planner, approved only by the supervisor; follow-ups at 6 and 12 months
    planner.post(act(case, "request-closure"), {"reason": "short_term_goal", "note": "단기목표 달성"})
    assert reload(case).stage == Stage.CLOSURE_REQUESTED
    assert planner.post(act(case, "approve-closure"), {}).status_code == 403
    assert reload(case).stage == Stage.CLOSURE_REQUESTED
    assert {"approve-closure", "reject-closure"} <= offered(supervisor.get(detail(case)))
    response = supervisor.post(act(case, "approve-closure"), {}, follow=True)
    assert "종결을 승인했습니다. 사후관리 일정이 잡혔습니다." in messages_of(response)
    case = reload(case)
    assert case.stage == Stage.CLOSED
    due = list(FollowUp.objects.filter(case=case).values_list("due_on", flat=True))
    assert due == [add_months(TODAY, 6), add_months(TODAY, 12)]

    # 사후관리: the crisis came back — reopened at needs assessment
    first = FollowUp.objects.get(case=case, sequence=1)
    page = planner.get(detail(case))
    assert offered(page) == {"follow-up", "note"}  # a closed case takes follow-ups and notes only
    planner.post(
        act(case, "follow-up"),
        {"follow_up": first.pk, "done_on": TODAY.isoformat(), "outcome": "다시 체납", "reopen": "on"},
    )
    case = reload(case)
    assert case.stage == Stage.ASSESSMENT
    assert CaseEvent.objects.filter(case=case, action="reopen").exists()
    assert "재개" in planner.get(detail(case)).text


def test_the_supervisor_rejects_a_closure_and_the_case_goes_back(world, login):
    case = case_in_service(world)
    login("wolgok2.planner").post(act(case, "request-closure"), {"reason": "improved", "note": "호전"})
    response = login("wolgok2.supervisor").post(act(case, "reject-closure"), {"note": "점검 더 필요"}, follow=True)
    assert "종결 요청을 반려했습니다." in messages_of(response)
    assert reload(case).stage == Stage.IN_SERVICE


# ---------------------------------------------------------------------------------------- refusals


def test_a_case_cannot_be_closed_without_the_supervisors_approval(world, login):
    case = case_in_service(world)
    planner, supervisor = login("wolgok2.planner"), login("wolgok2.supervisor")
    # Nothing to approve yet: the state machine refuses, in Korean, and nothing changes.
    response = supervisor.post(act(case, "approve-closure"), {}, follow=True)
    assert "'서비스 제공·점검' 단계에서는 '종결 승인'을(를) 할 수 없습니다." in messages_of(response)
    assert reload(case).stage == Stage.IN_SERVICE and not FollowUp.objects.filter(case=case).exists()
    planner.post(act(case, "request-closure"), {"reason": "long_term_goal", "note": "자립"})
    refused = planner.post(act(case, "approve-closure"), {})
    assert refused.status_code == 403 and "종결 승인은(는) 복지수퍼바이저" in refused.text
    assert reload(case).stage == Stage.CLOSURE_REQUESTED and reload(case).closed_on is None
    assert AccessLog.objects.filter(username="wolgok2.planner", action=AccessLog.Action.FORBIDDEN).exists()


def test_unreachable_closure_needs_three_months_of_failed_attempts(world, login):
    case = case_in_service(world)
    planner = login("wolgok2.planner")
    planner.post(act(case, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "phone", "reached": "no"})
    response = planner.post(act(case, "request-closure"), {"reason": "unreachable", "note": "연락 안 됨"}, follow=True)
    assert any("3개월 이상에 걸쳐 3회 이상" in m for m in messages_of(response))
    case = reload(case)
    assert case.stage == Stage.IN_SERVICE and case.closure_reason == ""
    # Three failed attempts over three months, recorded on the page: now it may be requested.
    for months_ago in (4, 2):
        day = add_months(TODAY, -months_ago).isoformat()
        planner.post(act(case, "monitoring"), {"contacted_on": day, "method": "visit", "reached": "no"})
    planner.post(act(case, "request-closure"), {"reason": "unreachable", "note": "3개월 연락두절"})
    assert reload(case).stage == Stage.CLOSURE_REQUESTED


def test_a_planner_of_another_dong_gets_not_found_and_changes_nothing(world, login):
    case = case_in_service(world)
    outsider = login("jangwi1.planner")
    assert outsider.get(detail(case)).status_code == 404
    response = outsider.post(act(case, "monitoring"), {"contacted_on": TODAY.isoformat(), "method": "phone"})
    assert response.status_code == 404
    response = outsider.post(act(case, "request-closure"), {"reason": "improved", "note": "x"})
    assert response.status_code == 404
    assert not MonitoringContact.objects.filter(case=case).exists()
    assert reload(case).stage == Stage.IN_SERVICE
    denied = AccessLog.objects.filter(username="jangwi1.planner", action=AccessLog.Action.NOT_FOUND)
    assert denied.filter(object_type="case", object_id=str(case.pk)).count() == 3
    # and the case is not in their list
    assert "김영희" not in outsider.get(LIST).text


def test_bad_input_is_refused_in_korean_and_changes_nothing(world, login):
    user, p = actor("wolgok2.planner")
    case = services.open_case(user, p, person=world.kim, source="desk")
    planner = login("wolgok2.planner")
    response = planner.post(
        act(case, "assess"),
        {"assessed_on": TODAY.isoformat(), "urgency": "2", "importance": "2", "case_type": "general", "summary": "x"},
        follow=True,
    )
    assert "욕구 영역을 하나 이상 기록하세요." in " ".join(messages_of(response))
    response = planner.post(act(case, "assess"), {"urgency": "9"}, follow=True)
    text = " ".join(messages_of(response))
    assert "조사일:" in text and "시급성:" in text
    assert reload(case).stage == Stage.INTAKE and not case.assessments.exists()
    assert planner.post(act(case, "no-such-action"), {}).status_code == 404


def test_a_plan_without_a_short_term_goal_is_refused(world, login):
    case = case_in_service(world)
    planner = login("wolgok2.planner")
    before = ServicePlan.objects.filter(case=case).count()
    response = planner.post(
        act(case, "plan"), plan_post(**{"goals-1-description": "", "services-0-ends_on": "2000-01-01"}), follow=True
    )
    text = " ".join(messages_of(response))
    assert "장기목표와 단기목표를 각각 하나 이상 입력하세요." in text
    assert "종료일이 시작일보다 앞섭니다" in text
    assert ServicePlan.objects.filter(case=case).count() == before


def test_a_catalogue_programme_fills_the_service_row(world, login):
    from chatdong.resources.models import ServiceProgramme

    case = case_in_service(world)
    programme = ServiceProgramme.objects.filter(active=True).first()
    response = login("wolgok2.planner").post(
        act(case, "plan"),
        plan_post(**{"services-0-domain": "", "services-0-description": "", "services-0-programme": programme.pk}),
        follow=True,
    )
    assert "서비스계획을 작성했습니다. 복지수퍼바이저의 승인을 받으세요." in messages_of(response)
    service = ServicePlan.objects.filter(case=case).first().services.get()
    assert (service.programme, service.domain, service.description) == (programme, programme.domain, programme.name)


# -------------------------------------------------------------------------------- agencies and consent


def test_sharing_with_an_agency_needs_consent_or_the_supervisors_legal_exception(world, login):
    case = case_in_service(world)
    planner, supervisor = login("wolgok2.planner"), login("wolgok2.supervisor")
    assert 'name="legal_exception"' not in planner.get(detail(case)).text
    assert 'name="legal_exception"' in supervisor.get(detail(case)).text
    # The planner cannot slip a legal exception in: the field is not theirs, consent is missing.
    response = planner.post(
        act(case, "add-agency"), {"agency": world.welfare_centre.pk, "legal_exception": "긴급지원"}, follow=True
    )
    assert any("제3자 제공 동의" in m for m in messages_of(response))
    assert not CaseAgency.objects.filter(case=case).exists()
    supervisor.post(
        act(case, "set-lead"), {"agency": world.welfare_centre.pk, "legal_exception": "긴급지원법 제7조(위기상황)"}
    )
    case = reload(case)
    assert case.lead_agency == world.welfare_centre
    assert CaseAgency.objects.get(case=case).legal_exception == "긴급지원법 제7조(위기상황)"
    assert AuditEntry.objects.filter(model="cases.case", object_id=str(case.pk), changes__has_key="lead_agency")
    # With the resident's consent covering the agency, the planner may add it.
    puser, p = actor("wolgok2.planner")
    record_consent(puser, p, world.kim, kind=Consent.Kind.THIRD_PARTY, scope="사례관리 정보 공유", given_on=TODAY,
                   method="written", agency_ids=[world.health_centre.pk])  # fmt: skip
    planner.post(act(case, "add-agency"), {"agency": world.health_centre.pk, "role": "방문건강관리"})
    assert CaseAgency.objects.filter(case=case, agency=world.health_centre, role="방문건강관리").exists()
    assert "방문건강관리" in planner.get(detail(case)).text


# ------------------------------------------------------------------------------------------ notes


def test_notes_are_for_the_case_team_and_the_supervisor_and_every_view_is_logged(world, login):
    case = case_in_service(world, person=world.park)
    planner = login("wolgok2.planner")
    planner.post(act(case, "note"), {"text": "아들의 폭언이 계속된다고 함"})
    assert CaseNote.objects.filter(case=case).count() == 1

    nurse = login("wolgok2.nurse")  # in the dong, not on the case team
    page = nurse.get(detail(case))
    assert page.status_code == 200
    assert "아들의 폭언" not in page.text and "노인학대 의심" not in page.text and "note" not in offered(page)
    entry = AccessLog.objects.filter(username="wolgok2.nurse").latest("id")
    assert (entry.action, entry.object_type, entry.object_id) == (AccessLog.Action.VIEW, "case", str(case.pk))
    refused = nurse.post(act(case, "note"), {"text": "간호사 메모"})
    assert refused.status_code == 403 and CaseNote.objects.filter(case=case).count() == 1

    for username in ("wolgok2.planner", "wolgok2.supervisor"):
        page = login(username).get(detail(case))
        assert "아들의 폭언" in page.text and "노인학대 의심" in page.text
        entry = AccessLog.objects.filter(username=username).latest("id")
        assert (entry.action, entry.object_id) == (AccessLog.Action.VIEW_SENSITIVE, str(case.pk))

    # The worker does not add colleagues (nor the nurse herself): the supervisor puts the nurse on the team.
    nurse_staff = StaffMember.objects.get(user__username="wolgok2.nurse")
    assert planner.post(act(case, "team"), {"staff": nurse_staff.pk}).status_code == 403
    assert nurse.post(act(case, "team"), {"staff": nurse_staff.pk}).status_code == 403
    assert not CaseTeamMember.objects.filter(case=case, staff=nurse_staff).exists()
    login("wolgok2.supervisor").post(act(case, "team"), {"staff": nurse_staff.pk})
    assert CaseTeamMember.objects.filter(case=case, staff=nurse_staff).exists()
    assert "아들의 폭언" in nurse.get(detail(case)).text


def test_every_field_of_the_case_page_has_its_own_label(world, login):
    """All the action forms share one page: two fields with one id would leave one of them unlabelled
    (its label naming the other), and a click on the label would fill the wrong form."""
    case = case_in_service(world)
    planner, supervisor = login("wolgok2.planner"), login("wolgok2.supervisor")
    planner.post(act(case, "plan"), plan_post())  # a plan waiting: the supervisor is offered its approval
    pages = [planner.get(detail(case)).text, supervisor.get(detail(case)).text]
    planner.post(act(case, "request-closure"), {"reason": "improved", "note": "호전"})
    pages.append(supervisor.get(detail(case)).text)
    for page in pages:
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
        labelled = re.findall(r'<label for="([^"]+)"', page)
        assert labelled and set(labelled) <= set(ids)
        assert len(labelled) == len(set(labelled))


def test_the_monitoring_interval_moves_the_next_due_date(world, login):
    case = case_in_service(world)
    response = login("wolgok2.planner").post(act(case, "interval"), {"days": "14"}, follow=True)
    assert "점검 주기를 바꿨습니다." in messages_of(response)
    case = reload(case)
    assert (case.monitoring_interval_days, case.next_monitoring_on) == (14, TODAY + dt.timedelta(days=14))
    response = login("wolgok2.planner").post(act(case, "interval"), {"days": "400"}, follow=True)
    assert any("점검 주기" in m for m in messages_of(response)) and reload(case).monitoring_interval_days == 14


# ------------------------------------------------------------------------------------------- the list


def test_the_list_filters_and_highlights_overdue_monitoring(world, login):
    overdue = add_cases(world.wolgok2, 1, stage=Stage.IN_SERVICE, selection="managed", priority=2,
                        next_monitoring_on=TODAY - dt.timedelta(days=3))[0]  # fmt: skip
    fresh = add_cases(world.wolgok2, 1, stage=Stage.ASSESSMENT, priority=1)[0]
    add_cases(world.jangwi1, 1, worker="jangwi1.planner", stage=Stage.ASSESSMENT)
    client = login("wolgok2.planner")
    page = client.get(LIST)
    assert "2건" in page.text
    rows = page.text.split('data-testid="case-results"')[1]
    # most urgent first; the overdue row is highlighted
    assert rows.index(fresh.person.name) < rows.index(overdue.person.name)
    assert re.search(rf'<tr class="cd-overdue">\s*<td data-label="대상자"><a href="{detail(overdue)}"', rows)
    only_overdue = client.get(LIST, {"overdue": "on"})
    assert "1건" in only_overdue.text and overdue.person.name in only_overdue.text
    assert fresh.person.name not in only_overdue.text.split('data-testid="case-results"')[1]
    by_stage = client.get(LIST, {"stage": "assessment"})
    assert "1건" in by_stage.text and fresh.person.name in by_stage.text
    by_name = client.get(LIST, {"q": fresh.person.name})
    assert "1건" in by_name.text
    assert AccessLog.objects.filter(username="wolgok2.planner", action="search", object_type="case").exists()


def test_the_list_is_paged(world, login):
    add_cases(world.wolgok2, 45)
    client = login("wolgok2.planner")
    first = client.get(LIST)
    assert "45건" in first.text and 'aria-label="페이지 이동"' in first.text
    third = client.get(LIST, {"page": 3})
    assert len(re.findall(r'href="/cases/\d+/"', third.text)) == 5


def test_the_district_list_offers_every_worker_without_reading_the_map(world, login):
    """The worker filter labels each staff member with their dong (or district): names only, not the GeoJSON
    boundaries of the dongs and the district, which made the district's list of 300 staff cost 90 ms."""
    client = login("district.hope")
    with CaptureQueriesContext(connection) as ctx:
        text = client.get(LIST).text
    choices = [q["sql"] for q in ctx.captured_queries if 'ORDER BY "org_dong"."name" ASC' in q["sql"]]
    assert len(choices) == 2 and not any("boundary" in sql for sql in choices)  # the dongs, the staff
    planner = StaffMember.objects.get(user__username="jangwi1.planner")
    assert f'<option value="{planner.pk}">오민준 (장위1동)</option>' in text


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_for_one_case_or_forty(world, login):
    client = login("wolgok2.planner")
    add_cases(world.wolgok2, 1, stage=Stage.IN_SERVICE, selection="managed", next_monitoring_on=TODAY)
    small = _count(client, LIST)
    add_cases(world.wolgok2, 39, stage=Stage.IN_SERVICE, selection="managed",
              next_monitoring_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert _count(client, LIST) == small
    assert _count(client, LIST, {"overdue": "on"}) == small


def test_the_case_page_costs_the_same_queries_however_long_the_record(world, login):
    short = case_in_service(world)
    long = case_in_service(world, person=world.park)
    user, planner = actor("wolgok2.planner")
    for n in range(6):
        services.record_monitoring(user, planner, long, contacted_on=TODAY, method="phone", reached=bool(n % 2))
        services.record_delivery(user, planner, long, delivered_on=TODAY,
                                 service=services.ServiceInput("health", f"방문간호 {n}"))  # fmt: skip
        services.add_note(user, planner, long, f"기록 {n}")
    for client in (login("wolgok2.planner"), login("wolgok2.nurse")):
        assert _count(client, detail(short)) == _count(client, detail(long))


# ------------------------------------------------------------------------------- who sees the pages


def test_statistics_staff_see_the_summary_but_no_case(world, login):
    names = [c.person.name for c in add_cases(world.wolgok2, 2)]
    page = login("district.stats").get(LIST)
    assert page.status_code == 200
    assert 'data-testid="case-summary"' in page.text and 'data-testid="case-results"' not in page.text
    assert "2가구" in page.text
    assert not any(name in page.text for name in names)  # figures, never a person
    assert login("district.stats").get(detail(Case.objects.first())).status_code == 403


def test_a_tong_leader_has_no_case_pages(world, login):
    assert login("wolgok2.tongjang").get(LIST).status_code == 403


def test_navigation_has_case_management(world, login):
    page = login("wolgok2.planner").get(reverse("home"))
    assert f'href="{LIST}"' in page.text and "사례관리" in page.text


def test_sensitive_flags_of_the_household_show_only_to_the_team(world, login):
    case = case_in_service(world, person=world.park)
    assert PersonFlag.objects.filter(person=world.park, kind="elder_abuse").exists()
    assert 'data-testid="sensitive-flags"' in login("wolgok2.supervisor").get(detail(case)).text
    assert 'data-testid="sensitive-flags"' not in login("wolgok2.desk").get(detail(case)).text
