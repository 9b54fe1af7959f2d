"""Sign-up, e-mail verification, password reset and sign-in on the real database."""

from __future__ import annotations

import email
import hashlib
import time
from pathlib import Path
from typing import Any

import argon2
import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sankofa.accounts import proofofwork, services
from sankofa.accounts.models import User
from sankofa.accounts.proofofwork import BadProof

pytestmark = pytest.mark.django_db(transaction=True)  # mail is sent after commit
PASSWORD = "correct horse battery staple"


def solved() -> str:
    c = proofofwork.new_challenge()
    return f"{c.text}:{proofofwork.solve(c.text, c.bits)}"


def mails(box: Path) -> list[email.message.Message]:
    if not box.exists():
        return []
    found = []
    for path in sorted(box.iterdir()):
        # the file backend writes each message followed by a line of 79 dashes
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk))
    return found


def code_in(message: email.message.Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    return body.decode().strip().splitlines()[-1]


def signed_up(box: Path, address: str = "Ada@Example.org") -> tuple[User, str]:
    user = services.sign_up(address, PASSWORD, honeypot="", proof=solved())
    (message,) = [m for m in mails(box) if m["To"] == user.email]
    return user, code_in(message)


def test_passwords_are_stored_as_argon2id(mailbox: Path) -> None:
    user, _ = signed_up(mailbox)
    stored = User.objects.get(pk=user.pk).password
    algorithm, _, phc = stored.partition("$")
    assert algorithm == "argon2" and phc.startswith("argon2id$")
    # the reference implementation verifies the PHC string on its own
    assert argon2.PasswordHasher().verify("$" + phc, PASSWORD)
    with pytest.raises(argon2.exceptions.VerifyMismatchError):
        argon2.PasswordHasher().verify("$" + phc, PASSWORD + "!")


def test_sign_up_verify_then_sign_in(mailbox: Path) -> None:
    user, code = signed_up(mailbox)
    assert user.email == "ada@example.org"
    with pytest.raises(services.SignInRefused, match="not verified"):
        services.authenticate("ada@example.org", PASSWORD)
    assert services.verify_email(code).pk == user.pk
    assert services.authenticate("ADA@example.org", PASSWORD).pk == user.pk
    with pytest.raises(services.SignInRefused, match="wrong"):
        services.authenticate("ada@example.org", "not the password")
    with pytest.raises(services.SignInRefused, match="wrong"):
        services.authenticate("nobody@example.org", PASSWORD)
    with pytest.raises(services.BadToken):  # works once
        services.verify_email(code)


def test_the_mail_lands_in_the_file_backend(mailbox: Path, settings: Any) -> None:
    signed_up(mailbox)
    (message,) = mails(mailbox)
    assert message["To"] == "ada@example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == "Confirm your e-mail address"


def test_a_filled_honeypot_is_refused(mailbox: Path) -> None:
    with pytest.raises(BadProof):
        services.sign_up("bot@example.org", PASSWORD, honeypot="http://spam", proof=solved())
    assert not User.objects.exists() and mails(mailbox) == []


def test_bad_expired_and_reused_proofs_are_refused(mailbox: Path, settings: Any) -> None:
    c = proofofwork.new_challenge()
    nonce = proofofwork.solve(c.text, c.bits)
    wrong = next(
        str(n)
        for n in range(1000)
        if proofofwork.leading_zero_bits(hashlib.sha256(f"{c.text}{n}".encode()).digest()) < 8
    )
    forged = signing.dumps({"r": "x", "b": 0}, salt="another purpose")
    for proof, why in [
        (f"{c.text}:{wrong}", "falls short"),
        (f"{c.text}:", "malformed"),
        ("no challenge at all", "malformed"),
        (f"{forged}:1", "not a challenge"),
    ]:
        with pytest.raises(BadProof, match=why):
            services.sign_up("a@example.org", PASSWORD, honeypot="", proof=proof)
    services.sign_up("a@example.org", PASSWORD, honeypot="", proof=f"{c.text}:{nonce}")
    with pytest.raises(BadProof, match="already used"):
        services.sign_up("b@example.org", PASSWORD, honeypot="", proof=f"{c.text}:{nonce}")

    old = proofofwork.new_challenge()
    old_proof = f"{old.text}:{proofofwork.solve(old.text, old.bits)}"
    later = time.time() + proofofwork.CHALLENGE_MAX_AGE + 5
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "time", lambda: later)
        with pytest.raises(BadProof, match="expired"):
            services.sign_up("c@example.org", PASSWORD, honeypot="", proof=old_proof)
    assert sorted(User.objects.values_list("email", flat=True)) == ["a@example.org"]


def test_weak_passwords_and_taken_addresses_are_refused(mailbox: Path) -> None:
    with pytest.raises(ValidationError):
        services.sign_up("a@example.org", "12345678", honeypot="", proof=solved())
    signed_up(mailbox, "a@example.org")
    with pytest.raises(services.AccountExists):
        services.sign_up("A@example.org", PASSWORD, honeypot="", proof=solved())


def test_verification_codes_expire_and_are_bound_to_their_user(mailbox: Path) -> None:
    _, ada_code = signed_up(mailbox, "ada@example.org")
    bob, _ = signed_up(mailbox, "bob@example.org")
    payload = signing.loads(ada_code, salt=services.VERIFY_SALT)
    moved = signing.dumps({**payload, "u": bob.pk}, salt=services.VERIFY_SALT)
    with pytest.raises(services.BadToken):  # ada's address on bob's account
        services.verify_email(moved)
    with pytest.raises(services.BadToken):  # a reset code is no verification code
        services.verify_email(signing.dumps(payload, salt=services.RESET_SALT))
    later = time.time() + services.VERIFY_MAX_AGE + 5
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "time", lambda: later)
        with pytest.raises(services.BadToken, match="expired"):
            services.verify_email(ada_code)
    services.verify_email(ada_code)
    assert User.objects.get(pk=bob.pk).email_verified is None


def test_password_reset_works_once_and_expires(mailbox: Path) -> None:
    user, code = signed_up(mailbox)
    services.request_password_reset("ada@example.org")
    assert len(mails(mailbox)) == 1  # unverified: no reset mail
    services.verify_email(code)
    services.request_password_reset("nobody@example.org")  # silent
    services.request_password_reset("ADA@example.org")
    (reset,) = [m for m in mails(mailbox) if m["Subject"] == "Reset your password"]
    assert reset["To"] == "ada@example.org"
    reset_code = code_in(reset)

    later = time.time() + services.RESET_MAX_AGE + 5
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "time", lambda: later)
        with pytest.raises(services.BadToken, match="expired"):
            services.reset_password(reset_code, "a brand new passphrase")
    services.reset_password(reset_code, "a brand new passphrase")
    assert services.authenticate("ada@example.org", "a brand new passphrase").pk == user.pk
    with pytest.raises(services.BadToken):
        services.reset_password(reset_code, "yet another passphrase")
    with pytest.raises(services.SignInRefused):
        services.authenticate("ada@example.org", PASSWORD)


def test_a_reset_code_is_bound_to_its_user(mailbox: Path) -> None:
    for address in ("ada@example.org", "bob@example.org"):
        _, code = signed_up(mailbox, address)
        services.verify_email(code)
    services.request_password_reset("ada@example.org")
    (reset,) = [m for m in mails(mailbox) if m["Subject"] == "Reset your password"]
    payload = signing.loads(code_in(reset), salt=services.RESET_SALT)
    bob = User.objects.get(email="bob@example.org")
    with pytest.raises(services.BadToken):
        services.reset_password(
            signing.dumps({**payload, "u": bob.pk}, salt=services.RESET_SALT), "a new passphrase!"
        )


@given(st.binary(min_size=1, max_size=40))
def test_leading_zero_bits_counts_like_the_binary_expansion(digest: bytes) -> None:
    bits = "".join(f"{b:08b}" for b in digest)
    assert proofofwork.leading_zero_bits(digest) == len(bits) - len(bits.lstrip("0"))


def test_the_proof_rule_matches_sha256_of_challenge_and_nonce() -> None:
    challenge = "fixed challenge text"
    nonce = proofofwork.solve(challenge, 12)
    value = int(hashlib.sha256((challenge + nonce).encode()).hexdigest(), 16)
    assert value < 2 ** (256 - 12)  # 12 leading zero bits, read as a 256-bit number
    smaller = [str(n) for n in range(int(nonce))]
    assert all(
        int(hashlib.sha256((challenge + n).encode()).hexdigest(), 16) >= 2**244 for n in smaller
    )


def test_a_refused_sign_up_spends_its_challenge(mailbox: Path) -> None:
    signed_up(mailbox, "a@example.org")
    proof = solved()
    with pytest.raises(services.AccountExists):
        services.sign_up("a@example.org", PASSWORD, honeypot="", proof=proof)
    with pytest.raises(BadProof, match="already used"):
        services.sign_up("b@example.org", PASSWORD, honeypot="", proof=proof)
