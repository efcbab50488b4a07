"""In a real browser, one household from the desk to the follow-up: 김영희 comes to the 월곡2동 desk; the
desk officer refers her to the planner, who takes the referral, answers it and tells her; the planner opens
a case and assesses it; the supervisor's case conference selects it and names the lead agency; the plan is
written and approved; monitoring falls behind and shows in 오늘 할 일; the case is closed with the
supervisor's approval; six months on the follow-up is due, and the crisis is back: the case reopens.

Every step is taken on the pages. Set up by hand: the personas, 김영희's earlier consent to share with
월곡종합사회복지관, and the clock — a due date set back where the real world would let time pass.
"""

import datetime as dt
import re

from playwright.sync_api import expect

from chatdong.cases.models import Case, CaseEvent, FollowUp, MonitoringContact, ServicePlan
from chatdong.cases.states import Selection, Stage
from chatdong.consult.models import Consultation, Referral
from chatdong.core.dates import add_months
from chatdong.meetings.models import AgendaItem, Meeting
from chatdong.registry.consents import record_consent
from chatdong.registry.models import Consent
from tests.cases.helpers import actor

from .helpers import log_in, log_out, shot, tick, unfold


def _as(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Hand the browser to the next person: the one at it logs out, `username` logs in."""
    log_out(page)
    log_in(page, username)


def _offered(page, action: str):  # type: ignore[no-untyped-def]
    """An action of the case page's 처리 section, by its title."""
    return page.locator("summary", has_text=re.compile(f"^{re.escape(action)}$"))


def _stage(page):  # type: ignore[no-untyped-def]
    """The case page's step indicator: the current stage."""
    return page.get_by_role("list", name="사례 단계").locator('[aria-current="step"]')


def _work_section(page, key: str):  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="오늘 할 일").click()
    return page.locator(f'[data-section="{key}"]')


def _open_case_from_list(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="사례관리").click()
    page.get_by_test_id("case-results").get_by_role("link", name=name).click()


def _referral_status(page):  # type: ignore[no-untyped-def]
    """The status tag beside the referral page's heading."""
    return page.get_by_role("heading", name=re.compile("김영희 의뢰")).locator(".cd-tag").first


def _message(page, text: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.get_by_role("status")).to_contain_text(text)


def test_one_household_from_the_desk_to_a_reopened_case(page, live_world):
    today = dt.date.today()
    kim = live_world.kim
    centre = live_world.welfare_centre
    # 김영희 signed the consent to share her case with 월곡종합사회복지관 at an earlier visit.
    user, planner = actor("wolgok2.planner")
    record_consent(user, planner, kim, kind=Consent.Kind.THIRD_PARTY, scope="사례관리 정보 공유", given_on=today,
                   method="written", agency_ids=[centre.pk])  # fmt: skip

    # --- 종합상담: the desk officer records the visit and refers her to the planner -------------------
    log_in(page, "wolgok2.desk")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="종합상담").click()
    page.get_by_role("link", name="종합상담 기록").click()
    page.get_by_label("이름, 생년월일, 주민등록번호, 주소").fill("김영희")
    page.get_by_role("button", name="찾기").click()
    page.get_by_role("link", name=re.compile("김영희 · 세대주")).click()
    tick(page, "내방")
    page.get_by_label("상담 내용").fill("남편 실직 후 월세 3개월 체납. 생계비가 부족하다고 함.")
    tick(page, "경제")
    page.get_by_label("경제 욕구 내용").fill("월세 체납, 생계비")
    page.get_by_label("일자리 욕구 내용").fill("남편 구직")
    page.get_by_role("button", name="상담 기록").click()
    _message(page, "종합상담을 기록했습니다.")
    expect(page.get_by_role("heading", name="종합상담 · 김영희")).to_be_visible()
    page.get_by_role("link", name="의뢰하기").click()
    expect(page.get_by_text("이 가구 구역의 빈곤위기가정 복지플래너: 김하늘(기본으로 선택됨)")).to_be_visible()
    tick(page, "내부 의뢰")
    page.get_by_label("영역").select_option(label="경제")
    expect(page.get_by_label("받을 담당자(내부)")).to_have_value(str(planner.staff.pk))
    page.get_by_label("의뢰 내용").fill("월세 체납 위기가구. 긴급지원과 사례관리 검토 바랍니다.")
    page.get_by_role("button", name="의뢰", exact=True).click()
    _message(page, "의뢰했습니다.")
    expect(_referral_status(page)).to_have_text("의뢰")
    expect(page.get_by_role("definition").filter(has_text="김하늘")).to_be_visible()  # 받는 곳
    shot(page, "01_referral_made")

    # --- The planner receives the referral from 오늘 할 일, answers it and tells the resident ----------
    _as(page, "wolgok2.planner")
    to_me = _work_section(page, "referrals_to_me")
    expect(to_me).to_contain_text("김영희 · 경제 (윤서연 의뢰)")
    to_me.get_by_role("link", name="김영희 · 경제 (윤서연 의뢰)").click()
    page.get_by_role("button", name="접수", exact=True).click()
    _message(page, "의뢰 상태를 기록했습니다.")
    expect(_referral_status(page)).to_have_text("접수")
    done = unfold(page, "완료 기록")
    done.get_by_label("처리 결과").fill("가정방문 확인. 긴급지원 생계비 신청, 사례관리 접수 예정.")
    done.get_by_role("button", name="완료").click()
    expect(_referral_status(page)).to_have_text("완료")
    tell = page.locator("details", has_text="주민에게 결과 안내")
    expect(tell.get_by_label("안내일")).to_have_value(today.isoformat())
    tell.get_by_label("안내 방법").select_option(label="방문")
    tell.get_by_role("button", name="안내 기록").click()
    expect(page.get_by_text(f"{today:%Y-%m-%d} · 방문")).to_be_visible()
    shot(page, "02_referral_told")

    # --- 사례 접수 from the consultation, then 욕구조사 with the needs by domain and a crisis rating ------
    page.get_by_role("main").get_by_role("link", name="종합상담", exact=True).click()
    page.get_by_role("button", name="사례 접수").click()
    _message(page, "주 사례관리자: 김하늘")
    expect(_stage(page)).to_have_text("접수")
    assess = unfold(page, "욕구조사")
    assess.get_by_label("시급성").select_option(label="3 높음")
    assess.get_by_label("중요도").select_option(label="3 높음")
    assess.get_by_label("사례 유형").select_option(label="위기사례")
    assess.get_by_label("조사 결과").fill("실직 후 월세 3개월 체납, 퇴거 위기.")
    assess.get_by_label("경제 욕구").fill("월세 체납 해소")
    assess.get_by_label("주거 욕구").fill("퇴거 위기")
    assess.get_by_label("일자리 욕구").fill("남편 구직")
    assess.get_by_role("button", name="저장").click()
    _message(page, "욕구조사를 기록했습니다.")
    expect(_stage(page)).to_have_text("욕구조사")
    expect(page.get_by_text("긴급", exact=True)).to_be_visible()
    assessments = page.get_by_role("region", name="욕구조사")
    for text in ("월세 체납 해소", "퇴거 위기", "남편 구직", "시급성 3"):
        expect(assessments).to_contain_text(text)
    expect(_offered(page, "대상자 구분·선정")).to_have_count(0)  # selection is the supervisor's
    case = Case.objects.get(household=live_world.kim_household)
    shot(page, "03_assessed")

    # --- The supervisor's case conference selects the household and names the lead agency -----------
    _as(page, "wolgok2.supervisor")
    waiting = _work_section(page, "selection_pending")
    expect(waiting).to_contain_text(f"김영희 · 사례 #{case.pk}")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="사례회의").click()
    page.get_by_role("link", name="사례회의 등록").click()
    page.get_by_label("회의 종류").select_option(label="내부 사례회의")
    page.get_by_label("구분").select_option(label="수시")
    page.get_by_label("회의명").fill("월곡2동 수시 사례회의")
    page.get_by_label("장소").fill("동주민센터 2층 회의실")
    expect(page.get_by_label("주재")).to_contain_text("정수빈")
    page.get_by_role("button", name="등록").click()
    _message(page, "사례회의를 등록했습니다.")
    for purpose in ("대상자 선정", "주 사례관리기관 지정"):
        agenda = unfold(page, "안건 추가")
        agenda.get_by_label("사례").select_option(label=f"#{case.pk} 김영희 (욕구조사)")
        agenda.get_by_label("안건").fill(purpose)
        agenda.get_by_role("button", name="추가").click()
        _message(page, "안건을 추가했습니다.")
    page.get_by_role("button", name="개최로 표시").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("개최")
    rows = page.get_by_test_id("agenda").locator("tbody tr")
    decide = unfold(page, "결정 기록", within=rows.filter(has_text="대상자 선정"))
    decide.get_by_label("결정:", exact=True).select_option(label="대상자 선정")
    decide.get_by_label("대상자 구분(선정일 때)").select_option(label="사례관리가구")
    decide.get_by_label("논의 내용").fill("퇴거 위기, 복합 욕구: 사례관리가구로 선정")
    decide.get_by_role("button", name="결정").click()
    _message(page, "결정을 기록했습니다. 사례에 반영되었습니다.")
    decide = unfold(page, "결정 기록", within=rows.filter(has_text="주 사례관리기관 지정"))
    decide.get_by_label("결정:", exact=True).select_option(label="주 사례관리기관 결정")
    decide.get_by_label("주 사례관리기관(기관 결정일 때)").select_option(label=centre.name)
    decide.get_by_role("button", name="결정").click()
    _message(page, "결정을 기록했습니다. 사례에 반영되었습니다.")
    expect(rows.filter(has_text="대상자 선정")).to_contain_text("대상자 선정: 사례관리가구")
    expect(rows.filter(has_text="주 사례관리기관 지정")).to_contain_text(f"주 사례관리기관 결정: {centre.name}")
    shot(page, "04_conference")
    page.get_by_test_id("agenda").get_by_role("link", name=f"#{case.pk} 김영희").first.click()
    expect(_stage(page)).to_have_text("서비스계획 수립")
    expect(page.get_by_text(f"사례관리가구 ({today:%Y-%m-%d} · 정수빈 결정)")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text=centre.name).first).to_be_visible()

    # --- The planner writes the service plan; the supervisor approves it -------------------------------
    _as(page, "wolgok2.planner")
    _open_case_from_list(page, "김영희")
    plan = unfold(page, "서비스계획 작성")
    plan.get_by_label("개입 방향").fill("주거 안정 후 취업 연계")
    goal = plan.locator("fieldset", has=page.locator("legend", has_text=re.compile("^목표 1$")))
    goal.get_by_label("목표:", exact=True).fill("경제적 자립")
    goal = plan.locator("fieldset", has=page.locator("legend", has_text=re.compile("^목표 2$")))
    goal.get_by_label("목표:", exact=True).fill("월세 체납 해소")
    service = plan.locator("fieldset", has=page.locator("legend", has_text=re.compile("^서비스 1$")))
    service.get_by_label("영역").select_option(label="경제")
    service.get_by_label("서비스 내용").fill("긴급지원 생계비")
    service.get_by_label("금액·가치(원)").fill("600000")
    plan.get_by_role("button", name="저장").click()
    _message(page, "서비스계획을 작성했습니다. 복지수퍼바이저의 승인을 받으세요.")
    expect(page.get_by_test_id("plan")).to_contain_text("승인 대기")

    _as(page, "wolgok2.supervisor")
    approvals = _work_section(page, "plan_approvals")
    approvals.get_by_role("link", name=f"김영희 · 사례 #{case.pk}").click()
    approve = unfold(page, "서비스계획 승인")
    approve.get_by_role("button", name="승인").click()
    _message(page, "서비스계획을 승인했습니다. 서비스 제공·점검 단계입니다.")
    expect(_stage(page)).to_have_text("서비스 제공·점검")
    expect(page.get_by_test_id("plan")).to_contain_text("승인")
    first_due = today + dt.timedelta(days=30)
    expect(page.get_by_text(f"다음 예정일 {first_due:%Y-%m-%d}")).to_be_visible()

    # --- Monitoring: a visit, then the next one falls behind and shows in 오늘 할 일 --------------------
    _as(page, "wolgok2.planner")
    _open_case_from_list(page, "김영희")
    contact = unfold(page, "점검 기록")
    contact.get_by_label("방법").select_option(label="방문")
    contact.get_by_label("만난 사람").fill("본인")
    contact.get_by_label("변화·점검 내용").fill("생계비 지원 받음, 체납 일부 해소")
    contact.get_by_role("button", name="저장").click()
    _message(page, "점검을 기록했습니다.")
    # A month passes without the next contact.
    Case.objects.filter(pk=case.pk).update(next_monitoring_on=today - dt.timedelta(days=3))
    overdue = _work_section(page, "monitoring_overdue")
    expect(overdue).to_contain_text("기한 지남 1건")
    entry = overdue.locator("li").filter(has_text=f"김영희 · 사례 #{case.pk}")
    expect(entry).to_contain_text("3일 지남")
    expect(entry.locator(".cd-tag-danger", has_text="기한 지남")).to_be_visible()
    shot(page, "05_overdue")
    entry.get_by_role("link").click()
    expect(page.get_by_test_id("overdue")).to_have_text("점검 기한 지남")
    contact = unfold(page, "점검 기록")
    contact.get_by_label("방법").select_option(label="전화")
    contact.get_by_label("변화·점검 내용").fill("남편 취업, 체납 해소")
    contact.get_by_role("button", name="저장").click()
    _message(page, "점검을 기록했습니다.")
    expect(page.get_by_test_id("overdue")).to_have_count(0)
    expect(page.get_by_test_id("contacts").locator("tbody tr")).to_have_count(2)
    expect(_work_section(page, "monitoring_overdue")).to_contain_text("기한이 지난 점검이 없습니다.")

    # --- Closure: requested by the planner, approved by the supervisor --------------------------------
    _open_case_from_list(page, "김영희")
    closure = unfold(page, "종결 요청")
    closure.get_by_label("종결 사유").select_option(label="단기목표 달성")
    closure.get_by_label("종결 의견").fill("체납 해소, 남편 취업으로 단기목표 달성")
    closure.get_by_role("button", name="종결 요청").click()
    _message(page, "종결을 요청했습니다. 복지수퍼바이저의 승인을 기다립니다.")
    expect(_stage(page)).to_have_text("종결 승인 대기")
    expect(_offered(page, "종결 승인")).to_have_count(0)  # the planner cannot approve her own closure

    _as(page, "wolgok2.supervisor")
    closures = _work_section(page, "closure_approvals")
    expect(closures).to_contain_text("종결 사유: 단기목표 달성 · 담당 김하늘")
    closures.get_by_role("link", name=f"김영희 · 사례 #{case.pk}").click()
    unfold(page, "종결 승인").get_by_role("button", name="종결 승인").click()
    _message(page, "종결을 승인했습니다. 사후관리 일정이 잡혔습니다.")
    expect(_stage(page)).to_have_text("종결")
    expect(page.get_by_text("정수빈 승인")).to_be_visible()
    six, twelve = add_months(today, 6), add_months(today, 12)
    follow_ups = page.get_by_test_id("follow-ups")
    expect(follow_ups).to_contain_text(f"1차 · 예정일 {six:%Y-%m-%d} · 예정")
    expect(follow_ups).to_contain_text(f"2차 · 예정일 {twelve:%Y-%m-%d} · 예정")
    case.refresh_from_db()
    assert (case.stage, case.closure_approved_by.user.username, case.closed_on) == (
        Stage.CLOSED,
        "wolgok2.supervisor",
        today,
    )
    shot(page, "06_closed")

    # --- Six months on: the follow-up is due, the crisis is back, the case reopens ---------------------
    _as(page, "wolgok2.planner")
    expect(_work_section(page, "follow_ups")).to_contain_text("이번 주까지 예정된 사후관리가 없습니다.")
    FollowUp.objects.filter(case=case, sequence=1).update(due_on=today - dt.timedelta(days=1))
    due = _work_section(page, "follow_ups").locator("li").filter(has_text=f"김영희 · 사례 #{case.pk}")
    expect(due).to_contain_text("사후관리 1차 예정일")
    expect(due).to_contain_text("1일 지남")
    due.get_by_role("link").click()
    follow_up = unfold(page, "사후관리 기록")
    expect(follow_up.get_by_label("차수")).to_contain_text("1차")
    follow_up.get_by_label("결과").fill("남편 다시 실직, 월세 2개월 체납")
    tick(page, "위기가 재발하여 사례를 재개합니다(욕구조사부터)", within=follow_up)
    follow_up.get_by_role("button", name="저장").click()
    _message(page, "사후관리를 기록했습니다.")
    expect(_stage(page)).to_have_text("욕구조사")
    expect(page.get_by_test_id("follow-ups")).to_contain_text("재개")
    expect(page.get_by_test_id("timeline")).to_contain_text("사후관리 1차에서 재개")
    shot(page, "07_reopened")

    # --- What the records say ---------------------------------------------------------------------------
    case.refresh_from_db()
    assert (case.stage, case.selection, case.selected_by.user.username) == (
        Stage.ASSESSMENT,
        Selection.MANAGED,
        "wolgok2.supervisor",
    )
    assert (case.worker.user.username, case.lead_agency, case.priority, case.case_type) == (
        "wolgok2.planner",
        centre,
        1,
        "crisis",
    )
    referral = Referral.objects.get(person=kim)
    assert (referral.status, referral.to_staff.user.username, referral.case) == (
        Referral.Status.COMPLETED,
        "wolgok2.planner",
        case,
    )
    assert (referral.resident_told_on, referral.resident_told_method) == (today, Referral.TellMethod.VISIT)
    assert Consultation.objects.get(person=kim).case == case
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.HELD
    assert sorted(meeting.agenda.values_list("decision", flat=True)) == sorted(
        [AgendaItem.Decision.SELECTION, AgendaItem.Decision.LEAD_AGENCY]
    )
    plan = ServicePlan.objects.get(case=case)
    assert plan.approved_by.user.username == "wolgok2.supervisor"
    assert [(g.term, g.description) for g in plan.goals.order_by("id")] == [
        ("long", "경제적 자립"),
        ("short", "월세 체납 해소"),
    ]
    assert MonitoringContact.objects.filter(case=case, reached=True).count() == 2
    events = {e.action: e for e in CaseEvent.objects.filter(case=case).select_related("actor")}
    assert events["approve_closure"].actor.user.username == "wolgok2.supervisor"
    assert events["request_closure"].actor.user.username == "wolgok2.planner"
    assert events["select"].meeting_id == meeting.pk
    assert events["reopen"].actor.user.username == "wolgok2.planner"
    # The reopened case has no closure any more; the follow-up that found the relapse is kept, the later one dropped.
    assert (case.closed_on, case.closure_approved_by) == (None, None)
    assert list(FollowUp.objects.filter(case=case).values_list("sequence", "done_on", "reopened")) == [(1, today, True)]
