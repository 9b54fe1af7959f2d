"""`notify`: inbox rows now, one mail per recipient after commit, in their language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction

from sankofa.core.actors import Actor
from sankofa.journals.mail import UnknownMailKey, default_text, notify
from sankofa.journals.models import MailTemplate, Notification
from tests.journals.mail_setup import journal, person, submission

pytestmark = pytest.mark.django_db
NODE = Actor.operator("test")
Capture = Callable[..., Any]


def test_rows_now_and_mails_only_after_commit(
    django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.SANKOFA_BASE_URL = "https://node.example"
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    paper = submission(made)
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            NODE,
            "review_invitation",
            journal=made,
            recipients=[ana.user_id, ben.user_id, ana.user_id, 999_999],
            context={"due": date(2027, 3, 9)},
            submission=paper,
            url="/en/journals/reviews/7/",
        )
        assert Notification.objects.count() == 2 and mail.outbox == []
    assert [r.user_id for r in rows] == [ana.user_id, ben.user_id]
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    sent = mail.outbox[0]
    assert sent.subject == "Rivers Review: will you review “Deltas in flux”?"
    assert "due on March 9, 2027" in sent.body
    assert "https://node.example/en/journals/reviews/7/" in sent.body
    row = Notification.objects.get(user_id=ana.user_id)
    assert (row.subject, row.body, row.url) == (sent.subject, sent.body, "/en/journals/reviews/7/")
    assert (row.journal_id, row.submission_id, row.key, row.read) == (
        made.pk,
        paper.pk,
        "review_invitation",
        None,
    )


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    made, ana = journal(), person("ana@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
        raise RuntimeError("the decision failed")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_people_without_address_or_inactive_get_only_the_inbox_entry(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    made = journal()
    nobody, gone, ana = person(""), person("gone@example.org", active=False), person("a@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            NODE,
            "article_published",
            journal=made,
            recipients=[nobody.user_id, gone.user_id, ana.user_id],
            context={"title": "Deltas"},
        )
    assert len(rows) == 3
    assert [m.to for m in mail.outbox] == [["a@x.org"]]


def test_the_journal_s_french_wording_for_a_french_journal(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    made = journal(slug="rivieres", primary="fr", languages=["fr", "en"])
    MailTemplate.objects.create(
        journal=made,
        key="decision",
        language="fr",
        subject="{journal} : décision sur « {title} »",
        body="Décision : {decision}\n\n{note}\n\n{url}",
    )
    ana, paper = person("ana@example.org"), submission(made)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            NODE,
            "decision",
            journal=made,
            recipients=[ana.user_id],
            context={"decision": {"en": "accepted", "fr": "acceptée"}, "note": "Bravo."},
            submission=paper,
            url="/fr/journals/submissions/1/",
        )
        notify(NODE, "proofs_ready", journal=made, recipients=[ana.user_id], context={})
    decision, proofs = mail.outbox
    assert decision.subject == "Revue des rivières : décision sur « Deltas mouvants »"
    assert decision.body.startswith("Décision : acceptée\n\nBravo.\n\nhttp")
    # no French wording of its own: the node's default, translated into French
    subject, _ = default_text("proofs_ready", "fr")
    assert proofs.subject == subject.replace("{journal}", "Revue des rivières")


def test_a_base_language_template_serves_a_regional_recipient() -> None:
    made = journal(primary="pt-BR", languages=["pt-BR"])
    MailTemplate.objects.create(
        journal=made, key="decision", language="pt", subject="Decisão", body="{decision}"
    )
    ana = person("ana@example.org")
    (row,) = notify(
        NODE, "decision", journal=made, recipients=[ana.user_id], context={"decision": "aceito"}
    )
    assert (row.subject, row.body) == ("Decisão", "aceito")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{x.__class__}", "{x.__class__}"),
        ("{title.__class__.__mro__}", "{title.__class__.__mro__}"),
        ("{0}{1}", "{0}{1}"),
        ("{title[0]}", "{title[0]}"),
        ("{title!r}", "{title!r}"),
        ("{title:>999999999}", "{title:>999999999}"),
        ("{unknown} {title}", "{unknown} Deltas"),
        ("{{title}} {title}", "{title} Deltas"),
        ("{title} costs 5}", "Deltas costs 5}"),
        ("{ {title}", "{ Deltas"),
        ("{", "{"),
        ("{title", "{title"),
    ],
)
def test_odd_placeholders_stay_as_written_and_never_crash(body: str, expected: str) -> None:
    made, ana = journal(), person("ana@example.org")
    MailTemplate.objects.create(
        journal=made, key="decision", language="en", subject=body, body=body
    )
    (row,) = notify(
        NODE, "decision", journal=made, recipients=[ana.user_id], context={"title": "Deltas"}
    )
    assert row.body == expected
    assert "class" not in row.body or "__class__" in body


def test_a_subject_stays_one_line_whatever_the_title() -> None:
    made, ana = journal(), person("ana@example.org")
    title = "Deltas\r\nBcc: everyone@example.org\n" + "x" * 400
    (row,) = notify(
        NODE, "decision", journal=made, recipients=[ana.user_id], context={"title": title}
    )
    assert "\n" not in row.subject and "\r" not in row.subject and len(row.subject) == 300


class _RefusingBackend(EmailBackend):
    """Delivers like locmem, but refuses one address, as a mail server may."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if any("refused@" in to for m in messages for to in m.to):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_one_refused_mail_does_not_stop_the_others(
    django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}._RefusingBackend"
    made = journal()
    first, refused, last = person("a@x.org"), person("refused@x.org"), person("c@x.org")
    ids = [first.user_id, refused.user_id, last.user_id]
    with django_capture_on_commit_callbacks(execute=True):
        notify(NODE, "decision", journal=made, recipients=ids, context={})
    assert [m.to for m in mail.outbox] == [["a@x.org"], ["c@x.org"]]
    assert Notification.objects.count() == 3


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(UnknownMailKey):
        notify(NODE, "payment_due", journal=journal(), recipients=[], context={})


def test_many_recipients_cost_a_few_queries(django_assert_max_num_queries: Any) -> None:
    made = journal()
    ids = [person(f"p{i}@example.org").user_id for i in range(12)]
    with django_assert_max_num_queries(3):  # the people, the journal's template, the insert
        rows = notify(NODE, "decision", journal=made, recipients=ids, context={})
    assert len(rows) == 12 and Notification.objects.count() == 12
