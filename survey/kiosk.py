"""Rules for shared devices: which site a survey records, and the staff PIN, throttled server-wide."""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass, field


@dataclass
class PinThrottle:
    """At most `limit` wrong PINs in `window` seconds, counted across every session.

    Counted per server rather than per browser session, because opening a new
    session is free; nothing about the device is recorded.
    """

    limit: int = 5
    window: float = 15 * 60
    clock: callable = time.monotonic
    _failures: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def locked_for(self) -> float:
        """Seconds until another attempt is allowed (0 if allowed now)."""
        with self._lock:
            now = self.clock()
            self._failures = [t for t in self._failures if now - t < self.window]
            if len(self._failures) < self.limit:
                return 0.0
            return self.window - (now - self._failures[0])

    def check(self, entered: str, expected: str) -> bool:
        """True if `entered` is the PIN; wrong answers count toward the lock."""
        if not expected or self.locked_for() > 0:
            return False
        if hmac.compare_digest(entered.encode(), expected.encode()):
            return True
        with self._lock:
            self._failures.append(self.clock())
        return False


STAFF_PIN_THROTTLE = PinThrottle()

# Session-state key holding the site of kiosk mode on this tablet (pages/kiosk.py sets it).
KIOSK_SESSION_KEY = "kiosk_site"


def survey_site(kiosk_site: str | None, link_site: str | None, default_site: str) -> str:
    """The site a survey on this device records.

    Kiosk mode (started by staff on this tablet) wins over a private link's
    ?site=, which wins over FEEDBACK_DEFAULT_SITE.
    """
    return kiosk_site or link_site or default_site
