"""The index of the marketplace search over ``Listing.search_text`` (already folded: no
diacritics, đ → d, lower case), one per database, both splitting the text into words the same
way: a word is a run of characters that are not ASCII punctuation, ASCII space or control
characters, so that both databases find the same listings for the same words.

- SQLite: an FTS5 table over the column (external content, kept by triggers). Its tokenizer
  keeps diacritics (the column has none left) and takes every character class as part of a word
  except the separators above.
- PostgreSQL: a GIN index over the words as a ``tsvector`` made from the split text itself
  (``array_to_tsvector``, in the function ``market_listing_words``), so no text-search
  configuration stems or drops a word.

Both get an index in the order of a search without words (best sellers first), so that its
first page is read from the index instead of sorting every listing on sale.

Django remakes a SQLite table to alter it, which drops its triggers: a later migration that
alters ``market_listing`` on SQLite must run ``SQLITE_TRIGGERS`` again (the search tests fail
until it does).
"""

from django.db import migrations

SEPARATORS = "".join(chr(code) for code in range(0x21, 0x7F) if not chr(code).isalnum())

SQLITE_TOKENIZER = (
    "unicode61 remove_diacritics 0 categories 'L* N* Co Cf Cn M* S* P*' separators '{}'".format(
        SEPARATORS.replace("'", "''")
    )
)

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE market_listing_search USING fts5("
    "search_text, content='market_listing', content_rowid='id', prefix='2 3', "
    'tokenize="{}")'.format(SQLITE_TOKENIZER.replace('"', '""')),
    "INSERT INTO market_listing_search(market_listing_search) VALUES ('rebuild')",
]

SQLITE_TRIGGERS = [
    "CREATE TRIGGER market_listing_search_insert AFTER INSERT ON market_listing BEGIN "
    "INSERT INTO market_listing_search(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "CREATE TRIGGER market_listing_search_delete AFTER DELETE ON market_listing BEGIN "
    "INSERT INTO market_listing_search(market_listing_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "END",
    "CREATE TRIGGER market_listing_search_update AFTER UPDATE OF search_text ON market_listing "
    "BEGIN "
    "INSERT INTO market_listing_search(market_listing_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO market_listing_search(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS market_listing_search_update",
    "DROP TRIGGER IF EXISTS market_listing_search_delete",
    "DROP TRIGGER IF EXISTS market_listing_search_insert",
    "DROP TABLE IF EXISTS market_listing_search",
]

# A function rather than the bare expression: PostgreSQL prices an expression by its operators
# and, finding a regular expression cheap, would rather scan the table than the index for a
# common word. Declared costly, the index wins. Queries call it exactly like this (the index
# serves only the same expression).
POSTGRESQL_CREATE = [
    "CREATE FUNCTION market_listing_words(search_text text) RETURNS tsvector "
    "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$ BEGIN "
    "RETURN array_to_tsvector(array_remove(regexp_split_to_array("
    "search_text, '[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x9f]+'), '')); "
    "END $$",
    "CREATE INDEX market_listing_search_words ON market_listing "
    "USING gin (market_listing_words(search_text))",
]

POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS market_listing_search_words",
    "DROP FUNCTION IF EXISTS market_listing_words(text)",
]

BESTSELLING_CREATE = [
    "CREATE INDEX market_listing_bestselling "
    "ON market_listing (status, sold_count DESC, created_at DESC, id DESC)"
]
BESTSELLING_DROP = ["DROP INDEX IF EXISTS market_listing_bestselling"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "sqlite": SQLITE_CREATE + SQLITE_TRIGGERS + BESTSELLING_CREATE,
                    "postgresql": POSTGRESQL_CREATE + BESTSELLING_CREATE,
                }
            ),
            _run(
                {
                    "sqlite": SQLITE_DROP + BESTSELLING_DROP,
                    "postgresql": POSTGRESQL_DROP + BESTSELLING_DROP,
                }
            ),
            elidable=False,
        ),
    ]
