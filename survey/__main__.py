"""Command line for surveys: validate, demo, export, import.

    python -m survey validate FILE
    python -m survey demo --responses N [--seed S] [--if-empty]
    python -m survey export --format csv|xlsx|jsonl --out FILE
    python -m survey import FILE

Every command that touches the database takes --db URL (default: DATABASE_URL).
"""

from __future__ import annotations

import argparse
import sys
import time

from db.engine import get_sessionmaker
from survey.definition import InvalidDefinition, load_definition_file
from survey.textwork import default_workers


def _validate(args: argparse.Namespace) -> int:
    try:
        definition = load_definition_file(args.file)
    except InvalidDefinition as invalid:
        for error in invalid.errors:
            print(f"{args.file}: {error}", file=sys.stderr)
        print(f"{len(invalid.errors)} error(s)", file=sys.stderr)
        return 1
    print(
        f"{args.file}: valid: {definition.id} version {definition.version}, "
        f"{len(definition.questions)} questions in {len(definition.sections)} sections, "
        f"languages {', '.join(language.code for language in definition.languages)}, "
        f"content hash {definition.content_hash[:12]}"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from survey.demo import count_responses, ensure_demo_sites, generate_demo
    from db.engine import write_session

    factory = get_sessionmaker(args.db)
    with write_session(factory) as session:
        ensure_demo_sites(session)
        existing = count_responses(session)
    if args.if_empty and existing:
        print(f"the database already holds {existing} responses; no demo data added")
        return 0
    started = time.perf_counter()
    stored = generate_demo(
        factory, args.responses, seed=args.seed, workers=args.workers,
        on_batch=lambda done: print(f"\r{done}/{args.responses} responses", end="", file=sys.stderr),
    )
    print(file=sys.stderr)
    print(f"stored {stored} demo responses in {time.perf_counter() - started:.1f} s")
    from survey.demo_actions import ensure_demo_actions

    with write_session(factory) as session:
        added = ensure_demo_actions(session)
    if added:
        print(f"added {added} demo \"You said, we did\" actions")
    return 0


def _export(args: argparse.Namespace) -> int:
    from survey.transfer import export_file

    factory = get_sessionmaker(args.db)
    with factory() as session:
        rows = export_file(session, args.out, args.format)
    print(f"wrote {rows} responses to {args.out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from survey.transfer import ImportFailed, import_file

    started = time.perf_counter()
    try:
        result = import_file(get_sessionmaker(args.db), args.file, workers=args.workers)
    except ImportFailed as failed:
        print(f"{args.file}: {failed}. Nothing was imported.", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"{args.file}: {error}. Nothing was imported.", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"imported {result.rows} responses in {elapsed:.1f} s ({result.rows / max(elapsed, 1e-9):.0f} rows/s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m survey", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: DATABASE_URL)")
    parallel = argparse.ArgumentParser(add_help=False)
    parallel.add_argument(
        "--workers", type=int, default=default_workers(), metavar="N",
        help="processes that redact and code free text ahead of storage (default: one per core, here %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check a survey definition; every error names its field", parents=[database]
    )
    validate.add_argument("file")
    validate.set_defaults(handler=_validate)

    demo = commands.add_parser(
        "demo", parents=[database, parallel],
        help="store realistic synthetic responses over the last 24 months through the real submission path, "
             "and a few \"You said, we did\" actions (unless the database already holds actions)",
    )
    demo.add_argument("--responses", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--if-empty", action="store_true", help="only if the database holds no responses yet")
    demo.set_defaults(handler=_demo)

    export = commands.add_parser(
        "export", parents=[database], help="write every response, one row each, in random (not arrival) order"
    )
    export.add_argument("--format", choices=("csv", "xlsx", "jsonl"), required=True)
    export.add_argument("--out", required=True, metavar="FILE")
    export.set_defaults(handler=_export)

    imports = commands.add_parser(
        "import", parents=[database, parallel],
        help="import a csv, xlsx or jsonl export; all rows or none (a bad row names its row and column)",
    )
    imports.add_argument("file")
    imports.set_defaults(handler=_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
