"""The checks on a journal's settings, one message per field (`sankofa.journals.journals`).

Each check takes the values as they would be stored and returns ``{field: message}``
for what is wrong; nothing here writes. The field names are the `Journal` attributes,
with ``title.<lang>`` or ``policies.<key>.<lang>`` for one language of a text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import langcodes
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sankofa.core.identifiers.issn import Issn, IssnError
from sankofa.journals.workflow import ReviewModel

__all__ = [
    "CC_LICENCES",
    "DOI_PROVIDERS",
    "POLICY_KEYS",
    "RESERVED_SLUGS",
    "journal_problems",
    "licence_name",
    "normal_issn",
    "normal_licence",
    "slug_problem",
]

# Words in journal paths that are pages, never a journal (/<lang>/journals/<word>/).
RESERVED_SLUGS: Final = frozenset({"new", "inbox", "submissions", "reviews", "manage", "ark"})

# The licences a journal may publish under: Creative Commons 4.0 licences and CC0 1.0.
CC_LICENCES: Final[tuple[tuple[str, str], ...]] = (
    ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"),
    ("https://creativecommons.org/licenses/by-nc/4.0/", "CC BY-NC 4.0"),
    ("https://creativecommons.org/licenses/by-nc-sa/4.0/", "CC BY-NC-SA 4.0"),
    ("https://creativecommons.org/licenses/by-nd/4.0/", "CC BY-ND 4.0"),
    ("https://creativecommons.org/licenses/by-nc-nd/4.0/", "CC BY-NC-ND 4.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
)
_LICENCE_NAMES: Final = dict(CC_LICENCES)

# The policies a journal states, each a multilingual text.
POLICY_KEYS: Final = ("review", "open_access", "archiving", "self_archiving")
DOI_PROVIDERS: Final = ("", "crossref", "datacite")

_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOI_PREFIX: Final = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*")


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be a journal's (or a section's) path word: its form, and the
    reserved words (which only journals must avoid); None when it can."""
    if not slug:
        return _("A path word (slug) is needed.")
    if len(slug) > 64 or not _SLUG.fullmatch(slug):
        return _(
            "Use lower-case letters a-z, digits and single hyphens between them "
            "(at most 64 characters), such as african-linguistics."
        )
    if slug in RESERVED_SLUGS:
        return _("“%(slug)s” is a reserved word of journal addresses; choose another.") % {
            "slug": slug
        }
    return None


def normal_licence(url: str) -> str | None:
    """The canonical form of a Creative Commons licence URL in `CC_LICENCES` (``http``
    or ``https``, with or without ``www.`` and the final slash), else None."""
    text = url.strip()
    text = re.sub(r"^https?://(www\.)?", "https://", text, flags=re.IGNORECASE)
    if text and not text.endswith("/"):
        text += "/"
    return text if text in _LICENCE_NAMES else None


def licence_name(url: str) -> str:
    """The short name of a licence URL (``CC BY 4.0``), or the URL itself if not known."""
    canonical = normal_licence(url)
    return _LICENCE_NAMES[canonical] if canonical else url


def normal_issn(text: str) -> str:
    """``NNNN-NNNC`` for an ISSN in any accepted form, "" for blank; IssnError if invalid."""
    return str(Issn.parse(text)) if text.strip() else ""


def journal_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with a journal's settings `values` (every `Journal` field that can be
    set: title, description, primary_language, languages, issn_print, issn_online,
    review_model, licence_url, policies, doi_* and depositor_*, crossref_*)."""
    problems: dict[str, str] = {}
    languages: Sequence[str] = values.get("languages") or ()
    primary = values.get("primary_language", "")
    problems.update(_language_problems(primary, languages))
    known = set(languages) if "languages" not in problems else set()
    title = values.get("title") or {}
    if not isinstance(title, Mapping):
        title = {}
    if not str(title.get(primary, "")).strip() and "primary_language" not in problems:
        problems["title"] = _("A journal needs a title in its primary language (%(lang)s).") % {
            "lang": primary
        }
    problems.update(_text_problems("title", title, known))
    problems.update(_text_problems("description", values.get("description") or {}, known))
    for key, texts in (values.get("policies") or {}).items():
        if key not in (*POLICY_KEYS, "competing_interests"):
            problems[f"policies.{key}"] = _("“%(key)s” is not one of the journal's policies.") % {
                "key": key
            }
        problems.update(_text_problems(f"policies.{key}", texts, known))
    problems.update(_issn_problems(values.get("issn_print", ""), values.get("issn_online", "")))
    if values.get("review_model") not in {str(m) for m in ReviewModel}:
        problems["review_model"] = _("Choose open, single-anonymous or double-anonymous review.")
    if normal_licence(values.get("licence_url", "")) is None:
        problems["licence_url"] = _(
            "Choose a Creative Commons licence (CC BY, BY-SA, BY-NC, BY-NC-SA, BY-ND or "
            "BY-NC-ND 4.0, or CC0 1.0)."
        )
    problems.update(_doi_problems(values))
    return problems


def _language_problems(primary: str, languages: Sequence[str]) -> dict[str, str]:
    message = _("“%(tag)s” is not a language tag (BCP 47, such as en, fr-CA or sw).")
    if not primary or not langcodes.tag_is_valid(primary):
        return {"primary_language": message % {"tag": primary}}
    bad = [tag for tag in languages if not tag or not langcodes.tag_is_valid(tag)]
    if bad:
        return {"languages": message % {"tag": bad[0]}}
    if primary not in languages:
        return {"languages": _("The primary language must be one of the journal's languages.")}
    return {}


def _text_problems(field: str, texts: Any, known: set[str]) -> dict[str, str]:
    if not isinstance(texts, Mapping):
        return {field: _("Expected a text per language.")}
    for lang, text in texts.items():
        if not isinstance(text, str):
            return {f"{field}.{lang}": _("Expected a text.")}
        if known and text.strip() and lang not in known:
            return {
                f"{field}.{lang}": _("“%(tag)s” is not one of the journal's languages.")
                % {"tag": lang}
            }
    return {}


def _issn_problems(issn_print: str, issn_online: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field, text in (("issn_print", issn_print), ("issn_online", issn_online)):
        try:
            normal_issn(text)
        except IssnError as exc:
            problems[field] = str(exc)
    if not problems and issn_print.strip() and normal_issn(issn_print) == normal_issn(issn_online):
        problems["issn_online"] = _("The online ISSN must differ from the print ISSN.")
    return problems


def _doi_problems(values: Mapping[str, Any]) -> dict[str, str]:
    provider = values.get("doi_provider", "")
    problems: dict[str, str] = {}
    if provider not in DOI_PROVIDERS:
        return {"doi_provider": _("Choose no DOIs, Crossref or DataCite.")}
    prefix = values.get("doi_prefix", "").strip()
    if prefix and not _DOI_PREFIX.fullmatch(prefix):
        problems["doi_prefix"] = _("A DOI prefix looks like 10.12345 (10, a dot and digits).")
    email = values.get("depositor_email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["depositor_email"] = _("Enter an e-mail address.")
    if not provider:
        return problems
    needed = ["doi_prefix"]
    if provider == "crossref":
        needed += ["depositor_name", "depositor_email", "crossref_username", "crossref_password"]
    for field in needed:
        if not str(values.get(field, "")).strip() and field not in problems:
            problems[field] = _("Needed to register DOIs.")
    return problems
