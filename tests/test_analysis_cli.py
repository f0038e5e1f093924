"""`python -m analysis`: redact and classify keep line counts and order; enrich is resumable and idempotent."""

import io
import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, update

from analysis.__main__ import main
from analysis.pipeline import coder_version
from db.engine import write_session
from db.models import Comment
from survey.submit import Submission, submit_response

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args, stdin_text):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], input=stdin_text, capture_output=True,
        text=True, cwd=ROOT, timeout=120,
    )


def test_redact_gives_one_line_out_per_line_in_in_order():
    lines = ["call me on 07700 900123", "", "my son jack was there", "I rang 999 at 2am", "  "]
    result = run_cli(["redact"], "\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == [
        "call me on [PHONE]", "", "my son [NAME] was there", "I rang 999 at 2am", "  ",
    ]


def test_classify_gives_one_json_line_per_input_line():
    inputs = [{"text": "kind but slow"}, {"text": "nobody believed me", "id": 7}, {"text": ""}]
    result = run_cli(["classify"], "".join(json.dumps(i) + "\n" for i in inputs))
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 3
    assert outputs[0]["sentiment"] == "mixed" and set(outputs[0]["themes"]) == {"respect", "response_time"}
    assert outputs[1]["themes"] == ["believed"] and outputs[1]["sentiment"] == "negative"
    assert outputs[1]["polarity"] < 0
    assert outputs[2] == {**outputs[2], "themes": [], "sentiment": "neutral"}


def test_classify_answers_a_bad_line_in_place_and_fails_at_the_end():
    stdout = io.StringIO()
    status = main(["classify"], stdin=io.StringIO('{"text": "they believed me"}\nnot json\n{"x": 1}\n'), stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert status == 1 and len(lines) == 3
    assert json.loads(lines[0])["themes"] == ["believed"]
    assert "error" in json.loads(lines[1]) and "error" in json.loads(lines[2])


def test_evaluate_prints_every_figure_beside_the_baselines():
    stdout = io.StringIO()
    assert main(["evaluate", "--split", "tune"], stdin=io.StringIO(), stdout=stdout) == 0
    report = stdout.getvalue()
    for expected in ("tune split", "PHONE", "keep rate", "micro", "believed", "confusion matrix",
                     "TextBlob alone", "VADER", "rules alone"):
        assert expected in report


def test_evaluate_scores_the_held_out_split_unless_told_otherwise():
    from analysis.__main__ import build_parser
    from analysis.evaluate import HELD_OUT_SPLIT, SPLITS

    # The parser names the splits itself (importing analysis.evaluate would slow every command's
    # start), so this checks it accepts every real one.
    assert build_parser().parse_args(["evaluate"]).split == HELD_OUT_SPLIT
    for split in SPLITS:
        assert build_parser().parse_args(["evaluate", "--split", split]).split == split


def _store_uncoded(factory, texts):
    with write_session(factory) as session:
        for index, text in enumerate(texts):
            submit_response(
                session, Submission("police-and-refuge", 1, "refuge", "en", {"went_well": text}, None),
                week="2026-W03",
            )
        session.execute(update(Comment).values(codebook_version=None, themes=None, sentiment=None,
                                                polarity=None, theme_sentiments=None))


def _codings(factory):
    with factory() as session:
        return {c.text: (c.codebook_version, c.themes, c.sentiment) for c in session.scalars(select(Comment))}


def test_enrich_codes_what_is_uncoded_and_a_second_run_codes_nothing(db_url, factory, published):
    _store_uncoded(factory, ["They believed me", "nobody came for hours", "the council rehoused us"])
    out = io.StringIO()
    assert main(["enrich", "--db", db_url, "--batch-size", "2"], stdin=io.StringIO(), stdout=out) == 0
    assert "coded 3 comments" in out.getvalue()
    codings = _codings(factory)
    assert codings["They believed me"] == (coder_version(), ["believed"], "positive")
    assert all(version == coder_version() for version, _, _ in codings.values())

    again = io.StringIO()
    main(["enrich", "--db", db_url], stdin=io.StringIO(), stdout=again)
    assert "coded 0 comments" in again.getvalue()


def test_enrich_all_recodes_comments_from_an_older_codebook_only_when_asked(db_url, factory, published):
    _store_uncoded(factory, ["They believed me", "He was charged"])
    main(["enrich", "--db", db_url], stdin=io.StringIO(), stdout=io.StringIO())
    with write_session(factory) as session:
        session.execute(update(Comment).where(Comment.text == "He was charged").values(codebook_version="2000.01-1"))

    plain = io.StringIO()
    main(["enrich", "--db", db_url], stdin=io.StringIO(), stdout=plain)
    assert "coded 0 comments" in plain.getvalue()

    everything = io.StringIO()
    main(["enrich", "--all", "--db", db_url], stdin=io.StringIO(), stdout=everything)
    assert "coded 1 comments" in everything.getvalue()
    assert _codings(factory)["He was charged"][0] == coder_version()


def test_enrich_tightens_text_that_an_older_redaction_let_through(db_url, factory, published):
    _store_uncoded(factory, ["fine"])
    with write_session(factory) as session:
        session.execute(update(Comment).values(text="ring me on 07700 900123"))
    out = io.StringIO()
    main(["enrich", "--db", db_url], stdin=io.StringIO(), stdout=out)
    assert "tightened the redaction of 1" in out.getvalue()
    assert list(_codings(factory)) == ["ring me on [PHONE]"]
