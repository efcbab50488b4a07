"""Registry numbers are unique however many imports bring the same one at the same moment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chatdong.registry.models import Household, Person
from tests.races import at_once, fresh_world, page_text, require_postgresql, signed_in

from .importdata import IMPORTER, csv_bytes, person

URL = reverse("registry:import")


@pytest.mark.django_db(transaction=True)
def test_eight_imports_of_the_same_registry_number_at_once_give_one_household_and_no_500():
    require_postgresql()
    fresh_world()
    data = csv_bytes(
        [
            person("R-700", "세대주", "정우성", "720101-1000011", 성별="남", 생년월일="1972-01-01"),
            person("R-700", "배우자", "한가인", "740202-2000022"),
        ]
    )
    clients = [signed_in(IMPORTER) for _ in range(8)]

    def post(i):
        return clients[i].post(URL, {"file": SimpleUploadedFile("r.csv", data, content_type="text/csv")})

    answers = at_once(8, post)

    assert [repr(a) for a in answers if isinstance(a, BaseException)] == []
    assert sorted(a.status_code for a in answers) == [200] * 8
    assert Household.objects.filter(registry_no="R-700").count() == 1
    assert Person.objects.filter(household__registry_no="R-700").count() == 2
    texts = [page_text(a) for a in answers]
    print([t[t.find("cd-error") : t.find("cd-error") + 300] for t in texts])
