"""You said, we did: what survivors raised, what was done about it, recorded by staff, audited, shown back.

Staff write these texts, so they are redacted like survivors' comments before
they are stored (a name or a phone number typed into an action never reaches a
pack, a poster or the survey screen). Leads and admins record actions for the
whole partnership; staff only for their own organisation's sites. Every change
goes to the audit log with the fields it changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from analysis.redact import redact
from analysis.trends import theme_labels
from db import audit
from db.models import ACTION_STATUSES, Action, Organisation, Site

if TYPE_CHECKING:  # db.accounts hashes a password when imported: not needed to read actions
    from db.accounts import StaffUser

STATUS_LABELS = {"planned": "Planned", "in_progress": "In progress", "completed": "Done"}
TEXT_LIMIT = 500
# What the survey's thank-you screen shows: enough to see change, short enough to stay calm.
THANK_YOU_LIMIT = 3
POSTER_LIMIT = 3


class InvalidAction(ValueError):
    """Nothing was saved; each message names the field it concerns."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class ActionInput:
    """An action as a form or the demo gives it."""

    theme: str
    you_said: str
    we_did: str
    owner_organisation_id: str
    site_id: str | None           # None: every site in the partnership
    status: str = "planned"
    agreed_on: date | None = None  # None: today
    due_on: date | None = None
    completed_on: date | None = None
    show_to_survivors: bool = True


@dataclass(frozen=True)
class ActionView:
    """An action as pages, packs, posters and the survey show it."""

    id: int
    theme: str
    theme_label: str
    you_said: str
    we_did: str
    owner_organisation_id: str
    owner: str
    site_id: str | None
    site: str
    status: str
    status_label: str
    agreed_on: date
    due_on: date | None
    completed_on: date | None
    show_to_survivors: bool
    updated_by: str

    def as_input(self) -> ActionInput:
        return ActionInput(self.theme, self.you_said, self.we_did, self.owner_organisation_id, self.site_id,
                           self.status, self.agreed_on, self.due_on, self.completed_on, self.show_to_survivors)


def _clean(text: str) -> str:
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text or "")
    return re.sub(r"\s+", " ", text).strip()


def may_change(user: "StaffUser", owner_organisation_id: str, site_id: str | None) -> bool:
    """Leads and admins: any action. Staff: their organisation's, at one of their organisation's sites."""
    if user.sees_partnership:
        return True
    return owner_organisation_id == user.organisation_id and site_id is not None and site_id in user.site_ids


def _checked(session: Session, data: ActionInput, today: date) -> ActionInput:
    errors: dict[str, str] = {}
    if data.theme not in theme_labels():
        errors["theme"] = f"{data.theme!r} is not a theme of the codebook"
    texts = {}
    for name in ("you_said", "we_did"):
        text = _clean(getattr(data, name))
        if not text:
            errors[name] = "say it in a few plain words"
        elif len(text) > TEXT_LIMIT:
            errors[name] = f"keep it under {TEXT_LIMIT} characters (it is {len(text)})"
        texts[name] = redact(text)
    if data.status not in ACTION_STATUSES:
        errors["status"] = f"must be one of {', '.join(ACTION_STATUSES)}"
    if session.get(Organisation, data.owner_organisation_id) is None:
        errors["owner_organisation_id"] = f"no organisation {data.owner_organisation_id!r}"
    if data.site_id is not None and session.get(Site, data.site_id) is None:
        errors["site_id"] = f"no site {data.site_id!r}"
    agreed = data.agreed_on or today
    completed = data.completed_on
    if data.status == "completed" and completed is None:
        completed = today
    if data.status != "completed" and completed is not None:
        errors["completed_on"] = "only a completed action has a completion date"
    if completed is not None and completed < agreed:
        errors["completed_on"] = "cannot be before the action was agreed"
    if completed is not None and completed > today:
        errors["completed_on"] = "cannot be in the future"
    if data.due_on is not None and data.due_on < agreed:
        errors["due_on"] = "cannot be before the action was agreed"
    if errors:
        raise InvalidAction(errors)
    return replace(data, agreed_on=agreed, completed_on=completed, **texts)


def _actor(by: "StaffUser | str") -> str:
    return by if isinstance(by, str) else by.username


def _check_allowed(by: "StaffUser | str", owner: str, site_id: str | None) -> None:
    # A plain string is the command line or the demo, acting for the partnership.
    if not isinstance(by, str) and not may_change(by, owner, site_id):
        raise PermissionError(f"{by.username} may only record actions of {by.organisation_name} at its own sites")


_FIELDS = tuple(f.name for f in fields(ActionInput))


def create_action(session: Session, data: ActionInput, *, by: "StaffUser | str", today: date | None = None) -> ActionView:
    """Store a new action (redacted, checked) and audit it."""
    today = today or date.today()
    _check_allowed(by, data.owner_organisation_id, data.site_id)
    data = _checked(session, data, today)
    action = Action(**{name: getattr(data, name) for name in _FIELDS}, updated_at=audit.utc_now(),
                    updated_by=_actor(by))
    session.add(action)
    session.flush()
    audit.record(session, _actor(by), "action_created", {
        "action_id": action.id, "theme": action.theme, "status": action.status,
        "site": action.site_id, "owner": action.owner_organisation_id,
    })
    return _view(session, action)


def update_action(session: Session, action_id: int, data: ActionInput, *, by: "StaffUser | str",
                  today: date | None = None) -> ActionView:
    """Change an action (redacted, checked) and audit which fields changed. Unchanged: nothing is written."""
    today = today or date.today()
    action = session.get(Action, action_id)
    if action is None:
        raise InvalidAction({"id": f"no action {action_id}"})
    _check_allowed(by, action.owner_organisation_id, action.site_id)
    _check_allowed(by, data.owner_organisation_id, data.site_id)
    data = _checked(session, data, today)
    changed = [name for name in _FIELDS if getattr(action, name) != getattr(data, name)]
    if not changed:
        return _view(session, action)
    for name in changed:
        setattr(action, name, getattr(data, name))
    action.updated_at, action.updated_by = audit.utc_now(), _actor(by)
    session.flush()
    audit.record(session, _actor(by), "action_updated", {
        "action_id": action.id, "changed": changed, "status": action.status,
        "site": action.site_id, "owner": action.owner_organisation_id,
    })
    return _view(session, action)


def _views(session: Session, actions: Iterable[Action]) -> list[ActionView]:
    labels = theme_labels()
    organisations = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    sites = dict(session.execute(select(Site.id, Site.name)).all())
    return [
        ActionView(
            action.id, action.theme, labels.get(action.theme, action.theme), action.you_said, action.we_did,
            action.owner_organisation_id, organisations.get(action.owner_organisation_id, action.owner_organisation_id),
            action.site_id, "Every site" if action.site_id is None else sites.get(action.site_id, action.site_id),
            action.status, STATUS_LABELS.get(action.status, action.status), action.agreed_on, action.due_on,
            action.completed_on, action.show_to_survivors, action.updated_by,
        )
        for action in actions
    ]


def _view(session: Session, action: Action) -> ActionView:
    return _views(session, [action])[0]


def _at_sites(site_ids: tuple[str, ...] | None) -> list:
    """Actions at these sites, and those for the whole partnership. None: every action."""
    if site_ids is None:
        return []
    return [or_(Action.site_id.is_(None), Action.site_id.in_(site_ids))]


def list_actions(session: Session, site_ids: tuple[str, ...] | None = None, *,
                 open_since: date | None = None) -> list[ActionView]:
    """The action log: open actions first (in progress, then planned), then completed ones, newest first.

    `open_since`: leave out actions completed before this date.
    """
    query = select(Action).where(*_at_sites(site_ids))
    if open_since is not None:
        query = query.where(or_(Action.completed_on.is_(None), Action.completed_on >= open_since))
    order = {"in_progress": 0, "planned": 1, "completed": 2}
    actions = sorted(session.scalars(query), key=lambda a: (
        order.get(a.status, 3), -(a.completed_on or a.agreed_on).toordinal(), -a.id))
    return _views(session, actions)


def organisation_names(session: Session) -> dict[str, str]:
    """Every partner organisation by id, in name order: who can own an action."""
    return dict(session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name)).all())


def get_action(session: Session, action_id: int) -> ActionView | None:
    action = session.get(Action, action_id)
    return None if action is None else _view(session, action)


def latest_completed(session: Session, site_id: str, limit: int = THANK_YOU_LIMIT) -> list[ActionView]:
    """What survivors at `site_id` may see: completed actions for that site or every site, newest first."""
    actions = session.scalars(
        select(Action)
        .where(Action.status == "completed", Action.show_to_survivors.is_(True), *_at_sites((site_id,)))
        .order_by(Action.completed_on.desc(), Action.id.desc())
        .limit(limit)
    )
    return _views(session, actions)


def you_said_we_did(session: Session, site_id: str, limit: int = THANK_YOU_LIMIT) -> list[tuple[str, str]]:
    """(you said, we did) pairs for the survey's thank-you screen at `site_id`, newest first."""
    return [(action.you_said, action.we_did) for action in latest_completed(session, site_id, limit)]


def actions_version(session: Session) -> tuple[int, str]:
    """Changes whenever an action is added or changed: part of the findings page's cache key."""
    count, latest = session.execute(select(func.count(Action.id), func.max(Action.updated_at))).one()
    return int(count), "" if latest is None else latest.isoformat()
