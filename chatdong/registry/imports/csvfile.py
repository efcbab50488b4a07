"""CSV bytes as Korean spreadsheets write and read them: UTF-8 or CP949 in, UTF-8 with BOM out, formulas defused."""

import codecs
import csv
import io
from collections.abc import Iterable, Sequence

from .errors import ImportFileError

# A cell starting with one of these is a formula to a spreadsheet (CSV injection). Only the first character counts:
# "650101-1234567" or "T-300" are plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def encode(rows: Iterable[Sequence[str]]) -> bytes:
    """Rows as a CSV file Excel opens directly: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def defuse_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made text by a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def undo_defuse(cell: str) -> str:
    """The cell `defuse_formula` was given: a spreadsheet keeps our apostrophe in the file, so the upload drops it."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
