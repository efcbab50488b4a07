"""Who may open the home page, the work list (오늘 할 일) and their own notices. Built on `access.rules`;
`manage.py access_matrix` prints them."""

from django.db.models import Q

from chatdong.access.rules import DISTRICT_CASE_STAFF, DONG_STAFF, SIGNED_IN, Reach, Rule, grants

OWN_WORK = Reach("자기 업무")

HOME = Rule(
    "web.home",
    "첫 화면(자기 범위의 요약, 할 일 수, 알림)",
    grants((SIGNED_IN, Reach("자기 범위(각 목록의 규칙대로)"))),
    "로그인이 필요합니다.",
    about_people=False,
)

WORK_LIST = Rule(
    "web.work_list",
    "오늘 할 일",
    grants((DONG_STAFF, OWN_WORK), (DISTRICT_CASE_STAFF, OWN_WORK)),
    "오늘 할 일은 동 직원과 희망복지지원단 직원의 업무 목록입니다.",
    about_people=False,
)

RECEIVED = Reach(
    "받은 알림만",
    lambda p, notice: notice.recipient_id == p.user_id,
    lambda p: Q(recipient_id=p.user_id),
)

NOTICES = Rule(
    "web.notices", "알림 읽음 표시", grants((SIGNED_IN, RECEIVED)), "로그인이 필요합니다.", about_people=False
)
