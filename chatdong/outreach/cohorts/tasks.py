"""Background work of outreach: the monthly generation of the registry-based target lists.

A Django task (django.tasks): with the default backend it runs at once; with a queue backend it runs in the
worker. Django's tasks API has no scheduler, so cron calls `manage.py outreach_generate --enqueue` on the
first of each month (docs/outreach.md).
"""

import datetime as dt

from django.tasks import task

from chatdong.org.models import Dong

from . import generation


@task()
def generate_month(month: str, dong_ids: list[int] | None = None) -> dict[str, int]:
    """Generate every registry-based programme of the month (YYYY-MM-DD of any day) for the dongs given or all."""
    dongs = Dong.objects.filter(pk__in=dong_ids).order_by("code") if dong_ids else None
    runs = generation.generate_month(dt.date.fromisoformat(month), dongs)
    return {
        "runs": len(runs),
        "added": sum(r.added for r in runs),
        "already_listed": sum(r.already_listed for r in runs),
    }
