"""Review: a curator sends a submitted version back to its owner, with a message.

The message is kept in the audit trail (action ``return_to_draft``), where the owner
finds it on the draft's page and in the record's history.
"""

from __future__ import annotations

from django.db import transaction

from sankofa.core.actors import Actor
from sankofa.datasets import access
from sankofa.datasets.errors import InvalidState
from sankofa.datasets.models import Version

MAX_REASON = 4000


def return_to_draft(actor: Actor, version_id: int, reason: str) -> Version:
    """Send a version in review back to draft (curators of its community and admins)."""
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValueError("sending a version back needs a message saying what to change")
    if len(reason) > MAX_REASON:
        raise ValueError(f"the message is too long: at most {MAX_REASON} characters")
    with transaction.atomic():
        version = access.locked_version(version_id)
        access.require_curator(actor, version.record, "send this version back")
        if version.state != Version.State.IN_REVIEW:
            raise InvalidState(
                f"cannot send version {version.number} back: it is "
                f"{version.get_state_display()}, only versions in review can be"
            )
        version.state = Version.State.DRAFT
        version.save(update_fields=["state"])
        access.record_change(actor, version.record, version, "return_to_draft", reason=reason)
    return version
