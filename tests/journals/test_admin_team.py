"""A journal's team: journal roles granted and revoked by e-mail address through the
accounts app's scoped roles, and what other areas read (`team`, `people_with_role`)."""

from __future__ import annotations

import pytest

from sankofa.accounts.models import RoleAssignment, User
from sankofa.accounts.roles import actor_for
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.journals import journals
from sankofa.journals.journals import JournalRoleInvalid
from sankofa.journals.roles import journal_roles
from sankofa.journals.workflow import Role

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")


@pytest.fixture
def journal():  # type: ignore[no-untyped-def]
    return journals.create_journal(OPERATOR, "afro-ling", "African Linguistics")


def user(email: str) -> User:
    return User.objects.create_user(email, None)


def test_grant_makes_a_scoped_role_the_workflow_sees(journal) -> None:  # type: ignore[no-untyped-def]
    ada = user("ada@example.org")
    uid = journals.grant_journal_role(
        OPERATOR, journal.pk, " Ada@Example.org ", "editor", name="Ada L."
    )
    assert uid == ada.pk
    assert RoleAssignment.objects.filter(user=ada, role="editor", scope=journal.scope_key).exists()
    assert Role.EDITOR in journal_roles(actor_for(ada), journal)
    journals.grant_journal_role(OPERATOR, journal.pk, "ada@example.org", "editor")  # twice: fine
    assert RoleAssignment.objects.filter(user=ada).count() == 1
    journal.refresh_from_db()
    assert journal.team_names == {str(ada.pk): "Ada L."}  # a blank name kept the old one


def test_team_and_people_with_role(journal) -> None:  # type: ignore[no-untyped-def]
    a, b, c = user("a@example.org"), user("b@example.org"), user("c@example.org")
    other = journals.create_journal(OPERATOR, "other", "Other")
    journals.grant_journal_role(OPERATOR, journal.pk, "b@example.org", "editor", name="Zoe")
    journals.grant_journal_role(OPERATOR, journal.pk, "a@example.org", "editor", name="Abe")
    journals.grant_journal_role(OPERATOR, journal.pk, "a@example.org", "manager")
    journals.grant_journal_role(OPERATOR, journal.pk, "c@example.org", "reviewer")
    journals.grant_journal_role(OPERATOR, other.pk, "c@example.org", "editor")
    assert journals.team(journal.pk) == {
        "manager": [(a.pk, "Abe")],
        "editor": [(a.pk, "Abe"), (b.pk, "Zoe")],
        "reviewer": [(c.pk, "")],
    }
    assert journals.people_with_role(journal, ["editor", Role.MANAGER]) == sorted([a.pk, b.pk])
    assert journals.people_with_role(other, [Role.EDITOR]) == [c.pk]
    assert journals.people_with_role(journal, ["copyeditor"]) == []
    b.is_active = False
    b.save()
    assert journals.people_with_role(journal, ["editor"]) == [a.pk]
    assert "b@example.org" not in str(journals.team(journal.pk))


def test_refusals(journal) -> None:  # type: ignore[no-untyped-def]
    user("a@example.org")
    for email, role, field in [
        ("nobody@example.org", "editor", "email"),
        ("a@example.org", "author", "role"),
        ("a@example.org", "admin", "role"),
        ("a@example.org", "", "role"),
    ]:
        with pytest.raises(JournalRoleInvalid) as caught:
            journals.grant_journal_role(OPERATOR, journal.pk, email, role)
        assert set(caught.value.errors) == {field}
    assert not RoleAssignment.objects.exists()


def test_revoke_and_last_manager(journal) -> None:  # type: ignore[no-untyped-def]
    a, _ = user("a@example.org"), user("b@example.org")
    journals.grant_journal_role(OPERATOR, journal.pk, "a@example.org", "manager")
    journals.grant_journal_role(OPERATOR, journal.pk, "b@example.org", "editor")
    with pytest.raises(JournalRoleInvalid) as caught:
        journals.revoke_journal_role(OPERATOR, journal.pk, "a@example.org", "manager")
    assert set(caught.value.errors) == {"role"}
    assert journals.revoke_journal_role(OPERATOR, journal.pk, "b@example.org", "editor") is True
    assert journals.revoke_journal_role(OPERATOR, journal.pk, "b@example.org", "editor") is False
    assert journals.people_with_role(journal, ["editor"]) == []
    assert journals.people_with_role(journal, ["manager"]) == [a.pk]


def test_a_manager_manages_only_their_journal(journal) -> None:  # type: ignore[no-untyped-def]
    manager, _ = user("m@example.org"), user("x@example.org")
    other = journals.create_journal(OPERATOR, "other", "Other")
    journals.grant_journal_role(OPERATOR, journal.pk, "m@example.org", "manager")
    as_manager = actor_for(manager)
    journals.grant_journal_role(as_manager, journal.pk, "x@example.org", "copyeditor")
    journals.revoke_journal_role(as_manager, journal.pk, "x@example.org", "copyeditor")
    with pytest.raises(PermissionDenied):
        journals.grant_journal_role(as_manager, other.pk, "x@example.org", "editor")
    editor_user = user("e@example.org")
    journals.grant_journal_role(OPERATOR, journal.pk, "e@example.org", "editor")
    with pytest.raises(PermissionDenied):
        journals.grant_journal_role(actor_for(editor_user), journal.pk, "x@example.org", "editor")
    assert journals.people_with_role(other, list(Role)) == []
