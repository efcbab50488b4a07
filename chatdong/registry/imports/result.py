"""The outcome of an import: which rows are refused (whole households in partial mode), the counts, the rejects file."""

from collections import defaultdict
from dataclasses import dataclass, field

from .columns import ERROR_COLUMN
from .csvfile import defuse_formula, encode
from .reading import Row, lines


@dataclass
class RejectedRow:
    """A row not imported: its line number, the cells as the user wrote them, and why (Korean, masked)."""

    line: int
    cells: list[str]
    reasons: list[str]


@dataclass
class ImportResult:
    header: list[str]
    total_rows: int
    partial: bool
    dry_run: bool
    applied: bool = False
    households_created: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    persons_moved: int = 0
    persons_unchanged: int = 0
    # Rows of residents not yet of the dong (new to the district, or from another dong), alike: see `planning`.
    persons_waiting: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing was refused: the whole file was (or, in a dry run, would be) imported."""
        return not self.rejected

    def summary(self) -> list[str]:
        """Korean lines for the command output and the page."""
        out = []
        if self.dry_run:
            out.append("미리보기입니다. 아무것도 저장하지 않았습니다.")
        if self.rejected and not self.partial:
            out.append(
                f"전체 {self.total_rows:,}행 중 {len(self.rejected):,}행에 오류가 있어 아무것도 가져오지 않았습니다. "
                "오류를 고친 뒤 파일 전체를 다시 올리세요."
            )
        else:
            verb = "가져올 수 있습니다" if self.dry_run else "가져왔습니다"
            imported = self.total_rows - len(self.rejected)
            out.append(f"전체 {self.total_rows:,}행 중 {imported:,}행을 {verb}.")
            out.append(
                f"세대: 새로 등록 {self.households_created:,}, 수정 {self.households_updated:,}, "
                f"변경 없음 {self.households_unchanged:,}"
            )
            out.append(
                f"가구원: 새로 등록 {self.persons_created:,}, 수정 {self.persons_updated:,}"
                f"(다른 세대에서 전입 {self.persons_moved:,}), 변경 없음 {self.persons_unchanged:,}"
            )
            if self.persons_waiting:
                out.append(
                    f"전입 확인 대기: {self.persons_waiting:,}명. 이 동에 등록되지 않았던 주민은 "
                    "동 복지수퍼바이저가 확인한 뒤 반영됩니다."
                )
        if self.rejected and self.partial:
            out.append(f"가져오지 않은 행: {len(self.rejected):,}행(오류가 있는 세대 전체)")
        return out

    def rejects_csv(self) -> bytes:
        """The rejected rows as the user wrote them plus an 오류 column; UTF-8 with BOM so Excel reads it.

        Cells a spreadsheet would run as formulas get a leading apostrophe (`csvfile.defuse_formula`).
        """
        width = len(self.header)
        rows = [[*self.header, ERROR_COLUMN]]
        for row in self.rejected:
            cells = [defuse_formula(cell) for cell in row.cells]
            padded = cells[:width] + [""] * (width - len(cells))
            reason = f"[{row.line}번째 줄] " + " / ".join(row.reasons)
            rows.append([*padded, reason, *cells[width:]])
        return encode(rows)


def select(rows: list[Row], partial: bool) -> tuple[list[Row], list[RejectedRow]]:
    """Rows to import, and rows refused with their reasons (in file order)."""
    invalid = [r for r in rows if r.errors]
    if not invalid:
        return rows, []
    if not partial:
        return [], [RejectedRow(r.line, r.cells, r.errors) for r in invalid]
    # Partial: a household is imported whole or not at all, so a valid member row of a refused household goes too.
    bad_rows: dict[str, list[Row]] = defaultdict(list)
    for row in invalid:
        bad_rows[row.registry_no].append(row)
    accepted, rejected = [], []
    for row in rows:
        if row.errors:
            rejected.append(RejectedRow(row.line, row.cells, row.errors))
        elif row.registry_no in bad_rows:
            reason = (
                f"같은 세대(세대번호 {row.registry_no})의 {lines(bad_rows[row.registry_no])}번째 줄에 오류가 있어 "
                "이 세대를 가져오지 않았습니다."
            )
            rejected.append(RejectedRow(row.line, row.cells, [reason]))
        else:
            accepted.append(row)
    return accepted, rejected
