"""Resident-registry CSV import: read a file, check every row, plan the changes, apply them in one transaction.

One module per stage, each to be read (and tested) on its own:

- `columns`: the columns and header names; `csvfile`: encodings, writing for Excel, formulas defused;
- `reading`: bytes → header and rows; `row_checks`: the rules of one row (reusing `services.validate_member` and
  `services.resolve_place`); `existing`: what is registered already; `cross_checks`: rules across rows and against
  the database (one 세대주, one address per 세대번호, a number once per file, the importing user's scope);
- `result`: counts, refused rows and the rejects file; `planning` / `writing`: what to create, update and move,
  then bulk writes with one audit entry per change; `pipeline`: the stages in order; `sample`: the sample file;
- `forms` and `views`: the upload page, its sample file and the download of rejected rows.

Identity: a person is their keyed resident-number hash (`Person.rrn_hash`), a household its `registry_no`.
docs/import.md describes the format and the rules for users.
"""

from .columns import COLUMNS, Column
from .errors import ImportFileError
from .pipeline import import_residents
from .result import ImportResult, RejectedRow
from .sample import sample_csv

__all__ = ["COLUMNS", "Column", "ImportFileError", "ImportResult", "RejectedRow", "import_residents", "sample_csv"]
