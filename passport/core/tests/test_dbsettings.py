"""PostgreSQL settings for a block: set while it runs, back as they were after it, in or out of a transaction."""

import pytest
from django.db import DataError, connection, transaction

from passport.core.dbsettings import postgres_settings

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's run-time settings"),
]


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def test_settings_hold_for_the_block_and_are_put_back_after_it():
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '8MB'")  # a session's own value, kept
    before = _setting("enable_hashjoin")
    with postgres_settings(enable_hashjoin="off", work_mem="64MB"):
        assert (_setting("enable_hashjoin"), _setting("work_mem")) == ("off", "64MB")
    assert (_setting("enable_hashjoin"), _setting("work_mem")) == (before, "8MB")
    with transaction.atomic():
        with postgres_settings(enable_hashjoin="off"):
            assert _setting("enable_hashjoin") == "off"
        assert _setting("enable_hashjoin") == before
    with connection.cursor() as cursor:
        cursor.execute("RESET work_mem")


def test_a_failing_block_leaves_nothing_set():
    before = _setting("enable_mergejoin")
    with pytest.raises(ZeroDivisionError), postgres_settings(enable_mergejoin="off"):
        1 / 0  # noqa: B018
    assert _setting("enable_mergejoin") == before
    with pytest.raises(DataError), transaction.atomic(), postgres_settings(enable_mergejoin="off"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")  # the transaction fails: the rollback undoes the setting
    assert _setting("enable_mergejoin") == before
