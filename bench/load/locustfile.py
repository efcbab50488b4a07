"""Load: staff of the full-scale demo doing their day, and a floor, against a running server (bench/load/run.sh).

Personas (each virtual user signs in once, then picks real records of its own dong from the pages it is shown):
- 복지플래너 (<dong>.planner): home, work list, household search, household page, case page.
- 복지상담전문관 (<dong>.desk): home, a resident's name at the desk, their household, the consultation list.
- 방문간호사 (<dong>.nurse): work list, visit list, household page, records a home visit (a write).
- 복지통장 (wolgok2.tongjang, the demo's one tong leader account): their households, records a check-in (a write).
- 희망복지지원단 (district.hope): home, the district's case list and cases, a district-wide search.
- floor: a minimal Django view, anonymous (/healthz, or the login page where there is no /healthz).

Figures are taken in a window that opens once every user has signed in (plus LOAD_SETTLE seconds) and lasts
LOAD_MEASURE seconds; the sign-ins are reported apart. The window's figures go to LOAD_RESULT as JSON
(bench/load/report.py prints them). Not a test: nothing in CI runs it.
"""

import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import gevent
import psutil
from locust import FastHttpUser, between, events, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from chatdong.demo.places import DONG_SLUGS  # the usernames' dong part (plain data, no Django)

PASSWORD = os.environ.get("LOAD_PASSWORD", "chatdong-demo")
SETTLE = float(os.environ.get("LOAD_SETTLE", "10"))
MEASURE = float(os.environ.get("LOAD_MEASURE", "60"))
LOGIN_TIMEOUT = float(os.environ.get("LOAD_LOGIN_TIMEOUT", "600"))
RESULT = os.environ.get("LOAD_RESULT", "")
# Seconds each user waits between two steps of their day (uniform between the two): the 0.5–1.5 s by default.
THINK = [float(x) for x in os.environ.get("LOAD_THINK", "0.5 1.5").split()]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOUSEHOLD_ROW = re.compile(r'href="/registry/households/(\d+)/">([^<]+)</a>')
CASE = re.compile(r'href="/cases/(\d+)/"')
PERSON = re.compile(r'href="/registry/persons/(\d+)/"')
MEMBER_BOX = re.compile(r'name="members_present" value="(\d+)"')
CHECK_IN = re.compile(r'href="/outreach/leader/households/(\d+)/check-in/"')
PAGES = re.compile(r"[?&]page=(\d+)")


@dataclass
class Window:
    """The measuring window and what was recorded in it (one per locust process)."""

    target_users: int = 0
    signed_in: int = 0
    logins: list[float] = field(default_factory=list)
    login_started: float | None = None
    login_ended: float | None = None
    opened: float | None = None
    closed: float | None = None
    samples: dict[str, list[float]] = field(default_factory=dict)  # "persona: page" → response times (ms)
    failures: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)  # what failed, with how many times
    meta: dict[str, object] = field(default_factory=dict)

    def is_open(self) -> bool:
        return self.opened is not None and self.closed is None


WINDOW = Window()
FLOOR = {"path": "/accounts/login/", "what": "login page GET (no /healthz on this server)"}


class Staff(FastHttpUser):
    """One staff member's browser: signs in once, then keeps the session cookie."""

    abstract = True
    wait_time = between(THINK[0], THINK[-1])
    persona = "staff"
    role = ""  # a dong staff role: the user signs in as <a dong picked at random>.<role> (the demo has each in each)
    username = ""  # or this one account

    # --- plumbing ------------------------------------------------------------------------------------
    def page(self, path: str, label: str) -> str:
        """GET a page of the signed-in user; anything but a 200 (a redirect to the login page included) fails."""
        with self.client.get(
            path, name=f"{self.persona}: {label}", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {label}")
                return ""
            return response.text or ""

    def submit(self, path: str, form_html: str, fields: list[tuple[str, str]], label: str) -> bool:
        """POST a form as the browser would (its CSRF token from the page); success is the redirect after it."""
        token = CSRF.search(form_html)
        if not token:
            return False
        body = urlencode([("csrfmiddlewaretoken", token.group(1)), *fields])
        with self.client.post(
            path, data=body, name=f"{self.persona}: {label}", allow_redirects=False, catch_response=True,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": self.host + path},
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"{response.status_code} on {label} (not saved)")
                return False
        return True

    def on_start(self) -> None:
        if self.role:
            self.username = f"{random.choice(list(DONG_SLUGS.values()))}.{self.role}"
        self.households: list[tuple[int, str]] = []
        self.cases: list[int] = []
        started = time.time()
        WINDOW.login_started = min(WINDOW.login_started or started, started)
        login_page = self.client.get("/accounts/login/", name="login page").text or ""
        self.submit_login(login_page)
        ended = time.time()
        WINDOW.logins.append((ended - started) * 1000)
        WINDOW.login_ended = max(WINDOW.login_ended or ended, ended)
        self.collect()
        WINDOW.signed_in += 1

    def submit_login(self, login_page: str) -> None:
        token = CSRF.search(login_page)
        body = urlencode(
            [("csrfmiddlewaretoken", token.group(1) if token else ""), ("username", self.username),
             ("password", PASSWORD)]
        )  # fmt: skip
        with self.client.post(
            "/accounts/login/", data=body, name="login", allow_redirects=False, catch_response=True,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": self.host + "/accounts/login/"},
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"login of {self.username}: {response.status_code}")

    def collect(self) -> None:
        """Real records of the user's own scope, from the pages they are shown (not counted: before the window)."""

    # --- what people look at ------------------------------------------------------------------------------
    def remember_households(self, html: str) -> list[tuple[int, str]]:
        rows = [(int(pk), name) for pk, name in HOUSEHOLD_ROW.findall(html)]
        self.households.extend(rows)
        del self.households[:-200]  # a working set, not the dong
        return rows

    def list_households(self, pages: int = 2) -> None:
        last = PAGES.findall(self.page("/registry/households/", "household list"))
        top = min(max((int(n) for n in last), default=1), 200)
        for number in random.sample(range(1, top + 1), min(pages, top)):
            self.remember_households(self.page(f"/registry/households/?page={number}", "household list"))

    def search_term(self) -> str:
        """What staff type: mostly a whole name, sometimes a given name, now and then a surname alone."""
        name = random.choice(self.households)[1] if self.households else "김"
        roll = random.random()
        if roll < 0.6 or len(name) < 3:
            return name
        return name[1:] if roll < 0.85 else name[0]

    def search(self) -> None:
        term = self.search_term()
        kind = {1: "1 letter", 2: "2 letters"}.get(len(term), "full name")
        rows = self.remember_households(self.page(f"/registry/households/?q={quote(term)}", f"search ({kind})"))
        if rows:
            self.household(random.choice(rows)[0])

    def household(self, pk: int | None = None) -> str:
        if pk is None:
            if not self.households:
                return ""
            pk = random.choice(self.households)[0]
        return self.page(f"/registry/households/{pk}/", "household page")

    def case(self) -> None:
        if self.cases:
            self.page(f"/cases/{random.choice(self.cases)}/", "case page")

    def remember_cases(self, html: str) -> None:
        self.cases = sorted({*self.cases, *(int(pk) for pk in CASE.findall(html))})[-200:]


class Planner(Staff):
    weight = 3
    persona = "planner"
    role = "planner"

    def collect(self) -> None:
        self.list_households()
        self.remember_cases(self.page("/cases/", "case list"))
        self.remember_cases(self.page("/work/", "work list"))

    @task(1)
    def home(self) -> None:
        self.page("/", "home")

    @task(3)
    def work_list(self) -> None:
        self.remember_cases(self.page("/work/", "work list"))

    @task(3)
    def search_and_open(self) -> None:
        self.search()

    @task(3)
    def household_page(self) -> None:
        self.household()

    @task(2)
    def case_page(self) -> None:
        self.case()


class DeskOfficer(Staff):
    weight = 2
    persona = "desk"
    role = "desk"

    def collect(self) -> None:
        self.list_households()

    @task(1)
    def home(self) -> None:
        self.page("/", "home")

    @task(4)
    def resident_at_the_desk(self) -> None:
        self.search()

    @task(1)
    def consultations(self) -> None:
        self.page("/consult/", "consultation list")


class Nurse(Staff):
    weight = 2
    persona = "nurse"
    role = "nurse"

    def collect(self) -> None:
        self.list_households()

    @task(1)
    def work_list(self) -> None:
        self.page("/work/", "work list")

    @task(1)
    def visits(self) -> None:
        self.page("/outreach/visits/", "visit list")

    @task(2)
    def household_page(self) -> None:
        self.household()

    @task(1)
    def record_visit(self) -> None:
        """Open a household, then its first member's visit form, and save a visit (방문상담기록지)."""
        persons = PERSON.findall(self.household())
        if not persons:
            return
        path = f"/outreach/visits/new/?person={persons[0]}"
        form = self.page(path, "visit form")
        members = MEMBER_BOX.findall(form)[:1]
        fields = [
            ("person", persons[0]), ("visited_on", time.strftime("%Y-%m-%d")), ("outcome", "normal"),
            ("summary", "부하 시험: 안부 확인, 특이사항 없음."), *(("members_present", m) for m in members),
            ("score_depression", str(random.randint(0, 15))),
        ]  # fmt: skip
        self.submit(path, form, fields, "record visit")


class TongLeader(Staff):
    weight = 1
    persona = "tong leader"
    username = "wolgok2.tongjang"

    def collect(self) -> None:
        first = self.page("/outreach/leader/", "my households")
        self.last_page = min(max((int(n) for n in PAGES.findall(first)), default=1), 50)
        self.assigned = sorted({int(pk) for pk in CHECK_IN.findall(first)})

    @task(2)
    def my_households(self) -> None:
        html = self.page(f"/outreach/leader/?page={random.randint(1, self.last_page)}", "my households")
        self.assigned = sorted({*self.assigned, *(int(pk) for pk in CHECK_IN.findall(html))})

    @task(2)
    def check_in(self) -> None:
        if not self.assigned:
            return
        path = f"/outreach/leader/households/{random.choice(self.assigned)}/check-in/"
        form = self.page(path, "check-in form")
        condition = random.choice(["well", "well", "well", "concern"])
        note = "부하 시험: 거동이 불편해 보임" if condition == "concern" else ""
        fields = [("method", random.choice(["visit", "phone"])), ("condition", condition), ("note", note),
                  ("checked_on", time.strftime("%Y-%m-%d"))]  # fmt: skip
        self.submit(path, form, fields, "record check-in")


class DistrictHope(Staff):
    weight = 1
    persona = "district"
    username = "district.hope"

    def collect(self) -> None:
        self.remember_cases(self.page("/cases/", "case list"))
        self.list_households()

    @task(1)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def case_list(self) -> None:
        self.remember_cases(self.page(f"/cases/?page={random.randint(1, 5)}", "case list"))

    @task(2)
    def case_page(self) -> None:
        self.case()

    @task(2)
    def search_and_open(self) -> None:
        self.search()


class Floor(FastHttpUser):
    """A minimal Django view, anonymous, at the same think time: what the server answers when the app costs nothing."""

    weight = 1
    wait_time = between(THINK[0], THINK[-1])
    persona = "floor"

    def on_start(self) -> None:
        WINDOW.signed_in += 1  # nothing to sign in to

    @task
    def minimal(self) -> None:
        with self.client.get(FLOOR["path"], name="floor", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on the floor")


# --- the window ---------------------------------------------------------------------------------------------


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, start_time=None, **kwargs):  # type: ignore[no-untyped-def]
    if not WINDOW.is_open() or (start_time or 0) < (WINDOW.opened or 0):
        return
    key = "floor: floor" if name == "floor" else name
    WINDOW.samples.setdefault(key, []).append(response_time)
    if exception is not None:
        WINDOW.failures[key] = WINDOW.failures.get(key, 0) + 1
        what = str(exception)[:120]
        WINDOW.errors[what] = WINDOW.errors.get(what, 0) + 1


@events.test_start.add_listener
def _start(environment: Environment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    host = environment.host or ""
    try:
        import urllib.request

        with urllib.request.urlopen(host + "/healthz", timeout=10) as answer:
            if answer.status == 200:
                FLOOR.update(path="/healthz", what="/healthz (database reachable, migrations applied)")
    except OSError:
        pass
    WINDOW.target_users = environment.parsed_options.num_users if environment.parsed_options else 0
    gevent.spawn(_run_window, environment)


def _percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _figures(times: list[float], failed: int, seconds: float) -> dict[str, float]:
    times = sorted(times)
    return {
        "requests": len(times), "rps": len(times) / seconds, "failures": failed,
        "p50": _percentile(times, 0.50), "p95": _percentile(times, 0.95), "p99": _percentile(times, 0.99),
        "max": times[-1],
    }  # fmt: skip


def _run_window(environment: Environment) -> None:
    deadline = time.time() + LOGIN_TIMEOUT
    while WINDOW.signed_in < WINDOW.target_users and time.time() < deadline:
        gevent.sleep(0.5)
    gevent.sleep(SETTLE)
    cpu = psutil.cpu_times()
    own = psutil.Process().cpu_times()
    server = _server_cpu()
    WINDOW.meta["load_average_at_start"] = os.getloadavg()
    WINDOW.opened = time.time()
    gevent.sleep(MEASURE)
    WINDOW.closed = time.time()
    WINDOW.meta["load_average_at_end"] = os.getloadavg()
    busy, idle = _cpu_delta(cpu, psutil.cpu_times())
    WINDOW.meta["machine_cpu_busy"] = busy / (busy + idle) if busy + idle else 0.0
    spent = psutil.Process().cpu_times()
    WINDOW.meta["locust_cpu_share"] = (spent.user + spent.system - own.user - own.system) / MEASURE
    WINDOW.meta["server_cpu_s"] = _server_cpu() - server
    _write(environment)
    if environment.runner is not None:
        environment.runner.quit()


def _server_cpu() -> float:
    """CPU seconds spent so far by the server (LOAD_SERVER_PID and its workers), not counting the database."""
    try:
        root = psutil.Process(int(os.environ.get("LOAD_SERVER_PID", "")))
        return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])
    except (ValueError, psutil.Error):
        return 0.0


def _cpu_delta(before, after) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    idle = (after.idle + after.iowait) - (before.idle + before.iowait)
    total = sum(after) - sum(before)
    return total - idle, idle


def _write(environment: Environment) -> None:
    seconds = (WINDOW.closed or 0) - (WINDOW.opened or 0)
    by_persona: dict[str, tuple[list[float], int]] = {}
    for key, times in WINDOW.samples.items():
        persona = key.split(": ", 1)[0]
        merged, failed = by_persona.get(persona, ([], 0))
        by_persona[persona] = (merged + times, failed + WINDOW.failures.get(key, 0))
    staff_times = [t for p, (times, _f) in by_persona.items() if p != "floor" for t in times]
    staff_failed = sum(f for p, (_t, f) in by_persona.items() if p != "floor")
    logins = sorted(WINDOW.logins)
    result = {
        "users": WINDOW.target_users,
        "seconds": seconds,
        "floor": FLOOR["what"],
        "think_s": THINK,
        "staff": _figures(staff_times, staff_failed, seconds) if staff_times else None,
        "personas": {p: _figures(t, f, seconds) for p, (t, f) in sorted(by_persona.items())},
        "pages": {k: _figures(t, WINDOW.failures.get(k, 0), seconds) for k, t in sorted(WINDOW.samples.items())},
        "errors": WINDOW.errors,
        "logins": {
            "count": len(logins),
            "p50": _percentile(logins, 0.5) if logins else None,
            "p95": _percentile(logins, 0.95) if logins else None,
            "all_signed_in_after_s": (WINDOW.login_ended or 0) - (WINDOW.login_started or 0),
        },
        **WINDOW.meta,
    }
    if RESULT:
        with open(RESULT, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False, indent=1)
    else:
        print(json.dumps(result, ensure_ascii=False, indent=1))
