"""Disclosure control: small counts never shown, and nothing hidden can be worked back by subtraction.

The property tests build random tables shaped like the dashboard's (periods
summing to a total, people who answered inside people who responded, shares of
them), let analysis.disclosure decide, then audit what was published with an
independent integer program (tests/disclosure_audit.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import (
    Cell,
    DisclosureTable,
    difference_interval,
    suppress_count,
    wilson_interval,
)
from tests.disclosure_audit import Published, recoverable_cells


def test_a_lone_small_count_says_fewer_than_and_nothing_else():
    assert suppress_count(3, 5) == Cell(None, True, "small")
    assert suppress_count(3, 5).label(5) == "fewer than 5"
    assert suppress_count(0, 5) == Cell(0, False)
    assert suppress_count(5, 5) == Cell(5, False)


def test_one_small_month_beside_a_total_hides_a_second_month():
    table = DisclosureTable(5)
    table.add("year", 30)
    for month, n in {"jan": 3, "feb": 10, "mar": 12, "apr": 5}.items():
        table.add(month, n)
    table.add_sum("year", ["jan", "feb", "mar", "apr"])
    cells = table.protect()
    assert cells["jan"].label(5) == "fewer than 5"
    # Otherwise jan = 30 - 10 - 12 - 5. The smallest other month is hidden with it.
    assert cells["apr"] == Cell(None, True, "secondary") and cells["apr"].label(5) == "hidden"
    assert cells["year"].n == 30 and cells["feb"].n == 10 and cells["mar"].n == 12


def test_two_small_cells_that_add_up_to_their_minimum_are_protected_further():
    # 1 + 1 = 2 could only be 1 and 1; a third cell must go.
    table = DisclosureTable(5)
    table.add("total", 22)
    for key, n in {"a": 1, "b": 1, "c": 20}.items():
        table.add(key, n)
    table.add_sum("total", ["a", "b", "c"])
    cells = table.protect()
    assert cells["a"].suppressed and cells["b"].suppressed
    assert cells["c"].suppressed or cells["total"].suppressed


def test_everything_inside_a_small_group_is_hidden_with_it():
    table = DisclosureTable(5)
    table.add("responses", 3)
    table.add("answered", 3, parent="responses")
    table.add("agreed", 2, parent="answered", attribute=True)
    cells = table.protect()
    assert cells["responses"].label(5) == "fewer than 5"
    assert cells["answered"].suppressed and cells["agreed"].suppressed


def test_shares_of_a_hidden_month_cannot_be_worked_out_from_the_total_share():
    # Two months, one small: the total's share and the big month's share would give
    # the small month's agreeing count by subtraction, so both months are hidden.
    table = DisclosureTable(5)
    table.add("total", 23)
    table.add("total agree", 19, parent="total", attribute=True)
    table.add("jan", 3)
    table.add("jan agree", 1, parent="jan", attribute=True)
    table.add("feb", 20)
    table.add("feb agree", 18, parent="feb", attribute=True)
    table.add_sum("total", ["jan", "feb"])
    table.add_sum("total agree", ["jan agree", "feb agree"])
    cells = table.protect()
    assert cells["jan"].suppressed and cells["jan agree"].suppressed
    assert cells["feb"].suppressed or cells["total"].suppressed


def test_wilson_interval_matches_published_values():
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 0/10 and 81/263.
    low, high = wilson_interval(0, 10)
    assert (round(low, 4), round(high, 4)) == (0.0, 0.2775)
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


def test_change_interval_matches_newcombe_method_ten():
    # Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 against 48/80.
    difference, low, high = difference_interval(56, 70, 48, 80)
    assert round(difference, 4) == 0.2
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_min_cell_must_be_positive():
    with pytest.raises(ValueError):
        DisclosureTable(0)


def test_a_total_that_is_not_the_sum_of_its_parts_is_refused():
    table = DisclosureTable(5)
    table.add("total", 10)
    table.add("a", 4)
    with pytest.raises(ValueError, match="not the sum"):
        table.add_sum("total", ["a"])


# --- properties ------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def dashboard_like(draw):
    """Periods with responses, answers to one question (and how many agreed), and a theme with sentiments."""
    periods = draw(st.integers(1, 6))
    rows = []
    for _ in range(periods):
        n = draw(counts)
        answered = draw(st.integers(0, n))
        agree = draw(st.integers(0, answered))
        commented = draw(st.integers(0, n))
        mentions = draw(st.integers(0, commented))
        positive = draw(st.integers(0, mentions))
        rows.append((n, answered, agree, commented, mentions, positive))
    categories = draw(st.integers(0, 4))
    return rows, categories


def build(min_cell: int, rows, categories: int, split_seed: int):
    """The same table twice: for the engine, and as the structure the audit knows about."""
    table = DisclosureTable(min_cell)
    structure = []  # (key, truth, parent, attribute)
    sums = []

    def add(key, value, parent=None, attribute=False):
        table.add(key, value, parent=parent, attribute=attribute)
        structure.append((key, value, parent, attribute))

    def scope(name, n, answered, agree, commented, mentions, positive):
        add((name, "n"), n)
        add((name, "answered"), answered, (name, "n"))
        add((name, "agree"), agree, (name, "answered"), True)
        add((name, "other"), answered - agree, (name, "answered"), True)
        sums.append(((name, "answered"), [(name, "agree"), (name, "other")]))
        add((name, "commented"), commented, (name, "n"))
        add((name, "theme"), mentions, (name, "commented"))
        add((name, "positive"), positive, (name, "theme"), True)
        add((name, "negative"), mentions - positive, (name, "theme"), True)
        sums.append(((name, "theme"), [(name, "positive"), (name, "negative")]))

    total = [sum(column) for column in zip(*rows)]
    scope("total", *total)
    for index, row in enumerate(rows):
        scope(index, *row)
    for part in ("n", "answered", "agree", "other", "commented", "theme", "positive", "negative"):
        sums.append((("total", part), [(index, part) for index in range(len(rows))]))
    if categories:
        # An equality-style split of the total into categories, with answers inside each.
        n_total, answered_total, agree_total = total[0], total[1], total[2]
        import random

        rng = random.Random(split_seed)
        people = [(i < answered_total, i < agree_total) for i in range(n_total)]
        buckets = [[0, 0, 0] for _ in range(categories)]
        for answered, agreed in people:
            bucket = buckets[rng.randrange(categories)]
            bucket[0] += 1
            bucket[1] += answered
            bucket[2] += agreed
        for c, (n, answered, agree) in enumerate(buckets):
            add(("cat", c), n, ("total", "n"))
            add(("cat", c, "answered"), answered, ("cat", c))
            add(("cat", c, "agree"), agree, ("cat", c, "answered"), True)
            add(("cat", c, "other"), answered - agree, ("cat", c, "answered"), True)
            sums.append((("cat", c, "answered"), [("cat", c, "agree"), ("cat", c, "other")]))
        sums.append((("total", "n"), [("cat", c) for c in range(categories)]))
        for part in ("answered", "agree", "other"):
            sums.append((("total", part), [("cat", c, part) for c in range(categories)]))
    for total_key, parts in sums:
        table.add_sum(total_key, parts)
    return table, structure, sums


def published_from(table: DisclosureTable, min_cell: int, structure, sums) -> Published:
    cells = table.protect()
    published = Published(min_cell)
    for key, truth, parent, attribute in structure:
        cell = cells[key]
        # What an attacker reads from the label and from where the cell sits: "fewer than N" is
        # 1 to N-1; a count hidden beside shown ones is at least N (zeros are never hidden for
        # that); a count inside a hidden group or breakdown, or a hidden share, is 0 or more.
        if not cell.suppressed:
            label = None
        elif cell.reason == "small":
            label = "small"
        elif cell.reason == "secondary" and not attribute:
            label = "hidden"
        else:
            label = "inside"
        published.add(key, truth, cell.n, label, parent)
    published.sums = sums
    return published


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dashboard_like(), st.sampled_from([3, 5, 10]), st.integers(0, 10**6))
def test_no_small_count_is_ever_published(shape, min_cell, seed):
    rows, categories = shape
    table, structure, sums = build(min_cell, rows, categories, seed)
    cells = table.protect()
    for key, truth, parent, attribute in structure:
        cell = cells[key]
        if not attribute:
            assert cell.n is None or not 0 < cell.n < min_cell, f"{key} published as {cell.n}"
        if cell.suppressed:
            assert cell.n is None
        else:
            assert cell.n == truth


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dashboard_like(), st.sampled_from([3, 5, 10]), st.integers(0, 10**6))
def test_no_hidden_count_can_be_recovered_by_subtraction(shape, min_cell, seed):
    rows, categories = shape
    table, structure, sums = build(min_cell, rows, categories, seed)
    published = published_from(table, min_cell, structure, sums)
    assert recoverable_cells(published) == []


def test_the_audit_itself_catches_a_naive_suppression():
    # Without secondary suppression, one small month beside a total is recoverable:
    # the audit must say so, or the properties above prove nothing.
    published = Published(5)
    published.add("year", 30, 30)
    published.add("jan", 3, None, "small")
    published.add("feb", 27, 27)
    published.sums = [("year", ["jan", "feb"])]
    assert recoverable_cells(published) == [("jan", 3)]
