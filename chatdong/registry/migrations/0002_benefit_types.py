from django.db import migrations


def load(apps, schema_editor):
    from chatdong.registry.benefit_types import sync_benefit_types

    sync_benefit_types(apps.get_model("registry", "BenefitType"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
