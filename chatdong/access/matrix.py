"""The role × action table of every rule (`manage.py access_matrix`): the auditor's one place to read them.

Each cell is computed, not written: for every role a person holding only that role (in a dong, or at the
district) is put to each rule, and the cell says how far the rule's grants reach for them. So the table
cannot drift from the code: it is the code's own answer.
"""

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps

from chatdong.org.models import NeighbourhoodLeader, StaffMember
from chatdong.org.roles import DONG_ROLES, PlannerSpeciality, Role

from .doors import Entrance, entrances
from .principal import Principal
from .rules import RULES, Rule

NONE = "—"
DONG_ID = DISTRICT_ID = 1


@dataclass(frozen=True)
class Column:
    label: str
    principal: Principal


def discover_rules() -> list[Rule]:
    """Import every `rules` module of every installed app (sub-packages too); each rule registers itself.

    In the order of the installed apps, then of their sub-packages, then as each module defines them: the same
    whichever modules happened to be imported first."""
    labels = [config.label for config in apps.get_app_configs()]
    for config in apps.get_app_configs():
        if not config.name.startswith("chatdong."):
            continue
        for module in pkgutil.walk_packages(config.module.__path__, config.name + "."):  # type: ignore[union-attr]
            if module.name.rsplit(".", 1)[-1] == "rules":
                importlib.import_module(module.name)

    def place(rule: Rule) -> tuple[int, str, int]:
        app, *sub, _action = rule.key.split(".")
        return (labels.index(app) if app in labels else len(labels), ".".join(sub), rule.number)

    return sorted(RULES.values(), key=place)


def _staff(role: Role, speciality: str = "") -> Principal:
    dong_id = DONG_ID if role in DONG_ROLES else None
    return Principal(
        user_id=0,
        username=role.value,
        staff=StaffMember(dong_id=dong_id, district_id=DISTRICT_ID),
        roles=frozenset({role.value}),
        specialities=frozenset({speciality} - {""}),
    )


def columns() -> list[Column]:
    """A column per role; the 돌봄위기 전담 planner too (some rules are theirs); tong leaders; the administrator."""
    found = [Column(role.label, _staff(role)) for role in Role]
    at = next(i for i, c in enumerate(found) if c.label == Role.WELFARE_PLANNER.label) + 1
    care = PlannerSpeciality.CARE_CRISIS
    found.insert(at, Column(f"{Role.WELFARE_PLANNER.label}({care.label})", _staff(Role.WELFARE_PLANNER, care)))
    leader = NeighbourhoodLeader(dong_id=DONG_ID, kind=NeighbourhoodLeader.Kind.WELFARE_TONG_LEADER)
    found.append(Column("통·반장 등 주민 조력자", Principal(user_id=0, username="leader", leader=leader)))
    found.append(Column("시스템 관리자", Principal(user_id=0, username="admin", is_superuser=True)))
    return found


def cell(rule: Rule, principal: Principal) -> str:
    reaches: list[str] = []
    for who, reach in rule.grants.items():
        if who(principal) and reach.label not in reaches:
            reaches.append(reach.label)
    return ", ".join(reaches) or NONE


def area_of(rule: Rule) -> str:
    label = rule.key.split(".", 1)[0]
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table(rules: Iterable[Rule], cols: list[Column]) -> list[str]:
    lines = [
        "| 영역 | 작업 | " + " | ".join(c.label for c in cols) + " |",
        "|---|---|" + "---|" * len(cols),
    ]
    for rule in rules:
        cells = " | ".join(_escape(cell(rule, c.principal)) for c in cols)
        lines.append(f"| {area_of(rule)} | {_escape(rule.label)} (`{rule.key}`) | {cells} |")
    return lines


def doors_by_rule(found: list[Entrance]) -> dict[str, list[Entrance]]:
    by_rule: dict[str, list[Entrance]] = {}
    for entrance in found:
        if entrance.door is not None and entrance.door.rule is not None:
            by_rule.setdefault(entrance.door.rule.key, []).append(entrance)
    return by_rule


def markdown() -> str:
    rules = discover_rules()
    cols = columns()
    found = entrances()
    used = doors_by_rule(found)
    guarded = [e for e in found if e.door is not None and e.door.rule is not None]
    pages = sum(1 for e in guarded if e.kind == "화면")
    operations = len(guarded) - pages
    out = [
        "# 접근 권한표",
        "",
        "`manage.py access_matrix`가 코드의 규칙에서 만든 표입니다. 칸마다 그 역할 하나만 가진 사람에게 규칙이 "
        "어디까지 허용하는지 적었습니다(—: 허용하지 않음). 동 역할은 자기 동의 직원, 구 역할은 구청 직원으로 "
        "봅니다. 범위 밖의 기록은 없는 기록과 똑같이 404로 답하고, 허용하지 않는 작업은 403과 한국어 사유로 "
        "답하며, 둘 다 접근기록에 남습니다.",
        "",
        f"규칙 {len(rules)}개, 역할 {len(cols)}개, 문을 지나는 화면 {pages}개와 API {operations}개.",
        "",
        *table(rules, cols),
        "",
        "## 규칙별 허용 대상과 쓰이는 곳",
        "",
    ]
    for rule in rules:
        out.append(f"### {rule.label} (`{rule.key}`)")
        out.append("")
        for who, reach in rule.grants.items():
            out.append(f"- {who.label}: {reach.label}")
        out.append(f"- 거절 사유: {rule.refusal}")
        doors = used.get(rule.key, [])
        if doors:
            out.append("- 쓰이는 곳: " + ", ".join(f"`{d.route}`" for d in doors))
        out.append("")
    unguarded = [e for e in found if e.door is not None and e.door.rule is None]
    out.append("## 규칙 없이 열리는 화면·API")
    out.append("")
    out.extend(f"- `{e.route}`: {e.door.reason}" for e in unguarded if e.door is not None)
    elsewhere = sorted({e.exempt for e in found if e.exempt})
    out.extend(f"- {reason}" for reason in elsewhere)
    return "\n".join(out).rstrip() + "\n"
