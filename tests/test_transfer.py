"""Export and import: the DESIGN.md format, exact round trips, all-or-nothing, no formula injection."""

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.engine import get_sessionmaker, write_session
from db.models import Comment, Response
from survey.demo import ensure_demo_sites, generate_demo
from survey.submit import Submission, submit_response
from survey.transfer import ImportFailed, export_file, import_file, neutralise, unneutralise
from tests.conftest import stored_rows

ROOT = Path(__file__).resolve().parent.parent
FIXED = ["response_id", "survey", "version", "site", "week", "language"]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, capture_output=True, text=True)


def add(factory, answers, week="2026-W10", site="refuge"):
    with write_session(factory) as session:
        return submit_response(session, Submission("police-and-refuge", 1, site, "en", answers), week=week).response_id


def responses(factory):
    with factory() as session:
        return session.scalar(select(func.count()).select_from(Response))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_export_import_export_gives_the_same_rows(factory, published, second_db_url, tmp_path, fmt):
    generate_demo(factory, 120, seed=5, today=date(2026, 11, 16))
    add(factory, {"went_well": "=HYPERLINK(\"http://evil\")", "could_improve": "- more 'help'"})
    first = tmp_path / f"first.{fmt}"
    with factory() as session:
        assert export_file(session, first) == 121

    # An empty database, on the same engine kind, with the sites set up.
    target = get_sessionmaker(second_db_url)
    with write_session(target) as session:
        ensure_demo_sites(session)
    assert import_file(target, first).rows == 121
    second = tmp_path / f"second.{fmt}"
    with target() as session:
        export_file(session, second)
    assert rows_of(first) == rows_of(second)


def rows_of(path: Path):
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    if path.suffix == ".xlsx":
        return [list(row) for row in load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_has_the_contract_columns_and_cell_formats(factory, published, tmp_path):
    add(factory, {"services_used": ["police_call", "refuge"], "police_overall": 2, "refuge_overall": 5,
                  "went_well": "the refuge staff", "gender": "woman"})
    path = tmp_path / "out.csv"
    with factory() as session:
        export_file(session, path)
    header, row = rows_of(path)
    assert header[:6] == FIXED
    assert header[6:9] == ["services_used", "contact_when", "police_easy_to_contact"]
    assert header[-1] == "quote_consent" and len(header) == 6 + 23
    cells = dict(zip(header, row))
    assert cells["services_used"] == "police_call;refuge"
    assert cells["police_overall"] == "2" and cells["refuge_overall"] == "5"
    assert cells["police_believed"] == "" and cells["went_well"] == "the refuge staff"
    assert (cells["survey"], cells["version"], cells["site"], cells["week"]) == ("police-and-refuge", "1", "refuge", "2026-W10")


def test_rows_are_not_exported_in_arrival_order(factory, published, tmp_path):
    ids = [add(factory, {"gender": "woman"}) for _ in range(40)]
    path = tmp_path / "out.jsonl"
    with factory() as session:
        export_file(session, path)
    exported = [row["response_id"] for row in rows_of(path)]
    assert sorted(exported) == sorted(ids)
    assert exported != ids and exported == sorted(exported)


@pytest.mark.parametrize("text", ["=1+1", "+44 idea", "-5 stars", "@ 5pm they came", "'=quoted"])
def test_formula_cells_are_neutralised_in_csv_and_xlsx(sqlite_url, tmp_path, text):
    factory = get_sessionmaker(sqlite_url)
    with write_session(factory) as session:
        ensure_demo_sites(session)
        from survey.publish import publish_default
        publish_default(session)
    add(factory, {"could_improve": text})
    with factory() as session:
        export_file(session, tmp_path / "out.csv")
        export_file(session, tmp_path / "out.xlsx")
    header, row = rows_of(tmp_path / "out.csv")
    assert row[header.index("could_improve")] == "'" + text
    workbook = load_workbook(tmp_path / "out.xlsx")
    cell = workbook.worksheets[0].cell(row=2, column=header.index("could_improve") + 1)
    assert cell.value == "'" + text and cell.data_type == "s"


@pytest.mark.parametrize("value", ["\tx", "\rx", "=cmd|' /C calc'!A0"])
def test_tab_and_carriage_return_starts_are_neutralised_too(value):
    # Stored text never starts with whitespace (it is trimmed), but the export guards anyway.
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["=x", "'=x", "''x", "'plain", "plain", "-", "'", ""])
def test_neutralising_round_trips_exactly(value):
    assert unneutralise(neutralise(value)) == value


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


HEADER = FIXED + ["services_used", "police_overall", "went_well"]
GOOD = ["", "police-and-refuge", "1", "ppu", "2026-W05", "en", "police_call", "4", "kind"]


@pytest.mark.parametrize(
    "bad_row, row, column",
    [
        (GOOD[:7] + ["7", "kind"], 3, "police_overall"),
        (GOOD[:3] + ["nowhere"] + GOOD[4:], 3, "site"),
        (GOOD[:4] + ["2026-W60"] + GOOD[5:], 3, "week"),
        (GOOD[:6] + ["refuge", "4", "kind"], 3, "police_overall"),  # police question without police contact
        (GOOD[:2] + ["one"] + GOOD[3:], 3, "version"),
        (["not-a-uuid"] + GOOD[1:], 3, "response_id"),
    ],
)
def test_a_bad_row_stops_the_import_naming_row_and_column_and_changes_nothing(factory, published, tmp_path, bad_row, row, column):
    add(factory, {"gender": "woman"})
    path = tmp_path / "in.csv"
    write_csv(path, [HEADER, GOOD, bad_row, GOOD])
    with pytest.raises(ImportFailed) as caught:
        import_file(factory, path)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert responses(factory) == 1


def test_import_redacts_free_text(factory, published, tmp_path):
    path = tmp_path / "in.csv"
    write_csv(path, [HEADER, GOOD[:8] + ["call 07700 900123 any time"]])
    import_file(factory, path)
    with factory() as session:
        text = session.execute(select(Response)).scalar_one().comments[0].text
    assert "07700" not in text and "[PHONE]" in text


def test_importing_the_same_file_twice_is_refused(factory, published, tmp_path):
    add(factory, {"gender": "woman"})
    path = tmp_path / "out.csv"
    with factory() as session:
        export_file(session, path)
    with pytest.raises(ImportFailed, match="already in the database") as caught:
        import_file(factory, path)
    assert caught.value.row == 2 and responses(factory) == 1


def test_cli_import_exits_non_zero_with_row_and_column(sqlite_url, tmp_path):
    factory = get_sessionmaker(sqlite_url)
    with write_session(factory) as session:
        ensure_demo_sites(session)
    path = tmp_path / "in.csv"
    write_csv(path, [HEADER, GOOD, GOOD[:7] + ["9", "x"]])
    result = cli("import", "--db", sqlite_url, str(path))
    assert result.returncode == 1
    assert "row 3, column police_overall" in result.stderr and "Nothing was imported" in result.stderr
    assert responses(factory) == 0


def test_cli_export_then_import(sqlite_url, tmp_path):
    factory = get_sessionmaker(sqlite_url)
    generate_demo(factory, 30, seed=2, today=date(2026, 11, 16))
    out = tmp_path / "all.xlsx"
    result = cli("export", "--db", sqlite_url, "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0 and "wrote 30 responses" in result.stdout
    target = f"sqlite:///{tmp_path / 'target.db'}"
    subprocess.run([sys.executable, "-m", "db", "upgrade", "--db", target], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "survey", "demo", "--db", target, "--responses", "0"], cwd=ROOT, check=True, capture_output=True)
    result = cli("import", "--db", target, str(out))
    assert result.returncode == 0, result.stderr
    assert "imported 30 responses" in result.stdout



def test_worker_processes_import_exactly_what_one_process_imports(factory, published, second_db_url, tmp_path,
                                                                  monkeypatch):
    """`survey import --workers 2` redacts and codes ahead in other processes; the rows must not differ."""
    import survey.transfer

    monkeypatch.setattr(survey.transfer, "_BATCH", 50)  # several batches, so the look-ahead is exercised
    generate_demo(factory, 230, seed=8, today=date(2026, 11, 16))
    add(factory, {"went_well": "PC Jones rang me on 07700 900123"})
    path = tmp_path / "all.csv"
    with factory() as session:
        export_file(session, path)

    from sqlalchemy import text

    alone, with_workers = get_sessionmaker(second_db_url), factory
    with write_session(alone) as session:
        ensure_demo_sites(session)
    assert import_file(alone, path, workers=1).rows == 231
    # The source database, emptied of responses, takes the same file with two workers.
    with write_session(with_workers) as session:
        for table in ("comment_themes", "comments", "rollup_responses", "rollup_ratings", "rollup_themes",
                      "rollup_equality", "responses"):
            session.execute(text(f"DELETE FROM {table}"))
    assert import_file(with_workers, path, workers=2).rows == 231
    one, two = stored_rows(alone), stored_rows(with_workers)
    assert len(two["responses"]) == 231 and two["comments"] and two["rollup_themes"]
    assert two == one
    # The rollups, added up over the batches and written once, are what a rebuild derives from the rows.
    from db.rollup import rebuild_rollups

    with write_session(with_workers) as session:
        rebuild_rollups(session)
    assert stored_rows(with_workers) == two
    # The comment texts, not the whole rows: a random response id may hold "07700" in its hex digits.
    with with_workers() as session:
        texts = session.scalars(select(Comment.text)).all()
    assert "PC [NAME] rang me on [PHONE]" in texts
    assert not any("07700" in text or "Jones" in text for text in texts)


def test_a_bad_row_in_a_later_batch_stops_a_parallel_import_and_changes_nothing(factory, published, tmp_path,
                                                                                monkeypatch):
    import survey.transfer

    monkeypatch.setattr(survey.transfer, "_BATCH", 10)
    add(factory, {"gender": "woman"})
    path = tmp_path / "in.csv"
    rows = [GOOD[:8] + [f"comment number {n}, all fine"] for n in range(35)]
    rows[27] = GOOD[:7] + ["9", "too high"]  # row 29 of the file (the header is row 1)
    rows[31] = GOOD[:3] + ["nowhere"] + GOOD[4:]  # a later error is not the one reported
    write_csv(path, [HEADER] + rows)
    with pytest.raises(ImportFailed) as caught:
        import_file(factory, path, workers=2)
    assert (caught.value.row, caught.value.column) == (29, "police_overall")
    assert responses(factory) == 1


def test_demo_data_with_worker_processes_is_the_demo_data_of_one_process(factory, published, second_db_url):
    generate_demo(factory, 260, seed=3, today=date(2026, 11, 16), batch_size=40, workers=2)
    generate_demo(get_sessionmaker(second_db_url), 260, seed=3, today=date(2026, 11, 16), batch_size=40)

    def without_ids(factory):
        # Response ids are random: compare what each response holds instead.
        with factory() as session:
            stored = session.execute(select(Response)).scalars().all()
            return sorted(repr((r.site_id, r.week, r.language, r.answers,
                                sorted((c.question, c.text, c.sentiment, c.polarity) for c in r.comments)))
                          for r in stored)

    with_workers, alone = without_ids(factory), without_ids(get_sessionmaker(second_db_url))
    assert len(with_workers) == 260 and with_workers == alone
    assert stored_rows(factory)["rollup_themes"] == stored_rows(get_sessionmaker(second_db_url))["rollup_themes"]


def test_a_pool_of_workers_redacts_and_codes_as_this_process_does():
    from analysis.pipeline import code_comment
    from analysis.redact import redact
    from survey.textwork import TextPool

    texts = ["PC Jones never rang me back, call 07700 900123", "The refuge believed me.", "nothing", ""]
    with TextPool(2) as pool:
        assert pool.workers == 2 and pool._pool is not None  # really other processes
        work = pool.submit(texts + texts)()
    assert work.redactions == {text: redact(text) for text in texts if text}
    assert work.codings == {redact(text): code_comment(redact(text)) for text in texts if text}
    assert "07700" not in work.redact(texts[0])
