"""Notices about move-ins that wait for confirmation (전입 확인): to the receiving dong's supervisors when an import
asks, to the dong the resident leaves when asked and when decided, and back to the importer when decided.

The dong a resident leaves learns only what it needs: that another dong asked to take its resident (the name
masked, the resident number masked; the link opens their record through its own door) and what was decided.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.urls import reverse

from chatdong.core import notices
from chatdong.org.models import Dong
from chatdong.org.supervisors import supervisor_users as dong_supervisors

from ..models import PendingMoveIn

KIND_REQUESTED = "move_in_requested"
KIND_DECIDED = "move_in_decided"


def masked_name(name: str) -> str:
    """이철수 → 이*수, 김민 → 김*: enough for the dong that knows its resident, little for anyone else."""
    if len(name) <= 2:
        return name[:1] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _who(move_in: PendingMoveIn) -> str:
    return f"{masked_name(move_in.name)}({move_in.masked_rrn})"


def requested(move_ins: Iterable[PendingMoveIn]) -> None:
    """One notice per receiving dong (how many wait), one per resident to the dong they would leave."""
    waiting: Counter[int] = Counter()
    dongs: dict[int, Dong] = {}
    leaving: dict[int, list[PendingMoveIn]] = defaultdict(list)
    for move_in in move_ins:
        waiting[move_in.to_dong_id] += 1
        dongs[move_in.to_dong_id] = move_in.to_dong
        if move_in.from_dong_id is not None and move_in.from_dong_id != move_in.to_dong_id:
            leaving[move_in.from_dong_id].append(move_in)
    url = reverse("registry:move_ins")
    for dong_id, count in waiting.items():
        message = f"[전입 확인] {dongs[dong_id].name} 주민등록 자료 가져오기에서 전입 확인 {count:,}건을 요청했습니다."
        notices.send(dong_supervisors(dong_id), KIND_REQUESTED, message, url=url)
    for dong_id, rows in leaving.items():
        recipients = dong_supervisors(dong_id)
        for move_in in rows:
            message = (
                f"[전입 확인 요청] {move_in.to_dong.name}에서 이 동 주민 {_who(move_in)}님의 전입을 요청했습니다. "
                f"{move_in.to_dong.name} 복지수퍼바이저가 확인한 뒤 반영하며, 결과를 알려 드립니다."
            )
            person_url = reverse("registry:person_detail", args=[move_in.person_id]) if move_in.person_id else ""
            notices.send(recipients, KIND_REQUESTED, message, url=person_url)


def decided(move_in: PendingMoveIn, left_dong_id: int | None) -> None:
    """Tell the dong the resident left (or would have left) and the importer what the supervisor decided."""
    approved = move_in.status == PendingMoveIn.Status.APPROVED
    to_dong = move_in.to_dong.name
    if left_dong_id is not None and left_dong_id != move_in.to_dong_id:
        if approved:
            outcome = f"승인해 {to_dong}(으)로 옮겼습니다(전출·전입 이력이 남았습니다)."
        else:
            outcome = "반려했습니다. 주민 기록은 그대로입니다."
        message = f"[전입 확인 결과] {to_dong} 복지수퍼바이저가 이 동 주민 {_who(move_in)}님의 전입 요청을 {outcome}"
        notices.send(dong_supervisors(left_dong_id), KIND_DECIDED, message)
    requester = move_in.requested_by
    if requester is not None and requester.pk != (move_in.decided_by_id or 0):
        # The importer hears the same for a resident new to the district and one from another dong.
        outcome = "승인되어 반영했습니다." if approved else f"반려되었습니다. 사유: {move_in.note}"
        message = f"[전입 확인 결과] 가져오신 {move_in.name}님(세대번호 {move_in.registry_no})의 전입이 {outcome}"
        notices.send([requester], KIND_DECIDED, message)
