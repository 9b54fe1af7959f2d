"""Sign-up, e-mail verification, password reset, sign-in and admin creation.

Tokens mailed to people are Django signed values (salt per purpose, time-limited)
bound to one user and to the state they change: a verification token names the
address and stops working once it is verified; a reset token carries a digest of
the current password hash and stops working once the password changes.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sankofa.accounts.models import User, normalize_email
from sankofa.accounts.proofofwork import BadProof, spend_proof
from sankofa.accounts.roles import grant_role
from sankofa.core.actors import Actor, require

VERIFY_SALT = "sankofa.accounts.verify"
RESET_SALT = "sankofa.accounts.reset"
VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600

__all__ = [
    "AccountExists",
    "BadProof",
    "BadToken",
    "SignInRefused",
    "authenticate",
    "create_admin",
    "request_password_reset",
    "reset_password",
    "sign_up",
    "verify_email",
]


class AccountExists(ValueError):
    """An account with this e-mail address exists already."""


class BadToken(ValueError):
    """A mailed token is malformed, expired, used or not for this purpose."""


class SignInRefused(ValueError):
    """Wrong address or password, or an address not yet verified."""


def _password_mark(user: User) -> str:
    return hashlib.sha256(user.password.encode()).hexdigest()[:16]


def _load(token: str, salt: str, max_age: int) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken("the link has expired") from None
    except signing.BadSignature:
        raise BadToken("not a valid link") from None
    return dict(payload)


def _page_link(page: str, token: str) -> str:
    """The absolute address of an account page (``accounts:<page>``) carrying a mailed code."""
    base = str(getattr(settings, "SANKOFA_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}{reverse(f'accounts:{page}')}?{urlencode({'token': token})}"


def _mail_code(user: User, subject: str, intro: str, page: str, token: str) -> None:
    """Mail a link to `page` with the code, then the code alone on the last line."""
    paste = gettext("If the link does not open, paste this code on that page:")
    body = f"{intro}\n\n{_page_link(page, token)}\n\n{paste}\n\n{token}\n"
    send_mail(subject, body, None, [user.email])


def _send_verification(user: User) -> None:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)
    intro = gettext("To confirm the address %(email)s, open this link within three days:")
    subject = gettext("Confirm your e-mail address")
    _mail_code(user, subject, intro % {"email": user.email}, "verify", token)


def sign_up(email: str, password: str, *, honeypot: str, proof: str) -> User:
    """A new unverified account; the verification mail is sent after commit.

    `honeypot` is a form field people never see: anything in it is a bot.
    `proof` is a proof of work on a fresh challenge (see `proofofwork`).
    """
    if honeypot:
        raise BadProof("refused")
    email = normalize_email(email)
    validate_password(password, User(email=email))
    spend_proof(proof)  # committed on its own: a refused sign-up spends it too
    try:
        with transaction.atomic():
            if User.objects.filter(email=email).exists():
                raise AccountExists(f"an account for {email} exists already")
            user = User.objects.create_user(email, password)
            transaction.on_commit(lambda: _send_verification(user))
    except IntegrityError:  # the same address signed up at the same moment
        raise AccountExists(f"an account for {email} exists already") from None
    return user


def verify_email(token: str) -> User:
    """Mark the address the token names as verified; a token works once."""
    payload = _load(token, VERIFY_SALT, VERIFY_MAX_AGE)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u", 0)).first()
        if user is None or user.email != payload.get("e") or user.email_verified is not None:
            raise BadToken("this link was used or is no longer valid")
        user.email_verified = timezone.now()
        user.save(update_fields=["email_verified"])
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset code to a verified account; silent for unknown addresses."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None or user.email_verified is None:
        return
    token = signing.dumps({"u": user.pk, "p": _password_mark(user)}, salt=RESET_SALT)
    intro = gettext("To choose a new password for %(email)s, open this link within an hour:")
    subject = gettext("Reset your password")
    _mail_code(user, subject, intro % {"email": user.email}, "reset-confirm", token)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a reset token; the token then stops working."""
    payload = _load(token, RESET_SALT, RESET_MAX_AGE)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u", 0)).first()
        if user is None or payload.get("p") != _password_mark(user):
            raise BadToken("this link was used or is no longer valid")
        validate_password(new_password, user)
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user


def authenticate(email: str, password: str) -> User:
    """The user with this address and password, if verified and active."""
    user = User.objects.filter(email=normalize_email(email)).first()
    if user is None:
        User().set_password(password)  # as slow as a real check: no hint that the address is free
        raise SignInRefused("wrong e-mail address or password")
    if not user.check_password(password) or not user.is_active:
        raise SignInRefused("wrong e-mail address or password")
    if user.email_verified is None:
        raise SignInRefused("the e-mail address is not verified yet")
    return user


def create_admin(actor: Actor, email: str, password: str) -> User:
    """A verified admin account (the operator's first step); the password must pass validation."""
    require(actor, "accounts.create_admin")
    email = normalize_email(email)
    validate_password(password, User(email=email))
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise AccountExists(f"an account for {email} exists already")
        user = User.objects.create_user(email, password, email_verified=timezone.now())
        grant_role(actor, user, "admin")
    return user
