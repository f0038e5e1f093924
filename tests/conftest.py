"""Shared fixtures: real SQLite and PostgreSQL databases, a real Streamlit server, real Chromium.

PostgreSQL and browser tests skip with a message saying what to install, unless
REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (as CI sets), when they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell that its test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def has_failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


def skip_or_fail(requirement: str, message: str) -> None:
    """Skip on a developer's laptop; fail in CI, where REQUIRE_<requirement>=1."""
    if os.environ.get(f"REQUIRE_{requirement}") == "1":
        pytest.fail(f"{message} (REQUIRE_{requirement}=1)", pytrace=False)
    pytest.skip(message)


# --- databases -------------------------------------------------------------------


def _postgres_admin_url() -> str | None:
    if os.environ.get("TEST_POSTGRES_URL"):
        return os.environ["TEST_POSTGRES_URL"]
    if not os.environ.get("PGHOST") and not os.environ.get("PGPORT"):
        return None
    user = quote(os.environ.get("PGUSER", "postgres"))
    password = os.environ.get("PGPASSWORD")
    credentials = f"{user}:{quote(password)}" if password else user
    host = os.environ.get("PGHOST", "localhost")
    port = os.environ.get("PGPORT", "5432")
    database = os.environ.get("PGDATABASE", "postgres")
    if host.startswith("/"):
        return f"postgresql+psycopg://{credentials}@/{database}?host={host}&port={port}"
    return f"postgresql+psycopg://{credentials}@{host}:{port}/{database}"


@dataclass
class PostgresServer:
    admin_url: str
    template: str

    def url_for(self, database: str) -> str:
        base, _, query = self.admin_url.partition("?")
        return base.rsplit("/", 1)[0] + f"/{database}" + (f"?{query}" if query else "")

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def create_database(self, migrated: bool = True) -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        template = self.template if migrated else "template0"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_for(name)

    def drop_database(self, url: str) -> None:
        name = url.split("?")[0].rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    admin_url = _postgres_admin_url()
    if admin_url is None:
        skip_or_fail(
            "POSTGRES",
            "PostgreSQL tests need a server: apt-get install postgresql, then run "
            "`pg_virtualenv make test` (or set TEST_POSTGRES_URL)",
        )
    try:
        engine = create_engine(admin_url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any connection failure means "no server"
        skip_or_fail("POSTGRES", f"cannot connect to PostgreSQL at {admin_url.split('@')[-1]}: {error}")
    template = f"feedback_template_{uuid.uuid4().hex[:8]}"
    server = PostgresServer(admin_url, template)
    server._admin(f'CREATE DATABASE "{template}" TEMPLATE template0')
    from db.migrate import upgrade

    upgrade(server.url_for(template))
    _forget_engine(server.url_for(template))
    yield server
    server._admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


def _forget_engine(url: str) -> None:
    from db import engine as engine_module

    engine_module.get_engine(url).dispose()
    engine_module.get_engine.cache_clear()
    engine_module._sessionmaker_for.cache_clear()


def _database(request, tmp_path: Path, kind: str, migrated: bool) -> Iterator[str]:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'feedback.db'}"
        if migrated:
            from db.migrate import upgrade

            upgrade(url)
        yield url
        _forget_engine(url)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database(migrated=migrated)
    yield url
    _forget_engine(url)
    server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty database: SQLite file, then a fresh PostgreSQL database."""
    yield from _database(request, tmp_path, request.param, migrated=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path) -> Iterator[str]:
    """A database with no schema at all."""
    yield from _database(request, tmp_path, request.param, migrated=False)


@pytest.fixture
def second_db_url(request, db_url, tmp_path) -> Iterator[str]:
    """Another migrated, empty database of the same kind as `db_url`."""
    kind = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    target = tmp_path / "second"
    target.mkdir()
    yield from _database(request, target, kind, migrated=True)


@pytest.fixture
def sqlite_url(request, tmp_path) -> Iterator[str]:
    """A migrated SQLite database, for tests about behaviour rather than the engine."""
    yield from _database(request, tmp_path, "sqlite", migrated=True)


@pytest.fixture
def factory(db_url):
    from db.engine import get_sessionmaker

    return get_sessionmaker(db_url)


@pytest.fixture
def published(factory):
    """Demo sites and the default survey, published: what a submission needs."""
    from db.engine import write_session
    from survey.demo import ensure_demo_sites
    from survey.publish import publish_default

    with write_session(factory) as session:
        ensure_demo_sites(session)
        return publish_default(session)


# --- a real Streamlit server and a real browser -------------------------------------


def stored_rows(factory) -> dict[str, list[str]]:
    """Every stored row of every table a response writes, sorted, for comparing two databases."""
    with factory() as session:
        return {
            table: sorted(map(repr, session.execute(text(f"SELECT * FROM {table}")).all()))
            for table in ("responses", "comments", "comment_themes", "rollup_responses", "rollup_ratings",
                          "rollup_themes", "rollup_equality")
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_app_server(database_url: str, log_dir: Path, **environment: str) -> AppServer:
    """`streamlit run streamlit_app.py` on a free port, ready when /_stcore/health answers ok."""
    port = _free_port()
    log = log_dir / f"streamlit-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FEEDBACK_STAFF_PIN": "246810",
        **environment,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return AppServer(url, database_url, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


@pytest.fixture
def app_database(tmp_path) -> Iterator[str]:
    """A migrated SQLite database with the demo sites and the default survey published."""
    from db.engine import get_sessionmaker, write_session
    from db.migrate import upgrade
    from survey.demo import ensure_demo_sites
    from survey.publish import publish_default

    url = f"sqlite:///{tmp_path / 'app.db'}"
    upgrade(url)
    with write_session(get_sessionmaker(url)) as session:
        ensure_demo_sites(session)
        publish_default(session)
    yield url
    _forget_engine(url)


@pytest.fixture
def app_server(app_database, tmp_path) -> Iterator[AppServer]:
    """A freshly started Streamlit server over `app_database`."""
    server = start_app_server(app_database, tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail("BROWSER", f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("BROWSER", "browser tests need the playwright package (pip install -r requirements.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot for a reviewer to look at (tests/screenshots is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pages_against(url: str, monkeypatch, staff_pin: str | None = None) -> Iterator[str]:
    """For an `app_env` fixture: the pages use the database at `url` (and `staff_pin`), with
    Streamlit's caches emptied before and after (they outlive one AppTest run in a process)."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", url)
    if staff_pin is not None:
        monkeypatch.setenv("FEEDBACK_STAFF_PIN", staff_pin)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()
