"""Journal mails and the inbox: every notice is a `Notification` row (the person's inbox)
and, when the person has an e-mail address, a mail sent after the transaction commits.

Texts: each key of `KEYS` has a default subject and body in `mail_defaults` (translated
with gettext); a journal may override them per language (`MailTemplate`). A notice is
rendered in the recipient's language — accounts carry none today, so it is the journal's
primary language — from the journal's template in that language (or its base
language), else from the default text translated into it.

Placeholders are ``{word}``s filled from the context (`fill`); anything else in braces —
unknown words, ``{0}``, ``{x.attr}``, ``{x[0]}``, conversions such as ``{x!r}`` or
format specs such as ``{x:>99}`` — stays in the text as written: nothing is evaluated,
nothing raises. ``{{`` and ``}}`` stand for a brace.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, override

from sankofa.core.actors import Actor, require
from sankofa.journals.mail_defaults import DEFAULTS, DESCRIPTIONS
from sankofa.journals.models import Journal, MailTemplate, Notification, Submission
from sankofa.journals.texts import localized

_BLANKS = re.compile(r"[ \t\r\n\f\v]+")

__all__ = [
    "KEYS",
    "PLACEHOLDERS",
    "MailTemplateInvalid",
    "MailText",
    "UnknownMailKey",
    "default_text",
    "fill",
    "inbox",
    "journal_languages",
    "mark_all_read",
    "mark_read",
    "notify",
    "render",
    "reset_template",
    "save_template",
    "template_text",
    "templates_of",
    "unread_count",
]

logger = logging.getLogger(__name__)

KEYS: tuple[str, ...] = (
    "submission_received",
    "submission_acknowledged",
    "editor_assigned",
    "review_invitation",
    "review_reminder",
    "review_response",
    "review_completed",
    "decision",
    "revision_submitted",
    "proofs_ready",
    "article_published",
    "submission_withdrawn",
)

# the words a journal's template may use; `notify` fills journal, title and url itself
PLACEHOLDERS: frozenset[str] = frozenset(
    {"journal", "title", "url", "due", "decision", "note", "name", "recommendation", "round"}
)
SUBJECT_MAX = 300
BODY_MAX = 20_000

_FORMATTER = string.Formatter()
_WORD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class UnknownMailKey(ValueError):
    """The key is not one of `KEYS`."""


class MailTemplateInvalid(ValueError):
    """A journal's template was refused; `.errors` maps a field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class MailText:
    """The wording of one mail in one language, as a journal sends it now."""

    key: str
    language: str
    subject: str
    body: str
    custom: bool  # the journal's own wording (else the node's default)
    description: str  # when it is sent


# --- rendering ---------------------------------------------------------------------------


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with each ``{word}`` whose word is in `values` replaced by its value;
    everything else as written (see the module docstring). A template with unbalanced
    braces is filled word by word, its braces kept."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:
        return _WORD.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    out: list[str] = []
    for literal, field, spec, conversion in parsed:
        out.append(literal)
        if field is None:
            continue
        if field in values and not spec and conversion is None:
            out.append(values[field])
        else:
            out.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return "".join(out)


def default_text(key: str, language: str) -> tuple[str, str]:
    """The node's default (subject, body) of `key`, translated into `language`."""
    _check_key(key)
    subject, body = DEFAULTS[key]
    with override(language):
        return str(subject), str(body)


def render(
    journal: Journal, key: str, language: str, context: Mapping[str, object]
) -> tuple[str, str]:
    """(subject, body) of mail `key` for `journal` in `language`: the journal's template in
    that language (or its base language) else the default, filled from `context` (values
    made text in `language`: dicts of language tags localized, dates in the language's
    format, lazy translations translated). The subject is one line of at most
    `SUBJECT_MAX` characters."""
    _check_key(key)
    custom = _custom_template(journal, key, language)
    if custom is not None:
        subject, body = custom.subject, custom.body
    else:
        subject, body = default_text(key, language)
    with override(language):
        values = {k: _as_text(v, language, journal.primary_language) for k, v in context.items()}
    # one line: runs of line breaks, tabs and spaces become one space (a no-break space,
    # as French puts before ":" and inside « », is kept)
    subject = _BLANKS.sub(" ", fill(subject, values)).strip(" ")
    return subject[:SUBJECT_MAX], fill(body, values)


def _as_text(value: object, language: str, primary: str) -> str:
    if isinstance(value, Mapping):
        texts = {str(k): str(v) for k, v in value.items()}
        return localized(texts, language, primary)
    if isinstance(value, date):  # datetimes too
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Promise):
        return str(value)
    return "" if value is None else str(value)


def _custom_template(journal: Journal, key: str, language: str) -> MailTemplate | None:
    base = language.split("-", 1)[0].lower()
    found = {t.language: t for t in MailTemplate.objects.filter(journal=journal, key=key)}
    if language in found:
        return found[language]
    return next((t for tag, t in found.items() if tag.split("-", 1)[0].lower() == base), None)


def _check_key(key: str) -> None:
    if key not in KEYS:
        raise UnknownMailKey(f"no journal mail is called {key[:80]!r}")


# --- notifying ---------------------------------------------------------------------------


def notify(
    actor: Actor,
    key: str,
    *,
    journal: Journal,
    recipients: Iterable[int],
    context: Mapping[str, object],
    submission: Submission | None = None,
    url: str = "",
) -> list[Notification]:
    """One `Notification` per recipient (user ids; duplicates and unknown users skipped),
    created now in the caller's transaction, and one mail per active recipient with an
    e-mail address, sent after commit (each on its own; a failure is logged, never
    raised). Recipients without an address get only the inbox entry.

    `actor` is who caused the notice; callers have checked their permission, and the
    actor's name is not put into the text (it could unmask an author or a reviewer).
    `context` fills the placeholders (see `render`); ``journal`` (the journal's title),
    ``title`` (the submission's title, when `submission` is given) and ``url`` (the
    absolute form of `url`, a path on the node, which the notification keeps) are filled
    unless `context` has them; a ``url`` that is a path is made absolute either way.
    Raises UnknownMailKey for a key not in `KEYS`."""
    _check_key(key)
    wanted = list(dict.fromkeys(int(r) for r in recipients if r is not None))
    user_model = get_user_model()
    users = {u.pk: u for u in user_model._default_manager.filter(pk__in=wanted)}
    made: list[Notification] = []
    mails: list[tuple[str, str, str]] = []
    texts: dict[str, tuple[str, str]] = {}
    for user_id in wanted:
        user = users.get(user_id)
        if user is None:
            continue
        language = _language_of(user, journal)
        if language not in texts:  # rendered once per language
            values = {**_standard_context(journal, submission, url, language), **context}
            values["url"] = _absolute(values.get("url"))
            texts[language] = render(journal, key, language, values)
        subject, body = texts[language]
        made.append(
            Notification(
                user_id=user_id,
                journal=journal,
                submission=submission,
                key=key,
                subject=subject,
                body=body,
                url=url[:500],
            )
        )
        address = str(getattr(user, user_model.get_email_field_name(), "") or "")
        if address and getattr(user, "is_active", True):
            mails.append((subject, body, address))
    Notification.objects.bulk_create(made)
    if mails:
        transaction.on_commit(partial(_send, key, mails), robust=True)
    return made


def _language_of(user: object, journal: Journal) -> str:
    """The recipient's language: their account's, if accounts ever carry one, else the
    journal's primary language."""
    return str(getattr(user, "language", "") or journal.primary_language or "en")


def _standard_context(
    journal: Journal, submission: Submission | None, url: str, language: str
) -> dict[str, object]:
    values: dict[str, object] = {
        "journal": localized(journal.title, language, journal.primary_language) or journal.slug,
        "url": url,
    }
    if submission is not None:
        values["title"] = localized(submission.title, language, submission.language)
    return values


def _absolute(url: object) -> object:
    """A path on the node made an absolute URL (anything else as it is)."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return f"{settings.SANKOFA_BASE_URL}{url}"
    return url


def _send(key: str, mails: list[tuple[str, str, str]]) -> None:
    with get_connection() as connection:
        for subject, body, address in mails:
            try:
                send_mail(subject, body, None, [address], connection=connection)
            except Exception:  # one bad address or a refusal must not stop the others
                logger.exception("journal mail %s to one recipient failed", key)


# --- the inbox ---------------------------------------------------------------------------


def inbox(actor: Actor) -> QuerySet[Notification]:
    """The actor's notifications, unread first, then newest first (none for the public)."""
    if actor.user_id is None:
        return Notification.objects.none()
    return (
        Notification.objects.filter(user_id=actor.user_id)
        .select_related("journal")
        .order_by(F("read").asc(nulls_first=True), "-created", "-pk")
    )


def unread_count(user_id: int) -> int:
    """How many of the user's notifications are unread."""
    return Notification.objects.filter(user_id=user_id, read__isnull=True).count()


def mark_read(actor: Actor, notification_id: int) -> bool:
    """Mark one of the actor's own notifications read; False when it is not theirs (or
    does not exist, or was read already)."""
    if actor.user_id is None:
        return False
    found = Notification.objects.filter(
        pk=notification_id, user_id=actor.user_id, read__isnull=True
    )
    return found.update(read=timezone.now()) == 1


def mark_all_read(actor: Actor) -> int:
    """Mark all the actor's notifications read; how many were unread."""
    if actor.user_id is None:
        return 0
    unread = Notification.objects.filter(user_id=actor.user_id, read__isnull=True)
    return unread.update(read=timezone.now())


# --- the journal's templates -------------------------------------------------------------


def journal_languages(journal: Journal) -> list[str]:
    """The languages a journal writes its mails in: its languages, primary first."""
    ordered = [journal.primary_language, *(journal.languages or [])]
    return list(dict.fromkeys(tag for tag in ordered if tag))


def templates_of(actor: Actor, journal_id: int) -> list[MailText]:
    """Per key (in `KEYS` order) and per journal language, the wording the journal sends
    now. Needs ``journals.manage``; raises Journal.DoesNotExist."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    custom = {(t.key, t.language): t for t in MailTemplate.objects.filter(journal=journal)}
    texts = []
    for key in KEYS:
        for language in journal_languages(journal):
            own = custom.get((key, language))
            subject, body = (own.subject, own.body) if own else default_text(key, language)
            description = str(DESCRIPTIONS[key])
            texts.append(MailText(key, language, subject, body, own is not None, description))
    return texts


def template_text(actor: Actor, journal_id: int, key: str, language: str) -> MailText:
    """The wording of `key` in `language` the journal sends now. Needs
    ``journals.manage``; raises UnknownMailKey for a key not in `KEYS` or a language not
    in `journal_languages`, Journal.DoesNotExist for no such journal."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    _check_key(key)
    if language not in journal_languages(journal):
        raise UnknownMailKey(f"{journal.slug} writes no mail in {language[:35]!r}")
    own = MailTemplate.objects.filter(journal=journal, key=key, language=language).first()
    subject, body = (own.subject, own.body) if own else default_text(key, language)
    return MailText(key, language, subject, body, own is not None, str(DESCRIPTIONS[key]))


def save_template(
    actor: Actor, journal_id: int, key: str, language: str, subject: str, body: str
) -> MailTemplate:
    """Set the journal's wording of `key` in `language` (one of `journal_languages`).
    Needs ``journals.manage``; raises MailTemplateInvalid with messages for ``key``,
    ``language``, ``subject`` (required, one line, at most `SUBJECT_MAX` characters) or
    ``subject``/``body`` (required; placeholders only from `PLACEHOLDERS`, written
    ``{word}``; braces balanced)."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    subject, body = subject.strip(), body.strip().replace("\r\n", "\n")
    errors = _template_errors(journal, key, language, subject, body)
    if errors:
        raise MailTemplateInvalid(errors)
    template, _ = MailTemplate.objects.update_or_create(
        journal=journal,
        key=key,
        language=language,
        defaults={"subject": subject, "body": body, "updated": timezone.now()},
    )
    return template


def reset_template(actor: Actor, journal_id: int, key: str, language: str) -> bool:
    """Go back to the default wording of `key` in `language`; whether the journal had its
    own. Needs ``journals.manage``."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    deleted, _ = MailTemplate.objects.filter(journal=journal, key=key, language=language).delete()
    return deleted > 0


def _template_errors(
    journal: Journal, key: str, language: str, subject: str, body: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if key not in KEYS:
        errors["key"] = gettext("There is no such mail.")
    if language not in journal_languages(journal):
        errors["language"] = gettext("The journal does not publish in this language.")
    if not subject:
        errors["subject"] = gettext("A subject is required.")
    elif len(subject) > SUBJECT_MAX or "\n" in subject or "\r" in subject:
        errors["subject"] = gettext("The subject must be one line of at most %(n)d characters.") % {
            "n": SUBJECT_MAX
        }
    if not body:
        errors["body"] = gettext("A text is required.")
    elif len(body) > BODY_MAX:
        errors["body"] = gettext("The text is longer than %(n)d characters.") % {"n": BODY_MAX}
    for field, text in (("subject", subject), ("body", body)):
        problem = _placeholder_problem(text)
        if problem and field not in errors:
            errors[field] = problem
    return errors


def _placeholder_problem(text: str) -> str:
    """What is wrong with the placeholders of `text` ("" when nothing)."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        return gettext("A brace is not closed; write {{ and }} for a brace itself.")
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            return gettext("“%(field)s” is not a placeholder; these are: %(known)s.") % {
                "field": "{" + field + "}",
                "known": known,
            }
    return ""
