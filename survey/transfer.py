"""Export and import responses as CSV, XLSX or JSON lines, one row per response.

Columns: response_id, survey, version, site, week, language, then one column per
question name (multiple choice `;`-joined, ratings 1-5 or empty). Rows are
ordered by their random id, never by arrival. Spreadsheet cells that could run
as formulas are neutralised with a leading apostrophe, which import removes.
Import prepares each row exactly as a submission (validation, redaction,
coding) and stores them in batches inside one transaction: one bad row and
nothing is stored.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import write_session
from db.models import Comment, Response
from db.rollup import RollupDelta
from survey.definition import DEFAULT_SURVEY_ID
from survey.publish import frozen_definition, publish_default, published_versions
from survey.submit import (
    InvalidResponse, PreparedResponse, Submission, prepare_response, store_prepared, texts_to_work,
)
from survey.textwork import TextPool, TextWork, worked_ahead

FIXED_COLUMNS = ("response_id", "survey", "version", "site", "week", "language")
FORMATS = ("csv", "xlsx", "jsonl")
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
_BATCH = 2000
_LOOK_AHEAD = 2  # batches whose texts worker processes work out while this process stores an earlier one


class ImportFailed(ValueError):
    """A row could not be imported; nothing was stored."""

    def __init__(self, row: int, column: str, message: str) -> None:
        self.row, self.column = row, column
        super().__init__(f"row {row}, column {column}: {message}")


@dataclass(frozen=True)
class ImportResult:
    rows: int


# --- formula injection -------------------------------------------------------------


def neutralise(value: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the text instead of running it.

    Text that already starts with an apostrophe gets one more, so that
    `unneutralise` can tell the two apart and a round trip is exact.
    """
    if value.startswith(_DANGEROUS_FIRST) or value.startswith("'"):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in (*_DANGEROUS_FIRST, "'"):
        return value[1:]
    return value


# --- export ------------------------------------------------------------------------


def export_columns(session: Session, survey_id: str = DEFAULT_SURVEY_ID) -> list[str]:
    """Fixed columns, then every question name of every published version, in survey order."""
    names: list[str] = []
    for definition in published_versions(session, survey_id):
        names.extend(name for name in definition.question_names if name not in names)
    return [*FIXED_COLUMNS, *names]


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(value)
    return value


def export_rows(session: Session, survey_id: str = DEFAULT_SURVEY_ID) -> Iterator[dict[str, Any]]:
    """Every response as a flat row, ordered by random id (not by arrival)."""
    responses = session.execute(
        select(Response).where(Response.survey_id == survey_id).order_by(Response.id)
    ).scalars().yield_per(_BATCH)
    comments = session.execute(
        select(Comment.response_id, Comment.question, Comment.text)
        .join(Response, Response.id == Comment.response_id)
        .where(Response.survey_id == survey_id)
        .order_by(Comment.response_id)
    ).yield_per(_BATCH)
    pending = next(comments, None)
    for response in responses:
        row: dict[str, Any] = {
            "response_id": response.id,
            "survey": response.survey_id,
            "version": response.survey_version,
            "site": response.site_id,
            "week": response.week,
            "language": response.language,
        }
        row.update({name: _cell(value) for name, value in response.answers.items()})
        # Both queries are ordered by response id, so comments merge in one pass.
        while pending is not None and pending.response_id <= response.id:
            if pending.response_id == response.id:
                row[pending.question] = pending.text
            pending = next(comments, None)
        yield row


def export_file(session: Session, path: str | Path, fmt: str | None = None) -> int:
    """Write every response to `path`; returns the number of rows."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    columns = export_columns(session)
    rows = export_rows(session)
    writer = {"csv": _write_csv, "xlsx": _write_xlsx, "jsonl": _write_jsonl}[fmt]
    return writer(path, columns, rows)


def _spreadsheet_cells(columns: list[str], row: dict[str, Any]) -> list[Any]:
    cells = []
    for column in columns:
        value = row.get(column)
        cells.append(neutralise(value) if isinstance(value, str) else value)
    return cells


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    # utf-8-sig: Excel then reads Urdu, Polish and Punjabi text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in _spreadsheet_cells(columns, row)])
            count += 1
    return count


def _write_xlsx(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("responses")
    sheet.append(columns)
    count = 0
    for row in rows:
        sheet.append(_spreadsheet_cells(columns, row))
        count += 1
    workbook.save(path)
    return count


def _write_jsonl(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({column: row.get(column) for column in columns}, ensure_ascii=False) + "\n")
            count += 1
    return count


# --- import ------------------------------------------------------------------------


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a person would count it, cells by column) for each data row."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            _check_header(header)
            for number, cells in enumerate(reader, start=2):
                if len(cells) != len(header):
                    raise ImportFailed(number, "(all)", f"has {len(cells)} cells, the header has {len(header)}")
                yield number, {column: unneutralise(cell) for column, cell in zip(header, cells)}
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            header = [str(cell) for cell in next(rows, ()) if cell is not None]
            _check_header(header)
            for number, cells in enumerate(rows, start=2):
                values = {
                    column: unneutralise(cell) if isinstance(cell, str) else cell
                    for column, cell in zip(header, cells)
                }
                if any(value not in (None, "") for value in values.values()):
                    yield number, values
        finally:
            workbook.close()
    elif fmt == "jsonl":
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    values = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ImportFailed(number, "(all)", f"is not valid JSON: {error.msg}") from None
                if not isinstance(values, dict):
                    raise ImportFailed(number, "(all)", "must be a JSON object")
                yield number, values
    else:
        raise ValueError(f"cannot import {path.name}: use a .csv, .xlsx or .jsonl file")


def _check_header(header: list[str]) -> None:
    missing = [column for column in FIXED_COLUMNS if column not in header]
    if missing:
        raise ImportFailed(1, missing[0], "is missing from the header row")
    duplicates = {column for column in header if header.count(column) > 1}
    if duplicates:
        raise ImportFailed(1, sorted(duplicates)[0], "appears twice in the header row")


def _answers_from_cells(definition, number: int, values: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for column, value in values.items():
        if column in FIXED_COLUMNS or value is None or value == "":
            continue
        try:
            question = definition.question(column)
        except KeyError:
            raise ImportFailed(number, column, f"is not a question in {definition.id} version {definition.version}") from None
        if question.type == "multiple" and isinstance(value, str):
            value = [item.strip() for item in value.split(";") if item.strip()]
        elif question.type == "rating" and isinstance(value, float) and value.is_integer():
            value = int(value)  # spreadsheets store whole numbers as floats
        elif question.type in ("single", "text") and not isinstance(value, str):
            value = str(value)
        answers[column] = value
    return answers


@dataclass(frozen=True)
class _Row:
    """One row read and parsed into a submission, not yet validated."""

    number: int
    definition: Any
    submission: Submission
    week: str
    response_id: str | None


def _parse_row(session: Session, number: int, values: dict[str, Any]) -> _Row:
    response_id = str(values.get("response_id") or "").strip() or None
    survey_id = str(values.get("survey") or "").strip()
    try:
        version = int(str(values.get("version") or "").strip().removesuffix(".0"))
    except ValueError:
        raise ImportFailed(number, "version", f"{values.get('version')!r} is not a whole number") from None
    definition = frozen_definition(session, survey_id, version)
    if definition is None:
        raise ImportFailed(number, "survey", f"{survey_id} version {version} is not published here")
    submission = Submission(
        survey_id, version, str(values.get("site") or ""), str(values.get("language") or ""),
        _answers_from_cells(definition, number, values),
    )
    return _Row(number, definition, submission, str(values.get("week") or ""), response_id)


def _chunks(session: Session, rows: Iterable[tuple[int, dict[str, Any]]]) -> Iterator[list[_Row | ImportFailed]]:
    """The file's rows, parsed, _BATCH at a time; reading stops after a row the file cannot give."""
    rows = iter(rows)
    while True:
        chunk = _read_chunk(session, rows)
        if chunk:
            yield chunk
        if len(chunk) < _BATCH or isinstance(chunk[-1], ImportFailed):
            return


def _texts_of(chunk: list[_Row | ImportFailed]) -> Iterator[str]:
    for row in chunk:
        if isinstance(row, _Row):
            yield from texts_to_work(row.definition, row.submission.answers)


def _read_chunk(session: Session, rows: Iterator[tuple[int, dict[str, Any]]]) -> list[_Row | ImportFailed]:
    """Up to _BATCH parsed rows; a row that cannot be parsed (or read) is kept as its error, in its place."""
    chunk: list[_Row | ImportFailed] = []
    while len(chunk) < _BATCH:
        try:
            number, values = next(rows)
        except StopIteration:
            break
        except ImportFailed as failed:  # the file itself is malformed here: nothing after it is read
            chunk.append(failed)
            break
        try:
            chunk.append(_parse_row(session, number, values))
        except ImportFailed as failed:
            chunk.append(failed)
    return chunk


def import_rows(session: Session, rows: Iterable[tuple[int, dict[str, Any]]], workers: int = 1) -> int:
    """Validate and store every row in `session`'s transaction; raises ImportFailed on the first bad row.

    Each row is prepared exactly as a submission is (validated, redacted, coded),
    then stored in batches with the bulk path, so nothing differs but the speed.
    With `workers` above 1, worker processes redact and code the next batches'
    texts while this process validates and stores the current one
    (survey.textwork); the rows stored are the same.
    """
    count = 0
    seen: dict[str, int] = {}
    rollups = RollupDelta()  # every batch's counts, written once at the end of the transaction
    with TextPool(workers) as pool:
        for chunk, work in worked_ahead(pool, _chunks(session, rows), _texts_of, _LOOK_AHEAD):
            count += _import_chunk(session, chunk, work, seen, rollups)
    rollups.write(session)
    return count


def _import_chunk(session: Session, chunk: list[_Row | ImportFailed], work: TextWork, seen: dict[str, int],
                  rollups: RollupDelta) -> int:
    batch: list[tuple[int, PreparedResponse]] = []
    for row in chunk:
        if isinstance(row, ImportFailed):
            raise row
        if row.response_id in seen:
            raise ImportFailed(row.number, "response_id",
                               f"{row.response_id} appears twice (also on row {seen[row.response_id]})")
        try:
            prepared = prepare_response(session, row.submission, week=row.week, response_id=row.response_id,
                                        text_work=work)
        except InvalidResponse as invalid:
            error = invalid.errors[0]
            raise ImportFailed(row.number, error.field, error.message) from None
        if row.response_id:
            seen[row.response_id] = row.number
        batch.append((row.number, prepared))
    return _store_batch(session, batch, rollups)


def _store_batch(session: Session, batch: list[tuple[int, PreparedResponse]], rollups: RollupDelta) -> int:
    ids = [prepared.response_id for _, prepared in batch]
    existing = set(session.scalars(select(Response.id).where(Response.id.in_(ids)))) if ids else set()
    for number, prepared in batch:
        if prepared.response_id in existing:
            raise ImportFailed(number, "response_id", f"{prepared.response_id} is already in the database")
    store_prepared(session, [prepared for _, prepared in batch], rollups)
    return len(batch)


def import_file(factory: sessionmaker[Session], path: str | Path, workers: int = 1) -> ImportResult:
    """Import every row of `path` in one transaction: all of them, or none (`workers`: see import_rows)."""
    with write_session(factory) as session:
        publish_default(session)
        return ImportResult(import_rows(session, read_rows(path), workers))
