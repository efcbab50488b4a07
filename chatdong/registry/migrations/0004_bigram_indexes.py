"""Bigram indexes on person names and road addresses, for two-character searches (영희, 김영, 월곡).

Trigram indexes (0003) cannot serve LIKE '%영희%': two characters hold no trigram, so PostgreSQL reads
every name. Korean names are mostly three characters, so two-character searches are common. The
selector adds `registry_bigrams(name) @> ARRAY['영희']`, which holds exactly when the name contains the
two characters, and these indexes answer it. SQLite (the demo database) needs neither.
"""

from django.db import migrations

FORWARD = [
    "CREATE OR REPLACE FUNCTION registry_bigrams(value text) RETURNS text[]"
    " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
    " $$ SELECT ARRAY(SELECT DISTINCT substr(value, i, 2) FROM generate_series(1, char_length(value) - 1) AS i) $$",
    "CREATE INDEX IF NOT EXISTS registry_person_name_bigram ON registry_person USING gin (registry_bigrams(name))",
    "CREATE INDEX IF NOT EXISTS registry_household_addr_bigram"
    " ON registry_household USING gin (registry_bigrams(road_address))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS registry_person_name_bigram",
    "DROP INDEX IF EXISTS registry_household_addr_bigram",
    "DROP FUNCTION IF EXISTS registry_bigrams(text)",
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
    dependencies = [("registry", "0003_trigram_indexes")]
    operations = [migrations.RunPython(forward, backward)]
