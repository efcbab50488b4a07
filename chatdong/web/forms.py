"""Forms of the web pages: login, the two-factor code, household search."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from chatdong.core.forms import CheckedForm, CheckedFormMixin


class LoginForm(CheckedFormMixin, AuthenticationForm):
    """Django's login form in Korean. Lockout is django-axes' (chatdong.access.login), inside authenticate()."""

    error_messages = {
        "invalid_login": "아이디 또는 비밀번호가 올바르지 않습니다.",
        "inactive": "사용이 중지된 계정입니다.",
    }


class CodeForm(CheckedForm):
    """The 6-digit code of an authenticator app (spaces, as some apps show it, are ignored)."""

    code = forms.CharField(
        label="인증 코드",
        max_length=12,
        error_messages={"required": "인증 앱에 표시된 6자리 숫자를 입력하세요."},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("인증 코드는 6자리 숫자입니다.")
        return code


class HouseholdSearchForm(CheckedForm):
    q = forms.CharField(label="검색어", required=False, max_length=100)
    dong = forms.IntegerField(label="행정동", required=False)
