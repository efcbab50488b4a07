from django.db import migrations


def load(apps, schema_editor):
    from chatdong.registry.benefit_types import BENEFIT_TYPES

    BenefitType = apps.get_model("registry", "BenefitType")
    for order, (code, name, category, column) in enumerate(BENEFIT_TYPES):
        BenefitType.objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "stats_column": column, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
