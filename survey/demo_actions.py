"""Demo "You said, we did" actions, so the demo's thank-you screens, packs and posters show some.

Used by `python -m survey demo` (after the demo responses) and by tests; never
added to a database that already holds actions.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.actions import ActionInput, create_action
from db.models import Action

DEMO_ACCOUNT = "(demo data)"

# (theme, you said, we did, owner, site or None for every site, status, agreed days ago, done days ago, due in days)
DEMO_ACTIONS = (
    ("kept_informed", "You were not kept up to date about your case.",
     "Your officer now calls you every two weeks, even when there is no news.",
     "midshire-police", "ppu", "completed", 300, 200, None),
    ("access_language", "You could not always get someone to speak your language.",
     "Police officers and support workers can now book a phone interpreter, day or night.",
     "midshire-police", None, "completed", 260, 120, None),
    ("emotional_support", "Evenings in the refuge felt lonely.",
     "We started a Tuesday evening group with a support worker.",
     "haven", "refuge", "completed", 150, 60, None),
    ("response_time", "You waited too long for a call back.",
     "We now call you back within two working days.",
     "northgate", "outreach", "completed", 180, 45, None),
    ("children_family", "You wanted more help for your children.",
     "Two members of staff are training as children's workers.",
     "haven", "refuge", "in_progress", 40, None, 90),
    ("safety", "You did not always know when he was let out.",
     "We will tell you before he is released, so you can make plans.",
     "midshire-police", "ppu", "planned", 10, None, 120),
)


def ensure_demo_actions(session: Session, today: date | None = None) -> int:
    """Add the demo actions unless the database already holds actions; returns how many were added."""
    today = today or date.today()
    if session.scalar(select(func.count()).select_from(Action)):
        return 0
    for theme, said, did, owner, site, status, agreed, done, due in DEMO_ACTIONS:
        create_action(session, ActionInput(
            theme, said, did, owner, site, status,
            agreed_on=today - timedelta(days=agreed),
            completed_on=None if done is None else today - timedelta(days=done),
            due_on=None if due is None else today + timedelta(days=due),
        ), by=DEMO_ACCOUNT, today=today)
    return len(DEMO_ACTIONS)
