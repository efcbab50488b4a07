"""Who may see meetings (case conferences, pre-case meetings, the officers' monthly review), schedule them, run
them, put cases on their agenda and record the conference's decisions, and with whom an agenda may be shared.
Built on `access.rules`; `manage.py access_matrix` prints them."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet

from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.access.rules import (
    DISTRICT_CASE_STAFF,
    DONG_STAFF,
    EVERYWHERE,
    NOTHING,
    STAFF,
    SUPERUSER,
    Reach,
    Rule,
    Who,
    grants,
    in_own_dong,
    role,
    theirs,
)
from chatdong.cases import rules as case_rules
from chatdong.cases import services as case_services
from chatdong.cases.models import Case
from chatdong.org.models import Agency
from chatdong.org.roles import Role

from .models import Attendee, Meeting

STAFF_ONLY = "사례회의는 동 직원과 희망복지지원단만 볼 수 있습니다."
CHAIR_ONLY = "안건의 결정은 회의를 주재하는 {}만 기록할 수 있습니다."

# A dong's conferences are scheduled by its welfare supervisor or dong head; the district's own by 희망복지지원단
# (HOPE_STAFF), the supervisor's counterpart at district level.
DONG_LEADS = Who("동의 복지수퍼바이저·동장", (DONG_STAFF & role(Role.WELFARE_SUPERVISOR, Role.DONG_HEAD)).test)
HOPE_STAFF = role(Role.HOPE_STAFF)


def _chaired_or_attended(principal: Principal) -> Q:
    if principal.staff is None:
        return NOTHING
    attending = Attendee.objects.filter(meeting_id=OuterRef("pk"), staff_id=principal.staff.pk)
    return Q(chair_id=principal.staff.pk) | Q(Exists(attending))


CHAIRING = theirs("chair", "주재하는 회의")
TAKING_PART = Reach(
    "주재하거나 참석하는 회의",
    lambda p, meeting: (
        p.staff is not None
        and (meeting.chair_id == p.staff.pk or meeting.attendees.filter(staff_id=p.staff.pk).exists())
    ),
    _chaired_or_attended,
)
IN_OWN_DISTRICT = Reach(
    "구 전체",
    lambda p, meeting: p.district_id is not None and meeting.district_id == p.district_id,
    lambda p: Q(district_id=p.district_id) if p.district_id else NOTHING,
)
# Reaches on a dong (or None: the district's own meetings), for scheduling and the monthly check.
OWN_DONG = Reach(
    "자기 동",
    lambda p, dong: dong is not None and dong.pk == p.dong_id,
    lambda p: Q(pk=p.dong_id) if p.dong_id is not None else NOTHING,
)
DONGS_OF_DISTRICT = Reach(
    "구 전체",
    lambda p, dong: p.district_id is not None and dong.district_id == p.district_id,
    lambda p: Q(district_id=p.district_id) if p.district_id else NOTHING,
)
THE_DISTRICT = Reach("구 회의", lambda p, dong: dong is None)

# An agenda names residents: statistics roles and tong leaders see no meeting at all.
VIEW = Rule(
    "meetings.view",
    "회의 열람(목록·회의 화면·안건)",
    grants(
        (SUPERUSER, EVERYWHERE),
        (DISTRICT_CASE_STAFF, IN_OWN_DISTRICT | TAKING_PART),
        (DONG_STAFF, in_own_dong() | TAKING_PART),
    ),
    STAFF_ONLY,
)

REGULAR = Rule(
    "meetings.regular",
    "정기 사례회의 점검(이번 달 정기회의가 없는 동)",
    grants((SUPERUSER, EVERYWHERE), (DISTRICT_CASE_STAFF, DONGS_OF_DISTRICT), (DONG_STAFF, OWN_DONG)),
    STAFF_ONLY,
)

# Decided on the meeting's dong (None for a meeting of the district).
SCHEDULE = Rule(
    "meetings.schedule",
    "사례회의 등록",
    grants((SUPERUSER, EVERYWHERE), (DONG_LEADS, OWN_DONG), (HOPE_STAFF, THE_DISTRICT)),
    "사례회의는 동 복지수퍼바이저나 동장(구 회의는 희망복지지원단)만 등록할 수 있습니다.",
    about_people=False,
)

# The chair, or whoever may schedule the meeting, in the meeting's district.
MANAGE = Rule(
    "meetings.manage",
    "회의 운영(참석자·회의록·개최·취소)",
    grants(
        (SUPERUSER, EVERYWHERE),
        (STAFF, CHAIRING),
        (DONG_LEADS, Reach("자기 동 회의", lambda p, m: m.dong_id == p.dong_id and m.district_id == p.district_id)),
        (HOPE_STAFF, Reach("구 회의", lambda p, m: m.dong_id is None and m.district_id == p.district_id)),
    ),
    "회의를 주재하는 복지수퍼바이저나 회의를 등록할 수 있는 직원(동장 등)만 할 수 있습니다.",
    about_people=False,
)


def _through(attr: str, rule: Rule, suffix: str = "") -> list[tuple[Who, Reach]]:
    """The grants of `rule`, each reaching an agenda item through its meeting or its case."""

    def via(reach: Reach) -> Reach:
        return Reach(f"{reach.label}{suffix}", lambda p, item: reach.covers(p, getattr(item, attr)))

    return [(who, via(reach)) for who, reach in rule.grants.items()]


# Decided on an (unsaved) agenda item: who runs the meeting, or who works on the case.
AGENDA = Rule(
    "meetings.agenda",
    "사례회의 안건 올리기",
    grants(*_through("meeting", MANAGE), *_through("case", case_rules.WORK, " 사례")),
    "안건은 회의 주재자·등록자나 사례를 맡은 동 직원만 올릴 수 있습니다.",
    about_people=False,
)

DECIDE = Rule(
    "meetings.decide",
    "안건 결정 기록(대상자 선정·주 사례관리기관·서비스계획 승인·종결 승인)",
    grants((STAFF, CHAIRING)),
    CHAIR_ONLY.format("직원"),
    about_people=False,
)


def meetings_visible_to(principal: Principal) -> QuerySet[Meeting]:
    """Every meeting list starts here."""
    return VIEW.scope(principal, Meeting.objects.all())


def get_meeting(principal: Principal, meeting_id: int) -> Meeting:
    """The meeting if the user may see it; otherwise 404, exactly as if it did not exist."""
    return VIEW.fetch(principal, Meeting.objects.select_related("dong", "chair", "district"), meeting_id, "meeting")


def taking_part(principal: Principal) -> Q:
    """The meetings a person takes part in: those they chair or attend and, for dong staff, every meeting of their
    dong (희망복지지원단 see the whole district's but take part in their own only)."""
    if principal.staff is None:
        return NOTHING
    mine = _chaired_or_attended(principal)
    return (mine | Q(dong_id=principal.dong_id)) if DONG_STAFF(principal) else mine


def offers_agenda_form(principal: Principal, meeting: Meeting) -> bool:
    """The meeting page offers the agenda form to whoever runs the meeting and to dong staff, who bring the cases
    they work on; AGENDA decides each case put forward."""
    return MANAGE.allows(principal, meeting) or DONG_STAFF(principal)


def require_chair(principal: Principal, meeting: Meeting) -> None:
    """Only the chair records the conference's decisions; the refusal names them."""
    if not DECIDE.allows(principal, meeting):
        raise Forbidden(CHAIR_ONLY.format(meeting.chair.name))


def require_sharing(principal: Principal, case: Case, agencies: list[Agency], legal_exception: str) -> None:
    """Putting a case before agency people shares it with them: the resident's consent to third-party provision
    must cover every one, or the supervisor records a legal exception. The rule is the one `cases.services`
    applies when an agency joins a case; every agency it refuses is named."""
    errors: list[str] = []
    for agency in agencies:
        try:
            case_services.require_consent_or_exception(principal, case, agency, legal_exception)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
