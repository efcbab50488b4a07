"""Trigram indexes so name and address searches (LIKE '%…%') stay fast on PostgreSQL.

SQLite (the demo database) has no pg_trgm; there the plain indexes suffice at demo size.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_person_name_trgm ON registry_person USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_household_addr_trgm"
    " ON registry_household USING gin (road_address gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS registry_person_name_trgm",
    "DROP INDEX IF EXISTS registry_household_addr_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_benefit_types")]
    operations = [migrations.RunPython(forward, backward)]
