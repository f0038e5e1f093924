"""Disclosure control: no figure about fewer than FEEDBACK_MIN_CELL survivors leaves the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: `n` is None when suppressed."""

    n: int | None
    suppressed: bool

    def label(self, min_cell: int) -> str:
        return f"fewer than {min_cell}" if self.suppressed else str(self.n)


def suppress_count(n: int, min_cell: int) -> Cell:
    """Counts from 1 to min_cell - 1 are suppressed; 0 is shown (nobody to identify)."""
    if 0 < n < min_cell:
        return Cell(None, True)
    return Cell(n, False)
