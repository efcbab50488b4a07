"""Checking the access log's hash chain and purging what is past retention (`verify_access_log`,
`purge_access_log`).

Both walk the chain in `seq` order in batches by key (seq > last seen), so memory stays flat on a district's
millions of entries and no cursor stays open while the purge deletes.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import chain, log
from .models import AccessLog, AccessLogHead

BATCH = 5000
_HASHED = ["id", "seq", "prev_hash", "entry_hash", "at", "ip_address", *chain.TEXT_FIELDS, "household_id"]


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold, and why."""

    seq: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"순번 {self.seq}" + (f" (ID {self.entry_id})" if self.entry_id is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Report:
    checked: int  # entries found intact, in order, before the break if any
    anchor_seq: int  # where the chain starts: the last purged entry (0: nothing purged)
    last_seq: int
    last_hash: str
    broken: Break | None = None

    @property
    def summary(self) -> str:
        if self.broken:
            return f"접근기록 위변조 의심 — {self.broken} 그 앞의 {self.checked:,}건은 이상 없습니다."
        if not self.checked:
            kept = f"남은 기록 없음 (파기 기준점 순번 {self.anchor_seq})" if self.anchor_seq else "기록 없음"
            return f"접근기록 무결성 확인: 이상 없음. {kept}."
        return (
            f"접근기록 무결성 확인: 이상 없음. {self.checked:,}건 (순번 {self.anchor_seq + 1:,}–{self.last_seq:,}), "
            f"마지막 해시 {self.last_hash}" + (f", 파기 기준점 순번 {self.anchor_seq:,}." if self.anchor_seq else ".")
        )


def _check(entry: AccessLog, expected_seq: int, expected_prev: str) -> str | None:
    if entry.seq != expected_seq:
        missing = f"{expected_seq:,}" if entry.seq == expected_seq + 1 else f"{expected_seq:,}–{entry.seq - 1:,}"
        return f"바로 앞 순번 {missing}의 기록이 없습니다 (삭제됨)."
    if entry.prev_hash != expected_prev:
        return "앞 기록의 해시와 이어지지 않습니다 (앞 기록이 바뀌었거나 삭제·삽입됨)."
    if chain.digest(entry) != entry.entry_hash:
        return "기록 내용이 저장된 해시와 다릅니다 (내용이 바뀜)."
    return None


@dataclass
class _Walk:
    """How far the walk has come: the last entry found intact and how many were."""

    seq: int
    hash: str
    checked: int = 0

    def report(self, anchor: int, broken: Break | None = None) -> Report:
        return Report(self.checked, anchor, self.seq, self.hash, broken)


def _walk(walk: _Walk, end: int, batch_size: int) -> Break | None:
    """Follow the chain from `walk` up to `end` (the head's last seq when the walk began)."""
    rows = AccessLog.objects.filter(seq__lte=end).order_by("seq").only(*_HASHED)
    while batch := list(rows.filter(seq__gt=walk.seq)[:batch_size]):
        for entry in batch:
            reason = _check(entry, walk.seq + 1, walk.hash)
            if reason:
                return Break(entry.seq, entry.id, reason)
            walk.seq, walk.hash, walk.checked = entry.seq, entry.entry_hash, walk.checked + 1
    if walk.seq < end:  # the head knew entries up to `end`: those after the last one found were cut off
        missing = f"{end:,}" if walk.seq + 1 == end else f"{walk.seq + 1:,}–{end:,}"
        return Break(walk.seq + 1, None, f"마지막 기록 순번 {missing}이 없습니다 (끝에서 삭제됨).")
    return None


def verify(*, through_seq: int | None = None, batch_size: int = BATCH) -> Report:
    """Walk the chain from the purge anchor to the head (or to `through_seq`) and report the first break."""
    head = AccessLogHead.objects.filter(pk=1).first() or AccessLogHead()
    anchor = head.anchor_seq
    walk = _Walk(anchor, head.anchor_hash)
    early = AccessLog.objects.filter(seq__lte=anchor).order_by("seq").only("id", "seq").first()
    if early is not None:
        return walk.report(anchor, Break(early.seq, early.id, "파기 기준점 이전 순번의 기록입니다 (삽입됨)."))
    end = head.last_seq if through_seq is None else min(through_seq, head.last_seq)
    while True:
        broken = _walk(walk, end, batch_size)
        if broken or through_seq is not None:
            return walk.report(anchor, broken)
        # At the head's last entry: its hash must be the head's and nothing may follow. The head is locked
        # while this is looked at, so an entry appended meanwhile is not taken for an inserted one.
        with transaction.atomic():
            head = AccessLogHead.objects.select_for_update().filter(pk=1).first() or AccessLogHead(pk=None)
            after = AccessLog.objects.filter(seq__gt=walk.seq).order_by("seq").only("id", "seq").first()
            if head.pk is None and walk.seq == 0 and after is None:
                return walk.report(anchor)  # never written to
            if head.pk is None:
                first = after or AccessLog.objects.order_by("seq").only("id", "seq").first()
                assert first is not None
                return walk.report(anchor, Break(first.seq, first.id, "체인 머리(마지막 순번·해시)가 없습니다."))
            if after is not None and after.seq > head.last_seq:
                return walk.report(anchor, Break(after.seq, after.id, "체인 머리보다 뒤에 덧붙은 기록입니다 (삽입됨)."))
            if head.last_seq < walk.seq:
                reason = "체인 머리보다 뒤에 덧붙은 기록입니다 (삽입됨)."
                return walk.report(anchor, Break(head.last_seq + 1, None, reason))
            if head.last_seq == walk.seq:
                if head.last_hash != walk.hash:
                    return walk.report(anchor, Break(walk.seq, None, "마지막 기록의 해시가 체인 머리와 다릅니다."))
                return walk.report(anchor)
        end = head.last_seq  # entries were appended while the walk ran: follow them too


class PurgeRefused(Exception):
    pass


@dataclass(frozen=True)
class Purge:
    cutoff: dt.datetime
    count: int  # entries past retention (removed, or to be removed on a dry run)
    first_seq: int
    through_seq: int


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge(*, now: dt.datetime | None = None, dry_run: bool = False, batch_size: int = BATCH) -> Purge:
    """Remove the entries older than the retention, from the start of the chain up to the first entry that is
    not (an older one after it stays until then). The last removed entry becomes the anchor the rest is verified
    from. The part to be removed is verified first: a purge never erases the trace of tampering."""
    cutoff = retention_cutoff(now)
    head = AccessLogHead.objects.filter(pk=1).first() or AccessLogHead()
    first_kept = AccessLog.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
    through = head.last_seq if first_kept is None else first_kept - 1
    plan = Purge(cutoff, max(through - head.anchor_seq, 0), head.anchor_seq + 1, through)
    if plan.count == 0 or dry_run:
        return plan
    report = verify(through_seq=through, batch_size=batch_size)
    if report.broken:
        raise PurgeRefused(f"파기하지 않았습니다. 파기할 범위에서 {report.broken}")
    done = head.anchor_seq
    while done < through:
        with transaction.atomic():  # one batch at a time: appends wait for the head only briefly
            head = AccessLogHead.locked()
            upto = min(head.anchor_seq + batch_size, through)
            last = AccessLog.objects.only("seq", "entry_hash", "at").get(seq=upto)
            removed = AccessLog.objects.filter(seq__gt=head.anchor_seq).purge_through(upto)
            head.anchor_seq, head.anchor_hash, head.anchor_at = last.seq, last.entry_hash, last.at
            head.purged += removed
            head.save(update_fields=["anchor_seq", "anchor_hash", "anchor_at", "purged"])
            done = upto
    log.record_system(
        log.Action.PURGE,
        object_type="access_log",
        detail=(
            f"보존기간({settings.ACCESS_LOG_RETENTION_DAYS}일) 지난 접근기록 {plan.count:,}건 파기: "
            f"순번 {plan.first_seq:,}–{through:,}, {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 이전"
        ),
    )
    return plan
