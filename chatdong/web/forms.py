"""Forms of the web pages: login with lockout, household search."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from chatdong.access import lockout


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 올바르지 않습니다.",
        "inactive": "사용이 중지된 계정입니다.",
        "locked": lockout.LOCKED_MESSAGE,
    }

    def clean(self):  # type: ignore[no-untyped-def]
        username = (self.cleaned_data.get("username") or "").strip()
        if username and lockout.is_locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                ip = self.request.META.get("REMOTE_ADDR") if self.request else None
                lockout.record_failure(username, ip)
            raise
        lockout.clear(username)
        return cleaned


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(label="검색어", required=False, max_length=100)
    dong = forms.IntegerField(label="행정동", required=False)
