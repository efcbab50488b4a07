"""Navigation shown to each user according to what they may do."""

from django.http import HttpRequest
from django.urls import reverse

from chatdong.access.assignments.rules import can_manage_organisation
from chatdong.access.principal import principal_for
from chatdong.cases import rules as case_rules
from chatdong.org.roles import Role
from chatdong.outreach.progress import rules as progress_rules
from chatdong.registry import rules as registry_rules
from chatdong.reports import rules as report_rules


def navigation(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    principal = principal_for(request.user)
    items: list[tuple[str, str]] = [("home", "홈")]
    if principal.staff and (principal.is_dong_staff or principal.is_district_case_staff):
        items.append(("work_list", "오늘 할 일"))
    if principal.is_leader:
        items.append(("outreach:leader_home", "안부확인"))
    if principal.sees_people:
        items.append(("registry:household_list", "가구 검색"))
    if principal.is_superuser or principal.is_dong_staff or principal.is_district_case_staff:
        items += [("consult:consultation_list", "종합상담"), ("consult:referral_list", "의뢰 현황")]
    if case_rules.SUMMARY.admits(principal):
        items.append(("cases:case_list", "사례관리"))
    if principal.sees_people and not principal.is_leader:
        items.append(("meetings:meeting_list", "사례회의"))
        items.append(("outreach:watch_list", "방문·모니터링"))
    if principal.sees_people:
        items.append(("outreach:target_list", "찾아가는 복지"))
    elif progress_rules.can_see_outreach_progress(principal):
        items.append(("outreach:progress", "방문 진도율"))
    if principal.is_superuser or principal.is_dong_staff or principal.is_district_case_staff:
        items.append(("outreach:zone_list", "우리동네주무관"))
    if registry_rules.can_import(principal):
        items.append(("registry:import", "주민등록 자료 가져오기"))
    if principal.is_superuser or principal.staff:
        items.append(("resources:agencies", "기관"))
    if report_rules.can_see_statistics(principal):
        items.append(("reports:dong_stats", "동별 통계·지도"))
    if can_manage_organisation(principal):
        items.append(("access:zones", "구역·역할 관리"))
    if principal.is_auditor:
        items.append(("reports:access_log", "접근기록"))
    path = request.path
    urls = [reverse(name) for name, _label in items]
    # One current item: the longest menu address the page lies under (/consult/referrals/ is 의뢰 현황, not 종합상담).
    current = max((url for url in urls if (path == url if url == "/" else path.startswith(url))), key=len, default="")
    nav_items = [
        {"url": url, "label": label, "active": url == current} for url, (_n, label) in zip(urls, items, strict=True)
    ]
    if principal.staff:
        role_labels = ", ".join(sorted(Role(r).label for r in principal.roles))
        where = principal.staff.dong or principal.staff.district
        label = f"{principal.staff.name} · {where} {role_labels}"
    elif principal.leader:
        label = f"{principal.leader.name} · {principal.leader.dong} {principal.leader.get_kind_display()}"
    else:
        label = request.user.get_username()
    return {"nav_items": nav_items, "nav_user_label": label}
