"""A throwaway PostgreSQL database per test, on the server at 127.0.0.1:5432."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

SERVER = os.environ.get("NEGBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(SERVER, autocommit=True, connect_timeout=3)


def require_postgres() -> None:
    """Skip (or, under CI=true, fail) when the PostgreSQL server is not there."""
    try:
        with _admin() as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        reason = (
            f"PostgreSQL at {SERVER} is not reachable ({exc.__class__.__name__}); start it with: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty database, yield its psycopg URL, drop it afterwards."""
    require_postgres()
    name = f"negbot_test_{uuid.uuid4().hex[:12]}"
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with _admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
