"""The role × action table is computed from the rules the code runs, lists every rule, and is the one in docs/."""

import io
from pathlib import Path

from django.core.management import call_command

from chatdong.access.matrix import columns, discover_rules, markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "access_matrix.md"


def row(text: str, key: str) -> dict[str, str]:
    """The cells of one rule's row, by column label."""
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    labels = [cell.strip() for cell in lines[0].strip("|").split("|")]
    found = next(line for line in lines if f"(`{key}`)" in line)
    return dict(zip(labels, (cell.strip() for cell in found.strip("|").split("|")), strict=True))


def test_every_rule_is_a_row_and_every_role_a_column():
    text = markdown()
    for rule in discover_rules():
        assert f"(`{rule.key}`)" in text
        assert rule.label and rule.refusal, rule.key
    header = next(line for line in text.splitlines() if line.startswith("| 영역 |"))
    assert [cell.strip() for cell in header.strip("|").split("|")][2:] == [c.label for c in columns()]


def test_the_cells_say_how_far_each_role_reaches():
    text = markdown()
    view = row(text, "registry.view")
    assert view["복지플래너"] == "자기 동" and view["희망복지지원단"] == "구 전체"
    assert view["통·반장 등 주민 조력자"] == "배정된 가구만"
    assert view["구 통계 담당"] == view["개인정보 감사 담당"] == "—"
    supervise = row(text, "cases.supervise")
    assert supervise["복지수퍼바이저"] == "자기 동" and supervise["희망복지지원단"] == "구 직원이 맡은 사례"
    assert supervise["복지플래너"] == supervise["동장"] == "—"
    summary = row(text, "cases.summary")
    assert summary["구 통계 담당"] == "구 전체(숫자만)"


def test_every_domain_keeps_its_own_rules():
    areas = {rule.key.split(".")[0] for rule in discover_rules()}
    assert {"registry", "cases", "consult", "meetings", "outreach", "reports", "resources", "web", "access"} <= areas


def test_the_command_prints_the_table_kept_in_docs():
    out = io.StringIO()
    call_command("access_matrix", stdout=out)
    assert out.getvalue() == markdown()
    assert DOC.read_text(encoding="utf-8") == out.getvalue(), (
        "docs/access_matrix.md is out of date: .venv/bin/python manage.py access_matrix --output docs/access_matrix.md"
    )
