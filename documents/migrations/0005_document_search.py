"""Full-text search of documents on PostgreSQL (see documents/search.py); nothing to do on SQLite.

- the ``unaccent`` extension (trusted since PostgreSQL 13: the database owner may create it);
- the text search configuration ``kehoach_vi``: ``simple`` (lower case, no stemming: Vietnamese has
  none) behind the ``unaccent`` filter, so "Kế hoạch" and "ke hoach" give the same lexemes;
- a GIN index on ``to_tsvector('kehoach_vi', COALESCE(title, ''))`` (what ``SearchVector`` writes);
- an index on ``UPPER(symbol)`` for the case-insensitive prefix search of a number/symbol.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'kehoach_vi') THEN
           CREATE TEXT SEARCH CONFIGURATION kehoach_vi (COPY = pg_catalog.simple);
           ALTER TEXT SEARCH CONFIGURATION kehoach_vi
             ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
         END IF;
       END $$""",
    "CREATE INDEX IF NOT EXISTS documents_document_title_fts ON documents_document "
    "USING gin (to_tsvector('kehoach_vi'::regconfig, COALESCE(title, ''::text)))",
    "CREATE INDEX IF NOT EXISTS documents_document_symbol_upper ON documents_document "
    "(UPPER(symbol::text) text_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS documents_document_symbol_upper",
    "DROP INDEX IF EXISTS documents_document_title_fts",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kehoach_vi",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0004_indicators"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
