"""API tokens: shown once at creation, stored as a SHA-256, found by a public prefix.

A token reads ``sk_<prefix>_<secret>``: `prefix` is 12 hex digits (the row's key,
shown in listings), `secret` 43 URL-safe base64 characters (32 random bytes).
The row keeps the hex SHA-256 of the whole token text (UTF-8); presenting a token
compares that digest in constant time. A client sends it as
``Authorization: Bearer <token>`` (the scheme name is case-insensitive).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from sankofa.accounts.models import ApiToken, User
from sankofa.accounts.roles import actor_for
from sankofa.core.actors import Actor, PermissionDenied, require

TOKEN_TAG = "sk"
LAST_USED_STEP = timedelta(minutes=5)  # how finely a token's last use is recorded


class TokenNotFound(LookupError):
    """No such token (or not one this actor may see)."""


@dataclass(frozen=True)
class NewToken:
    """A token just made: `text` is shown to its owner once and never stored."""

    token: ApiToken
    text: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _may_manage(actor: Actor, user: User) -> None:
    if actor.user_id is None or actor.user_id != user.pk:
        require(actor, "accounts.manage_tokens")


def create_token(actor: Actor, user: User, name: str = "") -> NewToken:
    """A new token for `user` (by `user` or an admin); its text is in the result only."""
    _may_manage(actor, user)
    prefix = secrets.token_hex(6)
    text = f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(text))
    return NewToken(token=token, text=text)


def list_tokens(actor: Actor, user: User) -> QuerySet[ApiToken]:
    """The tokens of `user`, revoked ones included, oldest first."""
    _may_manage(actor, user)
    return ApiToken.objects.filter(user=user).order_by("created", "pk")


def revoke_token(actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token for good; revoking twice keeps the first time."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None:
        raise TokenNotFound(f"no token {token_id}")
    try:
        _may_manage(actor, token.user)
    except PermissionDenied:
        raise TokenNotFound(f"no token {token_id}") from None
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


def user_for_token(text: str) -> User | None:
    """The owner of a live token `text`, recording its use (to `LAST_USED_STEP`: a busy
    client does not write a row on every request); None for anything else."""
    tag, _, rest = text.partition("_")
    prefix, _, secret = rest.partition("_")
    if tag != TOKEN_TAG or not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    digest = _digest(text)
    if token is None or not hmac.compare_digest(token.digest.encode(), digest.encode()):
        return None
    user = token.user
    if token.revoked is not None or not user.is_active or user.email_verified is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return user


def actor_from_request_token(header_value: str | None) -> Actor | None:
    """The actor of an ``Authorization: Bearer <token>`` header value; None if it proves nothing."""
    if not header_value:
        return None
    scheme, _, credentials = header_value.strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    user = user_for_token(credentials.strip())
    return actor_for(user) if user is not None else None
