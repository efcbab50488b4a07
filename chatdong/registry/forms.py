"""Forms for registering a household and recording consent."""

import datetime as dt

from django import forms

from chatdong.core.forms import KrdsForm
from chatdong.org.models import Agency, Dong

from .models import Consent, Person
from .services import HouseholdInput, MemberInput


class HouseholdForm(KrdsForm):
    dong = forms.ModelChoiceField(label="행정동", queryset=Dong.objects.all(), empty_label="선택")
    tong_number = forms.IntegerField(label="통", min_value=1, max_value=99)
    ban_number = forms.IntegerField(label="반", min_value=1, max_value=99, required=False)
    road_address = forms.CharField(label="도로명주소", max_length=200)
    address_detail = forms.CharField(label="상세주소", max_length=100, required=False)
    phone = forms.CharField(label="세대 전화", max_length=20, required=False)

    def __init__(self, *args: object, dongs: object = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if dongs is not None:
            self.fields["dong"].queryset = dongs  # type: ignore[attr-defined]


class MemberForm(KrdsForm):
    name = forms.CharField(label="이름", max_length=30)
    relation = forms.ChoiceField(label="관계", choices=Person.Relation.choices)
    sex = forms.ChoiceField(label="성별", choices=Person.Sex.choices)
    birth_date = forms.DateField(label="생년월일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    resident_number = forms.CharField(label="주민등록번호", max_length=14, required=False)
    phone = forms.CharField(label="휴대전화", max_length=20, required=False)


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
        label="동의 범위(목적·항목·제공받는 자)", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    given_on = forms.DateField(label="동의일", initial=dt.date.today, widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label="만료일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label="동의 방법", choices=Consent.Method.choices)
    agencies = forms.ModelMultipleChoiceField(
        label="제공받는 기관(제3자 제공 동의)", queryset=Agency.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
