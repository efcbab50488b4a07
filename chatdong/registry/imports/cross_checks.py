"""The rules across rows and against the database: a number once per file, one address and one 세대주 per household."""

from collections import defaultdict

from chatdong.access.principal import Principal
from chatdong.registry import rules

from ..models import Household, Person
from .errors import quote
from .existing import Existing
from .reading import Row, households, lines


def check_across_rows(rows: list[Row], existing: Existing, principal: Principal) -> None:
    """Record on each row the reasons that only several rows, or what is registered, can show."""
    file_hashes = _check_numbers_once(rows)
    for registry_no, group in households(rows).items():
        _check_household(registry_no, group, existing, principal, file_hashes)


def _check_numbers_once(rows: list[Row]) -> set[str]:
    """Reject every row whose resident number is on another row too; return the hashes of the file's numbers."""
    by_hash: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.rrn_hash:
            by_hash[row.rrn_hash].append(row)
    for same in by_hash.values():
        if len(same) > 1:
            for row in same:
                others = [r for r in same if r is not row]
                masked = row.number.masked if row.number else ""
                row.reject(f"같은 주민등록번호({masked})가 {lines(others)}번째 줄에도 있습니다.")
    return set(by_hash)


def _check_household(
    registry_no: str, group: list[Row], existing: Existing, principal: Principal, file_hashes: set[str]
) -> None:
    first = group[0]
    for row in group[1:]:
        if row.address_key != first.address_key:
            row.reject(
                f"세대번호 {registry_no}의 주소(행정동·통·반·도로명주소·상세주소)가 "
                f"{first.line}번째 줄과 다릅니다. 한 세대의 주소는 모든 행에서 같아야 합니다."
            )
    household: Household | None = existing.households.get(registry_no)
    if household is not None and not rules.can_edit_household(principal, household):
        for row in group:
            row.reject(f"세대번호 {registry_no}은(는) 수정할 권한이 없는 다른 동의 가구에 이미 쓰이고 있습니다.")
    heads = [r for r in group if r.relation == Person.Relation.HEAD]
    # 세대주 already registered and not named in this file stay 세대주 after the import.
    staying = [h for h in existing.heads.get(household.pk, []) if h not in file_hashes] if household else []
    if len(heads) > 1:
        for row in heads:
            row.reject(f"세대번호 {registry_no}에 세대주가 두 명 이상입니다({lines(heads)}번째 줄).")
    elif not heads and not staying:
        for row in group:
            row.reject(f"세대번호 {registry_no}에 세대주가 없습니다. 세대주관계가 '세대주'인 행이 하나 있어야 합니다.")
    elif heads and staying:
        heads[0].reject(
            f"세대번호 {registry_no}에는 이 파일에 없는 세대주가 이미 등록되어 있어 세대주가 두 명이 됩니다. "
            "기존 세대주의 행도 넣어 관계를 바꾸세요."
        )
    for row in group:
        person = existing.persons.get(row.rrn_hash)
        # Only about a resident of the dong the row is for: what is recorded about someone of another dong must not
        # reach the importer (their row waits for the receiving dong's supervisor, who sees it; `planning`).
        in_the_dong = person is not None and row.dong is not None and person.household.dong_id == row.dong.pk
        if in_the_dong and person is not None and person.died_on is not None:
            row.reject(f"{quote(row.name)}: 사망으로 기록된 주민입니다. 주민등록 자료와 기록을 확인하세요.")
