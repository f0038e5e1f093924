"""The survivor's path screen by screen (pure): next, back, skip, progress, sending, forgetting."""

import pytest

from survey import screens
from survey.definition import load_default_definition
from survey.screens import SENDING, THANKS, WELCOME

DEFINITION = load_default_definition()


def walk(answers_per_screen, action="next"):
    """Start, then on each screen record its answers (if any) and tap `action`; the screens seen."""
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    seen = []
    while state.screen != SENDING:
        seen.append((state.screen, screens.view(DEFINITION, state).step, screens.view(DEFINITION, state).total))
        state = screens.record(DEFINITION, state, answers_per_screen.get(state.screen, {}))
        state = screens.go_next(DEFINITION, state) if action == "next" else screens.skip(DEFINITION, state)
    return seen, state


@pytest.mark.parametrize(
    "services, expected",
    [
        (None, [("your_contact", 1, 4), ("your_words", 2, 4), ("about_you", 3, 4), ("sharing", 4, 4)]),
        # The total grows once she says which services she used.
        (["refuge"], [("your_contact", 1, 4), ("support", 2, 5), ("your_words", 3, 5), ("about_you", 4, 5),
                      ("sharing", 5, 5)]),
        (["police_call", "outreach"], [("your_contact", 1, 4), ("police", 2, 6), ("support", 3, 6),
                                       ("your_words", 4, 6), ("about_you", 5, 6), ("sharing", 6, 6)]),
    ],
)
def test_one_screen_per_section_she_will_see_with_progress(services, expected):
    seen, state = walk({"your_contact": {"services_used": services}})
    assert seen == expected
    assert state.screen == SENDING


def test_the_welcome_screen_comes_first_and_start_opens_the_first_section():
    state = screens.new_state(DEFINITION)
    assert screens.view(DEFINITION, state).kind == "welcome"
    assert screens.start(DEFINITION, state).screen == "your_contact"


def test_back_returns_to_the_previous_screen_she_saw_with_her_answers_kept():
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    state = screens.record(DEFINITION, state, {"services_used": ["refuge"], "contact_when": "last_month"})
    state = screens.go_next(DEFINITION, state)
    assert state.screen == "support"
    state = screens.record(DEFINITION, state, {"refuge_believed": 5})
    state = screens.go_next(DEFINITION, state)
    assert state.screen == "your_words"
    state = screens.go_back(DEFINITION, state)
    assert state.screen == "support"  # not "police": she never saw it
    assert state.answers == {"services_used": ["refuge"], "contact_when": "last_month", "refuge_believed": 5}
    state = screens.go_back(DEFINITION, screens.go_back(DEFINITION, state))
    assert state.screen == WELCOME
    assert state.answers["refuge_believed"] == 5


def test_changing_an_earlier_answer_changes_the_screens_that_follow():
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    state = screens.go_next(DEFINITION, screens.record(DEFINITION, state, {"services_used": ["refuge"]}))
    state = screens.record(DEFINITION, state, {"refuge_overall": 2})
    state = screens.go_back(DEFINITION, state)
    state = screens.record(DEFINITION, state, {"services_used": ["court"]})
    state = screens.go_next(DEFINITION, state)
    assert state.screen == "police"
    # The refuge answer is no longer shown to her, so it is not sent.
    assert screens.answers_to_send(DEFINITION, state) == {"services_used": ["court"]}


def test_skip_forgets_what_she_chose_on_that_screen_and_moves_on():
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    state = screens.go_next(DEFINITION, screens.record(DEFINITION, state, {"services_used": ["refuge"]}))
    state = screens.record(DEFINITION, state, {"refuge_believed": 4, "refuge_listened": 5})
    state = screens.skip(DEFINITION, state)
    assert state.screen == "your_words"
    assert state.answers == {"services_used": ["refuge"]}


def test_skipping_every_screen_sends_nothing():
    seen, state = walk({"your_contact": {"contact_when": "last_month"}}, action="skip")
    assert [screen for screen, _, _ in seen] == ["your_contact", "your_words", "about_you", "sharing"]
    assert state.screen == SENDING and screens.answers_to_send(DEFINITION, state) == {}


def test_record_only_takes_the_current_screens_questions_and_drops_emptied_ones():
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    state = screens.record(DEFINITION, state, {"services_used": ["court"], "gender": "woman"})
    assert state.answers == {"services_used": ["court"]}
    state = screens.record(DEFINITION, state, {"services_used": []})
    assert state.answers == {}


def test_rating_opt_outs_stay_on_screen_but_are_sent_empty():
    state = screens.start(DEFINITION, screens.new_state(DEFINITION))
    state = screens.go_next(DEFINITION, screens.record(DEFINITION, state, {"services_used": ["outreach"]}))
    state = screens.record(DEFINITION, state, {"refuge_believed": screens.PREFER_NOT,
                                               "refuge_listened": screens.NOT_APPLY, "refuge_overall": 3})
    assert state.answers["refuge_believed"] == screens.PREFER_NOT  # Back shows her choice
    assert screens.answers_to_send(DEFINITION, state) == {"services_used": ["outreach"], "refuge_overall": 3}


def test_sent_shows_thanks_and_forgets_the_answers_then_finish_starts_afresh():
    _, state = walk({"your_contact": {"services_used": ["refuge"]}})
    state = screens.sent(state)
    assert state.screen == THANKS and state.answers == {}
    assert screens.view(DEFINITION, state).kind == "thanks"
    nxt = screens.finish(DEFINITION, screens.choose_language(DEFINITION, state, "ur"))
    assert (nxt.screen, nxt.language, nxt.answers) == (WELCOME, "en", {})
    assert nxt.attempt == state.attempt + 1 and nxt.submission_key != state.submission_key


def test_a_failed_send_returns_to_the_last_screen_with_everything_kept():
    _, state = walk({"your_contact": {"services_used": ["refuge"]}, "sharing": {"quote_consent": "no"}})
    failed = screens.not_sent(DEFINITION, state)
    assert failed.screen == "sharing" and failed.send_failed
    assert failed.answers == state.answers and failed.submission_key == state.submission_key


def test_discard_forgets_answers_language_and_key_and_moves_to_a_new_attempt():
    state = screens.choose_language(DEFINITION, screens.new_state(DEFINITION), "pl")
    state = screens.start(DEFINITION, state)
    state = screens.ask_if_still_there(screens.record(DEFINITION, state, {"services_used": ["court"]}))
    fresh = screens.discard(DEFINITION, state)
    assert fresh == screens.SurveyState(language="en", attempt=state.attempt + 1,
                                        submission_key=fresh.submission_key)
    assert fresh.submission_key != state.submission_key


def test_actions_from_a_screen_she_has_already_left_change_nothing():
    """A double tap arrives after the first tap moved on: the page checks the screen first."""
    state = screens.new_state(DEFINITION)
    for action in (screens.go_next, screens.go_back, screens.skip):
        assert action(DEFINITION, state) == state
    thanks = screens.sent(screens.start(DEFINITION, state))
    assert screens.go_next(DEFINITION, thanks) == thanks
    assert screens.record(DEFINITION, thanks, {"gender": "woman"}) == thanks


def test_idle_matters_once_there_is_anything_to_forget():
    fresh = screens.new_state(DEFINITION)
    assert not screens.has_something_to_forget(DEFINITION, fresh)
    assert screens.has_something_to_forget(DEFINITION, screens.choose_language(DEFINITION, fresh, "ur"))
    assert screens.has_something_to_forget(DEFINITION, screens.start(DEFINITION, fresh))
    assert not screens.has_something_to_forget(DEFINITION, screens.sent(screens.start(DEFINITION, fresh)))


def test_still_there_prompt_comes_and_goes_without_touching_answers():
    state = screens.record(DEFINITION, screens.start(DEFINITION, screens.new_state(DEFINITION)),
                           {"services_used": ["court"]})
    asked = screens.ask_if_still_there(state)
    assert asked.asking_if_still_there
    assert screens.still_here(asked) == state


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        screens.choose_language(DEFINITION, screens.new_state(DEFINITION), "xx")
