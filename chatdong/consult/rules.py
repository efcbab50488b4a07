"""Who may use the consultation desk: see consultations and referrals (the suicide-risk ones only for those who
may see the sensitive record), answer a referral, tell the resident its result, record or confirm a legal exception
to consent, and set the desk roster. Built on `access.rules`; `manage.py access_matrix` prints them."""

from django.db.models import Q, QuerySet

from chatdong.access.errors import Forbidden
from chatdong.access.principal import Principal
from chatdong.access.rules import (
    ANY_DONG,
    DONG_STAFF,
    NOTHING,
    STAFF,
    SUPERUSER,
    Reach,
    Rule,
    dong_records,
    fetch,
    grants,
    in_own_dong,
    own_dong_id,
    role,
    theirs,
)
from chatdong.org.models import Agency
from chatdong.org.roles import Role
from chatdong.registry.rules import IN_CHARGE, IN_EMERGENCY, on_household

from .models import Consultation, Referral, SuicideRisk

DESK_ONLY = "종합상담과 의뢰은(는) 동 직원과 희망복지지원단만 볼 수 있습니다."
SUPERVISOR = role(Role.WELFARE_SUPERVISOR)


RECORDED_IT = theirs("officer", "자기가 기록한 상담")
MADE_IT = theirs("made_by", "자기가 보낸 의뢰")


def _addressed_to(principal: Principal) -> Q:
    staff = principal.staff
    if staff is None:
        return NOTHING
    q = Q(target=Referral.Target.INTERNAL, to_staff_id=staff.pk)
    if staff.team_id:
        q |= Q(target=Referral.Target.INTERNAL, to_team_id=staff.team_id)
    return q


RECEIVED_IT = Reach(
    "자기나 자기 팀이 받은 내부 의뢰",
    lambda p, referral: (
        p.staff is not None
        and referral.target == Referral.Target.INTERNAL
        and (
            referral.to_staff_id == p.staff.pk
            or (referral.to_team_id is not None and referral.to_team_id == p.staff.team_id)
        )
    ),
    _addressed_to,
)
MADE_IT_FOR_AN_AGENCY = Reach(
    "자기가 보낸 외부 의뢰",
    lambda p, referral: referral.target != Referral.Target.INTERNAL and MADE_IT.covers(p, referral),
)

VIEW = Rule("consult.view", "종합상담·의뢰 열람과 기록", dong_records(), DESK_ONLY)

# Every screening level is hidden from the others, not only 높음: hiding only the high ones would show them up.
SCREENING = Rule(
    "consult.screening",
    "자살위험 선별 결과 열람",
    grants(
        (STAFF, RECORDED_IT | on_household(IN_CHARGE)),
        (SUPERVISOR, in_own_dong()),
        (DONG_STAFF, on_household(IN_EMERGENCY)),
    ),
    "자살위험 선별 결과는 기록한 직원, 담당 직원과 그 동의 복지수퍼바이저만 볼 수 있습니다.",
)

# A referral to the 자살예방센터, or one made from a high-risk screening, tells who is at risk of suicide.
SENSITIVE_REFERRAL = Q(to_agency__kind=Agency.Kind.SUICIDE_PREVENTION_CENTRE) | Q(
    consultation__suicide_risk=SuicideRisk.HIGH
)
# To one colleague by name: a team the referral names does not see it for that (it may still act on it).
ADDRESSED_TO_THEM = theirs("to_staff", "자기 앞으로 온 의뢰")
SENSITIVE_REFERRALS = Rule(
    "consult.sensitive_referrals",
    "자살위험 관련 의뢰 열람(자살예방센터 의뢰, 선별 결과 ‘높음’의 의뢰)",
    grants(
        (STAFF, MADE_IT | ADDRESSED_TO_THEM | on_household(IN_CHARGE)),
        (SUPERVISOR, in_own_dong()),
        (DONG_STAFF, on_household(IN_EMERGENCY)),
    ),
    "자살위험 관련 의뢰는 보낸 직원, 받은 직원, 담당 직원과 그 동의 복지수퍼바이저만 볼 수 있습니다.",
)

ANSWER = Rule(
    "consult.answer",
    "의뢰 처리(접수·진행·완료·반려)",
    grants((STAFF, RECEIVED_IT | MADE_IT_FOR_AN_AGENCY)),
    "이 의뢰를 받은 담당자(또는 받은 팀의 팀원)만 처리 상태를 기록할 수 있습니다.",
)
AGENCY_ANSWER_REFUSAL = "외부 기관의 회신은 의뢰한 직원이 기록합니다."

TELL = Rule(
    "consult.tell",
    "의뢰 결과 안내 기록",
    grants((STAFF, MADE_IT | RECEIVED_IT)),
    "결과 안내는 의뢰한 직원(내부 의뢰는 받은 담당자도)이 기록합니다.",
)

# On the dong of the household (given as its id).
LEGAL_EXCEPTION = Rule(
    "consult.legal_exception",
    "동의 없는 정보 제공(법적 예외) 기록·확인",
    grants((SUPERVISOR, own_dong_id())),
    "동의 없는 정보 제공(법적 예외)은 이 동의 복지수퍼바이저만 확인할 수 있습니다.",
)
EXCEPTION_RECORD_REFUSAL = "동의 없는 정보 제공(법적 예외)은 이 동의 복지수퍼바이저만 기록할 수 있습니다."

# On a dong (given as its id).
ROSTER = Rule(
    "consult.roster",
    "상담창구 근무표 정하기",
    grants((SUPERUSER, ANY_DONG), (role(Role.DONG_HEAD, Role.WELFARE_SUPERVISOR), own_dong_id())),
    "상담창구 근무표는 동장이나 복지수퍼바이저가 정합니다.",
)


def consultations_visible_to(principal: Principal) -> QuerySet[Consultation]:
    return VIEW.scope(principal, Consultation.objects.all())


def referrals_visible_to(principal: Principal) -> QuerySet[Referral]:
    """In scope, and a sensitive referral (suicide risk) only for those who may see the sensitive record."""
    return VIEW.scope(principal, Referral.objects.filter(~SENSITIVE_REFERRAL | SENSITIVE_REFERRALS.q(principal)))


def get_consultation(principal: Principal, consultation_id: int) -> Consultation:
    qs = consultations_visible_to(principal).select_related(
        "dong", "household__dong", "household__tong", "person", "officer", "case"
    )
    return fetch(qs, consultation_id, "consultation")


def get_referral(principal: Principal, referral_id: int, *related: str) -> Referral:
    return fetch(referrals_visible_to(principal).select_related(*related), referral_id, "referral")


def screening_visible_q(principal: Principal) -> Q:
    """Consultations whose screening result the principal may see (and any without a screening: nothing to hide)."""
    return Q(screening_score__isnull=True) | SCREENING.q(principal)


def can_see_screening(principal: Principal, consultation: Consultation) -> bool:
    """The one-record form of `screening_visible_q`."""
    return consultation.screening_score is None or SCREENING.allows(principal, consultation)


def is_receiver(principal: Principal, referral: Referral) -> bool:
    """The colleague an internal referral names, or a member of the team it names."""
    return RECEIVED_IT.covers(principal, referral)


def can_act(principal: Principal, referral: Referral) -> bool:
    """Who records the answer: the receiver of an internal referral; for an agency, the officer who referred."""
    return ANSWER.allows(principal, referral)


def require_act(principal: Principal, referral: Referral) -> None:
    if not can_act(principal, referral):
        internal = referral.target == Referral.Target.INTERNAL
        raise Forbidden(ANSWER.refusal if internal else AGENCY_ANSWER_REFUSAL)


def can_tell_resident(principal: Principal, referral: Referral) -> bool:
    """The officer who referred tells the resident (사후관리); for an internal referral, the receiver may too."""
    return TELL.allows(principal, referral)


def is_dong_supervisor(principal: Principal, dong_id: int) -> bool:
    """The welfare supervisor of the dong: records and confirms the legal exceptions to consent."""
    return LEGAL_EXCEPTION.allows(principal, dong_id)


def can_edit_roster(principal: Principal, dong_id: int) -> bool:
    """The dong head or the welfare supervisor sets who staffs the desk."""
    return ROSTER.allows(principal, dong_id)
