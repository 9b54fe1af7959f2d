"""The publication metadata of a submission, as the pure article model.

`article_metadata` maps the rows of a submission (its journal, section, issue, authors,
links and stage events) to a `sankofa.core.formats.article.model.Article`: what the
workflow's publication step stores and what JATS production writes. It reads rows and
nothing else: no writes, no identifiers minted (the ARK and DOI are added when the
article is stored).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils import timezone

from sankofa.core.formats.article import model as m
from sankofa.journals.models import Author, Journal, StageEvent, Submission
from sankofa.journals.texts import localized
from sankofa.journals.workflow import Action

__all__ = ["article_metadata"]


def article_metadata(
    submission: Submission, *, published: datetime.datetime | None = None
) -> m.Article:
    """The metadata of `submission` as it is (or will be) published.

    * journal: its title in the journal's primary language (`texts.localized`), ISSNs
      (blank ones left out), publisher, and its slug as ``journal_id``;
    * titles, abstracts: the submission's language first, then the others in the order
      stored, each a `Text` with its ``lang``; blank texts are left out;
    * keywords: per language (submission language first), blank ones left out;
    * contributors: the `Author` rows in byline order (ORCID, e-mail, affiliations with
      ROR id and country, CRediT roles, corresponding);
    * section: the section's title in the submission's language; licence: the journal's
      ``licence_url``; related objects: ``submission.links``; data availability;
    * dates: received = the day the submission was submitted, accepted = the day of its
      last ``accept`` stage event, published = the day of `published` (default: now),
      all in the node's time zone; volume and number of ``submission.issue`` if it has one.

    Raises ValueError when the submission has no title (the model needs one).
    """
    journal = submission.journal
    lang = submission.language
    issue = submission.issue
    return m.Article(
        journal=_journal(journal),
        titles=_texts(submission.title, lang),
        language=lang,
        contributors=tuple(_contributor(a) for a in _authors(submission)),
        abstracts=_texts(submission.abstract, lang),
        keywords=_keywords(submission.keywords, lang),
        section=_section_title(submission),
        published=_day(published or timezone.now()),
        received=_day(submission.submitted) if submission.submitted else None,
        accepted=_accepted(submission),
        volume=issue.volume if issue is not None else "",
        issue=issue.number if issue is not None else "",
        licence=m.Licence(url=journal.licence_url) if journal.licence_url else None,
        related=tuple(_related(link) for link in submission.links if _valid_link(link)),
        data_availability=submission.data_availability.strip(),
    )


def _journal(journal: Journal) -> m.Journal:
    title = localized(journal.title, journal.primary_language, journal.primary_language)
    return m.Journal(
        title=title or journal.slug,
        abbrev_title=journal.abbreviation,
        issn_print=journal.issn_print or None,
        issn_online=journal.issn_online or None,
        publisher=journal.publisher,
        journal_id=journal.slug,
    )


def _ordered(langs: Iterable[str], first: str) -> list[str]:
    langs = list(langs)
    return ([first] if first in langs else []) + [tag for tag in langs if tag != first]


def _texts(texts: Mapping[str, str], lang: str) -> tuple[m.Text, ...]:
    return tuple(
        m.Text(texts[tag].strip(), lang=tag)
        for tag in _ordered(texts, lang)
        if isinstance(texts[tag], str) and texts[tag].strip()
    )


def _keywords(keywords: Mapping[str, list[str]], lang: str) -> tuple[m.Keyword, ...]:
    return tuple(
        m.Keyword(value=word.strip(), lang=tag)
        for tag in _ordered(keywords, lang)
        for word in keywords[tag] or ()
        if isinstance(word, str) and word.strip()
    )


def _authors(submission: Submission) -> list[Author]:
    return list(Author.objects.filter(submission_id=submission.pk).order_by("order", "pk"))


def _contributor(author: Author) -> m.Contributor:
    return m.Contributor(
        surname=author.surname,
        given_names=author.given_names,
        orcid=author.orcid or None,
        email=author.email or None,
        affiliations=tuple(
            m.Affiliation(
                name=str(aff.get("name", "")).strip(),
                ror=aff.get("ror") or None,
                country=aff.get("country") or None,
            )
            for aff in author.affiliations
            if isinstance(aff, dict) and str(aff.get("name", "")).strip()
        ),
        credit_roles=tuple(r for r in author.credit_roles if r in m.CREDIT_ROLES),
        corresponding=author.corresponding,
    )


def _section_title(submission: Submission) -> str:
    section = submission.section
    if section is None:
        return ""
    return localized(section.title, submission.language, submission.journal.primary_language)


def _day(moment: datetime.datetime) -> m.PartialDate:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return m.PartialDate(moment.year, moment.month, moment.day)


def _accepted(submission: Submission) -> m.PartialDate | None:
    event = (
        StageEvent.objects.filter(submission_id=submission.pk, action=str(Action.ACCEPT))
        .order_by("-at", "-pk")
        .first()
    )
    return _day(event.at) if event is not None else None


def _valid_link(link: object) -> bool:
    return (
        isinstance(link, dict)
        and bool(str(link.get("identifier", "")).strip())
        and bool(str(link.get("identifier_type", "")).strip())
    )


def _related(link: Mapping[str, str]) -> m.RelatedObject:
    return m.RelatedObject(
        identifier=str(link["identifier"]).strip(),
        identifier_type=str(link["identifier_type"]).strip(),
        relation=str(link.get("relation") or "references"),
        kind=str(link.get("kind") or ""),
    )
