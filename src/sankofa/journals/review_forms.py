"""A journal's review forms: the questions (`ReviewForm.questions`), checked when saved,
and a reviewer's answers, checked against them.

A question is ``{"id", "label": {lang: text}, "kind": "text"|"choice"|"scale",
"required": bool}``, with ``"choices": [{lang: text}, …]`` (at least two) for a choice
and ``"min"``/``"max"`` (default 1 and 5) for a scale. An answer is text, the number of
a choice (from 0), or a whole number on the scale; text or int.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sankofa.core.actors import Actor, require
from sankofa.journals.editorial import EditorialError
from sankofa.journals.models import Journal, ReviewForm

__all__ = [
    "MAX_TEXT",
    "QUESTION_KINDS",
    "ReviewError",
    "active_form",
    "check_answers",
    "check_questions",
    "save_review_form",
]

QUESTION_KINDS = ("text", "choice", "scale")
MAX_TEXT = 50_000
_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


class ReviewError(EditorialError):
    """A refused review step, or answers/questions that do not check: ``errors`` maps a
    field (``recommendation``, ``answers.<id>``, ``questions[2].label``, ``due``) to
    what is wrong with it; ``message`` sums it up."""

    def __init__(
        self,
        message: str,
        *,
        errors: Mapping[str, str] | None = None,
        forbidden: bool = False,
        field: str = "",
    ) -> None:
        super().__init__(message, forbidden=forbidden, field=field)
        self.errors = dict(errors or ({field: message} if field else {}))


def _check_question(index: int, q: object, seen: set[str]) -> tuple[dict[str, Any], dict[str, str]]:
    where = f"questions[{index}]"
    if not isinstance(q, Mapping):
        return {}, {where: _("A question must be an object.")}
    errors: dict[str, str] = {}
    qid = str(q.get("id") or f"q{index + 1}")
    if not _ID.match(qid) or qid in seen:
        errors[f"{where}.id"] = _("Use a unique short id of lower-case letters and digits.")
    seen.add(qid)
    label = q.get("label")
    if not isinstance(label, Mapping) or not any(str(v).strip() for v in label.values()):
        errors[f"{where}.label"] = _("A question needs a label.")
        label = {}
    kind = q.get("kind")
    if kind not in QUESTION_KINDS:
        errors[f"{where}.kind"] = _("The kind must be text, choice or scale.")
    out: dict[str, Any] = {
        "id": qid,
        "label": {str(k): str(v).strip() for k, v in label.items() if str(v).strip()},
        "kind": kind,
        "required": bool(q.get("required", False)),
    }
    if kind == "choice":
        choices = q.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            errors[f"{where}.choices"] = _("A choice question needs at least two choices.")
        else:
            out["choices"] = [
                {str(k): str(v) for k, v in c.items()} if isinstance(c, Mapping) else {"en": str(c)}
                for c in choices
            ]
    if kind == "scale":
        low, high = q.get("min", 1), q.get("max", 5)
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low < high <= 100):
            errors[f"{where}.max"] = _("A scale goes from a smaller to a larger whole number.")
        else:
            out["min"], out["max"] = low, high
    return out, errors


def check_questions(questions: object) -> list[dict[str, Any]]:
    """The questions of a review form, normalised (ids given as ``q1``, ``q2``… when
    missing; scales 1 to 5 unless ``min``/``max`` say otherwise); ReviewError naming every
    faulty field otherwise."""
    if not isinstance(questions, list) or not questions:
        raise ReviewError(_("A review form needs at least one question."), field="questions")
    seen: set[str] = set()
    result, errors = [], {}
    for index, q in enumerate(questions):
        checked, wrong = _check_question(index, q, seen)
        result.append(checked)
        errors.update(wrong)
    if errors:
        raise ReviewError(_("The review form has errors."), errors=errors)
    return result


def save_review_form(
    actor: Actor, journal_id: int, questions: object, title: Mapping[str, str]
) -> ReviewForm:
    """Make the journal's new active review form (a manager of the journal does it); the
    forms before it are kept (reviews made with them still read) but no longer active."""
    journal = Journal.objects.filter(pk=journal_id).first()
    if journal is None:
        raise ReviewError(_("There is no journal %(id)s.") % {"id": journal_id})
    require(actor, "journals.manage", journal.scope_key)
    checked = check_questions(questions)
    clean_title = {str(k): str(v).strip() for k, v in title.items() if str(v).strip()}
    with transaction.atomic():
        ReviewForm.objects.filter(journal=journal, active=True).update(active=False)
        return ReviewForm.objects.create(
            journal=journal, title=clean_title, questions=checked, active=True
        )


def active_form(journal: Journal) -> ReviewForm | None:
    """The journal's active review form, the newest if several."""
    return ReviewForm.objects.filter(journal=journal, active=True).order_by("-pk").first()


def _answer(q: Mapping[str, Any], value: object) -> tuple[object, str]:
    """The stored answer to `q` and an error ('' when fine); None: unanswered."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None, (_("This question needs an answer.") if q.get("required") else "")
    if q["kind"] == "text":
        return (text, "") if len(text) <= MAX_TEXT else (None, _("The answer is too long."))
    try:
        number = int(text)
    except ValueError:
        return None, _("Choose one of the options.")
    if q["kind"] == "choice":
        ok = 0 <= number < len(q.get("choices", []))
        return (number, "") if ok else (None, _("Choose one of the options."))
    low, high = q.get("min", 1), q.get("max", 5)
    if not low <= number <= high:
        return None, _("Give a number from %(low)d to %(high)d.") % {"low": low, "high": high}
    return number, ""


def check_answers(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[str, object]
) -> dict[str, object]:
    """`answers` (question id -> value; text, or the number of a choice or on a scale, as
    text or int) checked against `questions`: the stored form, unanswered optional
    questions left out. ReviewError with ``answers.<id>`` errors otherwise."""
    result: dict[str, object] = {}
    errors: dict[str, str] = {}
    for q in questions:
        value, error = _answer(q, answers.get(q["id"]))
        if error:
            errors[f"answers.{q['id']}"] = error
        elif value is not None:
            result[q["id"]] = value
    if errors:
        raise ReviewError(_("Some answers are missing or wrong."), errors=errors)
    return result
