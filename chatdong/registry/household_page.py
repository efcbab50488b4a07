"""Sections other apps add to the household page (사례 보기 or 사례 접수, …), so the registry knows none of them.

An app registers its section once, in its AppConfig.ready(); the page asks each section, in the order the
apps are installed, for its context and includes its template. A section that returns None is left out."""

from collections.abc import Callable
from dataclasses import dataclass

from chatdong.access.principal import Principal

from .models import Household


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Principal, Household], dict[str, object] | None]


_sections: list[Section] = []


def add_section(section: Section) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_for(principal: Principal, household: Household) -> list[tuple[str, dict[str, object]]]:
    """(template, context) of each section shown to this user on this household's page."""
    shown = []
    for section in _sections:
        context = section.context(principal, household)
        if context is not None:
            shown.append((section.template, {"household": household, **context}))
    return shown
