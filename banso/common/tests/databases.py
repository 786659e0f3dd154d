"""Real concurrency in tests on SQLite.

pytest-django keeps an SQLite test database in shared-cache memory, where a second writer gets
"table is locked" at once instead of waiting for the write lock: the way the site never runs.
:func:`file_database` copies the prepared database to a file and points the connections opened
inside the block at it (on PostgreSQL it changes nothing). Threads started inside the block get
their own connections; close them when each thread ends.
"""

import sqlite3
from contextlib import contextmanager

from django.db import connection


@contextmanager
def file_database(directory):
    settings_dict = connection.settings_dict
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
