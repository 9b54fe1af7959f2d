"""Proof of work for sign-up: the client spends a little CPU, bots spend a lot.

`new_challenge()` gives a challenge: text signed by the node (Django signing,
salt ``sankofa.accounts.signup``) carrying a random nonce and the difficulty
`bits`. The client searches a decimal `nonce` such that
``sha256(challenge_utf8 + nonce_ascii)`` starts with `bits` zero bits (most
significant bit of the first byte first) and sends ``<challenge>:<nonce>`` as the
proof. A challenge expires after `CHALLENGE_MAX_AGE` seconds and serves once.

A browser without JavaScript cannot do the work; it sends ``<challenge>:wait``
instead, accepted once at least `wait_seconds()` have passed since the challenge
was issued (the time is inside the signed payload). Waiting costs a bot no CPU,
so the web edge also caps such sign-ups per client address.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from sankofa.accounts.models import SpentChallenge

SALT = "sankofa.accounts.signup"
CHALLENGE_MAX_AGE = 600
DEFAULT_BITS = 18  # about 260,000 hashes on average: well under a second in a browser worker
DEFAULT_WAIT_SECONDS = 5  # a person takes longer than this to fill in the form
WAITED = "wait"  # the nonce of a proof by waiting (browsers without JavaScript)


class BadProof(ValueError):
    """The proof is malformed, expired, already used or does not have enough zero bits."""


class TooEarly(BadProof):
    """A proof by waiting sent before `wait_seconds()` have passed since the challenge."""


@dataclass(frozen=True)
class Challenge:
    text: str
    bits: int


def leading_zero_bits(digest: bytes) -> int:
    """How many zero bits `digest` starts with, most significant bit of byte 0 first."""
    count = 0
    for byte in digest:
        if byte:
            return count + 8 - byte.bit_length()
        count += 8
    return count


def proof_bits() -> int:
    return int(getattr(settings, "SANKOFA_SIGNUP_PROOF_BITS", DEFAULT_BITS))


def wait_seconds() -> float:
    return float(getattr(settings, "SANKOFA_SIGNUP_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))


def new_challenge() -> Challenge:
    bits = proof_bits()
    payload = {"r": secrets.token_urlsafe(12), "b": bits, "t": int(time.time())}
    text = signing.dumps(payload, salt=SALT)
    return Challenge(text=text, bits=bits)


def solve(challenge: str, bits: int) -> str:
    """The first decimal nonce that meets `bits` (what a client does; used by tests and tools)."""
    nonce = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def spend_proof(proof: str) -> None:
    """Accept `proof` once (it is then spent) or raise BadProof."""
    challenge, _, nonce = proof.rpartition(":")
    waited = nonce == WAITED
    if not waited and (not nonce.isdecimal() or not nonce.isascii() or len(nonce) > 20):
        raise BadProof("malformed proof of work")
    try:
        payload = signing.loads(challenge, salt=SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        raise BadProof("the challenge has expired") from None
    except signing.BadSignature:
        raise BadProof("not a challenge of this node") from None
    digest = hashlib.sha256(f"{challenge}{nonce}".encode()).digest()
    if waited:
        issued = payload.get("t")
        if not isinstance(issued, int) or time.time() - issued < wait_seconds():
            raise TooEarly("sent too soon after the challenge was issued")
    elif leading_zero_bits(digest) < int(payload["b"]):
        raise BadProof("the proof of work falls short")
    cutoff = timezone.now() - timedelta(seconds=CHALLENGE_MAX_AGE)
    SpentChallenge.objects.filter(spent__lt=cutoff).delete()
    try:
        with transaction.atomic():
            SpentChallenge.objects.create(digest=hashlib.sha256(challenge.encode()).hexdigest())
    except IntegrityError:
        raise BadProof("the challenge was already used") from None
