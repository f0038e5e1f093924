"""Publishing freezes a survey version; responses are validated against the frozen copy."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import SurveyVersion
from db.queries import insert_or_ignore
from survey.definition import SurveyDefinition, definition_from_dict, load_default_definition


class VersionConflict(ValueError):
    """A published version would change in place."""


def publish(session: Session, definition: SurveyDefinition) -> SurveyVersion:
    """Freeze `definition` under its (id, version); idempotent for the same content.

    The content hash covers what answers mean. A version already published with
    another hash is refused: change the version number instead. Translations and
    interface texts may be corrected under the same version, so the stored copy
    takes the new ones.
    """
    insert_or_ignore(
        session,
        SurveyVersion.__table__,
        {
            "survey_id": definition.id,
            "version": definition.version,
            "content_hash": definition.content_hash,
            "definition": definition.to_dict(),
        },
        ["survey_id", "version"],
    )
    row = session.get(SurveyVersion, (definition.id, definition.version), populate_existing=True)
    assert row is not None
    if row.content_hash != definition.content_hash:
        raise VersionConflict(
            f"{definition.id} version {definition.version} is already published with different "
            f"questions, choices or skip logic (hash {row.content_hash[:12]}, this file "
            f"{definition.content_hash[:12]}). A published version is never edited in place: "
            "give the changed survey a new version number."
        )
    if row.definition != definition.to_dict():
        row.definition = definition.to_dict()
    session.info.pop("frozen_definitions", None)
    return row


def publish_default(session: Session) -> SurveyDefinition:
    definition = load_default_definition()
    publish(session, definition)
    return definition


def frozen_definition(session: Session, survey_id: str, version: int) -> SurveyDefinition | None:
    """The published copy of (survey_id, version), or None if it was never published."""
    # Cached for the session's life: an import or a demo batch reads it once, and
    # each Submit tap (its own session) still sees a translation updated since.
    cache = session.info.setdefault("frozen_definitions", {})
    if (survey_id, version) not in cache:
        row = session.get(SurveyVersion, (survey_id, version))
        cache[(survey_id, version)] = _parse_frozen(row) if row is not None else None
    return cache[(survey_id, version)]


_PARSED: dict[tuple[str, int, str], tuple[str, SurveyDefinition]] = {}


def _parse_frozen(row: SurveyVersion) -> SurveyDefinition:
    """Parsed once per process; re-parsed if a translation update changed the stored copy."""
    key = (row.survey_id, row.version, row.content_hash)
    cached = _PARSED.get(key)
    if cached is not None and cached[1].raw == row.definition:
        return cached[1]
    definition = definition_from_dict(row.definition)
    _PARSED[key] = (row.content_hash, definition)
    return definition


def latest_version(session: Session, survey_id: str) -> int | None:
    return session.scalar(
        select(func.max(SurveyVersion.version)).where(SurveyVersion.survey_id == survey_id)
    )


def published_versions(session: Session, survey_id: str) -> list[SurveyDefinition]:
    rows = session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.version)
    )
    return [_parse_frozen(row) for row in rows]
