"""Navigation shown to each user: the pages whose door lets them in (so a menu item never leads to a refusal)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import get_script_prefix, resolve, reverse

from chatdong.access import two_factor
from chatdong.access.doors import Door, door_of
from chatdong.access.principal import Principal, principal_for
from chatdong.org.roles import Role

# (URL name, label, who sees the item when not simply those its page's door admits)
MENU: list[tuple[str, str, Callable[[Principal], bool] | None]] = [
    ("home", "홈", None),
    ("work_list", "오늘 할 일", None),
    # Staff open a tong leader's page on their behalf from the zone page; the menu item is the leader's own.
    ("outreach:leader_home", "안부확인", lambda p: p.is_leader),
    ("registry:household_list", "가구 검색", None),
    ("consult:consultation_list", "종합상담", None),
    ("consult:referral_list", "의뢰 현황", None),
    ("cases:case_list", "사례관리", None),
    ("meetings:meeting_list", "사례회의", None),
    ("outreach:watch_list", "방문·모니터링", None),
    ("outreach:target_list", "찾아가는 복지", None),
    ("outreach:progress", "방문 진도율", None),  # for those without the target lists, where it is one click away
    ("outreach:zone_list", "우리동네주무관", None),
    ("registry:import", "주민등록 자료 가져오기", None),
    ("registry:move_ins", "전입 확인", None),  # the receiving dong's supervisor
    ("resources:agencies", "기관", None),
    ("reports:dong_stats", "동별 통계·지도", None),
    ("access:zones", "구역·역할 관리", None),
    ("registry:emergency_list", "긴급 열람", None),
    ("reports:access_log", "접근기록", None),
    ("reports:review_index", "접속기록 점검", None),
]


@dataclass(frozen=True)
class _Item:
    name: str
    url: str
    label: str
    who: Callable[[Principal], bool] | None
    door: Door | None


@cache
def _menu(script_prefix: str) -> tuple[_Item, ...]:
    """Each item's address and its page's door, found once per process (and script prefix): resolving twenty URLs
    on every page cost a few milliseconds of each request, and they cannot change while the process runs."""
    items = []
    for name, label, who in MENU:
        url = reverse(name)
        items.append(_Item(name, url, label, who, door_of(resolve(url).func)))
    return tuple(items)


def _shows(item: _Item, principal: Principal) -> bool:
    if item.who is not None:
        return item.who(principal)
    return item.door is not None and (item.door.rule is None or item.door.rule.admits(principal))


def navigation(request: HttpRequest) -> dict[str, object]:
    if not request.user.is_authenticated:
        return {}
    principal = principal_for(request.user)
    if two_factor.pending_step(request) is not None:
        # Until the code or the enrolment is done every menu item would only lead back to it.
        return {"nav_items": [], "nav_user_label": request.user.get_username(), "two_factor_pending": True}
    items = [item for item in _menu(get_script_prefix()) if _shows(item, principal)]
    if any(item.name == "outreach:target_list" for item in items):
        items = [item for item in items if item.name != "outreach:progress"]
    shown = [(item.url, item.label) for item in items]
    path = request.path
    # One current item: the longest menu address the page lies under (/consult/referrals/ is 의뢰 현황, not 종합상담).
    current = max(
        (url for url, _l in shown if (path == url if url == "/" else path.startswith(url))), key=len, default=""
    )
    nav_items = [{"url": url, "label": label, "active": url == current} for url, label in shown]
    if principal.staff:
        role_labels = ", ".join(sorted(Role(r).label for r in principal.roles))
        where = principal.staff.dong or principal.staff.district
        label = f"{principal.staff.name} · {where} {role_labels}"
    elif principal.leader:
        label = f"{principal.leader.name} · {principal.leader.dong} {principal.leader.get_kind_display()}"
    else:
        label = request.user.get_username()
    return {"nav_items": nav_items, "nav_user_label": label}
