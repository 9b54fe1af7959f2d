"""Limits on sign-in, sign-up and reset attempts, counted by `sankofa.core.ratelimit`.

Counts live in the database (`DatabaseRateLimiter`), so every server process of
a node counts against the same limit. Every attempt counts, allowed or not, in
fixed windows: once a window's allowance is spent, attempts are refused until it
ends. E-mail addresses are counted by a digest, never stored as such.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sankofa.core.ratelimit import DatabaseRateLimiter, Rate

_limiter = DatabaseRateLimiter()


@dataclass(frozen=True)
class Limit:
    name: str
    rate: Rate

    def allow(self, value: str) -> bool:
        """Count one attempt for `value`; whether it stays within the limit."""
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
        return _limiter.hit(f"{self.name}:{digest}", self.rate).allowed


QUARTER_HOUR, HOUR = 15 * 60, 3600
# sign-in attempts per address and per client address
LOGIN_PER_EMAIL = Limit("login-email", Rate(10, QUARTER_HOUR))
LOGIN_PER_CLIENT = Limit("login-client", Rate(50, QUARTER_HOUR))
# sign-ups proven by waiting (no JavaScript) per client address
SIGNUP_WAITED_PER_CLIENT = Limit("signup-waited", Rate(10, HOUR))
# password reset mails per address: no mail-bombing someone through the node
RESET_PER_EMAIL = Limit("reset-email", Rate(3, HOUR))
