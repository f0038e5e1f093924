"""Command line for the database.

    python -m db upgrade
    python -m db add-site ID --name NAME --kind police|refuge|outreach --organisation ORG
    python -m db create-user USERNAME --role admin|lead|staff --organisation ORG [--name NAME] [--email EMAIL]
                             [--password-file FILE | --sso-only] [--if-missing]
    python -m db rebuild-rollups

Every command takes --db URL (default: DATABASE_URL).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

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


def _read_password(args: argparse.Namespace) -> str | None:
    if args.sso_only:
        return None
    if args.password_file:
        return Path(args.password_file).read_text(encoding="utf-8").strip()
    if not sys.stdin.isatty():
        # Piped in: the first line is the password (never a command-line argument, which `ps` shows).
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (12 characters or more): ")
    if getpass.getpass("Same password again: ") != first:
        raise SystemExit("the two passwords differ; nothing was created")
    return first


def _create_user(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from db import audit
    from db.accounts import AccountError, create_account, normalise_username
    from db.engine import get_sessionmaker, write_session
    from db.models import StaffAccount

    factory = get_sessionmaker(args.db)
    username = normalise_username(args.username)
    if args.if_missing:
        with factory() as session:
            if session.scalar(select(StaffAccount.id).where(StaffAccount.username == username)) is not None:
                print(f"account {username} already exists; nothing changed")
                return 0
    try:
        password = _read_password(args)
        with write_session(factory) as session:
            account = create_account(
                session, username, role=args.role, organisation_id=args.organisation,
                password=password, display_name=args.name, email=args.email,
            )
            audit.record(session, "(command line)", "account_created",
                         {"username": account.username, "role": account.role, "organisation": account.organisation_id})
    except (AccountError, OSError) as error:
        print(f"create-user: {error}; nothing was created", file=sys.stderr)
        return 1
    print(f"created {account.role} account {account.username} ({account.organisation_id})")
    return 0


def _rebuild_rollups(args: argparse.Namespace) -> int:
    import time

    from db.engine import get_sessionmaker, write_session
    from db.rollup import rebuild_rollups

    started = time.perf_counter()
    with write_session(get_sessionmaker(args.db)) as session:
        counted = rebuild_rollups(session)
    print(f"rebuilt comment themes and rollups from {counted} responses in {time.perf_counter() - started:.1f} s")
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

    create_user = commands.add_parser(
        "create-user", parents=[common],
        help="add a staff account (asks for the password, or reads it from --password-file or a pipe)",
    )
    create_user.add_argument("username")
    create_user.add_argument("--role", required=True, choices=("admin", "lead", "staff"),
                             help="admin and lead see the whole partnership; staff their organisation's sites")
    create_user.add_argument("--organisation", required=True, metavar="ORG", help="organisation id, e.g. haven")
    create_user.add_argument("--name", help="name shown on the pages (default: the username)")
    create_user.add_argument("--email", help="the address single sign-on vouches for")
    source = create_user.add_mutually_exclusive_group()
    source.add_argument("--password-file", metavar="FILE", help="read the password from the first line of FILE")
    source.add_argument("--sso-only", action="store_true", help="no password: signs in only through single sign-on")
    create_user.add_argument("--if-missing", action="store_true", help="do nothing if the account exists")
    create_user.set_defaults(handler=_create_user)

    rebuild = commands.add_parser(
        "rebuild-rollups", parents=[common],
        help="derive the dashboard rollups and comment themes again from responses and comments",
    )
    rebuild.set_defaults(handler=_rebuild_rollups)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
