"""Forms of the registry pages: registering a household, recording consent, and the forms that add to a
household's record from its page (benefits, flags, contacts, assignments, 전출). Each of those knows its
household (for the choices it offers) and applies itself through a service."""

import datetime as dt
from typing import Any

from django import forms

from chatdong.access.principal import Principal
from chatdong.access.rules import Rule
from chatdong.core.forms import KrdsForm
from chatdong.core.text import limit
from chatdong.core.types import Actor
from chatdong.org.models import Agency, Dong, NeighbourhoodLeader, StaffMember

from . import rules, services
from .models import (
    BenefitStatus,
    BenefitType,
    Consent,
    Flag,
    Household,
    HouseholdContact,
    MoveRecord,
    Person,
    PersonFlag,
)
from .services import HouseholdInput, MemberInput


class HouseholdForm(KrdsForm):
    dong = forms.ModelChoiceField(label="행정동", queryset=Dong.objects.all(), empty_label="선택")
    tong_number = forms.IntegerField(label="통", min_value=1, max_value=99)
    ban_number = forms.IntegerField(label="반", min_value=1, max_value=99, required=False)
    road_address = forms.CharField(label="도로명주소", max_length=limit(Household, "road_address"))
    address_detail = forms.CharField(label="상세주소", max_length=limit(Household, "address_detail"), required=False)
    phone = forms.CharField(label="세대 전화", max_length=limit(Household, "phone"), required=False)

    def __init__(self, *args: object, dongs: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if dongs is not None:
            self.fields["dong"].queryset = dongs  # type: ignore[attr-defined]


class MemberForm(KrdsForm):
    name = forms.CharField(label="이름", max_length=limit(Person, "name"))
    relation = forms.ChoiceField(label="관계", choices=Person.Relation.choices)
    sex = forms.ChoiceField(label="성별", choices=Person.Sex.choices)
    birth_date = forms.DateField(label="생년월일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    resident_number = forms.CharField(label="주민등록번호", max_length=14, required=False)
    phone = forms.CharField(label="휴대전화", max_length=limit(Person, "phone"), required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=15, min_num=1, validate_min=True)


def to_household_input(form: HouseholdForm, formset: forms.BaseFormSet) -> HouseholdInput:
    data = form.cleaned_data
    members = [
        MemberInput(
            name=m["name"],
            birth_date=m.get("birth_date"),
            sex=m["sex"],
            relation=m["relation"],
            resident_number=m.get("resident_number", ""),
            phone=m.get("phone", ""),
        )
        for m in formset.cleaned_data
        if m and not m.get("DELETE")
    ]
    return HouseholdInput(
        dong_code=data["dong"].code,
        tong_number=data["tong_number"],
        ban_number=data.get("ban_number"),
        road_address=data["road_address"],
        address_detail=data.get("address_detail", ""),
        phone=data.get("phone", ""),
        members=members,
    )


class ConsentForm(KrdsForm):
    kind = forms.ChoiceField(label="동의 종류", choices=Consent.Kind.choices)
    scope = forms.CharField(
        label="동의 범위(목적·항목·제공받는 자)",
        max_length=limit(Consent, "scope"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    given_on = forms.DateField(label="동의일", initial=dt.date.today, widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label="만료일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label="동의 방법", choices=Consent.Method.choices)
    agencies = forms.ModelMultipleChoiceField(
        label="제공받는 기관(제3자 제공 동의)", queryset=Agency.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


DATE = forms.DateInput(attrs={"type": "date"})


class HouseholdRecordForm(KrdsForm):
    title = ""
    success = ""
    # Who may use the form on this household: checked before the form is read, and to offer it at all.
    rule: Rule = rules.EDIT

    def __init__(
        self,
        household: Household,
        *args: Any,
        principal: Principal | None = None,
        members: list[Person] | None = None,
        **kwargs: Any,
    ):
        """`members`: the household's current members when the page has them already (one query less a form)."""
        self.household = household
        self.principal = principal
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            if members is None:
                members = list(household.members.filter(moved_out_on__isnull=True, died_on__isnull=True).order_by("pk"))
            self.fields["person"].choices = [  # type: ignore[attr-defined]
                (p.pk, f"{p.name} ({p.get_relation_display()})") for p in members
            ]

    def chosen_person(self) -> Any:
        return self.household.members.get(pk=self.cleaned_data["person"])

    def apply(self, user: Actor, principal: Principal) -> None:
        raise NotImplementedError


class BenefitForm(HouseholdRecordForm):
    title = "급여·자격 추가"
    success = "급여·자격을 기록했습니다."
    person = forms.TypedChoiceField(label="가구원", coerce=int)
    benefit_type = forms.ModelChoiceField(label="급여·자격", queryset=BenefitType.objects.all(), empty_label="선택")
    started_on = forms.DateField(label="시작일", widget=DATE)

    def apply(self, user: Actor, principal: Principal) -> None:
        data = self.cleaned_data
        services.add_benefit(user, principal, self.chosen_person(), data["benefit_type"].code, data["started_on"])


class FlagForm(HouseholdRecordForm):
    title = "위기·특성 표시 추가"
    success = "표시를 기록했습니다."
    person = forms.TypedChoiceField(label="가구원", coerce=int)
    kind = forms.ChoiceField(label="표시", choices=Flag.choices)
    started_on = forms.DateField(label="시작일", widget=DATE, initial=dt.date.today)
    reported_to_police_on = forms.DateField(label="112 신고일(학대·폭력 의심 시)", widget=DATE, required=False)
    note = forms.CharField(label="메모", max_length=limit(PersonFlag, "note"), required=False)

    def apply(self, user: Actor, principal: Principal) -> None:
        data = self.cleaned_data
        services.add_flag(
            user,
            principal,
            self.chosen_person(),
            data["kind"],
            data["started_on"],
            data["note"],
            data["reported_to_police_on"],
        )


class ContactForm(HouseholdRecordForm):
    title = "비상연락처 추가"
    success = "비상연락처를 추가했습니다."
    name = forms.CharField(label="이름", max_length=limit(HouseholdContact, "name"))
    relation = forms.CharField(label="관계", max_length=limit(HouseholdContact, "relation"))
    phone = forms.CharField(label="전화", max_length=limit(HouseholdContact, "phone"))

    def apply(self, user: Actor, principal: Principal) -> None:
        data = self.cleaned_data
        services.add_contact(user, principal, self.household, data["name"], data["relation"], data["phone"])


class StaffAssignmentForm(HouseholdRecordForm):
    title = "담당 직원 지정"
    success = "담당 직원을 지정했습니다."
    rule = rules.ASSIGN_STAFF
    # Names nobody: an id of another dong's staff must not confirm who they are.
    staff = forms.ModelChoiceField(
        label="직원", queryset=StaffMember.objects.none(), empty_label="선택",
        error_messages={"invalid_choice": "목록에 있는 이 동의 직원을 고르세요(자기 자신은 지정할 수 없습니다)."},
    )  # fmt: skip

    def __init__(self, household: Household, *args: Any, **kwargs: Any):
        super().__init__(household, *args, **kwargs)
        # The household's dong's staff; oneself only for who already sees its sensitive records (the supervisor).
        staff = StaffMember.objects.filter(dong_id=household.dong_id).order_by("name")
        me = self.principal.staff if self.principal is not None else None
        if me is not None and not rules.can_see_sensitive(self.principal, household):  # type: ignore[arg-type]
            staff = staff.exclude(pk=me.pk)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]

    def apply(self, user: Actor, principal: Principal) -> None:
        services.assign_staff(user, principal, self.household, self.cleaned_data["staff"], dt.date.today())


class LeaderAssignmentForm(HouseholdRecordForm):
    title = "담당 통·반장 배정"
    success = "통·반장에게 가구를 배정했습니다."
    leader = forms.ModelChoiceField(label="통·반장", queryset=NeighbourhoodLeader.objects.none(), empty_label="선택")

    def __init__(self, household: Household, *args: Any, **kwargs: Any):
        super().__init__(household, *args, **kwargs)
        self.fields["leader"].queryset = NeighbourhoodLeader.objects.filter(  # type: ignore[attr-defined]
            dong_id=household.dong_id
        ).select_related("tong")

    def apply(self, user: Actor, principal: Principal) -> None:
        services.assign_leader(user, principal, self.household, self.cleaned_data["leader"], dt.date.today())


class MoveOutForm(HouseholdRecordForm):
    title = "전출 기록"
    success = "전출을 기록했습니다."
    person = forms.TypedChoiceField(label="가구원", coerce=int)
    moved_out_on = forms.DateField(label="전출일", widget=DATE, initial=dt.date.today)
    to_address = forms.CharField(label="전출 주소", max_length=limit(MoveRecord, "to_address"), required=False)

    def apply(self, user: Actor, principal: Principal) -> None:
        data = self.cleaned_data
        services.record_move_out(
            user, principal, self.household, data["person"], data["moved_out_on"], data["to_address"]
        )


class EndBenefitForm(HouseholdRecordForm):
    success = "급여·자격 종료를 기록했습니다."
    status = forms.IntegerField(widget=forms.HiddenInput)

    def apply(self, user: Actor, principal: Principal) -> None:
        status = (
            BenefitStatus.objects.filter(pk=self.cleaned_data["status"], person__household=self.household)
            .select_related("person__household__dong")
            .first()
        )
        if status is None:
            raise forms.ValidationError("이 가구의 급여·자격이 아닙니다.")
        services.end_benefit(user, principal, status, dt.date.today())


class EndFlagForm(HouseholdRecordForm):
    success = "표시 해제를 기록했습니다."
    flag = forms.IntegerField(widget=forms.HiddenInput)

    def apply(self, user: Actor, principal: Principal) -> None:
        flag = (
            PersonFlag.objects.filter(pk=self.cleaned_data["flag"], person__household=self.household)
            .select_related("person__household__dong")
            .first()
        )
        # A sensitive record the user may not see is treated as absent.
        if flag is None or (flag.is_sensitive and not rules.can_see_sensitive(principal, self.household)):
            raise forms.ValidationError("이 가구의 표시가 아닙니다.")
        services.end_flag(user, principal, flag, dt.date.today())


# action name in the URL → form. The first six are offered on the household page.
RECORD_FORMS: dict[str, type[HouseholdRecordForm]] = {
    "benefit": BenefitForm,
    "flag": FlagForm,
    "contact": ContactForm,
    "staff": StaffAssignmentForm,
    "leader": LeaderAssignmentForm,
    "move-out": MoveOutForm,
    "end-benefit": EndBenefitForm,
    "end-flag": EndFlagForm,
}
OFFERED = ("benefit", "flag", "contact", "staff", "leader", "move-out")
