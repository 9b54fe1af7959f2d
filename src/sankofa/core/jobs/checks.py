"""System checks for the job settings (tag ``sankofa``).

============= ================================================================
sankofa.E101  ``SANKOFA_JOBS_BROKER_URL`` is neither unset nor a redis:// or amqp:// URL
sankofa.E102  ``SANKOFA_JOBS_QUEUE`` is empty or not a plain name
sankofa.E103  ``SANKOFA_JOBS_SWEEP_INTERVAL`` is not a positive number of seconds
============= ================================================================
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error

BROKER_SCHEMES = ("redis", "rediss", "amqp", "amqps", "pyamqp")
QUEUE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


def check_jobs(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from django.conf import settings

    messages: list[CheckMessage] = []
    url = getattr(settings, "SANKOFA_JOBS_BROKER_URL", None)
    if url:
        parts = urlsplit(str(url))
        if parts.scheme not in BROKER_SCHEMES or not parts.hostname:
            messages.append(
                Error(
                    f"SANKOFA_JOBS_BROKER_URL {url!r} is not a Redis or RabbitMQ URL.",
                    hint="Use redis://host:6379/0 or amqp://user:password@host:5672//, "
                    "or leave it unset for the embedded worker.",
                    id="sankofa.E101",
                )
            )
    queue = getattr(settings, "SANKOFA_JOBS_QUEUE", "sankofa")
    if not isinstance(queue, str) or not QUEUE_NAME.match(queue):
        messages.append(
            Error(
                f"SANKOFA_JOBS_QUEUE {queue!r} is not a queue name.",
                hint="Letters, digits and ._:- (at most 200), e.g. sankofa.",
                id="sankofa.E102",
            )
        )
    interval = getattr(settings, "SANKOFA_JOBS_SWEEP_INTERVAL", 60.0)
    if not isinstance(interval, int | float) or not interval > 0:
        messages.append(
            Error(
                f"SANKOFA_JOBS_SWEEP_INTERVAL {interval!r} is not a positive number of seconds.",
                id="sankofa.E103",
            )
        )
    return messages
