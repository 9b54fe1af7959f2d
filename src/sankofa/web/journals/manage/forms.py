"""Forms of the journal managers' pages (parsing only; `sankofa.journals.journals` decides).

A service's `JournalInvalid.errors` are put next to the fields they name with
`show_errors`: ``title.fr`` goes to the field ``title_fr``, ``policies.review.fr`` to
``policy_review_fr``, and ``title`` (the primary language's title) to the primary
language's title field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from sankofa.journals.journals import CC_LICENCES, POLICY_KEYS, SETTINGS
from sankofa.journals.models import Journal, Section
from sankofa.journals.roles import JOURNAL_ROLES

__all__ = [
    "IssueForm",
    "NewJournalForm",
    "PublishIssueForm",
    "SectionForm",
    "SettingsForm",
    "TeamForm",
    "show_errors",
]

REVIEW_MODELS = [
    (
        "double_anonymous",
        gettext_lazy("Double-anonymous: authors and reviewers do not see each other's names"),
    ),
    (
        "single_anonymous",
        gettext_lazy("Single-anonymous: reviewers see the authors' names, not the reverse"),
    ),
    ("open", gettext_lazy("Open: authors and reviewers see each other's names")),
]
POLICY_LABELS = {
    "review": gettext_lazy("Peer review policy"),
    "open_access": gettext_lazy("Open access policy"),
    "archiving": gettext_lazy("Archiving policy"),
    "self_archiving": gettext_lazy("Self-archiving policy"),
}
ROLE_LABELS = {
    "manager": gettext_lazy("Manager"),
    "editor": gettext_lazy("Editor"),
    "section_editor": gettext_lazy("Section editor"),
    "reviewer": gettext_lazy("Reviewer"),
    "copyeditor": gettext_lazy("Copyeditor"),
    "layout_editor": gettext_lazy("Layout editor"),
}
DOI_PROVIDERS = [
    ("", gettext_lazy("No DOIs (the node's ARKs only)")),
    ("crossref", "Crossref"),
    ("datacite", "DataCite"),
]


def _text(
    label: Any, *, required: bool = False, max_length: int = 300, **kw: Any
) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


def _area(label: Any, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": rows})
    )


def split_tags(text: str) -> list[str]:
    """Language tags written with spaces or commas between them."""
    return [t for t in re.split(r"[\s,]+", text.strip()) if t]


class NewJournalForm(forms.Form):
    slug = _text(
        gettext_lazy("Path word"),
        required=True,
        max_length=64,
        help_text=gettext_lazy("Lower-case letters, digits and hyphens: the journal's address."),
    )
    title = _text(gettext_lazy("Title"), required=True)
    language = _text(
        gettext_lazy("Primary language"),
        required=True,
        max_length=35,
        initial="en",
        help_text=gettext_lazy("A language tag such as en, fr or pt-BR."),
    )
    other_languages = _text(
        gettext_lazy("Other languages"),
        help_text=gettext_lazy("Language tags separated by spaces, e.g. fr sw."),
    )
    review_model = forms.ChoiceField(
        label=gettext_lazy("Peer review model"),
        choices=REVIEW_MODELS,
        initial="double_anonymous",
        widget=forms.RadioSelect,
    )
    licence_url = forms.ChoiceField(
        label=gettext_lazy("Licence of the articles"),
        choices=CC_LICENCES,
        initial=CC_LICENCES[0][0],
        widget=forms.RadioSelect,
    )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        primary = data["language"].strip()
        return {
            "primary_language": primary,
            "languages": [primary, *split_tags(data["other_languages"])],
            "review_model": data["review_model"],
            "licence_url": data["licence_url"],
        }


class SettingsForm(forms.Form):
    """The settings of one journal, with a title, description and each policy per language."""

    abbreviation = _text(gettext_lazy("Abbreviated title"), max_length=100)
    primary_language = _text(gettext_lazy("Primary language"), required=True, max_length=35)
    languages = _text(
        gettext_lazy("Languages"),
        required=True,
        help_text=gettext_lazy(
            "Language tags separated by spaces. Fields for a new language appear once "
            "saved; taking a language off the list removes its texts."
        ),
    )
    issn_print = _text(gettext_lazy("ISSN (print)"), max_length=20)
    issn_online = _text(gettext_lazy("ISSN (online)"), max_length=20)
    publisher = _text(gettext_lazy("Publisher"))
    review_model = forms.ChoiceField(
        label=gettext_lazy("Peer review model"), choices=REVIEW_MODELS, widget=forms.RadioSelect
    )
    licence_url = forms.ChoiceField(
        label=gettext_lazy("Licence of the articles"), choices=CC_LICENCES, widget=forms.RadioSelect
    )
    open_for_submissions = forms.BooleanField(
        label=gettext_lazy("Open for submissions"), required=False
    )
    doi_provider = forms.ChoiceField(
        label=gettext_lazy("DOI registration"), choices=DOI_PROVIDERS, required=False
    )
    doi_prefix = _text(gettext_lazy("DOI prefix"), max_length=64)
    depositor_name = _text(gettext_lazy("Depositor name"), max_length=200)
    depositor_email = _text(gettext_lazy("Depositor e-mail address"), max_length=254)
    crossref_username = _text(gettext_lazy("Crossref user name"), max_length=200)
    crossref_password = _text(
        gettext_lazy("Crossref password"),
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave blank to keep the stored password."),
    )

    def __init__(self, *args: Any, journal: Journal, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.journal = journal
        self.text_languages: list[str] = list(journal.languages)
        for lang in self.text_languages:
            self.fields[f"title_{lang}"] = _text(gettext_lazy("Title"), max_length=500)
            self.fields[f"description_{lang}"] = _area(gettext_lazy("Description"))
            for key in POLICY_KEYS:
                self.fields[f"policy_{key}_{lang}"] = _area(POLICY_LABELS[key])

    @staticmethod
    def initial_of(journal: Journal) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(journal, name) for name in _PLAIN - {"crossref_password"}
        }
        initial["languages"] = " ".join(journal.languages)
        for lang in journal.languages:
            initial[f"title_{lang}"] = journal.title.get(lang, "")
            initial[f"description_{lang}"] = journal.description.get(lang, "")
            for key in POLICY_KEYS:
                initial[f"policy_{key}_{lang}"] = journal.policies.get(key, {}).get(lang, "")
        return initial

    def per_language(self) -> list[tuple[str, list[forms.BoundField]]]:
        """For the template: each language with its title, description and policy fields."""
        names = ["title", "description", *(f"policy_{k}" for k in POLICY_KEYS)]
        return [(lang, [self[f"{n}_{lang}"] for n in names]) for lang in self.text_languages]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {k: data[k] for k in _PLAIN}
        fields["languages"] = split_tags(data["languages"])
        # a language taken off the list takes its texts with it
        kept = [lang for lang in self.text_languages if lang in fields["languages"]]
        title: dict[str, str] = {}
        description: dict[str, str] = {}
        policies: dict[str, dict[str, str]] = {key: {} for key in POLICY_KEYS}
        others = {k: v for k, v in self.journal.policies.items() if k not in POLICY_KEYS}
        for lang in kept:
            title[lang] = data[f"title_{lang}"]
            description[lang] = data[f"description_{lang}"]
            for key in POLICY_KEYS:
                policies[key][lang] = data[f"policy_{key}_{lang}"]
        fields.update(title=title, description=description, policies={**others, **policies})
        return fields


# the settings with one form field each (the texts per language are the others)
_PLAIN = frozenset(SETTINGS) - {"title", "description", "policies", "languages"}


class SectionForm(forms.Form):
    """A section: a new one (with its path word) or one to change; a title and a policy
    per language of the journal."""

    slug = _text(gettext_lazy("Path word"), required=True, max_length=64)
    peer_reviewed = forms.BooleanField(
        label=gettext_lazy("Peer reviewed"), required=False, initial=True
    )
    open_for_submissions = forms.BooleanField(
        label=gettext_lazy("Open for submissions"), required=False, initial=True
    )
    order = forms.IntegerField(label=gettext_lazy("Position"), min_value=0, required=False)

    def __init__(self, *args: Any, journal: Journal, section: Section | None = None, **kw: Any):
        if section is not None:
            kw.setdefault("initial", self.initial_of(section))
        super().__init__(*args, **kw)
        self.section = section
        self.text_languages = list(journal.languages)
        if section is not None:
            del self.fields["slug"]
        else:
            del self.fields["order"]
        for lang in self.text_languages:
            self.fields[f"title_{lang}"] = _text(gettext_lazy("Title"))
            self.fields[f"policy_{lang}"] = _area(gettext_lazy("Section policy"), rows=3)

    @staticmethod
    def initial_of(section: Section) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "peer_reviewed": section.peer_reviewed,
            "open_for_submissions": section.open_for_submissions,
            "order": section.order,
        }
        for lang, text in section.title.items():
            initial[f"title_{lang}"] = text
        for lang, text in section.policy.items():
            initial[f"policy_{lang}"] = text
        return initial

    def per_language(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (lang, [self[f"title_{lang}"], self[f"policy_{lang}"]]) for lang in self.text_languages
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "title": {lang: data[f"title_{lang}"] for lang in self.text_languages},
            "policy": {lang: data[f"policy_{lang}"] for lang in self.text_languages},
            "peer_reviewed": data["peer_reviewed"],
            "open_for_submissions": data["open_for_submissions"],
        }
        if self.section is not None and data.get("order") is not None:
            fields["order"] = data["order"]
        return fields


class IssueForm(forms.Form):
    """A new issue: year, volume, number, and a title per language of the journal."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1600, max_value=9999)
    volume = _text(gettext_lazy("Volume"), max_length=32)
    number = _text(gettext_lazy("Number"), max_length=32)

    def __init__(self, *args: Any, journal: Journal, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.text_languages = list(journal.languages)
        for lang in self.text_languages:
            self.fields[f"title_{lang}"] = _text(gettext_lazy("Title (optional)"))

    def titles(self) -> list[tuple[str, forms.BoundField]]:
        return [(lang, self[f"title_{lang}"]) for lang in self.text_languages]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        title = {lang: data[f"title_{lang}"] for lang in self.text_languages}
        return {k: data[k] for k in ("year", "volume", "number")} | {"title": title}


class PublishIssueForm(forms.Form):
    issue = forms.IntegerField(min_value=1)


class TeamForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the account"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(str(r), ROLE_LABELS[str(r)]) for r in JOURNAL_ROLES],
    )
    name = _text(
        gettext_lazy("Name on the masthead"),
        max_length=200,
        help_text=gettext_lazy("How the person is named on the journal's public pages."),
    )


def show_errors(
    form: forms.Form,
    errors: Mapping[str, str],
    primary: str = "",
    rename: Mapping[str, str] | None = None,
) -> None:
    """Put a service's errors next to the form's fields (`rename`: service field -> form
    field where they differ; unknown fields: above the form)."""
    for field, message in errors.items():
        name = (rename or {}).get(field) or _form_field(field, primary)
        form.add_error(name if name in form.fields else None, message)


def _form_field(field: str, primary: str) -> str:
    parts: Sequence[str] = field.split(".")
    if parts[0] in ("title", "description", "policy") and len(parts) == 2:
        return f"{parts[0]}_{parts[1]}"
    if parts[0] == "title" and primary:
        return f"title_{primary}"
    if parts[0] == "policies" and len(parts) == 3:
        return f"policy_{parts[1]}_{parts[2]}"
    return parts[0]
