"""Resident-registry CSV import: read a file, check every row, plan the changes, apply them in one transaction.

The stages are separate functions so each can be read (and tested) on its own:

- `read_csv`: bytes → header and rows (encoding detection, header names in Korean or English);
- `_validate_row`: the rules of one row (reusing `services.validate_member` and `services.resolve_place`);
- `_check_across_rows`: rules that need several rows or the database (one 세대주, one address per 세대번호,
  a number once per file, the importing user's scope);
- `_plan` / `_apply`: what to create, update and move, then bulk writes with one audit entry per change.

Identity: a person is their keyed resident-number hash (`Person.rrn_hash`), a household its `registry_no`.
docs/import.md describes the format and the rules for users.
"""

import codecs
import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from chatdong.access import audit, policy
from chatdong.access.models import AuditEntry
from chatdong.core import crypto, rrn
from chatdong.core.types import Actor
from chatdong.org.models import Ban, Dong, Tong

from . import services
from .models import Household, MoveRecord, Person

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Rows per `__in` lookup: under SQLite's bound-parameter limit and small enough for PostgreSQL's planner.
LOOKUP_CHUNK = 900
ERROR_COLUMN = "오류"

Relation = Person.Relation


@dataclass(frozen=True)
class Column:
    key: str
    korean: str
    english: str
    required: bool
    example: str
    description: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("registry_no", "세대번호", "registry_no", True, "W2-1001", "같은 세대번호의 행이 한 세대가 됩니다."),
    Column("dong", "행정동", "dong", True, "월곡2동", "행정동 이름 또는 행정동코드(예: 1108072)"),
    Column("tong", "통", "tong", True, "1", "숫자(예: 3 또는 3통)"),
    Column("ban", "반", "ban", False, "2", "숫자(예: 2 또는 2반)"),
    Column("road_address", "도로명주소", "road_address", True, "서울특별시 성북구 화랑로 200", "200자 이내"),
    Column("address_detail", "상세주소", "address_detail", False, "101동 1001호", "100자 이내"),
    Column(
        "relation", "세대주관계", "relation", True, "세대주",
        "세대주, 배우자, 자녀, 부모, 형제자매, 손자녀, 며느리·사위, 기타 친족, 동거인",
        aliases=("세대주와의관계", "관계"),
    ),
    Column("name", "성명", "name", True, "홍길동", "30자 이내", aliases=("이름",)),
    Column("resident_number", "주민등록번호", "resident_number", True, "650101-1234567", "13자리(- 있어도 됨)"),
    Column("sex", "성별", "sex", False, "남", "남 또는 여. 주민등록번호와 같아야 합니다."),
    Column("birth_date", "생년월일", "birth_date", False, "1965-01-01", "YYYY-MM-DD. 주민등록번호와 같아야 합니다."),
    Column("phone", "휴대전화", "phone", False, "010-1234-5678", "숫자와 -", aliases=("휴대폰", "전화번호")),
    Column("moved_in_on", "전입일", "moved_in_on", False, "2024-03-02", "YYYY-MM-DD"),
)  # fmt: skip
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

_RELATION_ALIASES = {
    "본인": Relation.HEAD,
    "처": Relation.SPOUSE,
    "남편": Relation.SPOUSE,
    "아내": Relation.SPOUSE,
    "아들": Relation.CHILD,
    "딸": Relation.CHILD,
    "아버지": Relation.PARENT,
    "어머니": Relation.PARENT,
    "형제": Relation.SIBLING,
    "자매": Relation.SIBLING,
    "손자": Relation.GRANDCHILD,
    "손녀": Relation.GRANDCHILD,
    "며느리": Relation.CHILD_IN_LAW,
    "사위": Relation.CHILD_IN_LAW,
    "친족": Relation.OTHER_RELATIVE,
}
_SEX = {"남": "M", "남자": "M", "m": "M", "male": "M", "여": "F", "여자": "F", "f": "F", "female": "F"}

_RRN_LIKE = re.compile(r"(?<!\d)(\d{6})[- ]?(\d)\d{6}(?!\d)")
_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_DATE_SEPARATED = re.compile(
    r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{5,18}[0-9]$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, empty); the message is Korean."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def scrub(text: str) -> str:
    """Mask anything shaped like a resident number, so reasons and logs never carry one in clear."""
    return _RRN_LIKE.sub(lambda m: f"{m.group(1)}-{m.group(2)}******", text)


def _quote(value: str, limit: int = 30) -> str:
    """A cell value echoed in a message: masked, and shortened so a misplaced long cell stays readable."""
    value = scrub(value)
    return value if len(value) <= limit else value[:limit] + "…"


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", "", name.replace("\ufeff", "")).lower()


_HEADER_NAMES: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.korean, _column.english, *_column.aliases):
        _HEADER_NAMES[_normalise_header(_name)] = _column.key
# A rejects file (our own output) has this column; it is ignored so the corrected file can be uploaded as it is.
_IGNORED_HEADERS = {_normalise_header(ERROR_COLUMN), "error"}


def _relation_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for value, label in Relation.choices:
        keys[_normalise_choice(str(label))] = value
        keys[value] = value
    keys.update({_normalise_choice(k): v for k, v in _RELATION_ALIASES.items()})
    return keys


def _normalise_choice(text: str) -> str:
    return re.sub(r"[\s/ㆍ・.,]", "", text.replace("·", "")).lower()


_RELATIONS = _relation_keys()


# ---------------------------------------------------------------------------------------------------------------
# Reading


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
        # Messages echo cell values only through `_quote`/`scrub`, so no resident number appears in clear.
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


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or CP949/EUC-KR, the two encodings Korean Excel writes CSV in."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            "유니코드(UTF-16) 텍스트 파일은 읽을 수 없습니다. 엑셀에서 'CSV UTF-8(쉼표로 분리)'로 저장해 올리세요."
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "엑셀 파일(xlsx, xls)은 바로 읽을 수 없습니다. 엑셀에서 'CSV UTF-8(쉼표로 분리)'로 저장해 올리세요."
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError("CSV 텍스트 파일이 아닙니다. 쉼표로 구분된 CSV 파일을 올리세요.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # CP949 is a superset of EUC-KR: one decoder reads both.
        return data.decode("cp949")
    except UnicodeDecodeError:
        raise ImportFileError(
            "파일의 글자 인코딩을 알 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장된 CSV 파일을 올리세요."
        ) from None


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
    keys, kept, unnamed = _map_header(header)
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
        values = {key: kept_cells[n].strip() for n, key in enumerate(keys)}
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


def _map_header(header: list[str]) -> tuple[list[str], list[int], list[int]]:
    """Column keys and the indexes they come from; also the unnamed columns (Excel's trailing empty ones)."""
    keys: list[str] = []
    kept: list[int] = []
    unnamed: list[int] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(header):
        normal = _normalise_header(name)
        if not normal:
            unnamed.append(index)
            continue
        if normal in _IGNORED_HEADERS:
            continue
        key = _HEADER_NAMES.get(normal)
        if key is None:
            unknown.append(name.strip())
            continue
        if key in seen:
            raise ImportFileError(
                f"'{COLUMN_BY_KEY[key].korean}' 열이 두 번 있습니다('{seen[key]}', '{name.strip()}')."
            )
        seen[key] = name.strip()
        keys.append(key)
        kept.append(index)
    if len(header) == 1 and ("\t" in header[0] or ";" in header[0]):
        raise ImportFileError(
            "쉼표(,)로 구분된 CSV 파일이어야 합니다. 탭이나 세미콜론으로 구분된 파일은 읽을 수 없습니다."
        )
    missing = [c.korean for c in COLUMNS if c.required and c.key not in seen]
    problems = []
    if missing:
        problems.append(f"필수 열이 없습니다: {', '.join(missing)}.")
    if unknown:
        problems.append(f"알 수 없는 열이 있습니다: {', '.join(_quote(u) for u in unknown)}.")
    if problems:
        names = ", ".join(c.korean for c in COLUMNS)
        raise ImportFileError(f"{' '.join(problems)} 첫 줄(머리글)에 쓸 수 있는 열 이름: {names}.")
    return keys, kept, unnamed


# ---------------------------------------------------------------------------------------------------------------
# One row


def _parse_int(row: Row, key: str, suffix: str) -> int | None:
    text = row.values[key].removesuffix(suffix).strip()
    if not text:
        if COLUMN_BY_KEY[key].required:
            row.reject(f"{COLUMN_BY_KEY[key].korean}을(를) 입력하세요.")
        return None
    if not text.isdigit() or not 1 <= int(text) <= 999:
        row.reject(f"{COLUMN_BY_KEY[key].korean} '{_quote(row.values[key])}'은(는) 숫자(예: 3)여야 합니다.")
        return None
    return int(text)


def _parse_date(row: Row, key: str) -> dt.date | None:
    text = row.values[key]
    if not text:
        return None
    match = _DATE_SEPARATED.match(text) or _DATE_COMPACT.match(text)
    label = COLUMN_BY_KEY[key].korean
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    row.reject(f"{label} '{_quote(text)}'은(는) 올바른 날짜(YYYY-MM-DD)가 아닙니다.")
    return None


def _text(row: Row, key: str, limit: int) -> str:
    value = row.values[key]
    if len(value) > limit:
        row.reject(f"{COLUMN_BY_KEY[key].korean}은(는) {limit}자 이하여야 합니다.")
    return value


class _Places:
    """resolve_place, remembered per (dong, tong, ban): a file names few places many times."""

    def __init__(self, principal: policy.Principal):
        self.principal = principal
        self._places: dict[tuple[str, int, int | None], tuple[Dong, Tong, Ban | None] | list[str]] = {}
        self._allowed: dict[int, bool] = {}

    def resolve(self, dong: str, tong: int, ban: int | None) -> tuple[Dong, Tong, Ban | None] | list[str]:
        key = (dong, tong, ban)
        if key not in self._places:
            try:
                self._places[key] = services.resolve_place(dong, tong, ban)
            except ValidationError as exc:
                self._places[key] = exc.messages
        return self._places[key]

    def may_create_in(self, dong: Dong) -> bool:
        if dong.pk not in self._allowed:
            self._allowed[dong.pk] = policy.can_create_household_in(self.principal, dong.pk)
        return self._allowed[dong.pk]


def _validate_row(row: Row, places: _Places, today: dt.date) -> None:
    v = row.values
    row.registry_no = v["registry_no"]
    if not row.registry_no:
        row.reject("세대번호를 입력하세요.")
    elif len(row.registry_no) > 30:
        row.reject("세대번호는 30자 이하여야 합니다.")
    elif _RRN_LIKE.search(row.registry_no):
        # Messages name the 세대번호; a resident number typed here must not be echoed, nor group rows.
        row.reject("세대번호 칸에 주민등록번호로 보이는 값이 있습니다. 세대번호를 넣으세요.")
        row.registry_no = ""

    tong = _parse_int(row, "tong", "통")
    ban = _parse_int(row, "ban", "반")
    if not v["dong"]:
        row.reject("행정동을 입력하세요.")
    elif tong is not None and (ban is not None or not v["ban"]):
        place = places.resolve(v["dong"], tong, ban)
        if isinstance(place, list):
            for message in place:
                row.reject(scrub(message))  # resolve_place echoes the 행정동 cell
        else:
            row.dong, row.tong, row.ban = place
            if not places.may_create_in(row.dong):
                row.reject(f"{row.dong.name}에 가구를 등록할 권한이 없습니다.")

    row.road_address = _text(row, "road_address", 200)
    if not row.road_address:
        row.reject("도로명주소를 입력하세요.")
    row.address_detail = _text(row, "address_detail", 100)
    row.name = _text(row, "name", 30)
    row.phone = v["phone"]
    if row.phone and (not _PHONE.match(row.phone) or not 8 <= sum(c.isdigit() for c in row.phone) <= 12):
        row.reject(f"휴대전화 '{_quote(row.phone)}'의 형식이 올바르지 않습니다(예: 010-1234-5678).")
    row.birth_date = _parse_date(row, "birth_date")
    row.moved_in_on = _parse_date(row, "moved_in_on")
    if row.moved_in_on and row.moved_in_on > today:
        row.reject("전입일이 미래 날짜입니다.")

    number_text = v["resident_number"]
    if not number_text:
        row.reject("주민등록번호를 입력하세요(가져오기에서는 필수입니다).")
    elif _EXCEL_NUMBER.match(number_text):
        row.reject(
            "주민등록번호가 엑셀에서 숫자(지수 표기)로 바뀌었습니다. 열 서식을 '텍스트'로 바꾸고 다시 저장하세요."
        )
    elif number_text.isdigit() and len(number_text) == 12:
        row.reject("주민등록번호가 12자리입니다. 엑셀이 맨 앞의 0을 지운 것 같습니다. 열 서식을 '텍스트'로 하세요.")

    sex_text = v["sex"]
    relation_text = v["relation"]
    row.sex = _SEX.get(sex_text.lower(), sex_text)
    row.relation = _RELATIONS.get(_normalise_choice(relation_text), relation_text)
    member = services.MemberInput(
        name=row.name,
        birth_date=row.birth_date,
        sex=row.sex,
        relation=row.relation,
        resident_number=number_text,
        phone=row.phone,
    )
    try:
        number = services.validate_member(member, _quote(row.name) or "가구원")
    except ValidationError as exc:
        for message in exc.messages:
            row.reject(message)
        return
    if number is None:
        return
    row.number = number
    row.rrn_hash = crypto.search_hash(number.digits)
    row.sex = row.sex or number.sex
    row.birth_date = row.birth_date or number.birth_date


# ---------------------------------------------------------------------------------------------------------------
# Rows together, and the database


def _chunks[T](items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


@dataclass
class _Existing:
    households: dict[str, Household]
    persons: dict[str, Person]
    # Current 세대주 of each existing household: household id → their hashes ("" when registered without a number).
    heads: dict[int, list[str]]


def _load_existing(rows: list[Row]) -> _Existing:
    numbers = sorted({r.registry_no for r in rows if r.registry_no})
    hashes = sorted({r.rrn_hash for r in rows if r.rrn_hash})
    households: dict[str, Household] = {}
    for chunk in _chunks(numbers):
        # The dong is needed for the scope check, its GeoJSON boundary is not (and would come once per household).
        found = Household.objects.filter(registry_no__in=chunk).select_related("dong").defer("dong__boundary")
        for household in found:
            households[household.registry_no or ""] = household
    persons: dict[str, Person] = {}
    for hash_chunk in _chunks(hashes):
        for person in Person.objects.filter(rrn_hash__in=hash_chunk).select_related("household"):
            persons[person.rrn_hash or ""] = person
    heads: dict[int, list[str]] = defaultdict(list)
    household_ids = sorted(h.pk for h in households.values())
    for id_chunk in _chunks(household_ids):
        current_heads = Person.objects.filter(
            household_id__in=id_chunk, relation=Relation.HEAD, moved_out_on__isnull=True, died_on__isnull=True
        ).values_list("household_id", "rrn_hash")
        for household_id, digest in current_heads:
            heads[household_id].append(digest or "")
    return _Existing(households, persons, heads)


def _lines(rows: Iterable[Row]) -> str:
    return ", ".join(str(r.line) for r in rows)


def _check_across_rows(rows: list[Row], existing: _Existing, principal: policy.Principal) -> None:
    by_hash: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.rrn_hash:
            by_hash[row.rrn_hash].append(row)
    for same in by_hash.values():
        if len(same) > 1:
            for row in same:
                others = [r for r in same if r is not row]
                masked = row.number.masked if row.number else ""
                row.reject(f"같은 주민등록번호({masked})가 {_lines(others)}번째 줄에도 있습니다.")

    file_hashes = set(by_hash)
    for registry_no, group in _households(rows).items():
        first = group[0]
        for row in group[1:]:
            if row.address_key != first.address_key:
                row.reject(
                    f"세대번호 {registry_no}의 주소(행정동·통·반·도로명주소·상세주소)가 "
                    f"{first.line}번째 줄과 다릅니다. 한 세대의 주소는 모든 행에서 같아야 합니다."
                )
        household = existing.households.get(registry_no)
        if household is not None and not policy.can_edit_household(principal, household):
            for row in group:
                row.reject(f"세대번호 {registry_no}은(는) 수정할 권한이 없는 다른 동의 가구에 이미 쓰이고 있습니다.")
        heads = [r for r in group if r.relation == Relation.HEAD]
        # 세대주 already registered and not named in this file stay 세대주 after the import.
        staying = [h for h in existing.heads.get(household.pk, []) if h not in file_hashes] if household else []
        if len(heads) > 1:
            for row in heads:
                row.reject(f"세대번호 {registry_no}에 세대주가 두 명 이상입니다({_lines(heads)}번째 줄).")
        elif not heads and not staying:
            for row in group:
                row.reject(
                    f"세대번호 {registry_no}에 세대주가 없습니다. 세대주관계가 '세대주'인 행이 하나 있어야 합니다."
                )
        elif heads and staying:
            heads[0].reject(
                f"세대번호 {registry_no}에는 이 파일에 없는 세대주가 이미 등록되어 있어 세대주가 두 명이 됩니다. "
                "기존 세대주의 행도 넣어 관계를 바꾸세요."
            )
        for row in group:
            person = existing.persons.get(row.rrn_hash)
            if person is not None and person.died_on is not None:
                row.reject(f"{_quote(row.name)}: 사망으로 기록된 주민입니다. 주민등록 자료와 기록을 확인하세요.")


def _households(rows: Iterable[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.registry_no:
            groups[row.registry_no].append(row)
    return groups


# ---------------------------------------------------------------------------------------------------------------
# Result


@dataclass
class RejectedRow:
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
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing was refused: the whole file was (or, in a dry run, would be) imported."""
        return not self.rejected

    def summary(self) -> list[str]:
        """Korean lines for the command output and the page."""
        lines = []
        if self.dry_run:
            lines.append("미리보기입니다. 아무것도 저장하지 않았습니다.")
        if self.rejected and not self.partial:
            lines.append(
                f"전체 {self.total_rows:,}행 중 {len(self.rejected):,}행에 오류가 있어 아무것도 가져오지 않았습니다. "
                "오류를 고친 뒤 파일 전체를 다시 올리세요."
            )
        else:
            verb = "가져올 수 있습니다" if self.dry_run else "가져왔습니다"
            imported = self.total_rows - len(self.rejected)
            lines.append(f"전체 {self.total_rows:,}행 중 {imported:,}행을 {verb}.")
            lines.append(
                f"세대: 새로 등록 {self.households_created:,}, 수정 {self.households_updated:,}, "
                f"변경 없음 {self.households_unchanged:,}"
            )
            lines.append(
                f"가구원: 새로 등록 {self.persons_created:,}, 수정 {self.persons_updated:,}"
                f"(다른 세대에서 전입 {self.persons_moved:,}), 변경 없음 {self.persons_unchanged:,}"
            )
        if self.rejected and self.partial:
            lines.append(f"가져오지 않은 행: {len(self.rejected):,}행(오류가 있는 세대 전체)")
        return lines

    def rejects_csv(self) -> bytes:
        """The rejected rows as the user wrote them plus an 오류 column; UTF-8 with BOM so Excel reads it."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        width = len(self.header)
        writer.writerow([*self.header, ERROR_COLUMN])
        for row in self.rejected:
            cells = row.cells[:width] + [""] * (width - len(row.cells))
            reason = f"[{row.line}번째 줄] " + " / ".join(row.reasons)
            writer.writerow([*cells, reason, *row.cells[width:]])
        return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _select(rows: list[Row], partial: bool) -> tuple[list[Row], list[RejectedRow]]:
    """Rows to import, and rows refused with their reasons (in file order)."""
    invalid = [r for r in rows if r.errors]
    if not invalid:
        return rows, []
    if not partial:
        return [], [RejectedRow(r.line, r.cells, r.errors) for r in invalid]
    # Partial: a household is imported whole or not at all, so a valid member row of a refused household goes too.
    bad_lines: dict[str, list[Row]] = defaultdict(list)
    for row in invalid:
        bad_lines[row.registry_no].append(row)
    accepted, rejected = [], []
    for row in rows:
        if row.errors:
            rejected.append(RejectedRow(row.line, row.cells, row.errors))
        elif row.registry_no in bad_lines:
            lines = _lines(bad_lines[row.registry_no])
            reason = (
                f"같은 세대(세대번호 {row.registry_no})의 {lines}번째 줄에 오류가 있어 이 세대를 가져오지 않았습니다."
            )
            rejected.append(RejectedRow(row.line, row.cells, [reason]))
        else:
            accepted.append(row)
    return accepted, rejected


# ---------------------------------------------------------------------------------------------------------------
# Plan and apply

ADDRESS_FIELDS = ("dong", "tong", "ban", "road_address", "address_detail")
PERSON_UPDATE_FIELDS = ("household", "name", "relation", "phone", "moved_in_on", "moved_out_on")
MOVE_FIELDS = ("person", "household", "kind", "occurred_on", "from_address", "to_address")


@dataclass
class _Plan:
    new_households: list[Household] = field(default_factory=list)
    changed_households: list[tuple[Household, dict[str, object]]] = field(default_factory=list)
    unchanged_households: int = 0
    new_persons: list[Person] = field(default_factory=list)
    changed_persons: list[tuple[Person, dict[str, object]]] = field(default_factory=list)
    moves: list[tuple[Person, Household, Household | None, dt.date]] = field(default_factory=list)
    unchanged_persons: int = 0


def _plan(rows: list[Row], existing: _Existing, today: dt.date) -> _Plan:
    plan = _Plan()
    for registry_no, group in _households(rows).items():
        first = group[0]
        household = existing.households.get(registry_no)
        if household is None:
            household = Household(
                dong=first.dong,
                tong=first.tong,
                ban=first.ban,
                registry_no=registry_no,
                road_address=first.road_address,
                address_detail=first.address_detail,
            )
            plan.new_households.append(household)
        else:
            before = audit.snapshot(household, ADDRESS_FIELDS)
            assert first.dong is not None and first.tong is not None  # guaranteed by validation
            # Blank optional cells never erase what is recorded, except a 반 that belongs to the old 통.
            if first.ban is not None or household.tong_id != first.tong.pk:
                household.ban = first.ban
            household.dong, household.tong = first.dong, first.tong
            household.road_address = first.road_address
            if first.address_detail:
                household.address_detail = first.address_detail
            if audit.diff(before, audit.snapshot(household, ADDRESS_FIELDS)):
                plan.changed_households.append((household, before))
            else:
                plan.unchanged_households += 1
        for row in group:
            _plan_person(plan, row, household, existing.persons.get(row.rrn_hash), today)
    return plan


def _plan_person(plan: _Plan, row: Row, household: Household, person: Person | None, today: dt.date) -> None:
    assert row.number is not None and row.birth_date is not None  # guaranteed by validation
    if person is None:
        person = Person(
            household=household,
            name=row.name,
            birth_date=row.birth_date,
            sex=row.sex,
            relation=row.relation,
            phone=row.phone,
            moved_in_on=row.moved_in_on,
        )
        person.set_resident_number(row.number)
        plan.new_persons.append(person)
        return
    before = audit.snapshot(person, PERSON_UPDATE_FIELDS)
    source = person.household
    moved = household.pk is None or person.household_id != household.pk
    returned = person.moved_out_on is not None
    person.name = row.name
    person.relation = row.relation
    if row.phone:
        person.phone = row.phone
    if moved or returned:
        person.household = household
        person.moved_out_on = None
        person.moved_in_on = row.moved_in_on or today
        # Someone recorded as moved out has already left their old household: only the 전입 is new.
        plan.moves.append((person, household, source if moved and not returned else None, row.moved_in_on or today))
    elif row.moved_in_on:
        person.moved_in_on = row.moved_in_on
    if moved or returned or audit.diff(before, audit.snapshot(person, PERSON_UPDATE_FIELDS)):
        plan.changed_persons.append((person, before))
    else:
        plan.unchanged_persons += 1


def _apply(plan: _Plan, user: Actor | None) -> None:
    now = timezone.now()
    entries: list[AuditEntry] = []
    Household.objects.bulk_create(plan.new_households, batch_size=1000)
    for household in plan.new_households:
        entries.append(audit.build_created(user, household, services.HOUSEHOLD_FIELDS, household.pk))
    changed_households: dict[tuple[str, ...], list[Household]] = defaultdict(list)
    for household, before in plan.changed_households:
        household.updated_at = now  # bulk_update skips auto_now
        changes = audit.diff(before, audit.snapshot(household, ADDRESS_FIELDS))
        entries.append(audit.build(user, AuditEntry.Action.UPDATE, household, changes, household.pk))
        changed_households[tuple(sorted(changes))].append(household)
    _bulk_update(Household, changed_households)

    # Households created above now have ids; re-attach so the foreign keys pick them up.
    for person in plan.new_persons:
        person.household = person.household
    for person, _ in plan.changed_persons:
        person.household = person.household
        person.updated_at = now
    Person.objects.bulk_create(plan.new_persons, batch_size=1000)
    for person in plan.new_persons:
        entries.append(audit.build_created(user, person, services.PERSON_FIELDS, person.household_id))
    changed_persons: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for person, before in plan.changed_persons:
        changes = audit.diff(before, audit.snapshot(person, PERSON_UPDATE_FIELDS))
        entries.append(audit.build(user, AuditEntry.Action.UPDATE, person, changes, person.household_id))
        changed_persons[tuple(sorted(changes))].append(person)
    _bulk_update(Person, changed_persons)

    moves: list[MoveRecord] = []
    for person, target, source, day in plan.moves:
        # 전출 from the old household (when there was one) and 전입 into the new one, as a pair in the history.
        from_address = source.full_address if source else ""
        if source is not None:
            moves.append(MoveRecord(person=person, household=source, kind=MoveRecord.Kind.MOVE_OUT, occurred_on=day,
                                    from_address=from_address, to_address=target.full_address))  # fmt: skip
        moves.append(MoveRecord(person=person, household=target, kind=MoveRecord.Kind.MOVE_IN, occurred_on=day,
                                from_address=from_address, to_address=target.full_address))  # fmt: skip
    MoveRecord.objects.bulk_create(moves, batch_size=1000)
    for move in moves:
        entries.append(audit.build_created(user, move, MOVE_FIELDS, move.household_id))
    audit.record_many(entries)


def _bulk_update[M: models.Model](model: type[M], changed: dict[tuple[str, ...], list[M]]) -> None:
    """Update only the fields that changed: bulk_update's cost grows with objects × fields (one CASE per field)."""
    for fields, objects in changed.items():
        model._default_manager.bulk_update(objects, [*fields, "updated_at"], batch_size=1000)


# ---------------------------------------------------------------------------------------------------------------
# Entry point


def import_residents(
    data: bytes,
    *,
    user: Actor | None,
    principal: policy.Principal,
    partial: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Import a registry CSV. Default: all rows or none. `partial`: valid households, the rest returned.

    Raises ImportFileError when the file as a whole is unreadable and policy.Forbidden when the user may not import.
    """
    policy.require(policy.can_import(principal), "주민등록 자료를 가져올 권한이 없습니다.")
    today = today or dt.date.today()
    header, rows = read_csv(data)
    places = _Places(principal)
    for row in rows:
        if row.errors:
            # A row with the wrong number of cells has its values shifted: reasons per column would mislead.
            registry_no = row.values["registry_no"]
            row.registry_no = "" if _RRN_LIKE.search(registry_no) else registry_no
        else:
            _validate_row(row, places, today)
    result = ImportResult(header=header, total_rows=len(rows), partial=partial, dry_run=dry_run)
    try:
        with transaction.atomic():
            existing = _load_existing(rows)
            _check_across_rows(rows, existing, principal)
            accepted, result.rejected = _select(rows, partial)
            plan = _plan(accepted, existing, today)
            result.households_created = len(plan.new_households)
            result.households_updated = len(plan.changed_households)
            result.households_unchanged = plan.unchanged_households
            result.persons_created = len(plan.new_persons)
            result.persons_updated = len(plan.changed_persons)
            result.persons_moved = sum(1 for _, _, source, _ in plan.moves if source is not None)
            result.persons_unchanged = plan.unchanged_persons
            if accepted and not dry_run:
                _apply(plan, user)
                result.applied = True
    except IntegrityError:
        raise ImportFileError(
            "같은 세대번호나 주민등록번호를 다른 작업이 동시에 등록해 저장하지 못했습니다. 잠시 후 다시 가져오세요."
        ) from None
    return result


SAMPLE_ROWS = (
    ("W2-1001", "월곡2동", "1", "1", "서울특별시 성북구 화랑로 200", "101동 1001호", "세대주", "홍길동",
     "650101-1000001", "남", "1965-01-01", "010-1234-5678", "2020-05-04"),
    ("W2-1001", "월곡2동", "1", "1", "서울특별시 성북구 화랑로 200", "101동 1001호", "배우자", "김순이",
     "670303-2000002", "여", "", "", "2020-05-04"),
    ("W2-1001", "월곡2동", "1", "1", "서울특별시 성북구 화랑로 200", "101동 1001호", "자녀", "홍하늘",
     "050505-4000003", "", "", "010-2345-6789", ""),
    ("W2-1002", "1108072", "2", "", "서울특별시 성북구 오패산로 30", "", "세대주", "박영수",
     "400707-1000004", "", "", "02-900-0000", "1998-11-20"),
)  # fmt: skip


def sample_csv() -> bytes:
    """A small valid file with made-up people, in the documented format (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.korean for c in COLUMNS])
    writer.writerows(SAMPLE_ROWS)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
