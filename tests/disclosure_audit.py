"""An attacker's audit of published figures, written independently of analysis.disclosure.

Given the published cells (a number, "fewer than N" or "hidden"), the sums that
tie them together and what is nested in what, it asks an integer program, for
each hidden cell, whether any other value than the true one is consistent with
everything published. If not, the cell can be recovered.

What the labels tell an attacker: "fewer than N" is 1 to N-1; a hidden count
that is not inside a hidden group is at least N (secondary suppression never
hides a zero); anything inside a hidden group is 0 or more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

BIG = 10**7


@dataclass
class Published:
    """What was published: per key, a number or a label ("small", "hidden", "inside")."""

    min_cell: int
    values: dict[Hashable, int | None] = field(default_factory=dict)
    labels: dict[Hashable, str] = field(default_factory=dict)   # for hidden cells
    truth: dict[Hashable, int] = field(default_factory=dict)     # the real counts, to test against
    parents: dict[Hashable, Hashable] = field(default_factory=dict)
    sums: list[tuple[Hashable, list[Hashable]]] = field(default_factory=list)

    def add(self, key, truth: int, shown: int | None, label: str | None = None, parent=None) -> None:
        self.truth[key] = truth
        self.values[key] = shown
        if shown is None:
            self.labels[key] = label or "hidden"
        if parent is not None:
            self.parents[key] = parent


def recoverable_cells(published: Published) -> list[tuple[Hashable, int]]:
    """Hidden cells whose exact value (above zero) follows from what was published."""
    keys = list(published.truth)
    position = {key: i for i, key in enumerate(keys)}
    m = published.min_cell
    low = np.zeros(len(keys))
    high = np.full(len(keys), float(BIG))
    for key, i in position.items():
        value = published.values[key]
        if value is not None:
            low[i] = high[i] = value
        else:
            label = published.labels[key]
            if label == "small":
                low[i], high[i] = 1, m - 1
            elif label == "hidden":
                low[i] = m
            # "inside": 0 or more
    rows, lower, upper = [], [], []
    for total, parts in published.sums:
        row = np.zeros(len(keys))
        row[position[total]] = 1
        for part in parts:
            row[position[part]] -= 1
        rows.append(row)
        lower.append(0)
        upper.append(0)
    for child, parent in published.parents.items():
        row = np.zeros(len(keys))
        row[position[child]] = 1
        row[position[parent]] = -1
        rows.append(row)
        lower.append(-np.inf)
        upper.append(0)
    constraints = [LinearConstraint(np.array(rows), lower, upper)] if rows else []
    integrality = np.ones(len(keys))

    def feasible(extra_low: dict[int, float], extra_high: dict[int, float]) -> bool:
        lo, hi = low.copy(), high.copy()
        for i, v in extra_low.items():
            lo[i] = max(lo[i], v)
        for i, v in extra_high.items():
            hi[i] = min(hi[i], v)
        if np.any(lo > hi):
            return False
        result = milp(np.zeros(len(keys)), constraints=constraints, integrality=integrality, bounds=Bounds(lo, hi))
        return result.status == 0

    assert feasible({}, {}), "the published figures contradict each other (the audit's model is wrong)"
    leaks = []
    for key in keys:
        true = published.truth[key]
        if published.values[key] is not None or true == 0:
            continue  # shown, or a zero: nobody to identify
        i = position[key]
        if not feasible({}, {i: true - 1}) and not feasible({i: true + 1}, {}):
            leaks.append((key, true))
    return leaks
