"""Two-factor login with a TOTP authenticator app (django-otp): who must use it, the step after the password, enrolment.

After the password, `django.contrib.auth.login` has run; `after_password` (on `user_logged_in`) writes in the session
which step is still owed: the code of the user's confirmed device ("verify"), or, where REQUIRE_TWO_FACTOR applies
and no device exists yet, enrolment ("enrol"). `SecondFactorMiddleware` sends every page to that step until it is
done, which clears the mark. Deciding once at login keeps ordinary requests free of device look-ups.

API calls carry a bearer token issued by an administrator and no session, so none of this applies to them.
"""

import base64
from enum import StrEnum

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chatdong.org.roles import Role

from .principal import principal_for

STEP_KEY = "chatdong_two_factor_step"
DEVICE_NAME = "인증 앱"


class Step(StrEnum):
    VERIFY = "verify"  # enter the code of the confirmed device
    ENROL = "enrol"  # register a device first (REQUIRE_TWO_FACTOR)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"  # the device refuses codes for a few seconds after wrong ones
    LOCKED = "locked"  # too many failed logins: signed out


WRONG_CODE = "인증 코드가 올바르지 않습니다. 인증 앱에 표시된 6자리 숫자를 다시 입력하세요."
THROTTLED = "인증 코드를 여러 번 잘못 입력했습니다. 잠시 후에 다시 입력하세요."


def required_for(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether REQUIRE_TWO_FACTOR obliges this user to a second factor: whoever may read people's records.

    That is dong staff and 희망복지지원단 (households, cases, consultations, the sensitive flags of their scope), the
    privacy auditor (the access log names who looked at whom), and anyone who can enter the Django admin (every
    table). Not tong leaders, who see contact details of the few households assigned to them and no sensitive
    record, nor the statistics roles, who see figures only: for them a stolen password exposes no record. Anyone
    may still enrol.
    """
    if not settings.REQUIRE_TWO_FACTOR or not user.is_authenticated:
        return False
    principal = principal_for(user)
    return (
        bool(getattr(user, "is_staff", False))
        or principal.is_superuser
        or principal.is_dong_staff
        or principal.is_district_case_staff
        or principal.has_role(Role.PRIVACY_AUDITOR)
    )


def confirmed_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_step(request: HttpRequest) -> Step | None:
    session = getattr(request, "session", None)
    value = session.get(STEP_KEY) if session is not None else None
    try:
        return Step(value) if value else None
    except ValueError:
        return None


def settle(request: HttpRequest, user: AbstractBaseUser | AnonymousUser | None = None) -> Step | None:
    """Decide (again) which step the signed-in user still owes and note it in the session."""
    user = user or request.user
    step = None
    if not getattr(user, "is_verified", lambda: False)():
        if confirmed_device(user) is not None:
            step = Step.VERIFY
        elif required_for(user):
            step = Step.ENROL
    if step is None:
        request.session.pop(STEP_KEY, None)
    else:
        request.session[STEP_KEY] = step.value
    return step


@receiver(user_logged_in, dispatch_uid="chatdong.two_factor.after_password")
def after_password(sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs: object) -> None:
    if request is None or not hasattr(request, "session"):
        return
    settle(request, user)  # the user: the test client's force_login sends a request without one


def _done(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)  # the session is now verified by this device (request.user.is_verified())
    request.session.pop(STEP_KEY, None)


def _check(device: TOTPDevice, code: str) -> tuple[Outcome, TOTPDevice]:
    """One code against one device, the device row locked so two requests cannot both use a code."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_is_allowed()[0]:
            return Outcome.THROTTLED, locked
        return (Outcome.ACCEPTED if locked.verify_token(code) else Outcome.WRONG), locked


def verify(request: HttpRequest, device: TOTPDevice, code: str) -> Outcome:
    """Check the login code. A wrong code is a failed login to axes: enough of them lock the account (and the
    address) as wrong passwords do, and sign the session out."""
    credentials = {"username": request.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        logout(request)
        return Outcome.LOCKED
    outcome, device = _check(device, code)
    if outcome is Outcome.ACCEPTED:
        _done(request, device)
    elif outcome is Outcome.WRONG:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)  # axes' middleware answers with the lockout page
            return Outcome.LOCKED
    return outcome


@transaction.atomic
def start_enrolment(user: AbstractBaseUser) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret. An earlier unconfirmed one goes: its secret was shown once."""
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def unconfirmed_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> Outcome:
    """The first code from the app proves it holds the secret: the device becomes the user's one device."""
    with transaction.atomic():
        outcome, device = _check(device, code)
        if outcome is not Outcome.ACCEPTED:
            return outcome
        TOTPDevice.objects.devices_for_user(request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    _done(request, device)
    return Outcome.ACCEPTED


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in (base32), in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as a QR code, an SVG data URI (drawn here, no outside service)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)
