"""Authentication and rate limits of /api/1/: bearer tokens, X-RateLimit-* headers, 429.

Limits are set tiny per test; both backends are run (the database one is the
default). A real gunicorn with two workers proves the database count is shared.
"""

from __future__ import annotations

import json
import math
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import cli_env
from tests.gitservers import free_port
from tests.nodes import start_node, stop_node

from sankofa.accounts.models import User
from sankofa.accounts.roles import grant_role
from sankofa.accounts.tokens import create_token, revoke_token
from sankofa.api import throttle
from sankofa.core.actors import Actor

OPERATOR = Actor.operator("test")
MISSING = "/api/1/revision/" + "ab" * 20 + "/"  # a 404: counted like any answer
KNOWN = "/api/1/known/"
BODY = json.dumps(["swh:1:cnt:" + "00" * 20])


@pytest.fixture(params=["database", "memory"])
def limits(request: pytest.FixtureRequest, settings: Any, db: None) -> Iterator[Any]:
    settings.SANKOFA_API_RATE_BACKEND = request.param
    settings.SANKOFA_API_ANON_RATE = "3/h"
    settings.SANKOFA_API_USER_RATE = "2/h"
    throttle._limiter.cache_clear()  # a fresh memory limiter per test
    yield settings
    throttle._limiter.cache_clear()


def user_token(email: str = "ada@example.org") -> str:
    user = User.objects.create_user(email, "pw", email_verified=timezone.now())
    return create_token(OPERATOR, user).text


def get(client: Client, path: str = MISSING, **extra: str) -> Any:
    return client.get(path, **extra)  # type: ignore[arg-type]


def test_anonymous_clients_get_their_limit_then_429(limits: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    before = time.time()
    answers = [get(client) for _ in range(4)]
    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    assert [a["X-RateLimit-Limit"] for a in answers] == ["3"] * 4
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    reset = int(answers[-1]["X-RateLimit-Reset"])
    assert reset % 3600 == 0 and before < reset <= time.time() + 3600
    refused = answers[3]
    assert refused["Content-Type"] == "application/json"
    retry = int(refused["Retry-After"])
    assert 1 <= retry <= math.ceil(reset - before)
    assert refused.json() == {
        "exception": "Throttled",
        "reason": f"Request was throttled. Expected available in {retry} seconds.",
    }
    # another address has its own count; an IPv6 client is counted by its /64
    assert get(Client(REMOTE_ADDR="198.51.100.8")).status_code == 404
    for suffix in ("1", "2", "ffff:1"):
        get(Client(REMOTE_ADDR=f"2001:db8:0:1::{suffix}"))
    assert get(Client(REMOTE_ADDR="2001:db8:0:1::9")).status_code == 429
    assert get(Client(REMOTE_ADDR="2001:db8:0:2::1")).status_code == 404


def test_known_is_limited_for_anonymous_clients(limits: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.post(KNOWN, BODY, "application/json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_users_get_the_user_rate_but_known_is_unlimited(limits: Any) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {user_token()}"}
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(10):
        answer = client.post(KNOWN, BODY, "application/json", **auth)  # type: ignore[arg-type]
        assert answer.status_code == 200
        assert answer.json() == {json.loads(BODY)[0]: {"known": False}}
        assert "X-RateLimit-Limit" not in answer
    answers = [get(client, **auth) for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert [a["X-RateLimit-Limit"] for a in answers] == ["2"] * 3
    # the user's count is not the address' count
    assert get(client).status_code == 404
    assert get(client)["X-RateLimit-Remaining"] == "1"


def test_operators_and_admins_are_not_limited(limits: Any) -> None:
    admin = User.objects.create_user("root@example.org", "pw", email_verified=timezone.now())
    grant_role(OPERATOR, admin, "admin")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(OPERATOR, admin).text}"}
    answers = [get(Client(), **auth) for _ in range(5)]
    assert {a.status_code for a in answers} == {404}
    assert all("X-RateLimit-Limit" not in a for a in answers)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sk_000000000000_" + "A" * 43,  # unknown prefix
        "Bearer not-a-token",
        "bearer ",
        "Bearer",
    ],
)
def test_bad_bearer_tokens_are_refused(limits: Any, header: str) -> None:
    user_token()
    answer = get(Client(), HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/json"
    assert answer["WWW-Authenticate"].startswith("Bearer")
    body = answer.json()
    assert body["exception"] == "AuthenticationFailed"
    assert body["reason"]


def test_a_tampered_or_revoked_token_is_refused(limits: Any) -> None:
    text = user_token()
    tampered = text[:-1] + ("A" if text[-1] != "A" else "B")
    assert get(Client(), HTTP_AUTHORIZATION=f"Bearer {tampered}").status_code == 401
    assert get(Client(), HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 404
    token = User.objects.get().api_tokens.get()
    revoke_token(OPERATOR, token.pk)
    answer = get(Client(), HTTP_AUTHORIZATION=f"Bearer {text}")
    assert answer.status_code == 401
    assert answer.json()["exception"] == "AuthenticationFailed"


def test_other_schemes_are_anonymous(limits: Any) -> None:
    answer = get(Client(), HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert answer.status_code == 404
    assert answer["X-RateLimit-Limit"] == "3"


def test_no_limit_sends_no_headers(limits: Any) -> None:
    limits.SANKOFA_API_ANON_RATE = "off"
    answers = [get(Client()) for _ in range(5)]
    assert {a.status_code for a in answers} == {404}
    assert all("X-RateLimit-Limit" not in a for a in answers)


def test_bad_settings_are_reported_by_checks(limits: Any) -> None:
    assert throttle.check_limits() == []
    limits.SANKOFA_API_ANON_RATE = "lots"
    limits.SANKOFA_API_RATE_BACKEND = "redis"
    assert sorted(m.id for m in throttle.check_limits()) == ["sankofa.E201", "sankofa.E202"]


# --- several server processes share one count -------------------------------------------


@pytest.fixture
def two_workers(tmp_path: Path, transactional_db: None) -> Iterator[int]:
    """`sankofa serve` with two gunicorn workers and an anonymous rate of 20/h."""
    port, home = free_port(), tmp_path / "node"
    proc = start_node(home, port, cli_env(home, SANKOFA_API_ANON_RATE="20/h"), workers=2)
    try:
        yield port
    finally:
        stop_node(proc)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_gunicorn_workers_share_the_database_count(two_workers: int) -> None:
    url = f"http://127.0.0.1:{two_workers}{MISSING}"
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(status_of, [url] * 60))
    assert statuses.count(404) == 20
    assert statuses.count(429) == 40
