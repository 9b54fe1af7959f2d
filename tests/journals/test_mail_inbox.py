"""The inbox services: one's own notices, unread first; marking read."""

from __future__ import annotations

import pytest

from sankofa.core.actors import Actor
from sankofa.journals.mail import inbox, mark_all_read, mark_read, notify, unread_count
from tests.journals.mail_setup import journal, person

pytestmark = pytest.mark.django_db
NODE = Actor.operator("test")
PUBLIC = Actor(name="public")


def test_the_inbox_holds_one_s_own_notices_unread_first() -> None:
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    first, second, third = (
        notify(NODE, key, journal=made, recipients=[ana.user_id, ben.user_id], context={})
        for key in ("submission_received", "decision", "proofs_ready")
    )
    assert unread_count(ana.user_id) == 3
    assert mark_read(ana.actor, second[0].pk) is True
    assert mark_read(ana.actor, second[0].pk) is False  # read already
    assert [n.key for n in inbox(ana.actor)] == ["proofs_ready", "submission_received", "decision"]
    assert {n.user_id for n in inbox(ana.actor)} == {ana.user_id}
    assert unread_count(ana.user_id) == 2 and unread_count(ben.user_id) == 3
    assert first and third


def test_nobody_marks_another_s_notice_read() -> None:
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    (ana_notice,) = notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    assert mark_read(ben.actor, ana_notice.pk) is False
    assert mark_read(PUBLIC, ana_notice.pk) is False
    assert mark_read(ana.actor, 987_654) is False
    ana_notice.refresh_from_db()
    assert ana_notice.read is None


def test_mark_all_read_counts_what_was_unread_and_touches_only_one_s_own() -> None:
    made, ana, ben = journal(), person("ana@example.org"), person("ben@example.org")
    for key in ("decision", "proofs_ready"):
        notify(NODE, key, journal=made, recipients=[ana.user_id, ben.user_id], context={})
    assert mark_all_read(ana.actor) == 2
    assert mark_all_read(ana.actor) == 0
    assert unread_count(ana.user_id) == 0 and unread_count(ben.user_id) == 2
    assert mark_all_read(PUBLIC) == 0


def test_the_public_has_no_inbox() -> None:
    made, ana = journal(), person("ana@example.org")
    notify(NODE, "decision", journal=made, recipients=[ana.user_id], context={})
    assert list(inbox(PUBLIC)) == []
