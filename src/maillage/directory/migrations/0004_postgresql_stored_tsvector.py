"""PostgreSQL: a stored tsvector column, so a search never re-parses documents row by row."""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS directory_service_fts",
    "ALTER TABLE directory_service ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
    "CREATE INDEX directory_service_tsv ON directory_service USING gin (search_tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_tsv",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_tsv",
    "CREATE INDEX directory_service_fts ON directory_service "
    "USING gin (to_tsvector('simple'::regconfig, search_document))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_entries")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
