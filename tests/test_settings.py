"""Settings: embedded defaults, environment overrides, clear errors, all documented."""

import re
from pathlib import Path

import pytest

from db.settings import SETTINGS, Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_are_the_documented_ones():
    settings = Settings({})
    assert settings.database_url == "sqlite:///data/feedback.db"
    assert settings.min_cell == 5
    assert settings.idle_seconds == 180
    assert settings.quick_exit_url == "https://www.bbc.co.uk/weather"


def test_environment_overrides_defaults():
    settings = Settings({"FEEDBACK_MIN_CELL": "10", "DATABASE_URL": "postgresql+psycopg://x/y"})
    assert settings.min_cell == 10
    assert settings.database_url == "postgresql+psycopg://x/y"


def test_blank_value_falls_back_to_default():
    assert Settings({"FEEDBACK_IDLE_SECONDS": "  "}).idle_seconds == 180


@pytest.mark.parametrize(
    "name, value",
    [("FEEDBACK_MIN_CELL", "0"), ("FEEDBACK_MIN_CELL", "five"), ("FEEDBACK_IDLE_SECONDS", "-3"),
     ("FEEDBACK_QUICK_EXIT_URL", "javascript:alert(1)")],
)
def test_invalid_values_are_refused_naming_the_setting(name, value):
    with pytest.raises(ValueError, match=name):
        Settings({name: value})


def test_every_setting_is_documented_in_the_readme_with_its_default():
    readme = README.read_text(encoding="utf-8")
    for setting in SETTINGS:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{setting.name}`")), None)
        assert row, f"README has no row for {setting.name} in its settings table"
        default = f"`{setting.default}`" if setting.default else "(empty)"
        assert default in row, f"README row for {setting.name} does not show its default {default}"


def test_readme_documents_no_setting_that_does_not_exist():
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)`", readme, flags=re.M))
    assert documented == {setting.name for setting in SETTINGS}


def test_survivor_timings_and_public_url_have_their_defaults_and_overrides():
    defaults = Settings({})
    assert (defaults.idle_grace_seconds, defaults.thank_you_seconds, defaults.public_url) == (30, 20, "")
    custom = Settings({"FEEDBACK_IDLE_GRACE_SECONDS": "3", "FEEDBACK_THANK_YOU_SECONDS": "2",
                       "FEEDBACK_PUBLIC_URL": "https://feedback.example.org/"})
    assert (custom.idle_grace_seconds, custom.thank_you_seconds) == (3, 2)
    assert custom.public_url == "https://feedback.example.org"
    with pytest.raises(ValueError, match="FEEDBACK_PUBLIC_URL"):
        Settings({"FEEDBACK_PUBLIC_URL": "feedback.example.org"})
