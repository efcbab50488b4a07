"""docs/api.md lists every endpoint of the OpenAPI document once, and nothing the API does not have, so
the index partners read first cannot drift from the API."""

import re
from collections import Counter
from pathlib import Path

from chatdong.api.router import api

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _key(method: str, path: str) -> tuple[str, str]:
    # The doc writes `{id}` where the schema names the parameter (`{case_id}`); the query string is left out.
    return method.upper(), re.sub(r"\{[^}]+\}", "{}", path.split("?")[0])


def documented() -> Counter[tuple[str, str]]:
    section = DOC.read_text(encoding="utf-8").split("## Endpoints")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`]+)` \|", section, flags=re.MULTILINE)
    return Counter(_key(method, path) for method, path in rows)


def test_every_endpoint_is_listed_once_in_the_api_doc():
    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    operations = {_key(method, path) for path, item in paths.items() for method in item}
    rows = documented()
    assert {key for key, count in rows.items() if count > 1} == set()
    assert set(rows) == operations
