"""Alembic migrations: an empty database reaches head, and the models agree with the migrations."""

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db.engine import get_engine
from db.migrate import current_revision, head_revision, upgrade
from db.models import Base

ROOT = Path(__file__).resolve().parent.parent


def test_an_empty_database_upgrades_to_head(empty_db_url):
    assert upgrade(empty_db_url) == head_revision()
    tables = set(inspect(get_engine(empty_db_url)).get_table_names())
    assert {"organisations", "sites", "survey_versions", "responses", "comments"} <= tables


def test_upgrading_twice_is_harmless(empty_db_url):
    upgrade(empty_db_url)
    assert upgrade(empty_db_url) == head_revision()


def test_models_agree_with_migrations(db_url):
    with get_engine(db_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], f"models and migrations differ; write a migration: {differences}"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_url):
    with get_engine(sqlite_url).connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_survivor_tables_keep_no_rowid_so_the_file_does_not_record_arrival_order(sqlite_url):
    with get_engine(sqlite_url).connect() as connection:
        for table in ("responses", "comments"):
            sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            assert "WITHOUT ROWID" in sql


def test_cli_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run([sys.executable, "-m", "db", "upgrade", "--db", url], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"revision {head_revision()}" in result.stdout
    assert current_revision(get_engine(url)) == head_revision()


def test_cli_add_site_makes_a_site_survivors_can_use(tmp_path):
    from db.engine import get_sessionmaker
    from db.queries import get_site

    url = f"sqlite:///{tmp_path / 'sites.db'}"
    run = lambda *args: subprocess.run([sys.executable, "-m", "db", *args, "--db", url], cwd=ROOT, capture_output=True, text=True)
    assert run("upgrade").returncode == 0
    result = run("add-site", "haven", "--name", "Haven House", "--kind", "refuge", "--organisation", "haven-wa",
                 "--organisation-name", "Haven Women's Aid", "--contact", "Ask any member of staff")
    assert result.returncode == 0, result.stderr
    with get_sessionmaker(url)() as session:
        site = get_site(session, "haven")
        assert (site.name, site.kind, site.organisation.name, site.contact) == (
            "Haven House", "refuge", "Haven Women's Aid", "Ask any member of staff")
    assert run("add-site", "x", "--name", "X", "--kind", "school", "--organisation", "o").returncode == 2
