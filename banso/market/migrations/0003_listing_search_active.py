"""PostgreSQL: the search's GIN index covers only the listings on sale, and without a pending
list.

- Partial (``WHERE status = 'active'``): every search asks for listings on sale, so the planner
  reads this one index instead of combining the word index with a scan of the status index
  (95 % of the listings), and the index holds only what a search can return.
- ``fastupdate = off``: with GIN's default, new entries wait in an unsorted pending list that
  every search reads from end to end until a vacuum sorts them in (seen here: 7,500 waiting
  entries after an import of listings made a search for "tha" 60 % slower). Listings change far
  less often than they are searched, so each write pays to go straight into the index.

SQLite's FTS5 table (migration 0002) is unchanged.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "DROP INDEX IF EXISTS market_listing_search_words",
    "CREATE INDEX market_listing_search_words ON market_listing "
    "USING gin (market_listing_words(search_text)) WITH (fastupdate = off) "
    "WHERE status = 'active'",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS market_listing_search_words",
    "CREATE INDEX market_listing_search_words ON market_listing "
    "USING gin (market_listing_words(search_text))",
]


def run_for(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0002_listing_search"),
    ]

    operations = [
        migrations.RunPython(
            run_for({"postgresql": POSTGRESQL_FORWARD}),
            run_for({"postgresql": POSTGRESQL_BACKWARD}),
            elidable=False,
        ),
    ]
