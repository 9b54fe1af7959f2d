"""Checking what an author sends: multilingual texts, authors, links to datasets and
software. Each function returns the normalised value and adds a sentence per problem to
an ``errors`` dict under its path (``title.fr``, ``authors[1].orcid``,
``links[0].identifier``); the caller raises `submissions.SubmissionInvalid` when any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sankofa.archive import queries
from sankofa.core.actors import Actor
from sankofa.core.formats.article.model import CREDIT_ROLES
from sankofa.core.identifiers.ark import Ark, ArkError
from sankofa.core.identifiers.doi import Doi, DoiError
from sankofa.core.identifiers.orcid import Orcid, OrcidError
from sankofa.core.identifiers.ror import Ror, RorError
from sankofa.datasets.errors import NotFound
from sankofa.datasets.resolving import resolve_any
from sankofa.swhid.identifiers import SWHIDError, parse_swhid

__all__ = [
    "LINK_KINDS",
    "LINK_RELATIONS",
    "MAX_AUTHORS",
    "MAX_KEYWORDS",
    "MAX_LINKS",
    "check_authors",
    "check_keywords",
    "check_link_identifier",
    "check_links",
    "check_long_text",
    "check_texts",
]

LINK_KINDS = ("dataset", "software")
LINK_RELATIONS = ("references", "isSupplementedBy")
MAX_AUTHORS = 200
MAX_KEYWORDS = 50
MAX_LINKS = 50
MAX_TITLE = 1000
MAX_ABSTRACT = 20_000
MAX_KEYWORD = 200
_COUNTRY = re.compile(r"[A-Z]{2}")
Errors = dict[str, str]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def check_texts(
    field: str,
    texts: object,
    languages: Sequence[str],
    errors: Errors,
    *,
    max_length: int,
) -> dict[str, str]:
    """``{lang: text}`` with blank texts dropped; a tag not in `languages`, a text that is
    not a string or one longer than `max_length` is an error at ``<field>.<lang>``."""
    if not isinstance(texts, Mapping):
        errors[field] = _("Expected texts by language.")
        return {}
    result: dict[str, str] = {}
    for lang, value in texts.items():
        path = f"{field}.{lang}"
        if not isinstance(value, str):
            errors[path] = _("Expected a text.")
            continue
        text = value.strip()
        if not text:
            continue
        if lang not in languages:
            errors[path] = _("The journal does not publish in %(lang)s.") % {"lang": lang}
        elif len(text) > max_length:
            errors[path] = _("At most %(n)d characters.") % {"n": max_length}
        else:
            result[str(lang)] = text
    return result


def check_keywords(
    keywords: object, languages: Sequence[str], errors: Errors
) -> dict[str, list[str]]:
    """``{lang: [keyword, ...]}`` stripped, blank ones dropped, duplicates (ignoring case)
    kept once, at most `MAX_KEYWORDS` per language of at most `MAX_KEYWORD` characters."""
    if not isinstance(keywords, Mapping):
        errors["keywords"] = _("Expected keywords by language.")
        return {}
    result: dict[str, list[str]] = {}
    for lang, values in keywords.items():
        path = f"keywords.{lang}"
        if isinstance(values, str) or not isinstance(values, Iterable):
            errors[path] = _("Expected a list of keywords.")
            continue
        kept: dict[str, str] = {}
        for value in values:
            word = _text(value)
            if word:
                kept.setdefault(word.casefold(), word)
        if not kept:
            continue
        if lang not in languages:
            errors[path] = _("The journal does not publish in %(lang)s.") % {"lang": lang}
        elif len(kept) > MAX_KEYWORDS:
            errors[path] = _("At most %(n)d keywords.") % {"n": MAX_KEYWORDS}
        elif any(len(w) > MAX_KEYWORD for w in kept.values()):
            errors[path] = _("A keyword has at most %(n)d characters.") % {"n": MAX_KEYWORD}
        else:
            result[str(lang)] = list(kept.values())
    return result


def check_long_text(field: str, value: object, max_length: int, errors: Errors) -> str:
    """`value` stripped; not a string or longer than `max_length` is an error."""
    if not isinstance(value, str):
        errors[field] = _("Expected a text.")
        return ""
    if len(value.strip()) > max_length:
        errors[field] = _("At most %(n)d characters.") % {"n": max_length}
    return value.strip()


# ---------------------------------------------------------------- authors


def _affiliations(path: str, value: object, errors: Errors) -> list[dict[str, str]]:
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        errors[path] = _("Expected a list of affiliations.")
        return []
    result = []
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        if not isinstance(item, Mapping):
            errors[here] = _("Expected an affiliation.")
            continue
        name, ror, country = (_text(item.get(k)) for k in ("name", "ror", "country"))
        if not (name or ror or country):
            continue
        entry = {"name": name}
        if not name:
            errors[f"{here}.name"] = _("Give the name of the institution.")
        if ror:
            try:
                entry["ror"] = Ror.parse(ror).uri
            except RorError as exc:
                errors[f"{here}.ror"] = str(exc)
        if country:
            if _COUNTRY.fullmatch(country.upper()):
                entry["country"] = country.upper()
            else:
                errors[f"{here}.country"] = _("A two-letter country code such as GH or BR.")
        result.append(entry)
    return result


def _credit(path: str, value: object, errors: Errors) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        errors[path] = _("Expected a list of CRediT roles.")
        return []
    terms = list(dict.fromkeys(_text(v) for v in value if _text(v)))
    unknown = [t for t in terms if t not in CREDIT_ROLES]
    if unknown:
        errors[path] = _("Not a CRediT role: %(terms)s.") % {"terms": ", ".join(unknown)}
    return [t for t in CREDIT_ROLES if t in terms]


def _author(
    i: int, raw: Mapping[str, Any], own_user_id: int | None, errors: Errors
) -> dict[str, Any]:
    path = f"authors[{i}]"
    author: dict[str, Any] = {
        "order": i,
        "given_names": _text(raw.get("given_names"))[:200],
        "surname": _text(raw.get("surname"))[:200],
        "email": _text(raw.get("email")),
        "orcid": "",
        "corresponding": bool(raw.get("corresponding")),
        "affiliations": _affiliations(f"{path}.affiliations", raw.get("affiliations"), errors),
        "credit_roles": _credit(f"{path}.credit_roles", raw.get("credit_roles"), errors),
        "user_id": None,
    }
    if not author["surname"]:
        errors[f"{path}.surname"] = _("Give the author's surname.")
    if author["email"]:
        try:
            validate_email(author["email"])
        except ValidationError:
            errors[f"{path}.email"] = _("Not an e-mail address.")
    orcid = _text(raw.get("orcid"))
    if orcid:
        try:
            author["orcid"] = Orcid.parse(orcid).hyphenated
        except OrcidError as exc:
            errors[f"{path}.orcid"] = str(exc)
    user_id = raw.get("user_id")
    if user_id not in (None, ""):
        if own_user_id is not None and str(user_id) == str(own_user_id):
            author["user_id"] = own_user_id
        else:
            errors[f"{path}.user_id"] = _("You may link only yourself to an author.")
    return author


def check_authors(authors: object, own_user_id: int | None, errors: Errors) -> list[dict[str, Any]]:
    """The authors as the fields of `Author` rows (see `submissions.set_authors`)."""
    if isinstance(authors, str | bytes | Mapping) or not isinstance(authors, Iterable):
        errors["authors"] = _("Expected a list of authors.")
        return []
    result = []
    for i, raw in enumerate(authors):
        if not isinstance(raw, Mapping):
            errors[f"authors[{i}]"] = _("Expected an author.")
            continue
        result.append(_author(i, raw, own_user_id, errors))
    if not result and "authors" not in errors:
        errors["authors"] = _("Name at least one author.")
    elif len(result) > MAX_AUTHORS:
        errors["authors"] = _("At most %(n)d authors.") % {"n": MAX_AUTHORS}
    elif result and not any(a["corresponding"] and a["email"] for a in result):
        errors["authors"] = _("Mark at least one author with an e-mail address as corresponding.")
    return result


# ---------------------------------------------------------------- links


def check_link_identifier(actor: Actor, text: str) -> tuple[str, str]:
    """``(identifier_type, normalised identifier)`` of a DOI, ARK or SWHID; ValueError
    with the sentence to show otherwise. An ARK must name a dataset of this node; a SWHID's
    object must be in this node's archive (contents, directories, revisions, releases and
    snapshots are all kinds the archive holds)."""
    if text.startswith("swh:"):
        return "SWHID", _swhid(actor, text)
    if "ark:" in text.lower():
        return "ARK", _ark(text)
    try:
        return "DOI", str(Doi.parse(text))
    except DoiError:
        raise ValueError(
            _("Give a DOI (10.…), an ARK (ark:…) or a SWHID (swh:1:…) of a dataset or software.")
        ) from None


def _swhid(actor: Actor, text: str) -> str:
    try:
        swhid = parse_swhid(text)
    except SWHIDError as exc:
        raise ValueError(str(exc)) from None
    if swhid.core not in queries.known(actor, [swhid.core]):
        raise ValueError(_("%(swhid)s is not in this node's archive.") % {"swhid": swhid.core})
    return str(swhid)


def _ark(text: str) -> str:
    try:
        ark = Ark.parse(text if text.lower().startswith("ark:") else text[text.find("ark:") :])
    except ArkError as exc:
        raise ValueError(str(exc)) from None
    try:
        resolve_any(str(ark))
    except NotFound:
        raise ValueError(_("No dataset of this node has the ARK %(ark)s.") % {"ark": ark}) from None
    return str(ark)


def check_links(actor: Actor, links: object, errors: Errors) -> list[dict[str, str]]:
    """The links as stored in `Submission.links`; blank rows are dropped, repeats kept
    once."""
    if isinstance(links, str | bytes | Mapping) or not isinstance(links, Iterable):
        errors["links"] = _("Expected a list of links.")
        return []
    result: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for i, raw in enumerate(links):
        path = f"links[{i}]"
        if not isinstance(raw, Mapping):
            errors[path] = _("Expected a link.")
            continue
        text, kind, relation = (_text(raw.get(k)) for k in ("identifier", "kind", "relation"))
        if not text:
            if kind or relation:
                errors[f"{path}.identifier"] = _("Give the identifier.")
            continue
        if kind not in LINK_KINDS:
            errors[f"{path}.kind"] = _("Choose dataset or software.")
        if relation not in LINK_RELATIONS:
            errors[f"{path}.relation"] = _("Choose references or isSupplementedBy.")
        try:
            kind_of_id, identifier = check_link_identifier(actor, text)
        except ValueError as exc:
            errors[f"{path}.identifier"] = str(exc)
            continue
        key = (identifier, kind, relation)
        if key not in seen:
            seen.add(key)
            result.append(
                {
                    "identifier": identifier,
                    "identifier_type": kind_of_id,
                    "kind": kind,
                    "relation": relation,
                }
            )
    if len(result) > MAX_LINKS:
        errors["links"] = _("At most %(n)d links.") % {"n": MAX_LINKS}
    return result
