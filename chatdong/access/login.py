"""Login lockout on django-axes: who counts failures, from which address, and what a locked-out person sees.

axes' backend (first in AUTHENTICATION_BACKENDS) refuses a locked-out client inside `authenticate()`, so every way
in that checks a password is covered: the login page, the Django admin's login, the two-factor code step (which
reports a wrong code as a failed login). API tokens are issued by an administrator (`manage.py issue_token`),
never in exchange for a password, so no API call authenticates with one.

The records stay in axes' tables, read by the privacy auditor's review:
- `axes.models.AccessAttempt`: the running count per username × address × browser (`failures_since_start`);
  deleting rows unlocks (the admin's 접근 시도, or `manage.py axes_reset_username` / `axes_reset_ip`);
- `axes.models.AccessFailureLog`: every failure, `locked_out` set on those that locked or met a lock;
- `axes.models.AccessLog`: every successful login (`attempt_time`) and its `logout_time`.
Each has `username`, `ip_address` and `attempt_time`.
"""

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request) or dt.timedelta(0)
    return max(1, round(cool_off.total_seconds() / 60))


def locked_message(request: HttpRequest | None = None) -> str:
    return (
        f"로그인에 여러 번 실패하여 잠시 잠겼습니다. {lockout_minutes(request)}분 후에 다시 시도하거나 "
        "관리자에게 문의하세요."
    )


def locked_out_page(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """What axes answers a locked-out attempt with (AXES_LOCKOUT_CALLABLE): a Korean page, 429."""
    return render(request, "access/locked_out.html", {"message": locked_message(request)}, status=429)


class LoginAttempts(AxesDatabaseHandler):
    """axes' database handler with two limits instead of one.

    axes sums the failures of each group in AXES_LOCKOUT_PARAMETERS and compares the largest with one limit. Here
    the username × address group meets AXES_FAILURE_LIMIT as usual, while the address-alone group is scaled so it
    meets that limit only at LOGIN_ADDRESS_FAILURE_LIMIT failures (a dong centre may share one address).
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        groups = get_client_parameters(
            username,
            request.axes_ip_address,  # type: ignore[attr-defined]
            request.axes_user_agent,  # type: ignore[attr-defined]
            request,
            credentials,
        )
        limit = settings.AXES_FAILURE_LIMIT
        worst = 0
        for group, attempts in zip(groups, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if set(group) == {"ip_address"}:
                failures = failures * limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT
            worst = max(worst, failures)
        return worst

    def user_logged_in(self, sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
        """A success clears this account's failures from this address, so a mistyped password is forgotten.

        Never the other accounts' failures from the address: axes' AXES_RESET_ON_SUCCESS would clear them too,
        letting anyone with one account reset the address's count between guesses at others."""
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username(), ip_address=request.axes_ip_address).delete()
