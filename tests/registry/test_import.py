"""The resident-registry CSV import: all-or-nothing, partial mode, idempotence, encodings, scope, the command."""

import codecs
import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from chatdong.access.errors import Forbidden
from chatdong.access.models import AuditEntry
from chatdong.access.principal import principal_for
from chatdong.registry import imports
from chatdong.registry.models import Household, MoveRecord, PendingMoveIn, Person

from .importdata import HEADER, IMPORTER, OPAESAN, csv_bytes, family, person

FULL_NUMBER = re.compile(r"\d{6}-?\d{7}")
# core.rrn's format message shows this made-up example; it is not anyone's number from the file.
FORMAT_EXAMPLE = "650101-2345678"


def shows_a_number(text: str) -> bool:
    return bool(FULL_NUMBER.search(text.replace(FORMAT_EXAMPLE, "")))


def run(data: bytes, username: str = IMPORTER, **options: bool) -> imports.ImportResult:
    user = get_user_model().objects.get(username=username)
    return imports.import_residents(data, user=user, principal=principal_for(user), **options)


def counts() -> tuple[int, int, int, int]:
    return Household.objects.count(), Person.objects.count(), AuditEntry.objects.count(), MoveRecord.objects.count()


def reasons_by_line(result: imports.ImportResult) -> dict[int, str]:
    return {row.line: " / ".join(row.reasons) for row in result.rejected}


def read_rejects(result: imports.ImportResult) -> list[dict[str, str]]:
    data = result.rejects_csv()
    assert data.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# --- a valid file ------------------------------------------------------------------------------------------------


def test_valid_file_creates_households_and_persons_encrypted(world):
    before = counts()
    result = run(csv_bytes(family()))

    assert result.ok and result.applied
    assert (result.households_created, result.persons_created) == (2, 4)
    assert counts()[:2] == (before[0] + 2, before[1] + 4)
    family_home = Household.objects.get(registry_no="T-100")
    assert (family_home.dong, family_home.tong.number, family_home.ban.number) == (world.wolgok2, 1, 1)
    assert family_home.road_address == "서울특별시 성북구 화랑로 200"
    assert Household.objects.get(registry_no="T-200").road_address == OPAESAN

    head = Person.objects.get(name="정우성")
    assert head.household == family_home and head.relation == Person.Relation.HEAD
    assert head.masked_rrn == "720101-1******"
    assert "7201011000011" not in head.rrn_encrypted and "1000011" not in head.rrn_encrypted
    assert head.phone == "010-1111-2222"
    child = Person.objects.get(name="정하늘")
    # Sex and birth date left blank are taken from the number (3 = a boy born in the 2000s).
    assert (child.sex, child.birth_date.isoformat()) == ("M", "2001-03-03")
    assert Person.objects.get(name="한가인").moved_in_on.isoformat() == "2020-03-02"

    created = AuditEntry.objects.filter(action="create", household_id=family_home.pk)
    assert created.filter(model="registry.household").count() == 1
    assert created.filter(model="registry.person").count() == 3
    for entry in AuditEntry.objects.filter(household_id=family_home.pk):
        assert not FULL_NUMBER.search(str(entry.changes)), "no resident number in the audit trail"
    assert result.summary()[0] == "전체 4행 중 4행을 가져왔습니다."


def test_english_headers_and_relation_aliases_are_accepted(world):
    english = [c.english for c in imports.COLUMNS]
    rows = [dict(zip(english, (r.get(k, "") for k in HEADER), strict=True)) for r in family()[:2]]
    rows[0]["relation"] = "본인"
    rows[1]["relation"] = "처"
    result = run(csv_bytes(rows, header=english))
    assert result.ok, reasons_by_line(result)
    relations = dict(Person.objects.filter(household__registry_no="T-100").values_list("name", "relation"))
    assert relations == {"정우성": "head", "한가인": "spouse"}


def test_cp949_file_from_korean_excel(world):
    result = run(csv_bytes(family(), encoding="cp949"))
    assert result.ok, reasons_by_line(result)
    assert Person.objects.filter(name="오말순", household__registry_no="T-200").exists()


# --- invalid rows: nothing written ---------------------------------------------------------------------------


def test_invalid_rows_write_nothing_and_every_invalid_row_is_reported(world):
    rows = [
        *family(),  # lines 2-5, valid
        person("T-300", "세대주", "나쁜번호", "651301-1000099"),  # 6: month 13
        person("T-300", "자녀", "통없음", "900101-1000088", 통="9"),  # 7: no 9통, and address differs from line 6
        person("T-400", "배우자", "세대주없음", "900202-2000077"),  # 8: household without 세대주
        person("T-500", "세대주", "중복", "720101-1000011"),  # 9: same number as line 2
        person("T-600", "세대주", "성별다름", "800505-1000055", 성별="여", 생년월일="1980-05-06"),  # 10: two mismatches
        person("T-700", "조카", "관계오류", "810606-1000066", 전입일="2024-02-30"),  # 11: relation and date
        person("", "세대주", "번호없음", ""),  # 12: no 세대번호, no 주민등록번호
    ]
    before = counts()
    result = run(csv_bytes(rows))

    assert not result.applied and not result.ok
    assert counts() == before, "an invalid row means nothing is written"
    reasons = reasons_by_line(result)
    assert sorted(reasons) == [2, 6, 7, 8, 9, 10, 11, 12]  # line 2 shares its number with line 9
    assert "생년월일이 올바른 날짜가 아닙니다" in reasons[6]
    assert "월곡2동에 9통이 없습니다." in reasons[7]
    assert "주소" in reasons[7] and "6번째 줄과 다릅니다" in reasons[7]
    assert "세대번호 T-400에 세대주가 없습니다" in reasons[8]
    assert "같은 주민등록번호(720101-1******)가 2번째 줄에도 있습니다." in reasons[9]
    assert "9번째 줄에도" in reasons[2]
    assert "성별" in reasons[10] and "생년월일(1980-05-05)이 입력한 생년월일(1980-05-06)과 다릅니다" in reasons[10]
    assert "세대주와의 관계가 올바르지 않습니다" in reasons[11] and "전입일 '2024-02-30'" in reasons[11]
    assert "세대번호를 입력하세요." in reasons[12] and "주민등록번호를 입력하세요" in reasons[12]
    for text in reasons.values():
        assert not shows_a_number(text), f"a reason shows a full resident number: {text}"
    assert "아무것도 가져오지 않았습니다" in result.summary()[0]


def test_out_of_scope_dong_is_refused_for_a_dong_planner(world):
    before = counts()
    result = run(csv_bytes(family()), username="jangwi1.planner")
    assert counts() == before
    reasons = reasons_by_line(result)
    assert sorted(reasons) == [2, 3, 4, 5]
    assert all("월곡2동에 가구를 등록할 권한이 없습니다." in r for r in reasons.values())


def test_a_planner_may_import_into_their_own_dong(world):
    rows = [person("J-1", "세대주", "장위주민", "700101-1000010", 행정동="장위1동", 통="3", 반="2")]
    result = run(csv_bytes(rows), username="jangwi1.planner")
    # Accepted; a resident new to the district waits for 장위1동's supervisor like every newcomer (test_move_ins.py).
    assert result.ok and result.persons_waiting == 1
    assert PendingMoveIn.objects.get(name="장위주민").to_dong == world.jangwi1


def test_unknown_ban_and_bad_numbers_have_korean_reasons(world):
    rows = [
        person("T-1", "세대주", "반없음", "700101-1000010", 반="7"),
        person("T-2", "세대주", "지수", "6.50101E+12", 통="셋"),
        person("T-3", "세대주", "영빠짐", "101012345678", 휴대전화="전화없음"),
    ]
    # Numbers typed into the wrong column are not echoed in clear either.
    rows.append(person("650101-2345678", "세대주", "650101-2345678", "700101-1000011", 행정동="6501012345678"))
    reasons = reasons_by_line(run(csv_bytes(rows)))
    assert "월곡2동 1통에 7반이 없습니다." in reasons[2]
    assert "세대번호 칸에 주민등록번호로 보이는 값이 있습니다" in reasons[5]
    assert "행정동 '650101-2******'을(를) 찾을 수 없습니다." in reasons[5]
    assert not any(shows_a_number(r) for r in reasons.values())
    assert "엑셀에서 숫자(지수 표기)로 바뀌었습니다" in reasons[3] and "통 '셋'은(는) 숫자" in reasons[3]
    assert "맨 앞의 0" in reasons[4] and "휴대전화 '전화없음'의 형식이 올바르지 않습니다" in reasons[4]


def test_two_heads_and_a_second_head_for_an_existing_household(world):
    rows = [
        person("T-1", "세대주", "첫째", "700101-1000010"),
        person("T-1", "세대주", "둘째", "710101-2000010"),
        # 김영희's household W2-0001 already has its 세대주, who is not in the file.
        person(
            "W2-0001", "세대주", "새세대주", "730101-1000010", 도로명주소="서울특별시 성북구 화랑로 100", 상세주소=""
        ),
    ]
    reasons = reasons_by_line(run(csv_bytes(rows)))
    assert "세대번호 T-1에 세대주가 두 명 이상입니다(2, 3번째 줄)." in reasons[2]
    assert "세대주가 두 명이 됩니다" in reasons[4]


def test_file_level_problems_have_korean_messages(world):
    with pytest.raises(imports.ImportFileError, match="빈 파일입니다"):
        run(b"")
    with pytest.raises(imports.ImportFileError, match="가져올 자료가 없습니다"):
        run(csv_bytes([]))
    with pytest.raises(imports.ImportFileError, match="필수 열이 없습니다: 주민등록번호"):
        run(csv_bytes([], header=[h for h in HEADER if h != "주민등록번호"]))
    with pytest.raises(imports.ImportFileError, match="알 수 없는 열이 있습니다: 비고"):
        run(csv_bytes([], header=[*HEADER, "비고"]))
    with pytest.raises(imports.ImportFileError, match="엑셀 파일"):
        run(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(imports.ImportFileError, match="인코딩"):
        run(HEADER[0].encode() + b",\xff\xfe\xff\n")


def test_a_row_with_the_wrong_number_of_cells(world):
    data = csv_bytes(family()[:1]) + "T-9,월곡2동,1\r\n".encode()
    reasons = reasons_by_line(run(data))
    assert list(reasons) == [3]
    assert "칸 수(3개)가 머리글의 열 수(13개)와 다릅니다." in reasons[3]


# --- partial mode ------------------------------------------------------------------------------------------------


def test_partial_mode_imports_valid_households_and_returns_the_rest(world):
    rows = [
        *family(),  # T-100 (lines 2-4) and T-200 (line 5): valid
        person("T-300", "세대주", "괜찮은세대주", "800101-1000012"),  # 6: valid, but its household has an error
        person("T-300", "자녀", "번호틀림", "801301-1000012"),  # 7: month 13
    ]
    before = counts()
    result = run(csv_bytes(rows), partial=True)

    assert result.applied
    assert (result.households_created, result.persons_created) == (2, 4)
    assert Household.objects.count() == before[0] + 2
    assert not Household.objects.filter(registry_no="T-300").exists()
    assert not Person.objects.filter(name="괜찮은세대주").exists(), "a household is imported whole or not at all"

    reasons = reasons_by_line(result)
    assert sorted(reasons) == [6, 7]
    assert "7번째 줄에 오류가 있어 이 세대를 가져오지 않았습니다" in reasons[6]
    rejects = read_rejects(result)
    assert [r["성명"] for r in rejects] == ["괜찮은세대주", "번호틀림"]
    # The original cells come back as written, so the file can be corrected and uploaded again.
    assert rejects[1]["주민등록번호"] == "801301-1000012" and rejects[1]["세대번호"] == "T-300"
    assert rejects[1]["오류"].startswith("[7번째 줄] ")
    assert list(rejects[0]) == [*HEADER, "오류"]
    assert "가져오지 않은 행: 2행" in result.summary()[-1]


def test_a_corrected_rejects_file_can_be_uploaded_as_it_is(world):
    rows = [person("T-300", "세대주", "세대주", "800101-1000012"), person("T-300", "자녀", "자녀", "801301-1000012")]
    first = run(csv_bytes(rows), partial=True)
    rejects = read_rejects(first)
    rejects[1]["주민등록번호"] = "100101-3000012"
    corrected = csv_bytes(rejects, header=[*HEADER, "오류"])
    second = run(corrected)
    assert second.ok and second.persons_created == 2


def test_the_rejects_file_defuses_spreadsheet_formulas_and_still_uploads_as_it_is(world):
    rows = [
        person("T-300", "세대주", "=1+2", "800101-1000012", 상세주소="-", 휴대전화="+82 10-1234-5678"),
        person("T-300", "자녀", "@자녀", "801301-1000012", 상세주소="-", 세대주관계="\t자녀"),  # month 13
    ]
    first = run(csv_bytes(rows), partial=True)
    rejects = read_rejects(first)

    # Cells starting with = + - @ or a tab would run as formulas in Excel: they come back as text.
    assert [r["성명"] for r in rejects] == ["'=1+2", "'@자녀"]
    assert rejects[0]["휴대전화"] == "'+82 10-1234-5678"
    assert rejects[0]["상세주소"] == "'-" and rejects[1]["세대주관계"] == "'\t자녀"
    # Only the first character counts: numbers and 세대번호 with a dash inside are left as written.
    assert (rejects[0]["주민등록번호"], rejects[0]["세대번호"]) == ("800101-1000012", "T-300")
    assert rejects[1]["오류"].startswith("[3번째 줄] ")

    # Excel keeps the apostrophe when the file is saved again; the upload reads the values without it.
    rejects[1]["주민등록번호"] = "100101-3000012"
    second = run(csv_bytes(rejects, header=[*HEADER, "오류"]))
    assert second.ok and second.persons_created == 2
    head = Person.objects.get(rrn_hash__isnull=False, household__registry_no="T-300", relation=Person.Relation.HEAD)
    assert (head.name, head.phone, head.household.address_detail) == ("=1+2", "+82 10-1234-5678", "-")
    assert Person.objects.filter(household=head.household, name="@자녀", relation=Person.Relation.CHILD).exists()


# --- idempotence -------------------------------------------------------------------------------------------------


def test_importing_the_same_file_twice_creates_no_duplicates(world):
    data = csv_bytes(family())
    run(data)
    before = counts()
    again = run(data)
    assert counts() == before, "nothing new: no household, person, audit entry or move"
    assert (again.households_created, again.persons_created, again.persons_updated) == (0, 0, 0)
    assert (again.households_unchanged, again.persons_unchanged) == (2, 4)


def test_reimport_updates_changes_with_audit_entries_and_leaves_missing_members(world):
    run(csv_bytes(family()))
    household = Household.objects.get(registry_no="T-100")
    head = Person.objects.get(name="정우성")
    changed = family()[:2]  # 정하늘 (child) is not in the second file
    for row in changed:
        row.update(도로명주소="서울특별시 성북구 화랑로 210", 반="2")
    changed[0]["휴대전화"] = "010-9999-0000"
    changed[1]["세대주관계"] = "동거인"
    changed.append(
        person("T-100", "손자녀", "정아기", "230101-3000099", 도로명주소="서울특별시 성북구 화랑로 210", 반="2")
    )

    result = run(csv_bytes(changed))

    assert result.ok
    assert (result.households_updated, result.persons_updated, result.persons_created) == (1, 2, 1)
    household.refresh_from_db()
    head.refresh_from_db()
    assert (household.road_address, household.ban.number) == ("서울특별시 성북구 화랑로 210", 2)
    assert head.phone == "010-9999-0000"
    assert Person.objects.get(name="한가인").relation == Person.Relation.LODGER
    assert Person.objects.get(name="정하늘").household == household, "members missing from the file stay"
    assert household.members.count() == 4

    updates = AuditEntry.objects.filter(action="update", household_id=household.pk)
    address_change = updates.get(model="registry.household").changes
    assert address_change["road_address"] == ["서울특별시 성북구 화랑로 200", "서울특별시 성북구 화랑로 210"]
    assert updates.get(model="registry.person", object_id=str(head.pk)).changes == {
        "phone": ["010-1111-2222", "010-9999-0000"]
    }
    spouse = Person.objects.get(name="한가인")
    assert updates.get(model="registry.person", object_id=str(spouse.pk)).changes == {"relation": ["spouse", "lodger"]}


def test_blank_optional_cells_do_not_erase_recorded_values(world):
    run(csv_bytes(family()))
    rows = family()
    rows[0]["휴대전화"] = ""
    result = run(csv_bytes(rows))
    assert result.persons_updated == 0
    assert Person.objects.get(name="정우성").phone == "010-1111-2222"


def test_a_person_registered_in_another_household_of_the_dong_is_moved(world):
    park = world.park  # 월곡2동, household W2-0002
    old_household = park.household
    rows = [person("T-800", "세대주", "박순자", "400512-2345671", 전입일="2025-01-05")]
    result = run(csv_bytes(rows), username="wolgok2.planner")  # within the dong: no one else's business

    assert result.ok and (result.persons_created, result.persons_moved, result.persons_waiting) == (0, 1, 0)
    park.refresh_from_db()
    new_household = Household.objects.get(registry_no="T-800")
    assert park.household == new_household and park.moved_in_on.isoformat() == "2025-01-05"
    assert Person.objects.filter(rrn_hash=park.rrn_hash).count() == 1
    out = MoveRecord.objects.get(person=park, kind="move_out")
    into = MoveRecord.objects.get(person=park, kind="move_in")
    assert out.household == old_household and into.household == new_household
    assert out.from_address == old_household.full_address and into.to_address == new_household.full_address
    assert AuditEntry.objects.filter(model="registry.moverecord", household_id=old_household.pk).exists()
    assert AuditEntry.objects.get(model="registry.person", object_id=str(park.pk), action="update").changes[
        "household"
    ] == [old_household.pk, new_household.pk]


def test_dry_run_reports_counts_and_writes_nothing(world):
    before = counts()
    result = run(csv_bytes(family()), dry_run=True)
    assert counts() == before
    assert (result.households_created, result.persons_created, result.applied) == (2, 4, False)
    assert result.summary()[0].startswith("미리보기")


def test_the_import_is_refused_for_the_statistics_officer(world):
    with pytest.raises(Forbidden):
        run(csv_bytes(family()), username="district.stats")


def test_the_sample_file_imports_cleanly(world):
    result = run(imports.sample_csv())
    assert result.ok and (result.households_created, result.persons_created) == (2, 4)


# --- the management command ----------------------------------------------------------------------------------


def test_command_imports_a_file(world, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_bytes(csv_bytes(family()))
    out = io.StringIO()
    call_command("import_residents", str(path), "--user", IMPORTER, stdout=out)
    assert "세대: 새로 등록 2" in out.getvalue() and "가구원: 새로 등록 4" in out.getvalue()
    assert Household.objects.filter(registry_no__in=["T-100", "T-200"]).count() == 2


def test_command_default_mode_fails_and_lists_every_invalid_row(world, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_bytes(csv_bytes([*family(), person("T-300", "세대주", "틀림", "651301-1000099")]))
    rejects = tmp_path / "rejects.csv"
    out = io.StringIO()
    before = counts()
    with pytest.raises(CommandError, match="아무것도 가져오지 않았습니다") as exc:
        call_command("import_residents", str(path), "--user", IMPORTER, "--rejects", str(rejects), stdout=out)
    assert exc.value.returncode != 0
    assert counts() == before
    assert "6번째 줄: 틀림: 주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다." in out.getvalue()
    assert not shows_a_number(out.getvalue())
    assert rejects.read_bytes().startswith(codecs.BOM_UTF8)


def test_command_partial_mode_writes_the_rejects_file(world, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_bytes(csv_bytes([*family(), person("T-300", "세대주", "틀림", "651301-1000099")], encoding="cp949"))
    rejects = tmp_path / "rejects.csv"
    out = io.StringIO()
    call_command("import_residents", str(path), "--user", IMPORTER, "--partial", "--rejects", str(rejects), stdout=out)
    assert Household.objects.filter(registry_no__in=["T-100", "T-200"]).count() == 2
    rows = list(csv.DictReader(io.StringIO(rejects.read_bytes().decode("utf-8-sig"))))
    assert [r["성명"] for r in rows] == ["틀림"]
    assert "가져오지 않은 1행" in out.getvalue()


def test_command_dry_run_and_bad_arguments(world, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_bytes(csv_bytes(family()))
    before = counts()
    out = io.StringIO()
    call_command("import_residents", str(path), "--user", IMPORTER, "--dry-run", stdout=out)
    assert counts() == before and "미리보기" in out.getvalue()
    with pytest.raises(CommandError, match="권한이 없습니다"):
        call_command("import_residents", str(path), "--user", "district.stats")
    with pytest.raises(CommandError, match="찾을 수 없습니다"):
        call_command("import_residents", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="읽을 수 없습니다"):
        call_command("import_residents", str(tmp_path / "missing.csv"), "--user", IMPORTER)


def test_a_deceased_resident_is_refused_and_a_returning_one_moves_back_in(world):
    park, kim = world.park, world.kim
    Person.objects.filter(pk=park.pk).update(died_on="2026-01-01")
    Person.objects.filter(pk=kim.pk).update(moved_out_on="2025-06-30")
    household_row = {"도로명주소": "서울특별시 성북구 화랑로 100", "상세주소": "101동 201호"}
    refused = run(
        csv_bytes(
            [
                person(
                    "W2-0002", "세대주", "박순자", "400512-2345671", 반="2", 도로명주소="서울특별시 성북구 오패산로 12"
                )
            ]
        )
    )
    assert "박순자: 사망으로 기록된 주민입니다" in reasons_by_line(refused)[2]

    result = run(
        csv_bytes([person("W2-0001", "세대주", "김영희", "610315-2123456", **household_row, 전입일="2025-09-01")])
    )
    assert result.ok, reasons_by_line(result)
    kim.refresh_from_db()
    assert kim.moved_out_on is None and kim.moved_in_on.isoformat() == "2025-09-01"
    # Back into the same household: a 전입 only, no 전출 from a household she had already left.
    assert list(MoveRecord.objects.filter(person=kim).values_list("kind", flat=True)) == ["move_in"]


def test_a_household_moved_to_another_tong_loses_the_old_tongs_ban(world):
    run(csv_bytes(family()[3:]))  # T-200: 2통 3반
    rows = family()[3:]
    rows[0].update(통="3", 반="")
    result = run(csv_bytes(rows))
    household = Household.objects.get(registry_no="T-200")
    assert result.households_updated == 1
    assert (household.tong.number, household.ban) == (3, None)
