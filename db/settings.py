"""One registry of the platform's settings: name, default and help, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Generic, Mapping, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    name: str
    default: str
    help: str
    parse: Callable[[str], T]

    def read(self, environ: Mapping[str, str]) -> T:
        raw = environ.get(self.name, "").strip() or self.default
        try:
            return self.parse(raw)
        except ValueError as error:
            raise ValueError(f"{self.name}={raw!r} is not valid: {error}") from None


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("must be a whole number of 1 or more")
    return value


def _text(raw: str) -> str:
    return raw


def _optional_url(raw: str) -> str:
    return _https_url(raw).rstrip("/") if raw else raw


def _https_url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")):
        raise ValueError("must start with https://")
    return raw


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "sqlite:///data/feedback.db",
        "Any SQLAlchemy URL. SQLite for one site; PostgreSQL "
        "(postgresql+psycopg://user:password@host/db) for a partnership with several sites.",
        _text,
    ),
    Setting(
        "FEEDBACK_MIN_CELL",
        "5",
        "Smallest group whose figures may be shown. Smaller groups are shown as "
        '"fewer than N" everywhere: dashboard, command line and exports.',
        _positive_int,
    ),
    Setting(
        "FEEDBACK_IDLE_SECONDS",
        "180",
        "Seconds without interaction on the survey before it asks "
        '"Are you still there?"; FEEDBACK_IDLE_GRACE_SECONDS later unsubmitted answers are discarded.',
        _positive_int,
    ),
    Setting(
        "FEEDBACK_IDLE_GRACE_SECONDS",
        "30",
        'Seconds the "Are you still there?" prompt waits for an answer before the survey '
        "discards unsubmitted answers and returns to its welcome screen.",
        _positive_int,
    ),
    Setting(
        "FEEDBACK_THANK_YOU_SECONDS",
        "20",
        "Seconds without interaction the thank-you screen stays before the survey returns "
        "to its welcome screen for the next person.",
        _positive_int,
    ),
    Setting(
        "FEEDBACK_QUICK_EXIT_URL",
        "https://www.bbc.co.uk/weather",
        'Where the "Exit this page" button goes. It replaces the survey in the same tab.',
        _https_url,
    ),
    Setting(
        "FEEDBACK_PUBLIC_URL",
        "",
        "Address survivors' phones use to reach this app, for private links and QR codes, "
        "e.g. https://feedback.example.org. Empty: the address the staff page was opened at.",
        _optional_url,
    ),
    Setting(
        "FEEDBACK_STAFF_PIN",
        "",
        "PIN that leaves kiosk mode on a shared tablet; it opens the kiosk and private-link pages "
        "only (pages with figures need a staff account). Empty means PIN access is off. "
        "`make run` generates one into data/staff-pin and prints it.",
        _text,
    ),
    Setting(
        "FEEDBACK_SESSION_MINUTES",
        "30",
        "Minutes without activity after which a staff sign-in expires and staff pages ask "
        "to sign in again.",
        _positive_int,
    ),
    Setting(
        "FEEDBACK_DEFAULT_SITE",
        "refuge",
        "Site id that /survey records when it is opened without a kiosk session or "
        "a ?site= link.",
        _text,
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


class Settings:
    """Values of every setting, read once from an environment mapping."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        self._values = {setting.name: setting.read(environ) for setting in SETTINGS}

    def __getitem__(self, name: str):
        return self._values[name]

    @property
    def database_url(self) -> str:
        return self._values["DATABASE_URL"]

    @property
    def min_cell(self) -> int:
        return self._values["FEEDBACK_MIN_CELL"]

    @property
    def idle_seconds(self) -> int:
        return self._values["FEEDBACK_IDLE_SECONDS"]

    @property
    def idle_grace_seconds(self) -> int:
        return self._values["FEEDBACK_IDLE_GRACE_SECONDS"]

    @property
    def thank_you_seconds(self) -> int:
        return self._values["FEEDBACK_THANK_YOU_SECONDS"]

    @property
    def public_url(self) -> str:
        return self._values["FEEDBACK_PUBLIC_URL"]

    @property
    def quick_exit_url(self) -> str:
        return self._values["FEEDBACK_QUICK_EXIT_URL"]

    @property
    def staff_pin(self) -> str:
        return self._values["FEEDBACK_STAFF_PIN"]

    @property
    def session_minutes(self) -> int:
        return self._values["FEEDBACK_SESSION_MINUTES"]

    @property
    def default_site(self) -> str:
        return self._values["FEEDBACK_DEFAULT_SITE"]


def get_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the process environment (or the given mapping)."""
    return Settings(environ)


def describe(name: str) -> Setting:
    return _BY_NAME[name]
