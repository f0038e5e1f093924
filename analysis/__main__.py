"""Command line for analysis: `python -m analysis redact|classify|evaluate|enrich` (see --help)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO


def _redact(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from analysis.redact import redact

    for line in stdin:
        stdout.write(redact(line.rstrip("\r\n")) + "\n")
    return 0


def _classify(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from analysis.pipeline import code_comment
    from analysis.redact import redact

    status = 0
    for line in stdin:
        try:
            text = json.loads(line)["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            # One line out per line in, even for a bad line, so outputs still line up.
            stdout.write(json.dumps({"error": 'expected a JSON object with a "text" string'}) + "\n")
            status = 1
            continue
        # Code what production codes: the redacted text.
        coding = code_comment(redact(text))
        stdout.write(json.dumps({
            "themes": list(coding.themes),
            "sentiment": coding.sentiment,
            "polarity": coding.polarity,
            "theme_sentiments": coding.theme_sentiments,
            "codebook_version": coding.codebook_version,
        }) + "\n")
    return status


def _evaluate(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from analysis.evaluate import evaluate, format_report

    stdout.write(format_report(evaluate(args.split), show_errors=args.errors) + "\n")
    return 0


def _enrich(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from tqdm import tqdm

    from analysis.pipeline import enrich_comments, pending_comment_count
    from db.engine import get_sessionmaker

    factory = get_sessionmaker(args.db)
    with factory() as session:
        pending = pending_comment_count(session, recode_all=args.all)
    with tqdm(total=pending, unit="comment", file=sys.stderr, desc="coding") as bar:
        result = enrich_comments(factory, recode_all=args.all, batch_size=args.batch_size, on_batch=bar.update)
    stdout.write(f"coded {result.coded} comments")
    if result.text_changed:
        stdout.write(f"; tightened the redaction of {result.text_changed}")
    stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", required=True)

    redact = commands.add_parser(
        "redact", help="stdin: one comment per line; stdout: each redacted, same count and order"
    )
    redact.set_defaults(handler=_redact)

    classify = commands.add_parser(
        "classify",
        help='stdin: JSON lines with "text"; stdout: one JSON line each with "themes", "sentiment", "polarity"',
    )
    classify.set_defaults(handler=_classify)

    evaluate = commands.add_parser(
        "evaluate",
        help="scores on the labelled comments in tests/data beside TextBlob and VADER baselines",
    )
    evaluate.add_argument("--split", choices=("holdout", "dev", "tune"), default="holdout",
                          help="the held-out part no rule was developed on (default), or a development part")
    evaluate.add_argument("--errors", action="store_true", help="also list every miss")
    evaluate.set_defaults(handler=_evaluate)

    enrich = commands.add_parser(
        "enrich", parents=[database],
        help="code stored comments not yet coded; resumable and idempotent",
    )
    enrich.add_argument("--all", action="store_true",
                        help="also recode comments coded with an older codebook version")
    enrich.add_argument("--batch-size", type=int, default=500, help="comments per transaction")
    enrich.set_defaults(handler=_enrich)
    return parser


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, stdin or sys.stdin, stdout or sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
