"""The import from start to end: permission, reading, checks, then the plan applied in one transaction."""

import datetime as dt
import functools

from django.db import IntegrityError, transaction

from chatdong.access.errors import require
from chatdong.access.principal import Principal
from chatdong.core.types import Actor
from chatdong.registry import rules

from .cross_checks import check_across_rows
from .errors import ImportFileError
from .existing import load_existing
from .planning import Plan, plan
from .reading import read_csv
from .result import ImportResult, select
from .row_checks import check_rows
from .writing import apply


def import_residents(
    data: bytes,
    *,
    user: Actor | None,
    principal: Principal,
    partial: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a registry CSV. Default: all rows or none. `partial`: valid households, the rest returned.

    Raises ImportFileError when the file as a whole is unreadable and Forbidden when the user may not import.
    """
    require(rules.can_import(principal), "주민등록 자료를 가져올 권한이 없습니다.")
    today = today or dt.date.today()
    header, rows = read_csv(data)
    check_rows(rows, principal, today)
    result = ImportResult(header=header, total_rows=len(rows), partial=partial, dry_run=dry_run)
    try:
        with transaction.atomic():
            existing = load_existing(rows)
            check_across_rows(rows, existing, principal)
            accepted, result.rejected = select(rows, partial)
            # Whether the importer approves move-ins into a dong themselves: asked once per dong of the file.
            approves = functools.cache(lambda dong_id: rules.can_decide_move_ins_into(principal, dong_id))
            changes = plan(accepted, existing, today, approves)
            _count(result, changes)
            if accepted and not dry_run:
                apply(changes, user)
                result.applied = True
    except IntegrityError:
        raise ImportFileError(
            "같은 세대번호나 주민등록번호를 다른 작업이 동시에 등록했거나 이미 전입 확인을 요청해 저장하지 못했습니다. "
            "아무것도 저장하지 않았습니다. 잠시 후 다시 가져오세요."
        ) from None
    return result


def _count(result: ImportResult, changes: Plan) -> None:
    result.households_created = len(changes.new_households)
    result.households_updated = len(changes.changed_households)
    result.households_unchanged = changes.unchanged_households
    result.persons_created = len(changes.new_persons)
    result.persons_updated = len(changes.changed_persons)
    result.persons_moved = sum(1 for move in changes.moves if move.source is not None)
    result.persons_unchanged = changes.unchanged_persons
    result.persons_waiting = changes.waiting
