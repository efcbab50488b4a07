"""The rules of one row: cells parsed and checked, the place resolved and in the importer's scope, the member valid."""

import datetime as dt
import re

from django.core.exceptions import ValidationError

from chatdong.access.principal import Principal
from chatdong.core import crypto
from chatdong.org.models import Ban, Dong, Tong
from chatdong.registry import rules

from .. import services
from ..models import Person
from .columns import COLUMN_BY_KEY
from .errors import looks_like_resident_number, quote, scrub
from .reading import Row

Relation = Person.Relation

# Words the paper registry (주민등록표) uses for a relation, besides the labels of Person.Relation.
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

_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_DATE_SEPARATED = re.compile(
    r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{5,18}[0-9]$")


def _normalise_choice(text: str) -> str:
    return re.sub(r"[\s/ㆍ・.,]", "", text.replace("·", "")).lower()


def _relation_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for value, label in Relation.choices:
        keys[_normalise_choice(str(label))] = value
        keys[value] = value
    keys.update({_normalise_choice(k): v for k, v in _RELATION_ALIASES.items()})
    return keys


_RELATIONS = _relation_keys()


class _Places:
    """resolve_place, remembered per (dong, tong, ban): a file names few places many times."""

    def __init__(self, principal: Principal):
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
            self._allowed[dong.pk] = rules.can_create_household_in(self.principal, dong.pk)
        return self._allowed[dong.pk]


def _parse_int(row: Row, key: str, suffix: str) -> int | None:
    text = row.values[key].removesuffix(suffix).strip()
    if not text:
        if COLUMN_BY_KEY[key].required:
            row.reject(f"{COLUMN_BY_KEY[key].korean}을(를) 입력하세요.")
        return None
    if not text.isdigit() or not 1 <= int(text) <= 999:
        row.reject(f"{COLUMN_BY_KEY[key].korean} '{quote(row.values[key])}'은(는) 숫자(예: 3)여야 합니다.")
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
    row.reject(f"{label} '{quote(text)}'은(는) 올바른 날짜(YYYY-MM-DD)가 아닙니다.")
    return None


def _text(row: Row, key: str, limit: int) -> str:
    value = row.values[key]
    if len(value) > limit:
        row.reject(f"{COLUMN_BY_KEY[key].korean}은(는) {limit}자 이하여야 합니다.")
    return value


def check_rows(rows: list[Row], principal: Principal, today: dt.date) -> None:
    """Check each row on its own, recording every reason on it, and fill in its parsed values."""
    places = _Places(principal)
    for row in rows:
        if row.errors:
            # A row with the wrong number of cells has its values shifted: reasons per column would mislead.
            registry_no = row.values["registry_no"]
            row.registry_no = "" if looks_like_resident_number(registry_no) else registry_no
        else:
            _validate_row(row, places, today)


def _validate_row(row: Row, places: _Places, today: dt.date) -> None:
    v = row.values
    row.registry_no = v["registry_no"]
    if not row.registry_no:
        row.reject("세대번호를 입력하세요.")
    elif len(row.registry_no) > 30:
        row.reject("세대번호는 30자 이하여야 합니다.")
    elif looks_like_resident_number(row.registry_no):
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
        row.reject(f"휴대전화 '{quote(row.phone)}'의 형식이 올바르지 않습니다(예: 010-1234-5678).")
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
        number = services.validate_member(member, quote(row.name) or "가구원")
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
