"""Forms of the officers' pages: they parse input; the services validate the rules."""

import datetime as dt

from django import forms

from chatdong.core.forms import CheckedForm
from chatdong.core.text import limit
from chatdong.meetings.models import Meeting
from chatdong.org.models import StaffMember

from .models import Finding, KeyPlace, OfficerActivity, WeeklyReport
from .states import FindingKind, FindingStatus

DATE = forms.DateInput(attrs={"type": "date", "class": "krds-input"}, format="%Y-%m-%d")


TEXT = {"class": "krds-input"}


AREA = {"class": "krds-input", "rows": 3}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos at once (a phone's gallery or camera); each is checked by `activities.check_photo`."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "class": "krds-input"})

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ActivityForm(CheckedForm):
    occurred_on = forms.DateField(label="활동일", initial=dt.date.today, widget=DATE)
    places = forms.CharField(
        label="다녀온 곳", max_length=limit(OfficerActivity, "places"), widget=forms.TextInput(attrs=TEXT)
    )
    people_met = forms.CharField(
        label="만난 사람",
        max_length=limit(OfficerActivity, "people_met"),
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    complaints = forms.CharField(
        label="들은 생활민원",
        max_length=limit(OfficerActivity, "complaints"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
    )
    note = forms.CharField(
        label="활동 내용",
        max_length=limit(OfficerActivity, "note"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
    )
    photos = MultiplePhotoField(label="동네 사진", required=False, help_text="JPG·PNG·WEBP, 한 장 10MB 이하, 10장까지")


class KeyPlaceForm(CheckedForm):
    name = forms.CharField(label="거점 이름", max_length=limit(KeyPlace, "name"), widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="종류", choices=KeyPlace.Kind.choices, widget=forms.Select(attrs=TEXT))
    address = forms.CharField(
        label="위치", max_length=limit(KeyPlace, "address"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
    contact = forms.CharField(
        label="주요 인물·연락처",
        max_length=limit(KeyPlace, "contact"),
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )


class FindingForm(CheckedForm):
    kind = forms.ChoiceField(label="구분", choices=FindingKind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(
        label="대상(이름·위치)", max_length=limit(Finding, "subject"), required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text="주민등록에서 고른 주민이면 비워 두어도 됩니다.",
    )  # fmt: skip
    description = forms.CharField(
        label="내용", max_length=limit(Finding, "description"), widget=forms.Textarea(attrs=AREA)
    )
    responsible = forms.ModelChoiceField(
        label="생활민원 담당 직원", queryset=StaffMember.objects.none(), required=False,
        help_text="생활민원일 때만: 처리할 담당자",
    )  # fmt: skip
    intake = forms.BooleanField(label="바로 사례관리로 접수", required=False)

    def __init__(self, *args, responsible=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = StaffMember.objects.filter(pk__in=[s.pk for s in responsible]).order_by("name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.name} ({s.dong or '구청'})"  # type: ignore[attr-defined]
        field.widget.attrs.update(TEXT)


class CompleteFindingForm(CheckedForm):
    result = forms.CharField(label="처리 결과", max_length=limit(Finding, "result"), widget=forms.Textarea(attrs=AREA))
    told_on = forms.DateField(label="알린 날짜", required=False, widget=DATE)
    told_how = forms.CharField(
        label="알린 방법", max_length=limit(Finding, "complainant_told_how"), required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text="예: 전화, 문자, 방문",
    )  # fmt: skip


class FindingFilterForm(CheckedForm):
    BOX = [("received", "나에게 온 것"), ("raised", "내가 전달한 것"), ("dong", "동 전체")]
    box = forms.ChoiceField(label="보기", choices=BOX, required=False, widget=forms.Select(attrs=TEXT))
    kind = forms.ChoiceField(
        label="구분", choices=[("", "전체"), *FindingKind.choices], required=False, widget=forms.Select(attrs=TEXT)
    )
    status = forms.ChoiceField(
        label="상태", choices=[("", "전체"), *FindingStatus.choices], required=False, widget=forms.Select(attrs=TEXT)
    )


class WeeklyForm(CheckedForm):
    body = forms.CharField(
        label="보고 내용",
        max_length=limit(WeeklyReport, "body"),
        required=False,
        widget=forms.Textarea(attrs={**AREA, "rows": 12}),
    )


class MonthlyMeetingForm(CheckedForm):
    starts_at = forms.DateTimeField(
        label="일시", widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "krds-input"})
    )
    place = forms.CharField(
        label="장소", max_length=limit(Meeting, "place"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
