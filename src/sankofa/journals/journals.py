"""Journals, their sections and issues: creating and changing them.

Creating a journal needs ``journals.create`` (operators and admins); everything else
needs ``journals.manage`` on the journal's scope (its managers; operators and admins).
Invalid settings raise `JournalInvalid`, whose ``errors`` maps each field to what is
wrong with it (see `sankofa.journals.journal_checks`); nothing is written then.

A journal's team (who holds which journal role) is in `sankofa.journals.team`, whose
public names this module re-exports.

There is no fee of any kind in a journal's settings: journals on a node are diamond
open access, free to read and free to publish in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sankofa.core.actors import Actor, require
from sankofa.journals.journal_checks import (
    CC_LICENCES,
    POLICY_KEYS,
    RESERVED_SLUGS,
    journal_problems,
    licence_name,
    normal_issn,
    normal_licence,
    slug_problem,
)
from sankofa.journals.models import CC_BY_4, Issue, Journal, Section
from sankofa.journals.team import (
    JournalRoleInvalid,
    grant_journal_role,
    people_with_role,
    revoke_journal_role,
    team,
    team_members,
)

__all__ = [
    "CC_BY_4",
    "CC_LICENCES",
    "POLICY_KEYS",
    "RESERVED_SLUGS",
    "SECTION_FIELDS",
    "SETTINGS",
    "JournalInvalid",
    "JournalRoleInvalid",
    "add_section",
    "all_journals",
    "create_issue",
    "create_journal",
    "get_journal",
    "grant_journal_role",
    "licence_name",
    "managed_journal",
    "people_with_role",
    "publish_issue",
    "revoke_journal_role",
    "team",
    "team_members",
    "update_journal",
    "update_section",
]

# The settings `update_journal` changes (the slug is the journal's address: it stays).
SETTINGS: Final = (
    "title",
    "abbreviation",
    "description",
    "primary_language",
    "languages",
    "issn_print",
    "issn_online",
    "publisher",
    "review_model",
    "licence_url",
    "policies",
    "doi_provider",
    "doi_prefix",
    "depositor_name",
    "depositor_email",
    "crossref_username",
    "crossref_password",
    "open_for_submissions",
)
SECTION_FIELDS: Final = ("title", "policy", "peer_reviewed", "open_for_submissions", "order")


class JournalInvalid(ValueError):
    """Journal, section or issue settings that cannot be stored; ``errors``: field -> message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def get_journal(slug: str) -> Journal:
    """The journal whose path word is `slug`; raises ``Journal.DoesNotExist``."""
    return Journal.objects.get(slug=slug)


def managed_journal(actor: Actor, slug: str) -> Journal:
    """The journal `slug` for one who manages it: raises ``Journal.DoesNotExist``, then
    PermissionDenied without ``journals.manage`` on it."""
    journal = Journal.objects.get(slug=slug)
    require(actor, "journals.manage", journal.scope_key)
    return journal


def all_journals() -> QuerySet[Journal]:
    """Every journal of the node, by slug."""
    return Journal.objects.order_by("slug")


def create_journal(
    actor: Actor,
    slug: str,
    title: str | dict[str, str],
    *,
    primary_language: str = "en",
    languages: list[str] | None = None,
    issn_print: str = "",
    issn_online: str = "",
    publisher: str = "",
    review_model: str = "double_anonymous",
    licence_url: str = CC_BY_4,
) -> Journal:
    """A new journal at ``/<lang>/journals/<slug>/``.

    `title` is the title in the primary language, or ``{lang: title}`` (the primary
    language's required). `languages` are BCP 47 tags (default: the primary language
    alone; the primary language is put first). ISSNs are stored as ``NNNN-NNNC``; the
    licence must be one of `CC_LICENCES`. Requires ``journals.create``; raises
    `JournalInvalid` (the slug is lower-case, not reserved, not taken).
    """
    require(actor, "journals.create")
    slug = slug.strip()
    titles = {primary_language: title} if isinstance(title, str) else dict(title)
    journal = Journal(slug=slug, primary_language=primary_language.strip())
    _apply(
        journal,
        {
            "title": titles,
            "languages": languages if languages is not None else [primary_language],
            "issn_print": issn_print,
            "issn_online": issn_online,
            "publisher": publisher,
            "review_model": review_model,
            "licence_url": licence_url,
        },
    )
    problems = _problems(journal)
    wrong_slug = slug_problem(slug)
    if wrong_slug:
        problems["slug"] = wrong_slug
    elif Journal.objects.filter(slug=slug).exists():
        problems["slug"] = _("A journal already has the address “%(slug)s”.") % {"slug": slug}
    if problems:
        raise JournalInvalid(problems)
    _normalise(journal)
    try:
        with transaction.atomic():
            journal.save()
    except IntegrityError:
        raise JournalInvalid(
            {"slug": _("A journal already has the address “%(slug)s”.") % {"slug": slug}}
        ) from None
    return journal


def update_journal(actor: Actor, journal_id: int, **fields: Any) -> Journal:
    """Change some of a journal's `SETTINGS` (any other name is a TypeError).

    Multilingual fields replace the stored ones whole (title, description, and
    ``policies``: ``{key: {lang: text}}``); a text alone as a title or description is in
    the primary language; a blank ``crossref_password`` keeps the stored one. Requires
    ``journals.manage``; raises `JournalInvalid` and writes nothing when a setting is
    wrong.
    """
    unknown = sorted(set(fields) - set(SETTINGS))
    if unknown:
        raise TypeError(f"update_journal: unknown settings {', '.join(unknown)}")
    with transaction.atomic():
        journal = Journal.objects.select_for_update().get(pk=journal_id)
        require(actor, "journals.manage", journal.scope_key)
        if not str(fields.get("crossref_password", "x")):
            fields.pop("crossref_password")
        _apply(journal, fields)
        problems = _problems(journal)
        if problems:
            raise JournalInvalid(problems)
        _normalise(journal)
        journal.save()
    return journal


def _apply(journal: Journal, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name == "primary_language":
            value = str(value).strip()
        elif name == "languages":
            value = _language_list(value, journal.primary_language)
        elif name in ("title", "description"):
            value = _texts({journal.primary_language: value} if isinstance(value, str) else value)
        elif name == "policies":
            value = {key: _texts(texts) for key, texts in dict(value).items()}
        elif name == "open_for_submissions":
            value = bool(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(journal, name, value)
    if "primary_language" in fields and "languages" not in fields:
        primary = journal.primary_language
        journal.languages = _language_list([primary, *journal.languages], primary)


def _language_list(tags: Any, primary: str) -> list[str]:
    """The tags, stripped, without repeats, the primary language first if present."""
    seen: list[str] = []
    for tag in [str(t).strip() for t in tags or ()]:
        if tag not in seen:
            seen.append(tag)
    if primary in seen:
        seen.remove(primary)
        seen.insert(0, primary)
    return seen


def _texts(value: Any) -> Any:
    """``{lang: text}`` with texts stripped and blank ones left out (others unchanged)."""
    if not isinstance(value, Mapping):
        return value
    return {
        str(k).strip(): (v.strip() if isinstance(v, str) else v)
        for k, v in value.items()
        if not (isinstance(v, str) and not v.strip())
    }


def _values(journal: Journal) -> dict[str, Any]:
    return {name: getattr(journal, name) for name in SETTINGS}


def _problems(journal: Journal) -> dict[str, str]:
    """`journal_problems` and texts too long for their column (ISSNs: checked as ISSNs)."""
    problems = journal_problems(_values(journal))
    for name in SETTINGS:
        limit = getattr(Journal._meta.get_field(name), "max_length", None)
        value = getattr(journal, name)
        checked = name in problems or name.startswith("issn")
        if limit and not checked and isinstance(value, str) and len(value) > limit:
            problems[name] = _("At most %(n)d characters.") % {"n": limit}
    return problems


def _normalise(journal: Journal) -> None:
    journal.issn_print = normal_issn(journal.issn_print)
    journal.issn_online = normal_issn(journal.issn_online)
    journal.licence_url = normal_licence(journal.licence_url) or journal.licence_url
    journal.policies = {k: v for k, v in journal.policies.items() if v}


# Sections ---------------------------------------------------------------------------


def add_section(
    actor: Actor, journal_id: int, slug: str, title: dict[str, str], **fields: Any
) -> Section:
    """A new section of the journal (`SECTION_FIELDS` may be given: policy, peer_reviewed,
    open_for_submissions, order; order defaults to after the last one). The slug is
    lower-case and unique in the journal; the title is needed in the primary language.
    Requires ``journals.manage``; raises `JournalInvalid`."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    slug = slug.strip()
    problems = {}
    wrong = slug_problem(slug)
    if wrong and slug not in RESERVED_SLUGS:
        problems["slug"] = wrong
    elif journal.sections.filter(slug=slug).exists():
        problems["slug"] = _("This journal already has a section “%(slug)s”.") % {"slug": slug}
    last = journal.sections.order_by("-order").values_list("order", flat=True).first()
    section = Section(journal=journal, slug=slug, order=(last or 0) + 1)
    problems.update(_section_changes(journal, section, {"title": title, **fields}))
    if problems:
        raise JournalInvalid(problems)
    section.save()
    return section


def update_section(actor: Actor, section_id: int, **fields: Any) -> Section:
    """Change a section's `SECTION_FIELDS`. Requires ``journals.manage``; raises
    `JournalInvalid` (a TypeError for a name not in `SECTION_FIELDS`)."""
    with transaction.atomic():
        section = Section.objects.select_for_update().select_related("journal").get(pk=section_id)
        require(actor, "journals.manage", section.journal.scope_key)
        problems = _section_changes(section.journal, section, fields)
        if problems:
            raise JournalInvalid(problems)
        section.save()
    return section


def _section_changes(
    journal: Journal, section: Section, fields: Mapping[str, Any]
) -> dict[str, str]:
    unknown = sorted(set(fields) - set(SECTION_FIELDS))
    if unknown:
        raise TypeError(f"unknown section fields {', '.join(unknown)}")
    for name, value in fields.items():
        if name in ("title", "policy"):
            value = _texts(value)
        elif name in ("peer_reviewed", "open_for_submissions"):
            value = bool(value)
        setattr(section, name, value)
    problems: dict[str, str] = {}
    if not str(section.title.get(journal.primary_language, "")).strip():
        problems["title"] = _("A section needs a title in the journal's primary language.")
    if not isinstance(section.order, int) or section.order < 0:
        problems["order"] = _("The order is a number, 0 or more.")
    return problems


# Issues -----------------------------------------------------------------------------


def create_issue(
    actor: Actor,
    journal_id: int,
    *,
    year: int,
    volume: str = "",
    number: str = "",
    title: dict[str, str] | None = None,
) -> Issue:
    """A new, not yet published issue. The year is from 1600 to next year; volume and
    number are short texts (up to 32 characters); the same year, volume and number
    cannot be used twice in a journal. Requires ``journals.manage``; raises
    `JournalInvalid`."""
    journal = Journal.objects.get(pk=journal_id)
    require(actor, "journals.manage", journal.scope_key)
    volume, number = str(volume).strip(), str(number).strip()
    problems = {}
    if not isinstance(year, int) or not 1600 <= year <= date.today().year + 1:
        problems["year"] = _("Give the year as four digits, up to next year.")
    for field, text in (("volume", volume), ("number", number)):
        if len(text) > 32:
            problems[field] = _("At most 32 characters.")
    if not problems and journal.issues.filter(year=year, volume=volume, number=number).exists():
        problems["number"] = _(
            "This journal already has an issue with this year, volume and number."
        )
    if problems:
        raise JournalInvalid(problems)
    try:
        with transaction.atomic():
            return Issue.objects.create(
                journal=journal, year=year, volume=volume, number=number, title=_texts(title or {})
            )
    except IntegrityError:
        raise JournalInvalid(
            {"number": _("This journal already has an issue with this year, volume and number.")}
        ) from None


def publish_issue(actor: Actor, issue_id: int) -> Issue:
    """Mark the issue as out now (publishing it again keeps its first date).
    Requires ``journals.manage``."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("journal").get(pk=issue_id)
        require(actor, "journals.manage", issue.journal.scope_key)
        if issue.published is None:
            issue.published = timezone.now()
            issue.save(update_fields=["published"])
    return issue
