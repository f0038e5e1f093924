"""Disclosure control: no figure about fewer than FEEDBACK_MIN_CELL survivors leaves the database.

Every number the dashboard, the command line and the exports show goes through
a `DisclosureTable`: the counts about to be published, the sums that tie them
together (a period total is the sum of its months) and what is nested in what
(people who answered a question are among the people who responded).

- Primary suppression: a count from 1 to min_cell - 1 is shown as "fewer than 5",
  with no share or mean.
- Everything inside a suppressed group is hidden with it.
- Secondary suppression: working as an attacker would, from the published
  numbers alone (every sum and every "fewer than" or "hidden" label), no hidden
  count may come out as one exact number above zero. Where it would, another
  cell is hidden too ("hidden"), the smallest that helps, until none does.

Attribute cells (how many of a group agreed, or felt positive) are published only
as shares of a shown group; they are never suppressed for being small themselves,
but they count as published numbers when working out what could be recovered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Hashable, Iterable

INF = math.inf

SHOWN = "shown"
SMALL = "small"          # 1 to min_cell - 1: "fewer than N"
SECONDARY = "secondary"  # hidden so that a small cell cannot be worked out
INHERITED = "inherited"  # inside a suppressed group


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `n` is None when suppressed."""

    n: int | None
    suppressed: bool
    # "small" (fewer than min_cell), "secondary" or "inherited" (hidden), None when shown
    reason: str | None = None

    def label(self, min_cell: int) -> str:
        if not self.suppressed:
            return str(self.n)
        return f"fewer than {min_cell}" if self.reason == SMALL else "hidden"


def suppress_count(n: int, min_cell: int) -> Cell:
    """Counts from 1 to min_cell - 1 are suppressed; 0 is shown (nobody to identify).

    For a lone count with no total or neighbour beside it; anything published
    with totals goes through a DisclosureTable.
    """
    if 0 < n < min_cell:
        return Cell(None, True, SMALL)
    return Cell(n, False)


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def difference_interval(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float, float]:
    """(p1 - p0, low, high): Newcombe's 95% interval for a change in share, from Wilson intervals."""
    p1, p0 = k1 / n1, k0 / n0
    l1, u1 = wilson_interval(k1, n1)
    l0, u0 = wilson_interval(k0, n0)
    difference = p1 - p0
    low = difference - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return difference, max(-1.0, low), min(1.0, high)


@dataclass
class _Entry:
    value: int
    parent: int | None
    attribute: bool
    status: str = SHOWN
    children: list[int] = field(default_factory=list)


class DisclosureTable:
    """Counts to publish together, with their sums and nesting; `protect()` decides what may be shown.

    Add a parent before its children. Keys are any hashable values.
    """

    def __init__(self, min_cell: int) -> None:
        if min_cell < 1:
            raise ValueError("min_cell must be 1 or more")
        self.min_cell = min_cell
        self._index: dict[Hashable, int] = {}
        self._keys: list[Hashable] = []
        self._entries: list[_Entry] = []
        self._sums: list[tuple[int, tuple[int, ...]]] = []
        self._sums_of: list[list[int]] = []
        self._protected = False

    def add(self, key: Hashable, value: int, *, parent: Hashable | None = None, attribute: bool = False) -> Hashable:
        """A count to publish. `parent`: the group it is part of (never larger than it).

        `attribute=True`: how many of the parent group gave some answer, published
        as a share of the parent; shown exactly when the parent is.
        """
        if key in self._index:
            raise ValueError(f"{key!r} added twice")
        if value < 0 or int(value) != value:
            raise ValueError(f"{key!r}: a count must be a whole number of 0 or more, not {value!r}")
        if attribute and parent is None:
            raise ValueError(f"{key!r}: an attribute needs the group it belongs to")
        parent_index = self._index[parent] if parent is not None else None
        index = len(self._entries)
        self._index[key] = index
        self._keys.append(key)
        self._entries.append(_Entry(int(value), parent_index, attribute))
        self._sums_of.append([])
        if parent_index is not None:
            self._entries[parent_index].children.append(index)
        return key

    def add_sum(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """Declare that `total` is published as the sum of `parts` (which are published too)."""
        total_index = self._index[total]
        part_indexes = tuple(self._index[part] for part in parts)
        if sum(self._entries[i].value for i in part_indexes) != self._entries[total_index].value:
            raise ValueError(f"{total!r} is not the sum of its parts")
        number = len(self._sums)
        self._sums.append((total_index, part_indexes))
        for index in (total_index,) + part_indexes:
            self._sums_of[index].append(number)

    # --- the decision -------------------------------------------------------------

    def protect(self) -> dict[Hashable, Cell]:
        """Every cell as it may be published."""
        if not self._protected:
            self._primary()
            self._secondary()
            self._protected = True
        return {key: self.cell(key) for key in self._keys}

    def cell(self, key: Hashable) -> Cell:
        if not self._protected:
            self.protect()
        entry = self._entries[self._index[key]]
        if entry.status == SHOWN:
            return Cell(entry.value, False)
        return Cell(None, True, entry.status)

    def _primary(self) -> None:
        for entry in self._entries:
            if not entry.attribute and 0 < entry.value < self.min_cell:
                entry.status = SMALL
        for index, entry in enumerate(self._entries):
            if entry.status == SMALL:
                self._hide_inside(index)

    def _inside(self, index: int) -> list[int]:
        """What is hidden along with a hidden cell: what it contains, and its breakdowns."""
        inside = list(self._entries[index].children)
        for number in self._sums_of[index]:
            total, parts = self._sums[number]
            if total == index:
                inside.extend(parts)
        return inside

    def _hide_inside(self, index: int) -> None:
        # A breakdown of a hidden number is hidden whole, zeros too: "fewer than 5" beside
        # "fewer than 5" under a total of "fewer than 5" can pin each of them.
        stack = self._inside(index)
        while stack:
            inner = stack.pop()
            if self._entries[inner].status != INHERITED:
                self._entries[inner].status = INHERITED
                stack.extend(self._inside(inner))

    def _hide(self, index: int) -> None:
        self._entries[index].status = SECONDARY
        self._hide_inside(index)

    def _aligned_sums(self) -> list[tuple[int, int]]:
        """Pairs (child sum, parent sum) where each part of the child sum sits inside the matching part.

        E.g. "answered in each month add up to answered in the year" inside "responses in each
        month add up to responses in the year". Someone who knows both can bound what any set
        of hidden months holds; `bounds` uses that.
        """
        if hasattr(self, "_aligned"):
            return self._aligned
        by_total: dict[int, list[int]] = {}
        for number, (total, _) in enumerate(self._sums):
            by_total.setdefault(total, []).append(number)
        aligned = []
        for number, (total, parts) in enumerate(self._sums):
            parent_total = self._entries[total].parent
            if parent_total is None:
                continue
            part_parents = [self._entries[part].parent for part in parts]
            for candidate in by_total.get(parent_total, ()):
                if list(self._sums[candidate][1]) == part_parents:
                    aligned.append((number, candidate))
        self._aligned = aligned
        return aligned

    def bounds(self) -> list[tuple[float, float]]:
        """What someone holding only the published figures can work out about each cell: [low, high].

        Interval reasoning over every published sum and nesting, plus, for sums that run in
        parallel (a measure inside responses, month by month), the totals over each set of
        hidden months: what the hidden months hold of a measure cannot exceed what they hold
        of the group it is inside.
        """
        m = self.min_cell
        low: list[float] = []
        high: list[float] = []
        for entry in self._entries:
            if entry.status == SHOWN:
                low.append(entry.value)
                high.append(entry.value)
            elif entry.status == SMALL:
                low.append(1)
                high.append(m - 1)
            elif entry.status == SECONDARY:
                # Secondary suppression never hides a zero, so a hidden cell is at least min_cell.
                low.append(0 if entry.attribute else m)
                high.append(INF)
            else:
                low.append(0)
                high.append(INF)
        edges = [(index, entry.parent) for index, entry in enumerate(self._entries) if entry.parent is not None]
        sums = list(self._sums)

        # Virtual cells: the total of one sum's parts over a set of hidden positions.
        virtual: dict[tuple[int, frozenset], int] = {}

        def subtotal(number: int, positions: frozenset) -> int:
            total, parts = self._sums[number]
            if len(positions) == len(parts):
                return total
            if len(positions) == 1:
                return parts[next(iter(positions))]
            key = (number, positions)
            if key not in virtual:
                index = len(low)
                low.append(0)
                high.append(INF)
                virtual[key] = index
                inside = [parts[i] for i in sorted(positions)]
                outside = [parts[i] for i in range(len(parts)) if i not in positions]
                sums.append((index, tuple(inside)))
                sums.append((total, tuple([index] + outside)))
            return virtual[key]

        def hidden_positions(number: int) -> frozenset:
            return frozenset(i for i, part in enumerate(self._sums[number][1])
                             if self._entries[part].status != SHOWN)

        parent_of_sum = dict(self._aligned_sums())
        for child, parent in self._aligned_sums():
            sets = {hidden_positions(child), hidden_positions(parent)}
            ancestor = parent_of_sum.get(parent)
            while ancestor is not None:
                sets.add(hidden_positions(ancestor))
                ancestor = parent_of_sum.get(ancestor)
            for positions in sets:
                if positions:
                    edges.append((subtotal(child, positions), subtotal(parent, positions)))

        for _ in range(200):
            changed = False
            for child, parent in edges:
                if high[parent] < high[child]:
                    high[child], changed = high[parent], True
                if low[child] > low[parent]:
                    low[parent], changed = low[child], True
            for total, parts in sums:
                low_sum = sum(low[p] for p in parts)
                infinite = sum(1 for p in parts if high[p] == INF)
                finite_high = sum(high[p] for p in parts if high[p] != INF)
                high_sum = INF if infinite else finite_high
                if low_sum > low[total]:
                    low[total], changed = low_sum, True
                if high_sum < high[total]:
                    high[total], changed = high_sum, True
                for part in parts:
                    part_infinite = high[part] == INF
                    if infinite - part_infinite:
                        others_high = INF
                    else:
                        others_high = finite_high - (0 if part_infinite else high[part])
                    new_low = low[total] - others_high
                    new_high = high[total] - (low_sum - low[part])
                    if new_low > low[part]:
                        low[part], changed = new_low, True
                    if new_high < high[part]:
                        high[part], changed = new_high, True
            if not changed:
                break
        count = len(self._entries)
        return list(zip(low[:count], high[:count]))

    def _leaks(self) -> list[int]:
        """Hidden cells whose exact value (above zero) can be worked out from what is shown."""
        # With min_cell 2, "fewer than 2" can only mean 1: the label itself says so, nothing to add.
        label_pins = self.min_cell <= 2
        return [
            index
            for index, (low, high) in enumerate(self.bounds())
            if self._entries[index].status != SHOWN and low == high and low > 0
            and not (label_pins and self._entries[index].status == SMALL)
        ]

    def _secondary(self) -> None:
        while True:
            leaks = self._leaks()
            if not leaks:
                return
            choice = self._complement_for(leaks)
            if choice is None:
                # Nothing left that could protect these cells: hide whatever they are summed with.
                choice = self._last_resort(leaks)
            self._hide(choice)

    def _hideable(self, index: int) -> int | None:
        """The cell to hide so that `index` stops being shown: itself, or the group an attribute belongs to."""
        while self._entries[index].attribute:
            parent = self._entries[index].parent
            if self._entries[parent].status != SHOWN:
                return None
            index = parent
        entry = self._entries[index]
        if entry.status != SHOWN or entry.value == 0:
            return None
        return index

    def _complement_for(self, leaks: list[int]) -> int | None:
        """The smallest shown count, summed with a leaking cell, whose hiding adds doubt."""
        candidates: set[int] = set()
        for leak in leaks:
            for number in self._sums_of[leak]:
                total, parts = self._sums[number]
                for part in parts:
                    hideable = self._hideable(part)
                    if hideable is not None:
                        candidates.add(hideable)
        if not candidates:
            for leak in leaks:
                for number in self._sums_of[leak]:
                    total, _ = self._sums[number]
                    hideable = self._hideable(total)
                    if hideable is not None:
                        candidates.add(hideable)
        if not candidates:
            return None
        return min(candidates, key=lambda i: (self._entries[i].value, i))

    def _last_resort(self, leaks: list[int]) -> int:
        for leak in leaks:
            for number in self._sums_of[leak]:
                total, parts = self._sums[number]
                for index in (total,) + parts:
                    if self._entries[index].status == SHOWN and self._entries[index].value > 0:
                        return index
            parent = self._entries[leak].parent
            while parent is not None:
                if self._entries[parent].status == SHOWN and self._entries[parent].value > 0:
                    return parent
                parent = self._entries[parent].parent
        raise AssertionError(f"no cell left to hide for {[self._keys[i] for i in leaks]!r}")
