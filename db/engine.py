"""One engine and one sessionmaker per database URL, made from settings.

SQLite runs in WAL mode with foreign keys on and a busy timeout, and SQLAlchemy
emits BEGIN itself (the pysqlite driver's own transaction handling breaks
SAVEPOINT and would start write transactions too late). Transactions that write
use `write_session`, which on SQLite begins with BEGIN IMMEDIATE so concurrent
submissions queue for the write lock instead of failing.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

from db.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
_IMMEDIATE = "sqlite_begin_immediate"


def database_url(url: str | None = None) -> str:
    """The given URL, or DATABASE_URL from the environment, or the embedded default."""
    return url or get_settings().database_url


def make_engine(url: str | None = None) -> Engine:
    """A new engine for `url`, configured for safe concurrent use."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # FULL: a committed response survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous=FULL")
        # Up to 32 MiB of pages per connection (the default is 2 MiB), taken only as needed: a
        # large import inserts random ids all over the responses table and re-read pages cost time.
        cursor.execute("PRAGMA cache_size=-32768")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@functools.lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The process's one engine for `url` (default: DATABASE_URL)."""
    return make_engine(database_url(url))


def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    return _sessionmaker_for(database_url(url))


@functools.lru_cache(maxsize=8)
def _sessionmaker_for(url: str) -> sessionmaker[Session]:
    # Imported here: commands that only read through Core (analysis summary) never load the ORM.
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def write_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction that writes: committed on success, rolled back on any error."""
    with factory() as session:
        # Takes SQLite's write lock at BEGIN; a no-op option elsewhere.
        session.connection(execution_options={_IMMEDIATE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
