"""GET /api/v1/dongs: each dong's households, residents and recipients, for statistics and dong staff."""

from chatdong.access.models import AccessLog
from chatdong.org.reference import read_dong_figures
from chatdong.registry.benefit_types import STATS_COLUMNS


def _by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["name"]: row for row in rows}


def test_statistics_officer_gets_every_dong_with_the_personas_counted(world, api_client):
    response = api_client("district.stats").get("/api/v1/dongs")
    assert response.status_code == 200
    rows = _by_name(response.json())
    assert set(rows) == {f.name for f in read_dong_figures()}  # Seongbuk-gu's dongs, none missing

    wolgok2 = rows["월곡2동"]
    assert wolgok2["code"] == world.wolgok2.code
    assert (wolgok2["households"], wolgok2["residents"]) == (2, 4)
    assert (wolgok2["male"], wolgok2["female"]) == (2, 2)  # 이민호, 이서준 / 김영희, 박순자
    assert list(wolgok2["recipients"]) == list(STATS_COLUMNS)  # every column, in the CSV's order
    assert wolgok2["recipients"]["basic_livelihood"] == 1  # 김영희
    assert wolgok2["recipients"]["basic_pension"] == 1  # 박순자
    assert sum(wolgok2["recipients"].values()) == 2
    assert wolgok2["recipients_total"] == 2

    jangwi1 = rows["장위1동"]
    assert (jangwi1["households"], jangwi1["residents"], jangwi1["recipients_total"]) == (1, 1, 0)
    assert set(jangwi1["recipients"].values()) == {0}

    others = [row for name, row in rows.items() if name not in {"월곡2동", "장위1동"}]
    assert all(row["households"] == row["residents"] == row["recipients_total"] == 0 for row in others)


def test_dong_staff_see_the_same_figures(world, api_client):
    by_stats = api_client("district.stats").get("/api/v1/dongs").json()
    by_planner = api_client("wolgok2.planner").get("/api/v1/dongs")
    assert by_planner.status_code == 200
    assert by_planner.json() == by_stats


def test_no_person_is_named_in_the_figures(world, api_client):
    text = api_client("district.stats").get("/api/v1/dongs").content.decode()
    for name in ("김영희", "박순자", "이철수"):
        assert name not in text


def test_neighbourhood_leader_gets_403_in_korean_and_it_is_logged(world, api_client):
    response = api_client("wolgok2.tongjang").get("/api/v1/dongs")
    assert response.status_code == 403
    assert response.json() == {"detail": "통계를 볼 권한이 없습니다."}
    entry = AccessLog.objects.filter(username="wolgok2.tongjang").latest("id")
    assert entry.action == AccessLog.Action.FORBIDDEN
    assert entry.channel == "api"
