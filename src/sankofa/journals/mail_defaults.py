"""The node's default wording of each journal mail (`sankofa.journals.mail.KEYS`),
translated with gettext: render them under ``translation.override(language)``.

Placeholders (``{journal}``, ``{title}``…) are filled by `sankofa.journals.mail.fill`;
translators keep them as they are.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

__all__ = ["DEFAULTS", "DESCRIPTIONS"]


# key -> (subject, body)
DEFAULTS: dict[str, tuple[Promise, Promise]] = {
    "submission_received": (
        pgettext_lazy("journal mail subject", "New submission to {journal}: {title}"),
        pgettext_lazy(
            "journal mail body",
            "A new submission has arrived at {journal}:\n\n{title}\n\n"
            "Screen it and assign a handling editor here:\n{url}\n",
        ),
    ),
    "submission_acknowledged": (
        pgettext_lazy("journal mail subject", "{journal} received your submission"),
        pgettext_lazy(
            "journal mail body",
            "Thank you for submitting “{title}” to {journal}. The editors will screen it "
            "and let you know how it goes.\n\nFollow its progress here:\n{url}\n",
        ),
    ),
    "editor_assigned": (
        pgettext_lazy("journal mail subject", "{journal}: you handle “{title}”"),
        pgettext_lazy(
            "journal mail body",
            "You are now the handling editor of “{title}” in {journal}.\n\n"
            "The submission:\n{url}\n",
        ),
    ),
    "review_invitation": (
        pgettext_lazy("journal mail subject", "{journal}: will you review “{title}”?"),
        pgettext_lazy(
            "journal mail body",
            "The editors of {journal} invite you to review “{title}”. The review would be "
            "due on {due}.\n\nRead the abstract and accept or decline here:\n{url}\n",
        ),
    ),
    "review_reminder": (
        pgettext_lazy(
            "journal mail subject", "{journal}: your review of “{title}” is due on {due}"
        ),
        pgettext_lazy(
            "journal mail body",
            "A reminder from {journal}: your review of “{title}” is due on {due}.\n\n"
            "Your review:\n{url}\n",
        ),
    ),
    "review_response": (
        pgettext_lazy("journal mail subject", "{journal}: a reviewer answered for “{title}”"),
        pgettext_lazy(
            "journal mail body",
            "A reviewer has answered the invitation to review “{title}”: {decision}.\n\n{url}\n",
        ),
    ),
    "review_completed": (
        pgettext_lazy("journal mail subject", "{journal}: a review of “{title}” is in"),
        pgettext_lazy(
            "journal mail body",
            "A reviewer has completed a review of “{title}” (round {round}). "
            "Recommendation: {recommendation}.\n\nRead it here:\n{url}\n",
        ),
    ),
    "decision": (
        pgettext_lazy("journal mail subject", "{journal}: a decision on “{title}”"),
        pgettext_lazy(
            "journal mail body",
            "The editors of {journal} have decided on “{title}”: {decision}.\n\n{note}\n\n"
            "The submission and its reviews:\n{url}\n",
        ),
    ),
    "revision_submitted": (
        pgettext_lazy("journal mail subject", "{journal}: a revised version of “{title}”"),
        pgettext_lazy(
            "journal mail body",
            "The authors have sent a revised version of “{title}”.\n\n{note}\n\n"
            "The submission:\n{url}\n",
        ),
    ),
    "proofs_ready": (
        pgettext_lazy("journal mail subject", "{journal}: the proofs of “{title}” are ready"),
        pgettext_lazy(
            "journal mail body",
            "The proofs of “{title}” are ready for your check. Please read them and tell "
            "the editors of any correction.\n\n{url}\n",
        ),
    ),
    "article_published": (
        pgettext_lazy("journal mail subject", "{journal} has published “{title}”"),
        pgettext_lazy(
            "journal mail body", "“{title}” is published in {journal}, open to everyone:\n{url}\n"
        ),
    ),
    "submission_withdrawn": (
        pgettext_lazy("journal mail subject", "{journal}: “{title}” was withdrawn"),
        pgettext_lazy(
            "journal mail body", "The submission “{title}” was withdrawn from {journal}.\n\n{url}\n"
        ),
    ),
}

# key -> when it is sent (for the journal's managers)
DESCRIPTIONS: dict[str, Promise] = {
    "submission_received": pgettext_lazy("journal mail", "To the editors, on a new submission"),
    "submission_acknowledged": pgettext_lazy("journal mail", "To the author, on submitting"),
    "editor_assigned": pgettext_lazy("journal mail", "To the handling editor, when assigned"),
    "review_invitation": pgettext_lazy("journal mail", "To a reviewer, when invited"),
    "review_reminder": pgettext_lazy("journal mail", "To a reviewer, before the due date"),
    "review_response": pgettext_lazy(
        "journal mail", "To the editor, when a reviewer accepts or declines"
    ),
    "review_completed": pgettext_lazy("journal mail", "To the editor, when a review is in"),
    "decision": pgettext_lazy("journal mail", "To the authors, with the editor's decision"),
    "revision_submitted": pgettext_lazy("journal mail", "To the editor, on a revised version"),
    "proofs_ready": pgettext_lazy("journal mail", "To the authors, when proofs are ready"),
    "article_published": pgettext_lazy("journal mail", "To the authors, on publication"),
    "submission_withdrawn": pgettext_lazy(
        "journal mail", "To the editors, when an author withdraws"
    ),
}
