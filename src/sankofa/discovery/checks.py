"""System checks of the OAI-PMH settings (tag ``discovery``).

============== =============================================================
discovery.E001 ``SANKOFA_OAI_PAGE_SIZE`` is below 1
discovery.W001 ``SANKOFA_OAI_ADMIN_EMAIL`` has no dotted domain (deployment check:
               ``check --deploy``; a node on localhost is not harvested)
============== =============================================================
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.checks import Warning as CheckWarning

# OAI-PMH.xsd's emailType
_EMAIL = re.compile(r"\S+@(\S+\.)+\S+\Z")


def check_page_size(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SANKOFA_OAI_PAGE_SIZE >= 1:
        return []
    return [Error("SANKOFA_OAI_PAGE_SIZE must be at least 1.", id="discovery.E001")]


def check_admin_email(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if _EMAIL.match(settings.SANKOFA_OAI_ADMIN_EMAIL):
        return []
    return [
        CheckWarning(
            f"SANKOFA_OAI_ADMIN_EMAIL {settings.SANKOFA_OAI_ADMIN_EMAIL!r} is not an address "
            "OAI-PMH accepts (it needs a dotted domain): harvesters may reject Identify.",
            hint="Set SANKOFA_OAI_ADMIN_EMAIL, e.g. to archive@example.edu.",
            id="discovery.W001",
        )
    ]
