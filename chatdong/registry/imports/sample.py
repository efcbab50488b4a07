"""The sample file offered for download: a few made-up people in the documented format."""

from .columns import COLUMNS
from .csvfile import encode

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
    return encode([[c.korean for c in COLUMNS], *SAMPLE_ROWS])
