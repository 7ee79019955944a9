"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# Statuses worth another attempt: the server said "not now", not "no".
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 507, 508, 520, 521, 522, 523, 524})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN check
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with a little jitter: base, 2*base, 4*base... never above cap."""
    delay = base * (2**attempt)
    # Jitter spreads retries of many workers hitting the same host at once.
    return float(min(cap, delay * (1 + random.random() * 0.25)))
