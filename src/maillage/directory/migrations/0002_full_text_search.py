"""Each database's own full-text index over the normalised `search_document` column."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "search_document, content='directory_service', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER directory_service_fts_ai AFTER INSERT ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER directory_service_fts_ad AFTER DELETE ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER directory_service_fts_au AFTER UPDATE OF search_document "
    "ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO directory_service_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_au",
    "DROP TRIGGER IF EXISTS directory_service_fts_ad",
    "DROP TRIGGER IF EXISTS directory_service_fts_ai",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE INDEX directory_service_fts ON directory_service "
    "USING gin (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS directory_service_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
