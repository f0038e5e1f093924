"""Realistic synthetic responses over the last 24 months, stored through the real submission path.

Three sites (a police Public Protection Unit, a refuge, an outreach service);
more contacts in winter; the police getting better at keeping survivors
informed over the two years; an outreach service small enough that some of
its months fall under the disclosure threshold. The demo and the tests share
this module as their fixture data.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import write_session
from db.models import Response
from db.queries import ensure_site
from survey.demo_text import compose_comment
from survey.publish import publish_default
from survey.services import SERVICE_GROUPS
from survey.submit import Submission, prepare_response, store_prepared, texts_to_work
from survey.textwork import TextPool, worked_ahead
from survey.weeks import iso_week


@dataclass(frozen=True)
class DemoSite:
    id: str
    name: str
    kind: str
    organisation_id: str
    organisation_name: str
    contact: str
    share: float  # of all responses


DEMO_SITES = (
    DemoSite(
        "ppu", "Central Public Protection Unit", "police", "midshire-police", "Midshire Police",
        "Ask the officer on the front desk, or call 101 and ask for the Public Protection Unit.", 0.50,
    ),
    DemoSite(
        "refuge", "Haven House Refuge", "refuge", "haven", "Haven Women's Aid",
        "Talk to any member of staff, day or night.", 0.38,
    ),
    DemoSite(
        "outreach", "Northgate Outreach", "outreach", "northgate", "Northgate Outreach",
        "Your support worker can talk with you about anything in this survey.", 0.12,
    ),
)

POLICE_RATINGS = (
    "police_easy_to_contact", "police_believed", "police_respect", "police_kept_informed",
    "police_options_explained", "police_feel_safer",
)
SUPPORT_RATINGS = (
    "refuge_believed", "refuge_respect", "refuge_feel_safer", "refuge_practical_help", "refuge_listened",
)


def ensure_demo_sites(session: Session) -> None:
    for site in DEMO_SITES:
        ensure_site(
            session, site.id, name=site.name, kind=site.kind, organisation_id=site.organisation_id,
            organisation_name=site.organisation_name, contact=site.contact,
        )


def _winter_weight(day: date) -> float:
    """More contacts around Christmas and New Year; fewest in early summer."""
    return 1.0 + 0.45 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 5) / 365.25)


def _weighted(rng: random.Random, options: dict) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _rating(rng: random.Random, mean: float, skip: float = 0.07) -> int | None:
    if rng.random() < skip:
        return None  # "prefer not to say" or "does not apply", stored as empty
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def demo_answers(rng: random.Random, site: DemoSite, progress: float, language: str) -> dict:
    """One survivor's answers; `progress` runs from 0 (two years ago) to 1 (now)."""
    answers: dict = {}
    services: set[str] = set()
    if site.kind == "police":
        services.update(s for s, p in (
            ("police_call", 0.7), ("police_attended", 0.6), ("police_investigation", 0.45),
            ("clares_law", 0.07), ("court", 0.15), ("refuge", 0.12), ("outreach", 0.15),
        ) if rng.random() < p)
        services = services or {"police_call"}
    else:
        services.add(site.kind)
        services.update(s for s, p in (
            ("police_call", 0.45), ("police_attended", 0.35), ("police_investigation", 0.25),
            ("clares_law", 0.04), ("court", 0.1), ("other", 0.05),
        ) if rng.random() < p)
    if rng.random() < 0.03:
        services = set()  # skipped the first question
    if services:
        answers["services_used"] = sorted(services)
    answers["contact_when"] = _weighted(rng, {
        "last_month": 40, "one_to_three_months": 30, "three_to_twelve_months": 18,
        "over_a_year": 7, "prefer_not_to_say": 5,
    }) if rng.random() < 0.92 else None

    person = rng.gauss(0, 0.6)  # some people rate everything higher or lower
    police_mood = support_mood = None
    if services & set(SERVICE_GROUPS["police"]):
        base = 3.0 + person + 0.3 * (site.kind == "police")
        offsets = {
            "police_easy_to_contact": 0.1, "police_believed": 0.3, "police_respect": 0.5,
            # The PPU's improvement plan: keeping survivors informed got much better.
            "police_kept_informed": -0.9 + 1.4 * progress * (site.kind == "police"),
            "police_options_explained": -0.2, "police_feel_safer": 0.0,
        }
        for name in POLICE_RATINGS:
            answers[name] = _rating(rng, base + offsets[name])
        answers["police_overall"] = _rating(rng, base + 0.2 + 0.4 * progress, skip=0.03)
        police_mood = (base - 3.0) / 2
    if services & {"refuge", "outreach"}:
        base = 3.9 + person * 0.8
        for name in SUPPORT_RATINGS:
            answers[name] = _rating(rng, base - 0.6 * (name == "refuge_practical_help"))
        answers["refuge_overall"] = _rating(rng, base + 0.1, skip=0.03)
        support_mood = (base - 3.0) / 2

    # The comment is about the service she rated, or the site's own service.
    if police_mood is not None and (support_mood is None or rng.random() < 0.5):
        topic, mood = "police", police_mood
    elif support_mood is not None:
        topic, mood = "support", support_mood
    else:
        topic, mood = ("police" if site.kind == "police" else "support"), person
    if rng.random() < 0.62:
        answers["went_well"] = compose_comment(rng, "went_well", topic, mood)
    if rng.random() < 0.55:
        answers["could_improve"] = compose_comment(rng, "could_improve", topic, mood)

    if rng.random() < 0.85:
        answers["age_band"] = _weighted(rng, {
            "16_24": 16, "25_34": 32, "35_44": 26, "45_54": 14, "55_64": 6, "65_plus": 2,
            "prefer_not_to_say": 4,
        })
    answers["gender"] = _weighted(rng, {"woman": 88, "man": 8, "non_binary": 1, "prefer_not_to_say": 3})
    answers["ethnic_group"] = _weighted(rng, {
        "white": 68, "asian": 13, "black": 7, "mixed": 4, "other": 2, "prefer_not_to_say": 6,
    })
    answers["disability"] = _weighted(rng, {"yes": 26, "no": 64, "prefer_not_to_say": 10})
    answers["children_in_household"] = _weighted(rng, {"yes": 56, "no": 38, "prefer_not_to_say": 6})
    consent = _weighted(rng, {"yes": 60, "no": 30, "": 10})
    if consent:
        answers["quote_consent"] = consent
    return {name: value for name, value in answers.items() if value not in (None, "")}


def generate_demo(
    factory: sessionmaker[Session],
    responses: int,
    *,
    seed: int = 1,
    today: date | None = None,
    batch_size: int = 500,
    on_batch: Callable[[int], None] | None = None,
    workers: int = 1,
) -> int:
    """Store `responses` synthetic responses through the submission path (prepare, then bulk store).

    With `workers` above 1, worker processes redact and code the texts ahead (survey.textwork).
    """
    rng = random.Random(seed)
    today = today or date.today()
    first = today - timedelta(days=730)
    days = [first + timedelta(days=offset) for offset in range(731)]
    day_weights = [_winter_weight(day) for day in days]

    with write_session(factory) as session:
        ensure_demo_sites(session)
        definition = publish_default(session)
    languages = [language.code for language in definition.languages]
    language_weights = [93 if code == definition.source_language else 7 / max(1, len(languages) - 1) for code in languages]

    def draw(count: int) -> list[tuple[Submission, str]]:
        batch = []
        for _ in range(count):
            day = rng.choices(days, weights=day_weights)[0]
            site = rng.choices(DEMO_SITES, weights=[site.share for site in DEMO_SITES])[0]
            language = rng.choices(languages, weights=language_weights)[0]
            answers = demo_answers(rng, site, (day - first).days / 730, language)
            batch.append((Submission(definition.id, definition.version, site.id, language, answers), iso_week(day)))
        return batch

    def batches() -> Iterator[list[tuple[Submission, str]]]:
        for start in range(0, responses, batch_size):
            yield draw(min(batch_size, responses - start))

    def texts_of(batch: list[tuple[Submission, str]]) -> Iterator[str]:
        for submission, _ in batch:
            yield from texts_to_work(definition, submission.answers)

    stored = 0
    with TextPool(workers) as pool:
        # While this process prepares and stores one batch, the workers redact and code the next one's texts.
        for batch, work in worked_ahead(pool, batches(), texts_of, depth=1):
            with write_session(factory) as session:
                store_prepared(session, [
                    prepare_response(session, submission, week=week, text_work=work) for submission, week in batch
                ])
            stored += len(batch)
            if on_batch:
                on_batch(stored)
    return stored


def count_responses(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Response)) or 0
