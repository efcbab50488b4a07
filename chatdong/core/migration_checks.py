"""A migration step that stops, naming the rows, when existing data breaks an "only one" rule about to become a
database constraint: such rows are real records (two open cases of a household …) that a person must resolve, so
the migration neither picks a winner nor deletes anything."""

from typing import Any

from django.db import migrations
from django.db.models import Count, Q


def refuse_duplicates(app_label: str, model_name: str, fields: list[str], condition: Q, rule: str) -> Any:
    """RunPython that raises, listing up to ten offending groups, when rows matching `condition` repeat `fields`."""

    def check(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        groups = (
            model.objects.using(schema_editor.connection.alias)
            .filter(condition)
            .order_by()
            .values(*fields)
            .annotate(rows=Count("pk"))
            .filter(rows__gt=1)
        )
        found = list(groups[:10])
        if found:
            listed = "; ".join(", ".join(f"{k}={v}" for k, v in group.items()) for group in found)
            raise RuntimeError(
                f"{app_label}.{model_name}: the rule '{rule}' is broken by existing rows ({listed}). "
                "Resolve them (close or end the extra ones) and run the migration again."
            )

    return migrations.RunPython(check, migrations.RunPython.noop, elidable=True)
