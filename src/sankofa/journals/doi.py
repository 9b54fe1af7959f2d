"""DOIs of published articles, registered at Crossref or DataCite by jobs after commit.

A journal mints DOIs when its ``doi_provider`` is ``crossref`` (with ``doi_prefix``) or
``datacite`` (with ``doi_prefix``, else the node's ``SANKOFA_DATACITE_PREFIX``; the node's
DataCite account must be configured, as for datasets). Each article it publishes gets
the DOI ``<prefix>/<journal slug>.<article pk>``, lower-cased (``10.5555/ajs.42``): the
primary key never changes and the DOI is stored on the article when it is assigned, so a
later change of the journal's slug or prefix never changes an existing DOI. An article
that arrives with a DOI is left alone when its ``doi_state`` is ``external`` (imported,
registered elsewhere); a DOI under the journal's prefix that is not yet registered is
registered as it is.

`on_published` (called by `events.article_published`, in the publishing transaction)
sets ``article.doi``, writes it into the article's metadata, sets ``doi_state`` to
``pending`` and enqueues the job ``journals.doi_register``; `on_updated` and
`on_retracted` enqueue it again for an article whose DOI this node registers. The job
reads the article when it runs and sends its *current* state, so jobs are idempotent:

* Crossref: a deposit (`sankofa.core.formats.article.crossref.deposit`, schema 5.3.1) of
  the article, posted with `crossref_client.upload` to ``SANKOFA_CROSSREF_DEPOSIT_URL``
  (default Crossref's production deposit URL) with the journal's Crossref login. Batch id
  ``<slug>-<pk>-<timestamp>``, timestamp ``YYYYMMDDhhmmssfff`` (UTC, grows with each
  deposit), depositor the journal's depositor name and e-mail, registrant the journal's
  publisher (else its title), resource the article's landing page. A retracted article
  is deposited again with the same resource URL, so the DOI keeps resolving, to the
  tombstone page.
* DataCite: the article as a ``JournalArticle`` resource
  (`sankofa.core.formats.article.datacite`) in kernel-4.6 XML, ``PUT /dois/{doi}`` with
  the event ``publish`` and the landing page as URL, through the node's DataCite client
  (`sankofa.datasets.datacite_client`). A retracted article stays findable (retractions
  must stay discoverable) with a ``Withdrawn`` date; its URL shows the tombstone.

Outcomes: Crossref accepting the file (HTTP 200, "SUCCESS") or DataCite answering
``findable`` makes ``doi_state`` ``registered``. Unreachable, timing out, 429 or 5xx: the
attempt fails and the job runs again after 1, 2, 4… minutes (12 attempts, at most an
hour apart); after the last one ``doi_state`` is ``failed``. A refusal (bad login, a
deposit rejected, a journal missing its depositor or login) fails at once, ``failed``,
with the reason in the job's error; `sankofa jobs retry ID` runs it again once fixed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch

from sankofa.core.actors import Actor
from sankofa.core.formats import datacite_rest
from sankofa.core.formats.article import crossref, json_form
from sankofa.core.formats.article import datacite as article_datacite
from sankofa.core.formats.article import model as m
from sankofa.core.formats.datacite.model import Date
from sankofa.core.formats.datacite.vocabulary import DateType
from sankofa.core.jobs import PermanentError, enqueue, task
from sankofa.core.jobs.models import Job
from sankofa.core.jobs.registry import lookup
from sankofa.core.jobs.runner import worker_name
from sankofa.datasets.datacite_client import (
    DataCiteAccount,
    DataCiteClient,
    DataCiteRefused,
    DataCiteUnavailable,
)
from sankofa.journals import crossref_client, links
from sankofa.journals.crossref_client import CrossrefRefused, CrossrefUnavailable
from sankofa.journals.models import Article, Journal
from sankofa.journals.texts import localized

__all__ = [
    "TASK",
    "datacite_account",
    "deposit_xml",
    "doi_for",
    "journal_metadata",
    "landing_url",
    "on_published",
    "on_retracted",
    "on_updated",
    "prefix_of",
    "register_doi",
    "register_tasks",
    "send",
]

TASK = "journals.doi_register"
MAX_ATTEMPTS = 12
BACKOFF = 60.0
MAX_BACKOFF = 3600.0
TIMEOUT = 600.0


def datacite_account(prefix: str = "") -> DataCiteAccount | None:
    """The node's DataCite account (``SANKOFA_DATACITE_*``) with `prefix` (else the node's
    prefix), or None when DataCite is not configured."""
    names = ("SANKOFA_DATACITE_URL", "SANKOFA_DATACITE_USER", "SANKOFA_DATACITE_PASSWORD")
    url, user, password = (str(getattr(settings, name, "") or "") for name in names)
    prefix = prefix or str(getattr(settings, "SANKOFA_DATACITE_PREFIX", "") or "")
    if not (url and user and password and prefix):
        return None
    timeout = float(getattr(settings, "SANKOFA_DATACITE_TIMEOUT", 30.0))
    return DataCiteAccount(url.rstrip("/"), user, password, prefix, timeout)


def prefix_of(journal: Journal) -> str | None:
    """The DOI prefix the journal mints under, or None when it mints no DOIs."""
    if journal.doi_provider == Journal.DoiProvider.CROSSREF:
        return journal.doi_prefix.strip() or None
    if journal.doi_provider == Journal.DoiProvider.DATACITE:
        account = datacite_account(journal.doi_prefix.strip())
        return account.prefix if account is not None else None
    return None


def doi_for(journal: Journal, article: Article) -> str:
    """``<prefix>/<journal slug>.<article pk>``, lower-cased (the journal must mint DOIs)."""
    prefix = prefix_of(journal)
    if prefix is None:
        raise ValueError(f"journal {journal.slug} mints no DOIs")
    return f"{prefix}/{journal.slug}.{article.pk}".lower()


def landing_url(article: Article) -> str:
    """The article's page, ``<base>/<lang>/journals/<slug>/articles/<pk>/`` in the
    journal's page language (`links.article_url`; the same path built here when the
    reading pages are not installed)."""
    try:
        return links.article_url(article)
    except NoReverseMatch:
        journal = article.journal
        return links.absolute(
            f"/{links.page_language(journal)}/journals/{journal.slug}/articles/{article.pk}/"
        )


def _managed(article: Article) -> bool:
    """Whether the article's DOI is one this node registers."""
    prefix = prefix_of(article.journal)
    return (
        bool(article.doi)
        and prefix is not None
        and article.doi_state != Article.DoiState.EXTERNAL
        and str(article.doi).startswith(prefix.lower() + "/")
    )


def on_published(actor: Actor, article: Article) -> None:
    """Give a newly published article its DOI (see the module docstring) and enqueue its
    registration; nothing when the journal mints no DOIs or the DOI is someone else's."""
    journal = article.journal
    if prefix_of(journal) is None or article.doi_state == Article.DoiState.EXTERNAL:
        return
    if not article.doi:
        doi = doi_for(journal, article)
        if Article.objects.filter(doi=doi).exclude(pk=article.pk).exists():
            return  # taken by an imported article: leave this one without a DOI
        article.doi = doi
        metadata = json_form.from_json(article.metadata)
        article.metadata = json_form.to_json(replace(metadata, doi=doi))
    if not _managed(article):
        return
    article.doi_state = Article.DoiState.PENDING
    article.save(update_fields=["doi", "doi_state", "metadata"])
    enqueue(actor, TASK, article.pk)


def on_updated(actor: Actor, article: Article) -> None:
    """Send the article's new metadata (a new deposit) when this node registers its DOI."""
    if _managed(article):
        Article.objects.filter(pk=article.pk).update(doi_state=Article.DoiState.PENDING)
        article.doi_state = Article.DoiState.PENDING
        enqueue(actor, TASK, article.pk)


def on_retracted(actor: Actor, article: Article) -> None:
    """Deposit the retracted article again: its DOI keeps resolving, to the tombstone."""
    on_updated(actor, article)


def journal_metadata(journal: Journal) -> m.Journal:
    """The journal as the article formats know it, from its settings on this node."""
    return m.Journal(
        title=localized(journal.title, journal.primary_language, journal.primary_language)
        or journal.slug,
        abbrev_title=journal.abbreviation,
        issn_print=journal.issn_print or None,
        issn_online=journal.issn_online or None,
        publisher=journal.publisher,
        journal_id=journal.slug,
    )


def _metadata(article: Article) -> m.Article:
    """The metadata to register: the article's, with this journal and the article's DOI."""
    metadata = json_form.from_json(article.metadata)
    return replace(metadata, journal=journal_metadata(article.journal), doi=article.doi)


def _timestamp(now: datetime | None = None) -> int:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return int(moment.strftime("%Y%m%d%H%M%S%f")[:-3])


def deposit_xml(article: Article, *, now: datetime | None = None) -> bytes:
    """The Crossref 5.3.1 deposit of `article` (see the module docstring); raises
    `CrossrefError` for what the deposit cannot hold, or a journal without a depositor."""
    journal = article.journal
    depositor = crossref.Depositor(journal.depositor_name.strip(), journal.depositor_email)
    stamp = _timestamp(now)
    return crossref.deposit(
        [_metadata(article)],
        batch_id=f"{journal.slug}-{article.pk}-{stamp}",
        timestamp=stamp,
        depositor=depositor,
        registrant=journal.publisher.strip() or journal_metadata(journal).title,
        resource_url=lambda _a: landing_url(article),
    )


def _deposit_crossref(article: Article) -> dict[str, Any]:
    journal = article.journal
    if not (journal.crossref_username and journal.crossref_password):
        raise PermanentError(f"journal {journal.slug} has no Crossref login")
    try:
        xml = deposit_xml(article)
    except crossref.CrossrefError as exc:
        raise PermanentError(f"the deposit of {article.doi} cannot be written: {exc}") from None
    account = crossref_client.CrossrefAccount(
        url=str(
            getattr(settings, "SANKOFA_CROSSREF_DEPOSIT_URL", "")
            or crossref_client.DEFAULT_DEPOSIT_URL
        ),
        login_id=journal.crossref_username,
        password=journal.crossref_password,
        timeout=float(getattr(settings, "SANKOFA_CROSSREF_TIMEOUT", 60.0)),
    )
    try:
        answer = crossref_client.upload(account, f"{journal.slug}-{article.pk}.xml", xml)
    except CrossrefRefused as exc:
        raise PermanentError(str(exc)) from None
    return {"doi": article.doi, "crossref": answer, "state": "registered"}


def _register_datacite(article: Article) -> dict[str, Any]:
    account = datacite_account(article.journal.doi_prefix.strip())
    if account is None or article.doi is None:
        raise PermanentError("DataCite is not configured on this node")
    resource = article_datacite.resource(_metadata(article), doi=article.doi)
    if article.state == Article.State.RETRACTED:
        withdrawn = Date(value=article.updated.date().isoformat(), date_type=DateType.WITHDRAWN)
        resource = replace(resource, dates=(*resource.dates, withdrawn))
    xml = datacite_rest.kernel46(resource, f"{settings.SANKOFA_BASE_URL}/")
    document = datacite_rest.body(
        article.doi, event="publish", url=landing_url(article), xml=xml, with_id=True
    )
    try:
        answer = DataCiteClient(account).update(article.doi, document)
    except DataCiteRefused as exc:
        raise PermanentError(str(exc)) from None
    state = datacite_rest.state_of(answer)
    if state != "findable":
        raise PermanentError(f"DataCite answered state {state!r} for {article.doi}")
    return {"doi": article.doi, "datacite": state, "state": "registered"}


def _set_state(article_id: int, state: str) -> None:
    Article.objects.filter(pk=article_id).update(doi_state=state)


def _last_attempt(article_id: int) -> bool:
    """Whether the running job registering `article_id` is on its last attempt."""
    rows = Job.objects.filter(name=TASK, status=Job.Status.RUNNING, worker=worker_name())
    for job in rows:
        if job.arguments.get("args") == [article_id]:
            return bool(job.attempts >= job.max_attempts)
    return False


def send(article_id: int) -> dict[str, Any]:
    """Send the article's current state to its registration agency (see the module
    docstring) and record the outcome in ``doi_state``."""
    article = Article.objects.select_related("journal").filter(pk=article_id).first()
    if article is None or not _managed(article):
        return {"skipped": "no DOI this node registers"}
    try:
        if article.journal.doi_provider == Journal.DoiProvider.CROSSREF:
            done = _deposit_crossref(article)
        else:
            done = _register_datacite(article)
    except PermanentError:
        _set_state(article_id, Article.DoiState.FAILED)
        raise
    except (CrossrefUnavailable, DataCiteUnavailable):
        if _last_attempt(article_id):
            _set_state(article_id, Article.DoiState.FAILED)
        raise
    _set_state(article_id, Article.DoiState.REGISTERED)
    return done


@task(TASK, max_attempts=MAX_ATTEMPTS, backoff=BACKOFF, max_backoff=MAX_BACKOFF, timeout=TIMEOUT)
def register_doi(actor: Actor, article_id: int) -> dict[str, Any]:
    """Register (or update) the DOI of article `article_id` (see `send`)."""
    return send(article_id)


def register_tasks() -> None:
    """Check that the job ``journals.doi_register`` is known to the job registry (importing
    this module registers it; the journals app calls this when Django starts)."""
    lookup(TASK)
