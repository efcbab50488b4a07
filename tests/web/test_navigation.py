"""The main menu: each user sees the pages their door lets them into, and building it resolves no URL per request."""

import re

from django.urls import resolve, reverse

from chatdong.web import context


def menu(text: str) -> list[str]:
    nav = text.split('aria-label="주 메뉴"')[1].split("</nav>")[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_each_user_sees_the_pages_they_may_open(world, login):
    planner = menu(login("wolgok2.planner").get(reverse("home")).text)
    assert {"홈", "오늘 할 일", "가구 검색", "사례관리", "찾아가는 복지"} <= set(planner)
    assert "방문 진도율" not in planner  # one click away on 찾아가는 복지
    assert "접근기록" not in planner and "안부확인" not in planner
    leader = menu(login("wolgok2.tongjang").get(reverse("home")).text)
    assert "안부확인" in leader and "사례관리" not in leader
    assert "가구 검색" not in menu(login("district.stats").get(reverse("home")).text)


def test_the_menu_resolves_no_url_on_each_page(world, login, monkeypatch):
    client = login("wolgok2.planner")
    first = menu(client.get(reverse("home")).text)
    calls: list[str] = []

    def counted(function):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(function.__name__)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(context, "resolve", counted(resolve))
    monkeypatch.setattr(context, "reverse", counted(reverse))
    assert menu(client.get(reverse("work_list")).text) == first
    assert calls == []
