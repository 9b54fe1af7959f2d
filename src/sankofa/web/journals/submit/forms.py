"""Forms of the author's pages; errors are tied to their fields for assistive technology.

The edit page has a metadata form (texts in each of the journal's languages, cover
letter, data availability) with a group of link rows, and a group of author rows. A group
gets another empty row when the page is sent with ``add=<group>``: no script is needed.
`place_errors` puts the service's messages (paths such as ``authors[1].orcid``) on the
fields they concern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from sankofa.core.formats.article.model import CREDIT_ROLES
from sankofa.journals.models import Author, Submission
from sankofa.web.accounts.forms import AccessibleForm

MAX_ROWS = 100
_PATH = re.compile(r"(?P<group>authors|links)\[(?P<index>\d+)\](?:\.(?P<rest>.+))?")
_AUTHOR_FIELDS = {
    "given_names": "given_names",
    "surname": "surname",
    "email": "email",
    "orcid": "orcid",
    "credit_roles": "credit_roles",
    "user_id": "is_me",
    "affiliations": "affiliation",
}
_AFFILIATION_FIELDS = {"name": "affiliation", "ror": "ror", "country": "country"}


def _direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "auto"


def _text(label: Any, max_length: int = 500, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class StartForm(AccessibleForm):
    """The section and language of a new submission."""

    section = forms.TypedChoiceField(label=_("Section"), coerce=int, required=False)
    language = forms.ChoiceField(
        label=_("Language of the manuscript"),
        help_text=_("The title and abstract are required in this language."),
    )

    def __init__(
        self,
        *args: Any,
        sections: Sequence[tuple[int, str]],
        languages: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)
        section.choices = [("", _("No particular section")), *sections]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = list(languages)


class MetadataForm(AccessibleForm):
    """Title, abstract and keywords in each language, cover letter, data availability."""

    cover_letter = _text(
        _("Cover letter"),
        50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("To the editors only."),
    )
    data_availability = _text(
        _("Data availability statement"),
        10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the data and software behind the article can be found."),
    )

    def __init__(self, *args: Any, languages: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = list(languages)
        for code, name in self.languages:
            attrs = {"lang": code, "dir": _direction(code)}
            self.fields[f"title_{code}"] = _text(
                _("Title (%(language)s)") % {"language": name},
                1000,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"abstract_{code}"] = _text(
                _("Abstract (%(language)s)") % {"language": name},
                20_000,
                widget=forms.Textarea(attrs={"rows": 6, **attrs}),
            )
            self.fields[f"keywords_{code}"] = _text(
                _("Keywords (%(language)s)") % {"language": name},
                12_000,
                widget=forms.Textarea(attrs={"rows": 3, **attrs}),
                help_text=_("One keyword per line."),
            )
        self.order_fields(
            [f for f in self.fields if f not in ("cover_letter", "data_availability")]
        )
        self._describe()

    def per_language(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(language name, its three bound fields) for the template."""
        return [
            (name, [self[f"title_{code}"], self[f"abstract_{code}"], self[f"keywords_{code}"]])
            for code, name in self.languages
        ]

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments (without the links)."""
        data = self.cleaned_data
        codes = [code for code, _name in self.languages]
        return {
            "title": {c: data.get(f"title_{c}", "") for c in codes},
            "abstract": {c: data.get(f"abstract_{c}", "") for c in codes},
            "keywords": {c: data.get(f"keywords_{c}", "").splitlines() for c in codes},
            "cover_letter": data.get("cover_letter", ""),
            "data_availability": data.get("data_availability", ""),
        }

    @classmethod
    def initial_of(cls, submission: Submission) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "cover_letter": submission.cover_letter,
            "data_availability": submission.data_availability,
        }
        for code, text in submission.title.items():
            initial[f"title_{code}"] = text
        for code, text in submission.abstract.items():
            initial[f"abstract_{code}"] = text
        for code, words in submission.keywords.items():
            initial[f"keywords_{code}"] = "\n".join(words)
        return initial


class LinkRow(AccessibleForm):
    identifier = _text(
        _("Identifier"),
        2000,
        help_text=_("A DOI, the ARK of a dataset here, or the SWHID of software archived here."),
    )
    kind = forms.ChoiceField(
        label=_("What it is"),
        required=False,
        choices=[("", _("Choose")), ("dataset", _("A dataset")), ("software", _("Software"))],
    )
    relation = forms.ChoiceField(
        label=_("Relation"),
        required=False,
        choices=[
            ("", _("Choose")),
            ("isSupplementedBy", _("It comes with the article (isSupplementedBy)")),
            ("references", _("The article cites it (references)")),
        ],
    )


class AuthorRow(AccessibleForm):
    given_names = _text(_("Given names"), 200)
    surname = _text(_("Surname"), 200)
    email = _text(_("E-mail address"), 254)
    orcid = _text(_("ORCID iD"), 100, help_text=_("Such as 0000-0002-1825-0097."))
    affiliation = _text(_("Affiliation"), 500)
    ror = _text(_("ROR id of the affiliation"), 100, help_text=_("Such as 05dxps055."))
    country = _text(_("Country of the affiliation"), 2, help_text=_("Two letters, such as GH."))
    credit_roles = forms.MultipleChoiceField(
        label=_("Contributions (CRediT)"),
        required=False,
        choices=[(r, r) for r in CREDIT_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    corresponding = forms.BooleanField(label=_("Corresponding author"), required=False)
    is_me = forms.BooleanField(label=_("This author is me"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(f) for f in data if f != "is_me")

    def values(self, user_id: int | None) -> dict[str, Any]:
        data = self.cleaned_data
        affiliation = {k: data.get(v, "") for k, v in _AFFILIATION_FIELDS.items()}
        return {
            "given_names": data.get("given_names", ""),
            "surname": data.get("surname", ""),
            "email": data.get("email", ""),
            "orcid": data.get("orcid", ""),
            "affiliations": [affiliation],
            "credit_roles": data.get("credit_roles", []),
            "corresponding": data.get("corresponding", False),
            "user_id": user_id if data.get("is_me") else None,
        }


def author_initial(author: Author) -> dict[str, Any]:
    first = author.affiliations[0] if author.affiliations else {}
    ror = str(first.get("ror", ""))
    return {
        "given_names": author.given_names,
        "surname": author.surname,
        "email": author.email,
        "orcid": author.orcid,
        "affiliation": first.get("name", ""),
        "ror": ror.rsplit("/", 1)[-1],
        "country": first.get("country", ""),
        "credit_roles": author.credit_roles,
        "corresponding": author.corresponding,
        "is_me": author.user_id is not None,
    }


_Formset = type["BaseFormSet[Any]"]
LinkFormSet: _Formset = formset_factory(LinkRow, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS)
AuthorFormSet: _Formset = formset_factory(
    AuthorRow, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


def formset(
    kind: type[BaseFormSet[Any]],
    prefix: str,
    *,
    data: QueryDict | None = None,
    initial: list[dict[str, Any]] | None = None,
    add: bool = False,
) -> BaseFormSet[Any]:
    """A group of rows: bound to `data`, or from `initial` plus one blank row; with
    `add` one more blank row after what was sent (the sent values kept)."""
    if data is None:
        rows = [*(initial or []), {}]
        made = kind(prefix=prefix, initial=rows)
        made.extra = 0
        return made
    if not add:
        return kind(data, prefix=prefix)
    copy = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(copy.get(total_key, "0"))
    except ValueError:
        total = 0
    copy[total_key] = str(min(total + 1, MAX_ROWS))
    return kind(copy, prefix=prefix)


class UploadForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("What it is"),
        choices=[
            ("manuscript", _("The manuscript (replaces the one uploaded before)")),
            ("supplementary", _("A supplementary file")),
        ],
    )
    file = forms.FileField(label=_("File"))


class RevisionForm(AccessibleForm):
    manuscript = forms.FileField(label=_("Revised manuscript"))
    response = forms.FileField(label=_("Response to the reviewers"), required=False)
    other = forms.FileField(label=_("Another file"), required=False)
    note = _text(_("Note to the editor"), 20_000, widget=forms.Textarea(attrs={"rows": 4}))


def place_errors(
    errors: Mapping[str, str],
    *,
    metadata: MetadataForm | None = None,
    links: BaseFormSet[Any] | None = None,
    authors: BaseFormSet[Any] | None = None,
    author_rows: Sequence[int] = (),
) -> list[str]:
    """Put each message on its field; return those that fit no field shown.

    `author_rows` maps the index of an author sent to the service to its row in
    `authors` (blank rows are not sent)."""
    left: list[str] = []
    for path, message in errors.items():
        if not _place(path, message, metadata, links, authors, author_rows):
            left.append(message)
    return left


def _place(
    path: str,
    message: str,
    metadata: MetadataForm | None,
    links: BaseFormSet[Any] | None,
    authors: BaseFormSet[Any] | None,
    author_rows: Sequence[int],
) -> bool:
    match = _PATH.fullmatch(path)
    if match is None:
        if metadata is None:
            return False
        name = path.replace(".", "_")
        if name in metadata.fields:
            metadata.refuse(name, message)
            return True
        return False
    group, index, rest = match["group"], int(match["index"]), match["rest"] or ""
    if group == "links" and links is not None and index < len(links.forms):
        row, field = links.forms[index], rest
    elif group == "authors" and authors is not None and index < len(author_rows):
        row = authors.forms[author_rows[index]]
        head, _dot, tail = rest.partition(".")
        field = _AUTHOR_FIELDS.get(head.split("[", 1)[0], "")
        if head.startswith("affiliations[") and tail:
            field = _AFFILIATION_FIELDS.get(tail, field)
    else:
        return False
    row.refuse(field if field in row.fields else None, message)
    return True
