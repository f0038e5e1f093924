"""A small database with known comments for the findings pack's tests.

Period 2026-01 to 2026-06 at the police unit, by month; the six months before
for comparison. Every comment is stored through the real submission path, so it
is redacted and coded as production does. Known texts:

- `consenting`: people who answered yes to quote_consent (the only ones a pack may quote);
- `refusing`: people who answered no; `silent`: people who did not answer it;
- `tiny`: two consenting people in June, a month with 2 responses, which must show as
  "fewer than 5" and must never be quoted;
- `personal`: personal data a consenting and a refusing respondent typed (must never appear).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from analysis.actions import ActionInput, create_action
from analysis.pipeline import code_comment
from db.engine import write_session
from survey.demo import ensure_demo_sites
from survey.publish import publish_default
from survey.submit import Submission, submit_response
from survey.weeks import iso_week

PERIOD = ("2026-01", "2026-06")
TODAY = date(2026, 7, 20)
WHO = ["The officer", "The detective", "The woman on the phone", "The sergeant", "The first officer",
       "The call handler", "The officer at my door", "The constable"]
FEEL = ["it meant the world to me", "I could finally breathe", "I stopped shaking", "my kids saw me smile again",
        "I slept that night", "I felt like a person again", "I will never forget that", "I trusted them after that"]
WHAT = ["about the court date", "about his bail", "about the charge", "after my statement", "about the case",
        "about the next step", "about the trial"]
WAIT = ["two weeks", "three weeks", "a month", "six weeks", "two months", "ten days", "five weeks"]
BELIEVED = [f"{who} believed me straight away and {feel}." for who in WHO for feel in FEEL]
UNINFORMED = [f"Nobody kept me informed {what} and I heard nothing back for {wait}." for what in WHAT for wait in WAIT]
PERSONAL_CONSENTING = "Sergeant Jones believed me at once. Call me on 07700 900123 or jo.smith@example.com."
PERSONAL_REFUSING = "Nobody kept me informed. Ring Dave Peters on 07700 900456, he lives at 12 Beech Road B23 6TE."
PERSONAL_DATA = ("Jones", "07700", "900123", "900456", "jo.smith", "example.com", "Dave", "Peters", "Beech Road",
                 "B23 6TE", "Hughes")


@dataclass
class PlantedComments:
    consenting: set[str] = field(default_factory=set)
    refusing: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    tiny: set[str] = field(default_factory=set)

    @property
    def never_quoted(self) -> set[str]:
        return self.refusing | self.silent | self.tiny


def _week(year: int, month: int) -> str:
    return iso_week(date(year, month, 15))


def plant_findings(factory) -> PlantedComments:
    """Store the known responses; returns their comment texts by kind."""
    texts = PlantedComments()
    believed, uninformed = iter(BELIEVED), iter(UNINFORMED)
    with write_session(factory) as session:
        ensure_demo_sites(session)
        definition = publish_default(session)

        def submit(site: str, week: str, answers: dict) -> None:
            submit_response(session, Submission(definition.id, definition.version, site, "en", answers), week=week)

        for month in range(1, 6):  # January to May: seven people a month
            for person in range(7):
                consent = {0: "yes", 1: "yes", 2: "yes", 3: "yes", 4: "no", 5: "no"}.get(person)
                went_well, could_improve = next(believed), next(uninformed)
                kind = {"yes": texts.consenting, "no": texts.refusing, None: texts.silent}[consent]
                kind.update((went_well, could_improve))
                answers = {"services_used": ["police_call"], "police_overall": 4 + person % 2,
                           "police_believed": 5, "police_kept_informed": 1 + person % 2,
                           "went_well": went_well, "could_improve": could_improve}
                if consent:
                    answers["quote_consent"] = consent
                submit("ppu", _week(2026, month), answers)
        submit("ppu", _week(2026, 3), {"services_used": ["police_call"], "police_overall": 5,
                                       "went_well": PERSONAL_CONSENTING, "quote_consent": "yes"})
        submit("ppu", _week(2026, 4), {"services_used": ["police_call"], "police_overall": 2,
                                       "could_improve": PERSONAL_REFUSING, "quote_consent": "no"})
        for _ in range(2):  # June: two people, both happy to be quoted, both must stay unquoted
            text = next(believed)
            texts.tiny.add(text)
            submit("refuge", _week(2026, 6), {"services_used": ["refuge"], "refuge_overall": 5,
                                              "went_well": text, "quote_consent": "yes"})
        for month in range(7, 13):  # the comparison period: three people a month, none quoted
            for person in range(3):
                text = next(believed)
                texts.silent.add(text)
                submit("ppu", _week(2025, month), {"services_used": ["police_call"], "police_overall": 2 + person,
                                                   "went_well": text})
        create_action(session, ActionInput(
            "kept_informed", "You were not kept up to date about your case.",
            "Your officer now calls you every two weeks, even when there is no news. Ask for PC 4521 Hughes.",
            "midshire-police", "ppu", "completed", date(2026, 2, 1), None, date(2026, 5, 1)), by="(test)", today=TODAY)
        create_action(session, ActionInput(
            "believed", "You want to be believed the first time.", "Training for every call handler this autumn.",
            "midshire-police", None, "planned", date(2026, 6, 1), date(2026, 10, 31)), by="(test)", today=TODAY)
    # The fixture is only meaningful if the coder reads these comments as intended.
    for text in BELIEVED:
        assert code_comment(text).theme_sentiments.get("believed") == "positive", text
    for text in UNINFORMED:
        assert code_comment(text).theme_sentiments.get("kept_informed") == "negative", text
    return texts
