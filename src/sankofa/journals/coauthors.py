"""Co-authors who have an account on this node.

An author listed on a submission is known to the workflow by ``Author.user_id``: the
submitter sets it only for themselves. `link_accounts` (run when a submission is sent)
gives the same to each co-author listed with the e-mail address of a verified, active
account, so that a co-author who is also an editor of the journal acts on the paper only
as its author — never as its editor, handling editor or reviewer — and sees it among their
own submissions. An address nobody has verified links to nobody.
"""

from __future__ import annotations

from sankofa.accounts.models import User
from sankofa.journals.models import Author, Submission

__all__ = ["link_accounts"]


def link_accounts(submission: Submission) -> int:
    """Link the authors of `submission` to the verified accounts of their e-mail
    addresses (case-insensitively); how many were linked."""
    linked = 0
    unlinked = Author.objects.filter(submission=submission, user_id__isnull=True).exclude(email="")
    for author in unlinked:
        user = (
            User.objects.filter(
                email__iexact=author.email.strip(), email_verified__isnull=False, is_active=True
            )
            .order_by("pk")
            .first()
        )
        if user is not None:
            Author.objects.filter(pk=author.pk).update(user_id=user.pk)
            linked += 1
    return linked
