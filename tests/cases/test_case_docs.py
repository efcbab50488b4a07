"""docs/cases.md states the transitions as states.TRANSITIONS has them, so the two cannot drift apart."""

import re
from pathlib import Path

from chatdong.cases.states import TRANSITIONS, Action, Stage

DOC = Path(__file__).resolve().parents[2] / "docs" / "cases.md"


def documented_transitions() -> dict[str, tuple[set[str], str]]:
    """action → (labels of the stages it may start from, the 'leads to' cell) from the transitions table."""
    section = DOC.read_text(encoding="utf-8").split("## Transitions")[1].split("\n## ")[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| .*?\(`(\w+)`\) \| (.*?) \| (.*?) \|$", line)
        if match:
            rows[match[1]] = ({label.strip() for label in match[2].split(",")}, match[3])
    return rows


def test_every_transition_is_documented_with_its_stages():
    rows = documented_transitions()
    assert set(rows) == set(TRANSITIONS)
    for action, (sources, target) in TRANSITIONS.items():
        documented_sources, documented_target = rows[action]
        assert documented_sources == {Stage(s).label for s in sources}, Action(action).label
        if target is not None:
            assert documented_target == Stage(target).label, Action(action).label
