"""The import upload page with the Django test client: format, results, the rejects download, refusals."""

import codecs
import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chatdong.access.models import AccessLog
from chatdong.registry.imports import forms as import_forms
from chatdong.registry.imports.views import REJECTS_SESSION_KEY
from chatdong.registry.models import Household, Person

from .importdata import HEADER, IMPORTER, csv_bytes, family, person

URL = reverse("registry:import")


def upload(data: bytes, name: str = "residents.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_page_shows_the_format_and_the_sample_file_imports(world, login):
    client = login(IMPORTER)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for column in HEADER:
        assert f'<th scope="row">{column}</th>' in html
    assert reverse("registry:import_sample") in html
    assert 'type="file"' in html and 'name="partial"' in html

    sample = client.get(reverse("registry:import_sample"))
    assert sample["Content-Type"].startswith("text/csv")
    assert sample.content.startswith(codecs.BOM_UTF8)
    result = client.post(URL, {"file": upload(sample.content)})
    assert "전체 4행 중 4행을 가져왔습니다." in result.content.decode()
    assert Household.objects.filter(registry_no__in=["W2-1001", "W2-1002"]).count() == 2


def test_a_valid_upload_imports_and_summarises(world, login):
    response = login(IMPORTER).post(URL, {"file": upload(csv_bytes(family(), encoding="cp949"))})
    html = response.content.decode()
    assert response.status_code == 200
    assert "세대: 새로 등록 2, 수정 0, 변경 없음 0" in html
    assert "가구원: 새로 등록 4" in html
    assert Person.objects.get(name="오말순").household.registry_no == "T-200"


def test_invalid_rows_are_listed_with_line_and_reason_and_nothing_is_written(world, login):
    rows = [
        *family(),
        person("T-300", "세대주", "틀림", "651301-1000099"),
        person("T-400", "자녀", "혼자", "900101-1000088"),
    ]
    before = (Household.objects.count(), Person.objects.count())
    response = login(IMPORTER).post(URL, {"file": upload(csv_bytes(rows))})
    html = response.content.decode()
    assert (Household.objects.count(), Person.objects.count()) == before
    assert "아무것도 가져오지 않았습니다" in html
    table = html[html.index('data-testid="rejected-rows"') :]
    lines = re.findall(r"<tr><td>(\d+)</td>", table)
    assert lines == ["6", "7"]
    assert "틀림: 주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다." in table
    assert "세대번호 T-400에 세대주가 없습니다" in table
    assert "651301-1000099" not in html
    assert reverse("registry:import_rejects") not in html, "the default mode offers no partial download"


def test_partial_mode_offers_the_rejected_rows_as_a_file(world, login):
    client = login(IMPORTER)
    rows = [*family(), person("T-300", "세대주", "틀림", "651301-1000099")]
    response = client.post(URL, {"file": upload(csv_bytes(rows)), "partial": "on"})
    html = response.content.decode()
    assert Household.objects.filter(registry_no__in=["T-100", "T-200"]).count() == 2
    assert not Household.objects.filter(registry_no="T-300").exists()
    assert reverse("registry:import_rejects") in html
    # The session keeps the rejected rows encrypted, not in clear.
    stored = client.session[REJECTS_SESSION_KEY]
    assert "651301" not in str(stored)

    download = client.get(reverse("registry:import_rejects"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "no-store"
    rows_back = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["성명"], r["주민등록번호"]) for r in rows_back] == [("틀림", "651301-1000099")]
    assert "생년월일이 올바른 날짜가 아닙니다" in rows_back[0]["오류"]
    export = AccessLog.objects.get(action=AccessLog.Action.EXPORT, username=IMPORTER)
    assert "1행" in export.detail


def test_rejects_download_without_an_import_says_so(world, login):
    response = login(IMPORTER).get(reverse("registry:import_rejects"), follow=True)
    assert "내려받을 오류 행 파일이 없습니다" in response.content.decode()


def test_the_statistics_officer_is_refused(world, login):
    client = login("district.stats")
    assert client.get(URL).status_code == 403
    before = Household.objects.count()
    assert client.post(URL, {"file": upload(csv_bytes(family()))}).status_code == 403
    assert Household.objects.count() == before
    assert client.get(reverse("registry:import_sample")).status_code == 403
    assert client.get(reverse("registry:import_rejects")).status_code == 403


def test_a_tong_leader_is_refused(world, login):
    assert login("wolgok2.tongjang").get(URL).status_code == 403


def test_out_of_scope_rows_are_refused_for_another_dongs_planner(world, login):
    response = login("jangwi1.planner").post(URL, {"file": upload(csv_bytes(family()))})
    assert "월곡2동에 가구를 등록할 권한이 없습니다." in response.content.decode()
    assert not Household.objects.filter(registry_no="T-100").exists()


def test_wrong_file_type_empty_file_and_missing_file(world, login):
    client = login(IMPORTER)
    before = Household.objects.count()
    html = client.post(URL, {"file": upload(b"PK\x03\x04rest", name="residents.xlsx")}).content.decode()
    assert "CSV 파일(.csv)만 올릴 수 있습니다." in html
    html = client.post(URL, {"file": upload(b"PK\x03\x04\x00\x00rest", name="residents.csv")}).content.decode()
    assert "엑셀 파일(xlsx, xls)은 바로 읽을 수 없습니다." in html
    html = client.post(URL, {"file": upload(b"")}).content.decode()
    assert "빈 파일입니다." in html
    html = client.post(URL, {}).content.decode()
    assert "가져올 CSV 파일을 선택하세요." in html
    html = client.post(URL, {"file": upload(csv_bytes([], header=["이름", "나이"]))}).content.decode()
    assert "필수 열이 없습니다" in html and "알 수 없는 열이 있습니다: 나이" in html
    assert Household.objects.count() == before


def test_a_file_over_the_size_limit_is_refused(world, login, monkeypatch):
    monkeypatch.setattr(import_forms, "MAX_UPLOAD_BYTES", 100)
    html = login(IMPORTER).post(URL, {"file": upload(csv_bytes(family()))}).content.decode()
    assert "파일이 너무 큽니다" in html
    assert not Household.objects.filter(registry_no="T-100").exists()
