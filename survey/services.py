"""The services a survivor can report using, as bits for fast filtering, and their groups."""

from __future__ import annotations

from typing import Iterable

# Bit per services_used choice of the default survey. Never renumber: stored in responses.
SERVICE_BITS: dict[str, int] = {
    "police_call": 1,
    "police_attended": 2,
    "police_investigation": 4,
    "clares_law": 8,
    "court": 16,
    "refuge": 32,
    "outreach": 64,
    "other": 128,
}

# Dashboard "service" filter: which contacts count as each service.
SERVICE_GROUPS: dict[str, tuple[str, ...]] = {
    "police": ("police_call", "police_attended", "police_investigation", "clares_law", "court"),
    "refuge": ("refuge",),
    "outreach": ("outreach",),
}


def services_mask(services: Iterable[str] | None) -> int:
    mask = 0
    for service in services or ():
        mask |= SERVICE_BITS.get(service, 0)
    return mask


def group_mask(group: str) -> int:
    return services_mask(SERVICE_GROUPS[group])
