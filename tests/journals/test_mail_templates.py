"""A journal's own wording of its mails: listed, checked, saved, reset; the defaults."""

from __future__ import annotations

import pytest
from django.conf import settings

from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals import mail
from sankofa.journals.mail import (
    KEYS,
    PLACEHOLDERS,
    MailTemplateInvalid,
    default_text,
    render,
    reset_template,
    save_template,
    templates_of,
)
from sankofa.journals.mail_defaults import DEFAULTS, DESCRIPTIONS
from tests.journals.mail_setup import journal, manager_of, person


def test_every_key_has_a_default_and_a_description_using_known_placeholders() -> None:
    assert set(DEFAULTS) == set(KEYS) == set(DESCRIPTIONS)
    for key in KEYS:
        for code, _ in settings.LANGUAGES:
            subject, body = default_text(key, code)
            assert subject and body and "\n" not in subject
            assert mail._placeholder_problem(subject) == ""
            assert mail._placeholder_problem(body) == ""
    assert {"journal", "title", "url", "due", "decision", "note"} <= PLACEHOLDERS


@pytest.mark.django_db
def test_only_the_journal_s_managers_list_and_change_its_mails() -> None:
    made = journal(languages=["en", "fr"])
    boss, stranger = manager_of(made), person("someone@example.org")
    texts = templates_of(boss.actor, made.pk)
    assert [(t.key, t.language) for t in texts] == [
        (k, lang) for k in KEYS for lang in ("en", "fr")
    ]
    assert not any(t.custom for t in texts)
    for call in (
        lambda a: templates_of(a, made.pk),
        lambda a: save_template(a, made.pk, "decision", "en", "S", "B"),
        lambda a: reset_template(a, made.pk, "decision", "en"),
    ):
        with pytest.raises(PermissionDenied):
            call(stranger.actor)
    other = journal(slug="other")
    with pytest.raises(PermissionDenied):
        templates_of(boss.actor, other.pk)  # a manager of one journal only


@pytest.mark.django_db
def test_a_saved_wording_is_used_until_reset() -> None:
    made = journal(languages=["en", "fr"])
    boss = manager_of(made)
    save_template(boss.actor, made.pk, "decision", "fr", "  Décision : {title}  ", "{decision}\r\n")
    assert render(made, "decision", "fr", {"title": "T", "decision": "oui"}) == (
        "Décision : T",
        "oui",
    )
    default_subject = default_text("decision", "en")[0]
    assert render(made, "decision", "en", {"title": "T"})[0] == default_subject.replace(
        "{title}", "T"
    )
    texts = {(t.key, t.language): t for t in templates_of(boss.actor, made.pk)}
    assert texts["decision", "fr"].custom and not texts["decision", "en"].custom
    save_template(boss.actor, made.pk, "decision", "fr", "Autre", "texte")
    assert render(made, "decision", "fr", {})[0] == "Autre"
    assert reset_template(boss.actor, made.pk, "decision", "fr") is True
    assert reset_template(boss.actor, made.pk, "decision", "fr") is False
    assert render(made, "decision", "fr", {})[0] == default_text("decision", "fr")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "language", "subject", "body", "field"),
    [
        ("payment", "en", "S", "B", "key"),
        ("decision", "de", "S", "B", "language"),
        ("decision", "en", "", "B", "subject"),
        ("decision", "en", "two\nlines", "B", "subject"),
        ("decision", "en", "x" * 301, "B", "subject"),
        ("decision", "en", "S", "  ", "body"),
        ("decision", "en", "S", "x" * 20_001, "body"),
        ("decision", "en", "{title.__class__}", "B", "subject"),
        ("decision", "en", "S", "Dear {0}", "body"),
        ("decision", "en", "S", "{reviewer_email}", "body"),
        ("decision", "en", "S", "{title!r}", "body"),
        ("decision", "en", "S", "{title:>99}", "body"),
        ("decision", "en", "S", "a { b", "body"),
        ("decision", "en", "S", "a } b", "body"),
    ],
)
def test_a_bad_wording_is_refused_with_a_message_for_its_field(
    key: str, language: str, subject: str, body: str, field: str
) -> None:
    made = journal()
    boss = manager_of(made)
    with pytest.raises(MailTemplateInvalid) as refused:
        save_template(boss.actor, made.pk, key, language, subject, body)
    assert refused.value.errors.get(field)
    assert not made.mail_templates.exists()


@pytest.mark.django_db
def test_braces_written_double_are_accepted_and_shown_single() -> None:
    made = journal()
    boss = manager_of(made)
    save_template(boss.actor, made.pk, "decision", "en", "S", "{{literally}} {title}")
    assert render(made, "decision", "en", {"title": "T"})[1] == "{literally} T"


@pytest.mark.django_db
def test_the_node_acts_for_every_journal() -> None:
    made = journal()
    save_template(Actor.operator(), made.pk, "decision", "en", "S", "B")
    assert made.mail_templates.count() == 1


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
def test_every_default_mail_is_translated_with_its_placeholders(language: str) -> None:
    import re

    def placeholders(text: str) -> list[str]:
        return sorted(re.findall(r"\{[a-z_]+\}", text))

    for key in DEFAULTS:
        english = default_text(key, "en")
        translated = default_text(key, language)
        assert translated[0] != english[0], f"{key} subject is not translated into {language}"
        assert translated[1] != english[1], f"{key} body is not translated into {language}"
        for mine, theirs in zip(translated, english, strict=True):
            assert placeholders(mine) == placeholders(theirs), (key, language, mine)
