# Consent is a record about a person, so it belongs to the registry (registry 0006). Only Django's picture
# of the models changes: the table `access_consent` and its rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("outreach", "0003_target_consent_in_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="consent", name="agencies"),
                migrations.RemoveField(model_name="consent", name="person"),
                migrations.RemoveField(model_name="consent", name="recorded_by"),
                migrations.DeleteModel(name="Consent"),
            ],
            database_operations=[],
        ),
    ]
