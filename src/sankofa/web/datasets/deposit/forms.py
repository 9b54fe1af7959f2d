"""Forms of the deposit pages; errors are tied to their fields for assistive technology.

The metadata of a draft is one main form and six repeated groups (Django formsets,
prefixed by their group name: titles, creators, related, funding, dates, places). A
group gets another empty row when the page is sent with ``add=<group>``: no script is
needed. `MetadataForms` holds them together and places the validator's messages on the
fields they concern.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sankofa.core.formats.datacite.vocabulary import (
    DateType,
    RelatedIdentifierType,
    RelationType,
    ResourceTypeGeneral,
)
from sankofa.datasets.models import Version
from sankofa.web.accounts.forms import AccessibleForm
from sankofa.web.datasets.deposit import conversion
from sankofa.web.datasets.deposit.conversion import Built, Json

MAX_ROWS = 100
_LANG_HELP = _("A language tag such as en, fr or sw.")


def _text(label: Any, max_length: int = 500, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _choices(values: Any, blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *((str(v), str(v)) for v in values)]


def _choice(label: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, **kwargs)


class TitleRow(AccessibleForm):
    title = _text(_("Title"), 1000)
    lang = _text(_("Language of the title"), 35, help_text=_LANG_HELP)
    title_type = _choice(
        _("Kind of title"),
        [
            ("", _("Main title")),
            ("AlternativeTitle", _("Alternative title")),
            ("Subtitle", _("Subtitle")),
            ("TranslatedTitle", _("Translated title")),
            ("Other", _("Other")),
        ],
    )


class CreatorRow(AccessibleForm):
    name = _text(_("Name"), 500, help_text=_("Family name, given names; or an organisation."))
    name_type = _choice(
        _("Person or organisation"),
        [
            ("", _("Not said")),
            ("Personal", _("Person")),
            ("Organizational", _("Organisation")),
        ],
    )
    given_name = _text(_("Given names"), 300)
    family_name = _text(_("Family name"), 300)
    orcid = _text(_("ORCID iD"), 100, help_text=_("Such as 0000-0002-1825-0097."))
    affiliation = _text(_("Affiliation"), 500)
    ror = _text(_("ROR id of the affiliation"), 100, help_text=_("Such as 05dxps055."))


class RelatedRow(AccessibleForm):
    identifier = _text(
        _("Identifier"),
        2000,
        help_text=_("A DOI, ARK, URL, or the SWHID of software archived here."),
    )
    identifier_type = _choice(_("Kind of identifier"), _choices(RelatedIdentifierType, _("Choose")))
    relation_type = _choice(
        _("Relation"),
        _choices(RelationType, _("Choose")),
        help_text=_("How this dataset relates to it: IsSupplementedBy for its software."),
    )


class FundingRow(AccessibleForm):
    funder_name = _text(_("Funder"), 500)
    funder_identifier = _text(
        _("Funder identifier"), 500, help_text=_("A ROR id or a Crossref Funder ID.")
    )
    award_number = _text(_("Award number"), 200)


class DateRow(AccessibleForm):
    date = _text(
        _("Date"), 100, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 2020/2021.")
    )
    date_type = _choice(_("Kind of date"), _choices(DateType, _("Choose")))


class PlaceRow(AccessibleForm):
    place = _text(_("Place name"), 500)
    latitude = _text(_("Latitude"), 40, help_text=_("Degrees, from -90 to 90."))
    longitude = _text(_("Longitude"), 40, help_text=_("Degrees, from -180 to 180."))


ROW_FORMS: dict[str, type[AccessibleForm]] = {
    "titles": TitleRow,
    "creators": CreatorRow,
    "related": RelatedRow,
    "funding": FundingRow,
    "dates": DateRow,
    "places": PlaceRow,
}
ROW_LEGENDS = {
    "titles": _("Title"),
    "creators": _("Creator"),
    "related": _("Related identifier"),
    "funding": _("Funding"),
    "dates": _("Date"),
    "places": _("Place"),
}
GROUP_TITLES = {
    "titles": _("Titles"),
    "creators": _("Creators"),
    "related": _("Related identifiers"),
    "funding": _("Funding"),
    "dates": _("Dates"),
    "places": _("Places"),
}
ADD_LABELS = {
    "titles": _("Add another title"),
    "creators": _("Add another creator"),
    "related": _("Add another related identifier"),
    "funding": _("Add another funder"),
    "dates": _("Add another date"),
    "places": _("Add another place"),
}


def _licence_choices() -> list[tuple[str, Any]]:
    offered = [(key, f"{name} ({key})") for key, (name, _uri) in conversion.LICENCES.items()]
    return [
        ("", _("No licence given")),
        *offered,
        (conversion.OTHER_LICENCE, _("Another licence (give its SPDX identifier)")),
    ]


class MainForm(AccessibleForm):
    publisher = _text(
        _("Publisher"), 500, help_text=_("Who makes the dataset available: usually this node.")
    )
    publication_year = _text(
        _("Publication year"), 4, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    resource_type_general = _choice(
        _("Type of resource"), _choices(ResourceTypeGeneral, _("Choose"))
    )
    resource_type = _text(
        _("Type, in your words"), 300, help_text=_("Such as: Time series of rainfall.")
    )
    description = _text(_("Abstract"), 20000, widget=forms.Textarea(attrs={"rows": 6}))
    description_lang = _text(_("Language of the abstract"), 35, help_text=_LANG_HELP)
    subjects = _text(
        _("Keywords"),
        5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One keyword or phrase per line."),
    )
    language = _text(_("Language of the dataset"), 35, help_text=_LANG_HELP)
    version = _text(_("Version"), 100, help_text=_("Your own version label, such as 1.0."))
    licence = forms.ChoiceField(label=_("Licence"), choices=_licence_choices, required=False)
    licence_other = _text(
        _("Other licence"), 100, help_text=_("An SPDX identifier such as CC-BY-NC-4.0.")
    )


class MetadataForms:
    """The main form and the formset of each group, bound to one submission or unbound."""

    def __init__(self, data: QueryDict | None = None, initial: Json | None = None) -> None:
        main, rows = conversion.from_attributes(initial)
        self.main = MainForm(data, initial=main) if data is not None else MainForm(initial=main)
        self.groups: dict[str, BaseFormSet[Any]] = {}
        for kind in conversion.ROW_KINDS:
            factory = formset_factory(
                ROW_FORMS[kind], extra=0 if rows[kind] else 1, max_num=MAX_ROWS, validate_max=True
            )
            if data is not None:
                self.groups[kind] = factory(data, prefix=kind)
            else:
                self.groups[kind] = factory(initial=rows[kind], prefix=kind)
        self.unplaced: list[tuple[str, str]] = []

    @classmethod
    def with_row_added(cls, data: QueryDict, kind: str) -> MetadataForms:
        """The submitted forms with one more empty row in group `kind` (if there is room)."""
        more = data.copy()
        total = f"{kind}-TOTAL_FORMS"
        count = more.get(total, "")
        if count.isdigit() and int(count) < MAX_ROWS:
            more[total] = str(int(count) + 1)
        return cls(more)

    def is_valid(self) -> bool:
        results = [self.main.is_valid(), *(g.is_valid() for g in self.groups.values())]
        return all(results)

    def attributes(self, stored: Json | None) -> Built:
        rows = {kind: list(group.cleaned_data) for kind, group in self.groups.items()}
        return conversion.to_attributes(self.main.cleaned_data, rows, stored)

    def place(self, errors: Mapping[str, str], built: Built) -> None:
        """Show each validation message next to its field (or in the list of the rest)."""
        for path, message in errors.items():
            spot = conversion.locate(path, built)
            if spot is None:
                self.unplaced.append((path, message))
            elif spot.group == "main":
                name = spot.field
                if name == "licence" and self.main.cleaned_data.get("licence") == "other":
                    name = "licence_other"
                self._refuse(self.main, name, message)
            elif spot.row is None:
                # shown above the group's rows (the formset's own error list)
                self.groups[spot.group].non_form_errors().append(message)
            else:
                self._refuse(self.groups[spot.group].forms[spot.row], spot.field, message)

    @staticmethod
    def _refuse(form: AccessibleForm, name: str | None, message: str) -> None:
        if name is not None and name in form.errors:
            return  # one message per field: the first
        form.refuse(name, message)

    def error_count(self) -> int:
        count = len(self.unplaced) + sum(len(e) for e in self.main.errors.values())
        for group in self.groups.values():
            count += len(group.non_form_errors())
            count += sum(len(e) for form in group.forms for e in form.errors.values())
        return count

    def error_links(self) -> Iterator[tuple[str, str]]:
        """(anchor, message) of every error, in page order, for the summary at the top."""
        for name, errors in self.main.errors.items():
            anchor = self.main[name].auto_id if name in self.main.fields else "metadata"
            yield from ((f"#{anchor}", str(e)) for e in errors)
        for kind, group in self.groups.items():
            yield from ((f"#group-{kind}", str(e)) for e in group.non_form_errors())
            for form in group.forms:
                for name, errors in form.errors.items():
                    anchor = form[name].auto_id if name in form.fields else f"group-{kind}"
                    yield from ((f"#{anchor}", str(e)) for e in errors)
        yield from (("#metadata", f"{path}: {message}") for path, message in self.unplaced)

    def group_list(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "formset": self.groups[kind],
                "title": GROUP_TITLES[kind],
                "legend": ROW_LEGENDS[kind],
                "add_label": ADD_LABELS[kind],
            }
            for kind in conversion.ROW_KINDS
        ]


class UploadForm(AccessibleForm):
    file = forms.FileField(label=_("File"), allow_empty_file=True)


class AccessForm(AccessibleForm):
    access = forms.ChoiceField(
        label=_("Who may download the files"),
        choices=[
            (Version.Access.OPEN, _("Everyone (open)")),
            (Version.Access.EMBARGOED, _("Everyone after a date (embargoed)")),
            (Version.Access.RESTRICTED, _("People the owner lets in (restricted)")),
            (Version.Access.METADATA_ONLY, _("Nobody: publish the metadata only")),
        ],
        widget=forms.RadioSelect,
    )
    embargo_until = forms.DateField(
        label=_("Embargo ends on"),
        required=False,
        help_text=_("Only for an embargo: a date such as 2027-01-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CommunityChoiceForm(AccessibleForm):
    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("None: deposit on the node directly")), *choices]


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    version_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("publish", "publish"), ("return", "return")])
    message = forms.CharField(required=False, max_length=4000)


class CommunityForm(AccessibleForm):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=100,
        help_text=_("Lower-case letters, digits and '-', used in its address: ocean-data."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    review_required = forms.BooleanField(
        label=_("Curators review each deposit before it is published"), required=False
    )
