"""Real concurrency in tests on SQLite.

pytest-django keeps an SQLite test database in shared-cache memory, where a second writer gets
"table is locked" at once instead of waiting for the write lock: the way the site never runs.
:func:`file_database` copies the prepared database to a file and points the connections opened
inside the block at it. Threads started inside the block get their own connections; close them
when each thread ends.

On PostgreSQL the block takes a server-wide advisory lock instead, so that only one test at a time
opens its crowd of connections: two races of fifty threads on two test processes would pass the
server's ``max_connections`` (100 by default) and fail with "too many clients".
"""

import sqlite3
from contextlib import contextmanager

from django.db import connection

# Any constant both test processes agree on: the key of the advisory lock.
RACES_LOCK = 0x6261_6E73_6F00


@contextmanager
def file_database(directory):
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [RACES_LOCK])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [RACES_LOCK])
        return
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = directory / "concurrency.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = name
