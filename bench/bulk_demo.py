"""A fast way to build a big demo database for benchmarks, storing exactly what submission would.

`survey.demo.generate_demo` stores each response through `submit_response`:
about 1 ms of SQL per response, so a million take a quarter of an hour. This
draws the very same responses (the same random stream, call for call), cleans
them with the submission's own `clean_answers`, codes comments with the same
`code_comment` and counts the rollups with the same `db.rollup.RollupDelta`,
but writes them with one INSERT per table per batch. Redaction and coding are
remembered per distinct text (the demo repeats its sentences), so each is done
once. tests/test_bench_fixture.py checks, on a small sample, that the rows and
rollups are exactly what `generate_demo` stores.

    .venv/bin/python bench/bulk_demo.py --responses 1000000 --out bench/out/demo-1m.db
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert  # noqa: E402

import survey.submit as submission  # noqa: E402
from analysis.pipeline import CommentCoding, code_comment  # noqa: E402
from analysis.redact import redact  # noqa: E402
from db.engine import get_engine, get_sessionmaker, write_session  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Comment, CommentTheme, Response  # noqa: E402
from db.rollup import RollupDelta, coding_theme_sentiments, response_theme_sentiments, rollup_key  # noqa: E402
from survey.demo import DEMO_SITES, _winter_weight, demo_answers, ensure_demo_sites  # noqa: E402
from survey.publish import publish_default  # noqa: E402
from survey.services import services_mask  # noqa: E402
from survey.textwork import TextWork  # noqa: E402
from survey.weeks import iso_week, month_of_week  # noqa: E402

BENCH_TODAY = date(2026, 11, 16)


def demo_draws(responses: int, seed: int, today: date, languages: list[str], language_weights: list[float]):
    """(site, language, week, answers) exactly as generate_demo draws them, in the same order."""
    rng = random.Random(seed)
    first = today - timedelta(days=730)
    days = [first + timedelta(days=offset) for offset in range(731)]
    day_weights = [_winter_weight(day) for day in days]
    for _ in range(responses):
        day = rng.choices(days, weights=day_weights)[0]
        site = rng.choices(DEMO_SITES, weights=[site.share for site in DEMO_SITES])[0]
        language = rng.choices(languages, weights=language_weights)[0]
        progress = (day - first).days / 730
        yield site.id, language, iso_week(day), demo_answers(rng, site, progress, language)


class _Remembered(TextWork):
    """Each distinct text redacted and coded once (the demo repeats its sentences)."""

    def redact(self, text: str) -> str:
        if text not in self.redactions:
            self.redactions[text] = redact(text)
        return self.redactions[text]

    def code(self, redacted: str) -> CommentCoding:
        if redacted not in self.codings:
            self.codings[redacted] = code_comment(redacted)
        return self.codings[redacted]


def bulk_demo(
    url: str,
    responses: int,
    *,
    seed: int = 1,
    today: date = BENCH_TODAY,
    batch: int = 20_000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Add `responses` demo responses to the (migrated) database at `url`, as generate_demo would."""
    factory = get_sessionmaker(url)
    if url.startswith("sqlite"):
        # Random UUID keys land all over the B-trees: a page cache that holds them keeps inserts fast.
        event.listen(get_engine(url), "connect", lambda connection, _: connection.execute("PRAGMA cache_size=-400000"))
        get_engine(url).dispose()
    with write_session(factory) as session:
        ensure_demo_sites(session)
        definition = publish_default(session)
    languages = [language.code for language in definition.languages]
    language_weights = [93 if code == definition.source_language else 7 / max(1, len(languages) - 1)
                        for code in languages]

    # The submission's own cleaning, with redaction and coding remembered per text (pure functions).
    remembered = _Remembered()
    delta = RollupDelta()
    stored = 0
    draws = demo_draws(responses, seed, today, languages, language_weights)
    while stored < responses:
        response_rows, comment_rows, theme_rows = [], [], []
        for site_id, language, week, answers in (next(draws) for _ in range(min(batch, responses - stored))):
            cleaned = submission.clean_answers(definition, answers, remembered)
            response_id = str(uuid.uuid4())
            row = {
                "id": response_id, "survey_id": definition.id, "survey_version": definition.version,
                "site_id": site_id, "week": week, "month": month_of_week(week), "language": language,
                "services_mask": services_mask(cleaned.choices.get("services_used")),
                "answers": cleaned.choices, "submission_key": None,
            }
            response_rows.append(row)
            key = rollup_key(row["month"], site_id, row["services_mask"], cleaned.choices)
            delta.add_response(key, cleaned.choices, commented=bool(cleaned.texts))
            by_question = {}
            for question, text in cleaned.texts.items():
                coding = remembered.code(text)
                comment_rows.append({"response_id": response_id, "question": question, "text": text,
                                     **submission.coding_columns(coding)})
                by_question[question] = coding_theme_sentiments(coding)
                theme_rows += [{"response_id": response_id, "question": question, "theme": theme,
                                "sentiment": sentiment} for theme, sentiment in sorted(by_question[question].items())]
            if by_question:
                delta.add_themes(key, response_theme_sentiments(by_question))
        # In key order: neighbouring keys share B-tree pages, so each batch writes fewer of them.
        response_rows.sort(key=lambda row: row["id"])
        comment_rows.sort(key=lambda row: (row["response_id"], row["question"]))
        theme_rows.sort(key=lambda row: (row["response_id"], row["question"], row["theme"]))
        with write_session(factory) as session:
            session.execute(insert(Response.__table__), response_rows)
            if comment_rows:
                session.execute(insert(Comment.__table__), comment_rows)
            if theme_rows:
                session.execute(insert(CommentTheme.__table__), theme_rows)
        stored += len(response_rows)
        if on_batch:
            on_batch(stored)
    with write_session(factory) as session:
        delta.write(session)  # added to whatever the rollups already held
    return stored


def build(path: Path, responses: int, *, seed: int = 1, today: date = BENCH_TODAY) -> str:
    """A migrated database at `path` with `responses` demo responses; built once, then reused."""
    url = f"sqlite:///{path}"
    if path.exists():
        upgrade(url)  # a file built before the latest migration gets it (an index, say)
        return url
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    # Another benchmark may be building the same file: wait for it rather than spoil its work.
    while any(time.time() - leftover.stat().st_mtime < 120 for leftover in path.parent.glob(partial.name + "*")):
        if path.exists():
            return url
        time.sleep(5)
    if path.exists():
        return url
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    partial_url = f"sqlite:///{partial}"
    upgrade(partial_url)
    started = time.perf_counter()
    bulk_demo(partial_url, responses, seed=seed, today=today,
              on_batch=lambda done: print(f"\r  built {done:,}/{responses:,} responses "
                                          f"({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr))
    print(file=sys.stderr)
    engine = get_engine(partial_url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    partial.rename(path)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="SQLite file to create (left alone if it exists)")
    args = parser.parse_args()
    started = time.perf_counter()
    build(Path(args.out), args.responses, seed=args.seed)
    print(f"{args.out}: {args.responses:,} responses in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
