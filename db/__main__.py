"""Command line for the database: `python -m db upgrade [--db URL]`."""

from __future__ import annotations

import argparse
import sys

from db import migrate


def _upgrade(args: argparse.Namespace) -> int:
    reached = migrate.upgrade(args.db)
    print(f"database is at revision {reached} (head {migrate.head_revision()})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m db", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    upgrade = commands.add_parser(
        "upgrade", parents=[common], help="migrate the database to the newest schema"
    )
    upgrade.set_defaults(handler=_upgrade)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
