"""Template filters for links to records of other apps: `{{ case_id|case_url }}`."""

from django import template

from chatdong.core import links

register = template.Library()


@register.filter
def case_url(case_id: int) -> str:
    return links.case_url(case_id)


@register.filter
def referral_url(referral_id: int) -> str:
    return links.referral_url(referral_id)
