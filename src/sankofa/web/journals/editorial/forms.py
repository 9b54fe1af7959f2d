"""Forms of the editorial and review pages (parsing only; the services decide)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sankofa.journals.models import Galley, ReviewAssignment
from sankofa.journals.reviews import QUESTION_KINDS, default_due
from sankofa.journals.texts import localized

__all__ = [
    "AssignForm",
    "GalleyForm",
    "InviteForm",
    "MoveForm",
    "PublishForm",
    "ReviewFormText",
    "RowForm",
    "parse_questions",
    "questions_text",
    "review_form",
]

MAX_GALLEY = 200 * 1024 * 1024


class MoveForm(forms.Form):
    action = forms.CharField(max_length=40)
    note = forms.CharField(
        label=gettext_lazy("Letter or note (sent to the authors with a decision)"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AssignForm(forms.Form):
    user_id = forms.TypedChoiceField(label=gettext_lazy("Handling editor"), coerce=int)

    def __init__(self, *args: Any, people: Sequence[tuple[int, str]] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["user_id"].choices = [(pk, name) for pk, name in people]  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Reviewer's e-mail address"))
    due = forms.DateField(
        label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["due"].initial = default_due()


class RowForm(forms.Form):
    """A button acting on one row (a review to cancel, a galley to remove)."""

    row = forms.IntegerField(min_value=1)


class GalleyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Galley.Kind.choices)
    label = forms.CharField(label=gettext_lazy("Label"), required=False, max_length=64)
    language = forms.CharField(label=gettext_lazy("Language"), required=False, max_length=35)
    file = forms.FileField(label=gettext_lazy("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GALLEY:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class PublishForm(forms.Form):
    issue = forms.TypedChoiceField(
        label=gettext_lazy("Issue (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, issues: Sequence[tuple[int, str]] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["issue"].choices = [("", _("No issue (continuous publication)")), *issues]  # type: ignore[attr-defined]


def review_form(
    questions: Sequence[dict[str, Any]], lang: str, primary: str, *args: Any, **kw: Any
) -> forms.Form:
    """The reviewer's form: recommendation, one field per question (``q_<id>``), comments."""
    form = forms.Form(*args, **kw)
    form.fields["recommendation"] = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", "—"), *ReviewAssignment.Recommendation.choices],
    )
    for q in questions:
        label = localized(q.get("label", {}), lang, primary)
        required = bool(q.get("required"))
        field: forms.Field
        if q["kind"] == "choice":
            options = [(str(i), localized(c, lang, primary)) for i, c in enumerate(q["choices"])]
            field = forms.ChoiceField(choices=options, widget=forms.RadioSelect)
        elif q["kind"] == "scale":
            steps = range(q.get("min", 1), q.get("max", 5) + 1)
            field = forms.ChoiceField(
                choices=[(str(n), str(n)) for n in steps], widget=forms.RadioSelect
            )
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
        field.label, field.required = label, required
        form.fields[f"q_{q['id']}"] = field
    form.fields["comments_to_author"] = forms.CharField(
        label=_("Comments to the author"), required=False, widget=forms.Textarea({"rows": 10})
    )
    form.fields["confidential_comments"] = forms.CharField(
        label=_("Confidential comments to the editor"),
        required=False,
        widget=forms.Textarea({"rows": 5}),
    )
    return form


class ReviewFormText(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the form"), max_length=200)
    questions = forms.CharField(
        label=gettext_lazy("Questions, one a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
    )


def parse_questions(text: str, lang: str) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Questions from lines ``kind[ min-max][*] | label[ | choice; choice…]`` (``*``:
    required); the questions and the errors by line number (1-based)."""
    questions: list[dict[str, Any]] = []
    errors: dict[int, str] = {}
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    for number, line in lines:
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[1]:
            errors[number] = _("Write the kind, a bar and the question.")
            continue
        head = parts[0].lower()
        required = head.endswith("*")
        words = head.rstrip("*").split()
        kind = words[0] if words else ""
        if kind not in QUESTION_KINDS:
            errors[number] = _("The kind must be text, choice or scale.")
            continue
        q: dict[str, Any] = {
            "id": f"q{len(questions) + 1}",
            "label": {lang: parts[1]},
            "kind": kind,
            "required": required,
        }
        if kind == "scale" and len(words) > 1:
            low, _sep, high = words[1].partition("-")
            if not (low.isdigit() and high.isdigit()):
                errors[number] = _("Write a scale as: scale 1-5")
                continue
            q["min"], q["max"] = int(low), int(high)
        if kind == "choice":
            q["choices"] = [{lang: c.strip()} for c in "|".join(parts[2:]).split(";") if c.strip()]
        questions.append(q)
    return questions, errors


def questions_text(questions: Sequence[dict[str, Any]], lang: str, primary: str) -> str:
    """The lines `parse_questions` reads back into `questions`."""
    lines = []
    for q in questions:
        head = q["kind"]
        if q["kind"] == "scale":
            head += f" {q.get('min', 1)}-{q.get('max', 5)}"
        head += "*" if q.get("required") else ""
        line = f"{head} | {localized(q.get('label', {}), lang, primary)}"
        if q["kind"] == "choice":
            line += " | " + "; ".join(localized(c, lang, primary) for c in q["choices"])
        lines.append(line)
    return "\n".join(lines)


def today() -> str:
    return timezone.localdate().isoformat()
