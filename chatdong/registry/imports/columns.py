"""The columns of the import file and how a header row maps onto them (Korean, English and alias names)."""

import re
from dataclasses import dataclass

from .errors import ImportFileError, quote

# The column our rejects file adds; ignored on upload so a corrected rejects file can be uploaded as it is.
ERROR_COLUMN = "오류"


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


def normalise_header(name: str) -> str:
    """A header cell as compared: no BOM, no spaces, lower case."""
    return re.sub(r"\s+", "", name.replace("\ufeff", "")).lower()


_HEADER_NAMES = {normalise_header(name): c.key for c in COLUMNS for name in (c.korean, c.english, *c.aliases)}
_IGNORED_HEADERS = {normalise_header(ERROR_COLUMN), "error"}


def map_header(header: list[str]) -> tuple[list[str], list[int], list[int]]:
    """Column keys and the indexes they come from; also the unnamed columns (Excel's trailing empty ones)."""
    keys: list[str] = []
    kept: list[int] = []
    unnamed: list[int] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(header):
        normal = normalise_header(name)
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
        problems.append(f"알 수 없는 열이 있습니다: {', '.join(quote(u) for u in unknown)}.")
    if problems:
        names = ", ".join(c.korean for c in COLUMNS)
        raise ImportFileError(f"{' '.join(problems)} 첫 줄(머리글)에 쓸 수 있는 열 이름: {names}.")
    return keys, kept, unnamed
