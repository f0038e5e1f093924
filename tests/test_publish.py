"""Publishing freezes a survey version; a published version is never edited in place."""

import copy

import pytest
import yaml

from db.engine import write_session
from survey.definition import default_definition_path, definition_from_dict
from survey.publish import VersionConflict, frozen_definition, latest_version, publish


def raw_default():
    return yaml.safe_load(default_definition_path().read_text(encoding="utf-8"))


def test_publishing_is_idempotent(factory):
    definition = definition_from_dict(raw_default())
    with write_session(factory) as session:
        publish(session, definition)
    with write_session(factory) as session:
        publish(session, definition)
        assert latest_version(session, "police-and-refuge") == 1
        assert frozen_definition(session, "police-and-refuge", 1).content_hash == definition.content_hash


def test_changing_a_published_version_in_place_is_refused(factory):
    raw = raw_default()
    with write_session(factory) as session:
        publish(session, definition_from_dict(raw))
    changed = copy.deepcopy(raw)
    changed["choice_lists"]["gender"].append({"value": "other", "label": {"en": "Other"}})
    with pytest.raises(VersionConflict, match="new version number"):
        with write_session(factory) as session:
            publish(session, definition_from_dict(changed))
    with factory() as session:
        frozen = frozen_definition(session, "police-and-refuge", 1)
    assert "other" not in frozen.question("gender").choice_values


def test_a_new_version_is_published_beside_the_old_one(factory):
    raw = raw_default()
    changed = copy.deepcopy(raw)
    changed["version"] = 2
    changed["choice_lists"]["gender"].append({"value": "other", "label": {"en": "Other"}})
    with write_session(factory) as session:
        publish(session, definition_from_dict(raw))
        publish(session, definition_from_dict(changed))
    with factory() as session:
        assert latest_version(session, "police-and-refuge") == 2
        assert "other" not in frozen_definition(session, "police-and-refuge", 1).question("gender").choice_values
        assert "other" in frozen_definition(session, "police-and-refuge", 2).question("gender").choice_values


def test_a_corrected_translation_updates_the_frozen_copy(factory):
    raw = raw_default()
    with write_session(factory) as session:
        publish(session, definition_from_dict(raw))
    translated = copy.deepcopy(raw)
    translated["languages"]["pl"] = {"name": "Polski", "draft": True}
    translated["texts"]["start"]["pl"] = "Zacznij"
    with write_session(factory) as session:
        publish(session, definition_from_dict(translated))
    with factory() as session:
        frozen = frozen_definition(session, "police-and-refuge", 1)
    assert frozen.ui_text("start", "pl") == "Zacznij"
