"""Addresses of records owned by other apps' pages, so lists can link to them before those pages exist.

Each helper uses the URL name once the owning app defines it, and the agreed path until then.
"""

from django.urls import NoReverseMatch, reverse


def _url(name: str, object_id: int, fallback: str) -> str:
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return fallback


def case_url(case_id: int) -> str:
    return _url("cases:case_detail", case_id, f"/cases/{case_id}/")


def referral_url(referral_id: int) -> str:
    return _url("consult:referral_detail", referral_id, f"/consult/referrals/{referral_id}/")


def meeting_url(meeting_id: int) -> str:
    return reverse("meetings:meeting_detail", args=[meeting_id])
