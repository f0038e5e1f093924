"""Command line for the database.

    python -m db upgrade
    python -m db add-site ID --name NAME --kind police|refuge|outreach --organisation ORG

Every command takes --db URL (default: DATABASE_URL).
"""

from __future__ import annotations

import argparse
import sys

from db import migrate


def _upgrade(args: argparse.Namespace) -> int:
    reached = migrate.upgrade(args.db)
    print(f"database is at revision {reached} (head {migrate.head_revision()})")
    return 0


def _add_site(args: argparse.Namespace) -> int:
    from db.engine import get_sessionmaker, write_session
    from db.queries import ensure_site

    with write_session(get_sessionmaker(args.db)) as session:
        site = ensure_site(
            session, args.id, name=args.name, kind=args.kind, organisation_id=args.organisation,
            organisation_name=args.organisation_name, contact=args.contact,
        )
        print(f"site {site.id} ({site.name}, {site.kind}) belongs to {site.organisation_id}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m db", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: DATABASE_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    upgrade = commands.add_parser(
        "upgrade", parents=[common], help="migrate the database to the newest schema"
    )
    upgrade.set_defaults(handler=_upgrade)

    add_site = commands.add_parser(
        "add-site", parents=[common], help="add a site (and its organisation) where survivors give feedback"
    )
    add_site.add_argument("id", help="short id used in survey links, e.g. haven-refuge")
    add_site.add_argument("--name", required=True, help="name staff see")
    add_site.add_argument("--kind", required=True, choices=("police", "refuge", "outreach"))
    add_site.add_argument("--organisation", required=True, metavar="ORG", help="organisation id")
    add_site.add_argument("--organisation-name", help="organisation name (when the organisation is new)")
    add_site.add_argument(
        "--contact", default="", help="the site's own contact, shown on the survey's thank-you screen"
    )
    add_site.set_defaults(handler=_add_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
