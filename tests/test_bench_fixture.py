"""The benchmarks' bulk builder stores exactly what the real submission path stores."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import text

from db.engine import get_sessionmaker
from db.migrate import upgrade
from survey.demo import generate_demo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bulk_demo import bulk_demo  # noqa: E402

ROLLUPS = ("rollup_responses", "rollup_ratings", "rollup_themes", "rollup_equality")


def stored(url: str) -> dict:
    """Everything stored, with each response's random id replaced by what the response holds."""
    with get_sessionmaker(url)() as session:
        comments: dict[str, list] = {}
        for row in session.execute(text(
            "SELECT response_id, question, text, themes, theme_sentiments, sentiment, polarity, codebook_version "
            "FROM comments"
        )):
            comments.setdefault(row[0], []).append(
                (row[1], row[2], json.dumps(json.loads(row[3]), sort_keys=True),
                 json.dumps(json.loads(row[4]), sort_keys=True), row[5], row[6], row[7]))
        themes: dict[str, list] = {}
        for response_id, question, theme, sentiment in session.execute(
            text("SELECT response_id, question, theme, sentiment FROM comment_themes")
        ):
            themes.setdefault(response_id, []).append((question, theme, sentiment))
        responses = sorted(
            (site, week, month, language, mask, json.dumps(json.loads(answers), sort_keys=True), key,
             tuple(sorted(comments.get(response_id, []))), tuple(sorted(themes.get(response_id, []))))
            for response_id, site, week, month, language, mask, answers, key in session.execute(text(
                "SELECT id, site_id, week, month, language, services_mask, answers, submission_key FROM responses"
            ))
        )
        rollups = {table: sorted(map(tuple, session.execute(text(f"SELECT * FROM {table}")))) for table in ROLLUPS}
    return {"responses": responses, **rollups}


def test_bulk_builder_stores_what_generate_demo_stores(tmp_path):
    real, bulk = f"sqlite:///{tmp_path / 'real.db'}", f"sqlite:///{tmp_path / 'bulk.db'}"
    upgrade(real)
    upgrade(bulk)
    generate_demo(get_sessionmaker(real), 400, seed=7, today=date(2026, 11, 16))
    bulk_demo(bulk, 400, seed=7, today=date(2026, 11, 16), batch=150)
    expected, found = stored(real), stored(bulk)
    assert len(found["responses"]) == 400
    assert any(row[7] for row in found["responses"]), "some responses have comments"
    for table in ("responses",) + ROLLUPS:
        assert found[table] == expected[table], table
