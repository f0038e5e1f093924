"""Command line for analysis: `python -m analysis redact|classify|evaluate|train|enrich|summary|report` (see --help)."""

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


def _train(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from analysis.training import (
        cross_validate, format_cross_validation, model_document, train_models, training_comments, write_model,
    )

    comments = training_comments()
    if args.cv:
        results = cross_validate(comments, progress=lambda source: sys.stderr.write(f"  scored {source}\n"))
        stdout.write(format_cross_validation(results) + "\n")
        return 0
    from analysis.learned import MODEL_PATH

    out = args.out or MODEL_PATH
    coder, scorer = train_models(comments)
    document = model_document(coder, scorer, comments)
    write_model(document, out)
    sources = ", ".join(f"{source} {n}" for source, n in document["trained_on"].items())
    stdout.write(f"trained on {len(comments)} comments ({sources}); wrote {out} (fingerprint {document['fingerprint']})\n")
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


def _json_a_line_each(document: dict) -> str:
    """JSON for a person and a program alike: each top-level key on its own line, and each item
    of a top-level list (the summary's groups) on its own line. json's C encoder writes each
    piece; an indented dump goes through the pure-Python encoder, a tenth of a second here."""
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(json.dumps(item) for item in value)
            lines.append(f"{json.dumps(key)}: [\n  {items}\n ]")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


def _summary(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    import csv

    import gc

    from analysis.trends import InvalidRequest, SummaryRequest, summarise, summary_csv_rows, summary_json
    from db.engine import get_engine
    from db.settings import get_settings

    if __name__ == "__main__":
        # Run as a command, the modules just imported hold most of the process's objects and none
        # is garbage: frozen, they are left out of every collection the summary's own objects set
        # off, and out of the sweep at exit (together about a tenth of a second).
        gc.freeze()

    request = SummaryRequest(args.start, args.end, args.by, tuple(args.site) if args.site else None,
                             args.service, args.contact)
    try:
        # Core only, through a bare connection: the ORM is never imported (see db/tables.py).
        with get_engine(args.db).connect() as connection:
            summary = summarise(connection, request, get_settings().min_cell)
    except InvalidRequest as invalid:
        sys.stderr.write(f"summary: {invalid}\n")
        return 2
    if args.format == "json":
        stdout.write(_json_a_line_each(summary_json(summary)))
    else:
        columns, rows = summary_csv_rows(summary)
        writer = csv.DictWriter(stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return 0


def _report(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from pathlib import Path

    from analysis.report import build_pack
    from analysis.report_files import FORMATS, export_pack
    from analysis.trends import InvalidRequest, SummaryRequest
    from db.engine import get_sessionmaker
    from db.settings import get_settings

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        sys.stderr.write(f"report: --out must end in .{', .'.join(FORMATS)}, not {out.name!r}\n")
        return 2
    if (args.compare_from is None) != (args.compare_to is None):
        sys.stderr.write("report: give both --compare-from and --compare-to, or neither\n")
        return 2
    compare = (args.compare_from, args.compare_to) if args.compare_from else None
    request = SummaryRequest(args.start, args.end, args.by, tuple(args.site) if args.site else None,
                             args.service, args.contact, compare)
    factory = get_sessionmaker(args.db)
    try:
        with factory() as session:
            pack = build_pack(session, request, get_settings().min_cell)
    except InvalidRequest as invalid:
        sys.stderr.write(f"report: {invalid}\n")
        return 2
    out.write_bytes(export_pack(factory, "(command line)", pack, fmt))
    stdout.write(f"wrote {out}: the findings pack for {pack.period} against {pack.comparison} ({pack.scope})\n")
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
        help="scores on the labelled comments in tests/data beside the rules alone, TextBlob and VADER",
    )
    evaluate.add_argument("--split", choices=("holdout5", "train2", "holdout4", "holdout3", "holdout2", "holdout", "train",
                                                   "dev", "tune"),
                          default="holdout5",
                          help="holdout5 (default): the final held-out set, never trained or tuned on; the others "
                               "are training data, so their figures are in-sample")
    evaluate.add_argument("--errors", action="store_true", help="also list every miss")
    evaluate.set_defaults(handler=_evaluate)

    train = commands.add_parser(
        "train",
        help="retrain the learned theme coder and sentiment scorer from the labelled comments (all but holdout5)",
        description="Fits the learned coder on every labelled comment in tests/data except the final held-out "
                    "split (holdout5) and writes its weights as JSON. Deterministic: the same data gives the "
                    "same file. With --cv, prints leave-one-file-out cross-validation instead, beside the rules alone.",
    )
    train.add_argument("--out", default=None, metavar="FILE",
                       help="where to write the weights (default: analysis/data/learned_model.json)")
    train.add_argument("--cv", action="store_true", help="cross-validate by held-out file; write nothing")
    train.set_defaults(handler=_train)

    enrich = commands.add_parser(
        "enrich", parents=[database],
        help="code stored comments not yet coded; resumable and idempotent",
    )
    enrich.add_argument("--all", action="store_true",
                        help="also recode comments coded with an older codebook version")
    enrich.add_argument("--batch-size", type=int, default=500, help="comments per transaction")
    enrich.set_defaults(handler=_enrich)

    summary = commands.add_parser(
        "summary", parents=[database],
        help="the dashboard's figures after disclosure control, per month or quarter, as JSON or CSV",
        description="The dashboard's figures for a period after disclosure control: responses, the share "
                    "satisfied and agreeing per question, themes and their sentiment, per month or quarter, "
                    "for the whole period and the period before it. Dates are rounded to whole months. "
                    'JSON has "min_cell" and "groups", each group with "suppressed" and "n" (null when suppressed).',
    )
    summary.add_argument("--from", dest="start", required=True, metavar="D", help="first day (or month) of the period")
    summary.add_argument("--to", dest="end", required=True, metavar="D", help="last day (or month) of the period")
    summary.add_argument("--by", choices=("month", "quarter"), default="month",
                         help="one group per month (default) or per quarter (the period widens to whole quarters)")
    summary.add_argument("--site", action="append", metavar="S",
                         help="only this site (repeat for several); default: the whole partnership")
    summary.add_argument("--service", choices=("police", "refuge", "outreach"),
                         help="only responses about this service")
    summary.add_argument("--contact", metavar="TYPE",
                         choices=("last_month", "one_to_three_months", "three_to_twelve_months", "over_a_year",
                                  "prefer_not_to_say"),
                         help="only this contact_when answer")
    summary.add_argument("--format", choices=("json", "csv"), default="json")
    summary.set_defaults(handler=_summary)

    report = commands.add_parser(
        "report", parents=[database],
        help="the findings pack (PowerPoint, PDF, Word or HTML) for a period, against a comparison period",
        description="The findings pack for workshops and partnership meetings: headline figures with change "
                    "and 95% intervals, trend charts, the strongest positive and negative themes with quotes "
                    "from people who agreed to be quoted, possible new themes and the action log. The same "
                    "figures and suppression as the dashboard. Dates are rounded to whole months. The format "
                    "follows the file name. Every export is recorded in the audit log.",
    )
    report.add_argument("--from", dest="start", required=True, metavar="D", help="first day (or month) of the period")
    report.add_argument("--to", dest="end", required=True, metavar="D", help="last day (or month) of the period")
    report.add_argument("--out", required=True, metavar="FILE",
                        help="the file to write: FILE.pptx, FILE.pdf, FILE.docx or FILE.html")
    report.add_argument("--compare-from", metavar="D",
                        help="first day (or month) of the comparison period (default: the same length just before)")
    report.add_argument("--compare-to", metavar="D", help="last day (or month) of the comparison period")
    report.add_argument("--by", choices=("month", "quarter"), default="month", help="trends by month (default) or quarter")
    report.add_argument("--site", action="append", metavar="S",
                        help="only this site (repeat for several); default: the whole partnership")
    report.add_argument("--service", choices=("police", "refuge", "outreach"), help="only responses about this service")
    report.add_argument("--contact", metavar="TYPE",
                        choices=("last_month", "one_to_three_months", "three_to_twelve_months", "over_a_year",
                                 "prefer_not_to_say"),
                        help="only this contact_when answer")
    report.set_defaults(handler=_report)
    return parser


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, stdin or sys.stdin, stdout or sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
