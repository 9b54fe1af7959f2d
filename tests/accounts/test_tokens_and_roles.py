"""API tokens and roles on the real database."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from sankofa.accounts import roles, tokens
from sankofa.accounts.models import ApiToken, User
from sankofa.core.actors import Actor, PermissionDenied, require

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator("test")


def person(address: str, verified: bool = True) -> User:
    return User.objects.create_user(
        address, "a long enough passphrase", email_verified=timezone.now() if verified else None
    )


def test_a_token_authenticates_its_user_and_is_stored_hashed() -> None:
    ada = person("ada@example.org")
    new = tokens.create_token(roles.actor_for(ada), ada, "laptop")
    row = ApiToken.objects.get()
    assert new.text not in {row.digest, row.prefix, row.name}
    assert row.digest == hashlib.sha256(new.text.encode()).hexdigest()
    assert new.text.startswith(f"sk_{row.prefix}_") and len(new.text) >= 3 + 12 + 1 + 43
    assert row.last_used is None

    for header in (f"Bearer {new.text}", f"bearer  {new.text} "):
        actor = tokens.actor_from_request_token(header)
        assert actor is not None and (actor.user_id, actor.name) == (ada.pk, ada.email)
        assert not actor.is_operator and not actor.is_admin
    first_use = ApiToken.objects.get().last_used
    assert first_use is not None
    # a busy client is recorded once per step, not written on every request
    assert tokens.actor_from_request_token(f"Bearer {new.text}") is not None
    assert ApiToken.objects.get().last_used == first_use
    earlier = first_use - tokens.LAST_USED_STEP
    ApiToken.objects.update(last_used=earlier)
    assert tokens.actor_from_request_token(f"Bearer {new.text}") is not None
    assert ApiToken.objects.get().last_used > earlier + tokens.LAST_USED_STEP / 2


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic abc", "Token x", "Bearer sk_", "Bearer sk_a_b", "x y"],
)
def test_malformed_headers_prove_nothing(header: str | None) -> None:
    assert tokens.actor_from_request_token(header) is None


def test_a_wrong_secret_with_a_real_prefix_fails() -> None:
    ada = person("ada@example.org")
    text = tokens.create_token(OPERATOR, ada).text
    tampered = text[:-1] + ("A" if text[-1] != "A" else "B")
    assert tokens.actor_from_request_token(f"Bearer {tampered}") is None
    assert ApiToken.objects.get().last_used is None


def test_revoked_tokens_and_unverified_or_inactive_owners_fail() -> None:
    ada = person("ada@example.org")
    first, second = (tokens.create_token(OPERATOR, ada, n) for n in ("one", "two"))
    tokens.revoke_token(roles.actor_for(ada), first.token.pk)
    assert tokens.actor_from_request_token(f"Bearer {first.text}") is None
    assert tokens.actor_from_request_token(f"Bearer {second.text}") is not None
    listed = list(tokens.list_tokens(OPERATOR, ada))
    assert [(t.name, t.revoked is not None) for t in listed] == [("one", True), ("two", False)]

    User.objects.filter(pk=ada.pk).update(is_active=False)
    assert tokens.actor_from_request_token(f"Bearer {second.text}") is None
    bob = person("bob@example.org", verified=False)
    assert (
        tokens.actor_from_request_token(f"Bearer {tokens.create_token(OPERATOR, bob).text}") is None
    )


def test_only_the_owner_or_an_admin_manages_tokens() -> None:
    ada, bob = person("ada@example.org"), person("bob@example.org")
    token = tokens.create_token(OPERATOR, ada).token
    with pytest.raises(PermissionDenied):
        tokens.create_token(roles.actor_for(bob), ada)
    with pytest.raises(PermissionDenied):
        tokens.list_tokens(roles.actor_for(bob), ada)
    with pytest.raises(tokens.TokenNotFound):
        tokens.revoke_token(roles.actor_for(bob), token.pk)
    roles.grant_role(OPERATOR, bob, "admin")
    assert tokens.revoke_token(roles.actor_for(bob), token.pk).revoked is not None


def test_node_roles_carry_their_permissions() -> None:
    ada = person("ada@example.org")
    plain = roles.actor_for(ada)
    with pytest.raises(PermissionDenied, match=r"ada@example\.org may not archive\.read"):
        require(plain, "archive.read")
    roles.grant_role(OPERATOR, ada, "reader")
    reader = roles.actor_for(ada)
    require(reader, "archive.read")
    with pytest.raises(PermissionDenied):
        require(reader, "archive.load")
    roles.grant_role(OPERATOR, ada, "depositor")
    require(roles.actor_for(ada), "archive.load")
    with pytest.raises(PermissionDenied):
        require(roles.actor_for(ada), "archive.fsck")
    roles.grant_role(OPERATOR, ada, "admin")
    admin = roles.actor_for(ada)
    assert admin.is_admin and admin.oversees_node and not admin.is_operator
    require(admin, "archive.fsck")
    assert roles.revoke_role(OPERATOR, ada, "admin")
    assert not roles.actor_for(ada).is_admin


def test_a_scoped_role_counts_only_within_its_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    from sankofa.core import actors

    monkeypatch.setitem(actors.PERMISSION_ROLES, "journals.edit", frozenset({"editor"}))
    ada, journal_b = person("ada@example.org"), person("b@example.org")
    scope_a = "journals.journal:1"
    roles.grant_role(OPERATOR, ada, "editor", scope_a)
    actor = roles.actor_for(ada)
    require(actor, "journals.edit", scope_a)
    for other in ("journals.journal:2", "journals.journal:10", roles.scope_key(journal_b)):
        with pytest.raises(PermissionDenied):
            require(actor, "journals.edit", other)
    with pytest.raises(PermissionDenied):
        require(actor, "journals.edit")  # not node-wide
    with pytest.raises(PermissionDenied):
        require(actor, "archive.load", scope_a)  # the role carries only its own permissions
    assert roles.scope_key(journal_b) == f"sankofa_accounts.user:{journal_b.pk}"


def test_role_grants_are_checked() -> None:
    ada, bob = person("ada@example.org"), person("bob@example.org")
    with pytest.raises(roles.UnknownRole):
        roles.grant_role(OPERATOR, ada, "editor")  # not a node-wide role
    with pytest.raises(roles.UnknownRole):
        roles.grant_role(OPERATOR, ada, "bad role", "x:1")
    with pytest.raises(PermissionDenied):
        roles.grant_role(roles.actor_for(bob), ada, "reader")
    roles.grant_role(OPERATOR, ada, "reader")
    roles.grant_role(OPERATOR, ada, "reader")  # twice: still one grant
    assert roles.actor_for(ada).roles == frozenset({"reader"})
