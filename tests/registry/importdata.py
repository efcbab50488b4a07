"""Building registry CSV files for the import tests: rows as dicts with the documented Korean column names."""

import csv
import io

# The tests of the import itself run as the dong's welfare supervisor: she approves move-ins into her dong herself,
# so residents new to the district are registered at once. Others' imports wait for her (test_move_ins.py).
IMPORTER = "wolgok2.supervisor"

HEADER = [
    "세대번호", "행정동", "통", "반", "도로명주소", "상세주소", "세대주관계", "성명", "주민등록번호", "성별",
    "생년월일", "휴대전화", "전입일",
]  # fmt: skip

HWARANG = "서울특별시 성북구 화랑로 200"
OPAESAN = "서울특별시 성북구 오패산로 30"


def person(registry_no: str, relation: str, name: str, number: str, **extra: str) -> dict[str, str]:
    """A row of a 월곡2동 household at 화랑로 200 (1통 1반) unless the extra cells say otherwise."""
    row = {
        "세대번호": registry_no,
        "행정동": "월곡2동",
        "통": "1",
        "반": "1",
        "도로명주소": HWARANG,
        "상세주소": f"{registry_no}호",
        "세대주관계": relation,
        "성명": name,
        "주민등록번호": number,
    }
    row.update(extra)
    return row


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8-sig", header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header or HEADER, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def family() -> list[dict[str, str]]:
    """Two new 월곡2동 households: a family of three and a person living alone."""
    return [
        person(
            "T-100", "세대주", "정우성", "720101-1000011", 성별="남", 생년월일="1972-01-01", 휴대전화="010-1111-2222"
        ),
        person("T-100", "배우자", "한가인", "740202-2000022", 전입일="2020-03-02"),
        person("T-100", "자녀", "정하늘", "010303-3000033"),
        person("T-200", "세대주", "오말순", "450404-2000044", 통="2", 반="3", 도로명주소=OPAESAN, 상세주소=""),
    ]
