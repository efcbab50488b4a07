"""Registry numbers and resident numbers are unique however many imports or registrations bring the same one at the
same moment: one household, the others told in Korean, no server error."""

import json

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chatdong.api.models import ApiToken
from chatdong.registry.models import Household, Person
from tests.races import at_once, page_text, signed_in

from .importdata import IMPORTER, csv_bytes, person
from .test_api_create_household import URL as API_URL
from .test_api_create_household import _body

URL = reverse("registry:import")
CONCURRENT = "같은 세대번호나 주민등록번호를 다른 작업이 동시에 등록했거나 이미 전입 확인을 요청해 저장하지 못했습니다."
SUMMARY = "전체 2행 중"


def test_eight_imports_of_the_same_registry_number_at_once_give_one_household_and_no_500(racing_world):
    data = csv_bytes(
        [
            person("R-700", "세대주", "정우성", "720101-1000011", 성별="남", 생년월일="1972-01-01"),
            person("R-700", "배우자", "한가인", "740202-2000022"),
        ]
    )
    clients = [signed_in(IMPORTER) for _ in range(8)]

    def upload(i):
        return clients[i].post(URL, {"file": SimpleUploadedFile("r.csv", data, content_type="text/csv")})

    answers = at_once(8, upload)

    assert [repr(a) for a in answers if isinstance(a, BaseException)] == []
    assert [a.status_code for a in answers] == [200] * 8
    assert Household.objects.filter(registry_no="R-700").count() == 1
    assert Person.objects.filter(household__registry_no="R-700").count() == 2
    # One imported it; one that started after it committed found the household already there (nothing to change);
    # the others were told in Korean that a concurrent import registered the same number, and saved nothing.
    texts = [page_text(a) for a in answers]
    assert all((CONCURRENT in t) != (SUMMARY in t) for t in texts)
    assert sum(SUMMARY in t for t in texts) >= 1


def test_eight_registrations_of_the_same_registry_number_through_the_api_give_one_household_and_seven_422(racing_world):
    user = get_user_model().objects.get(username="wolgok2.planner")
    tokens = [ApiToken.issue(user, f"경합 {i}")[1] for i in range(8)]
    clients = [Client(headers={"Authorization": f"Bearer {token}"}) for token in tokens]
    body = json.dumps(_body())

    answers = at_once(8, lambda i: clients[i].post(API_URL, body, content_type="application/json"))

    assert [repr(a) for a in answers if isinstance(a, BaseException)] == []
    assert sorted(a.status_code for a in answers) == [201] + [422] * 7
    # The constraint's answer, or (for one that started after the first committed) the checks' — one or both.
    known = (
        "세대번호 W2-0100은(는) 이미 등록되어 있습니다.",
        "1번째 가구원(최민서): 같은 주민등록번호의 주민이 이미 등록되어 있습니다.",
    )
    for refusal in (a.json()["detail"] for a in answers if a.status_code == 422):
        rest = refusal
        for message in known:
            rest = rest.replace(message, "")
        assert rest.strip() == "" and rest != refusal, refusal
    assert Household.objects.filter(registry_no="W2-0100").count() == 1
