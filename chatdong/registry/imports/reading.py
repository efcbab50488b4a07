"""Reading the import file into rows: the header mapped onto the columns, each data row with its line number."""

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from chatdong.core import rrn
from chatdong.org.models import Ban, Dong, Tong

from .columns import COLUMN_BY_KEY, map_header
from .csvfile import decode, undo_defuse
from .errors import ImportFileError


@dataclass
class Row:
    """One data row of the file: the original cells (for the rejects file), parsed values and reasons."""

    line: int
    cells: list[str]
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    registry_no: str = ""
    dong: Dong | None = None
    tong: Tong | None = None
    ban: Ban | None = None
    road_address: str = ""
    address_detail: str = ""
    relation: str = ""
    name: str = ""
    number: rrn.ResidentNumber | None = None
    rrn_hash: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    moved_in_on: dt.date | None = None

    def reject(self, message: str) -> None:
        # Messages echo cell values only through `errors.quote`/`errors.scrub`, so no resident number appears in clear.
        if message not in self.errors:
            self.errors.append(message)

    @property
    def address_key(self) -> tuple[object, ...]:
        v = self.values
        if self.dong and self.tong:
            place: tuple[object, ...] = (self.dong.pk, self.tong.pk, self.ban.pk if self.ban else None)
        else:
            place = (v["dong"], v["tong"], v["ban"])
        return (*place, v["road_address"], v["address_detail"])


def read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    """The header (as written, without an old 오류 column) and every non-empty data row with its line number."""
    text = decode(data)
    if not text.strip():
        raise ImportFileError("빈 파일입니다. 머리글과 자료가 있는 CSV 파일을 올리세요.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error:
        raise ImportFileError(
            "첫 줄(머리글)을 CSV로 읽을 수 없습니다. 쉼표로 구분된 CSV 파일인지 확인하세요."
        ) from None
    keys, kept, unnamed = map_header(header)
    rows: list[Row] = []
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # A broken quote swallows the rest of the file; say where it starts rather than guess.
            raise ImportFileError(
                f"{start}번째 줄부터 CSV 형식이 깨져 있습니다(닫히지 않은 큰따옴표 등). 파일을 확인하세요."
            ) from None
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and Excel's trailing ",,,," rows
        kept_cells = [cells[i] if i < len(cells) else "" for i in kept]
        values = {key: _value(kept_cells[n]) for n, key in enumerate(keys)}
        for key in COLUMN_BY_KEY:
            values.setdefault(key, "")
        row = Row(line=start, cells=kept_cells + cells[len(header) :], values=values)
        if len(cells) != len(header):
            row.reject(f"칸 수({len(cells)}개)가 머리글의 열 수({len(header)}개)와 다릅니다.")
        elif any(cells[i].strip() for i in unnamed):
            row.reject("머리글에 이름이 없는 열에 값이 있습니다. 열 이름을 쓰거나 값을 지우세요.")
        rows.append(row)
    if not rows:
        raise ImportFileError("가져올 자료가 없습니다. 머리글 아래에 한 사람당 한 줄씩 입력하세요.")
    return [header[i].replace("\ufeff", "").strip() for i in kept], rows


def _value(cell: str) -> str:
    # A corrected rejects file comes back with the apostrophe that defused a formula-like cell: the value is without.
    return undo_defuse(cell.strip()).strip()


def households(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Rows grouped by 세대번호, in file order; rows without a usable 세대번호 belong to none."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.registry_no:
            groups[row.registry_no].append(row)
    return groups


def lines(rows: Iterable[Row]) -> str:
    """Line numbers as messages name them: "2, 5"."""
    return ", ".join(str(r.line) for r in rows)
