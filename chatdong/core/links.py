"""Addresses of records owned by other apps' pages, so lists can link to them before those pages exist.

Each helper uses the URL name once the owning app defines it, and the agreed path until then.
"""

from functools import cache

from django.urls import NoReverseMatch, reverse


@cache
def _defined(name: str) -> bool:
    # Asked once per process: a failed reverse() is slow (it builds a message listing every pattern),
    # and a work list links dozens of rows.
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def _url(name: str, object_id: int, fallback: str) -> str:
    return reverse(name, args=[object_id]) if _defined(name) else fallback


def case_url(case_id: int) -> str:
    return _url("cases:case_detail", case_id, f"/cases/{case_id}/")


def referral_url(referral_id: int) -> str:
    return _url("consult:referral_detail", referral_id, f"/consult/referrals/{referral_id}/")


def meeting_url(meeting_id: int) -> str:
    return reverse("meetings:meeting_detail", args=[meeting_id])


def finding_url(finding_id: int) -> str:
    return reverse("outreach:finding_detail", args=[finding_id])


def target_url(target_id: int) -> str:
    return reverse("outreach:target_detail", args=[target_id])


def watch_url(watch_id: int) -> str:
    return reverse("outreach:watch_detail", args=[watch_id])
