"""Who may read the partner agency directory (with its contacts): every staff member, for their district.
Built on `access.rules`; `manage.py access_matrix` prints it."""

from django.db.models import Q

from chatdong.access.rules import EVERYWHERE, STAFF, SUPERUSER, Reach, Rule, grants

IN_OWN_DISTRICT = Reach(
    "자기 구의 기관",
    lambda p, agency: agency.district_id == p.district_id,
    lambda p: Q(district_id=p.district_id),
)

AGENCIES = Rule(
    "resources.agencies",
    "기관 목록·담당자 연락처",
    grants((SUPERUSER, EVERYWHERE), (STAFF, IN_OWN_DISTRICT)),
    "기관 목록은 직원만 볼 수 있습니다.",
    about_people=False,
)
