"""The account pages through Django's test client, on the real database, with real mail.

Mail is sent after commit, so these tests run in transactions that commit.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve

from sankofa.accounts import proofofwork, tokens
from sankofa.accounts.models import ApiToken, User
from sankofa.accounts.roles import actor_for
from sankofa.core.jobs.models import Job
from sankofa.core.ratelimit import Rate
from sankofa.web.accounts import throttle
from tests.web.browser import LiveNode, chromium, live_node, node_database
from tests.web.test_accessibility import axe_violations, describe, sign_in

__all__ = ["chromium", "live_node", "node_database"]

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
SIGNUP, LOGIN, ACCOUNT = "/en/accounts/signup/", "/en/accounts/login/", "/en/accounts/"
SIGNUP_JS = Path(__file__).resolve().parents[2] / "src/sankofa/web/static/sankofa/signup.js"
SWHID = "swh:1:cnt:" + "0" * 40
TOKEN_RE = re.compile(r"sk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


@pytest.fixture(autouse=True)
def fast_and_local(settings: Any) -> None:
    settings.SANKOFA_SIGNUP_PROOF_BITS = 8
    # Argon2 is tested in tests/accounts; here a fast hasher keeps the many sign-ins quick
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SANKOFA_BASE_URL = "https://archive.example.edu"
    mail.outbox = []


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def challenge_of(page: str) -> tuple[str, int]:
    found = re.search(r'name="challenge" value="([^"]+)"', page)
    bits = re.search(r'data-proof-bits="(\d+)"', page)
    assert found and bits, "the sign-up form carries a challenge and its difficulty"
    return html.unescape(found.group(1)), int(bits.group(1))


def sign_up(client: Client, email: str, nonce: str | None = "solve", **extra: str) -> Any:
    """Fill in the sign-up form; `nonce="solve"` does the work, None sends no nonce (no JS)."""
    challenge, bits = challenge_of(text(client.get(SIGNUP)))
    if nonce == "solve":
        nonce = proofofwork.solve(challenge, bits)
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "website": ""}
    data |= {"challenge": challenge, "nonce": nonce or "", **extra}
    return client.post(SIGNUP, data)


def link_in(message: mail.EmailMessage, page: str) -> str:
    """The path and query of the link to `page` in `message`, checked to be absolute."""
    found = re.search(r"https://archive\.example\.edu(/\S+)", str(message.body))
    assert found, message.body
    assert resolve(urlsplit(found.group(1)).path).view_name == f"accounts:{page}"
    return found.group(1)


def verified(client: Client, email: str = "ada@example.org") -> User:
    assert sign_up(client, email).status_code == 200
    (message,) = [m for m in mail.outbox if m.to == [email]]
    page = client.get(link_in(message, "verify"))
    code = re.search(r'name="token" value="([^"]+)"', text(page))
    assert code is not None
    assert "Address confirmed" in text(client.post("/en/accounts/verify/", {"token": code[1]}))
    return User.objects.get(email=email)


def signed_in(client: Client, email: str = "ada@example.org") -> User:
    user = verified(client, email)
    response = client.post(LOGIN, {"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 303 and response["Location"] == ACCOUNT
    return user


def known(client: Client, token: str) -> Any:
    return client.post(
        "/api/1/known/",
        json.dumps([SWHID]),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_sign_up_verify_sign_in_and_manage_a_token(client: Client) -> None:
    response = sign_up(client, "Ada@Example.org")
    assert response.status_code == 200 and "Check your mail" in text(response)
    user = User.objects.get(email="ada@example.org")
    assert user.email_verified is None
    refused = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert refused.status_code == 400 and "_auth_user_id" not in client.session

    (message,) = mail.outbox
    page = client.get(link_in(message, "verify"))
    assert page.status_code == 200
    assert User.objects.get(pk=user.pk).email_verified is None  # showing confirms nothing
    code = re.search(r'name="token" value="([^"]+)"', text(page))
    assert code is not None and code[1] == message.body.strip().splitlines()[-1]
    assert "Address confirmed" in text(client.post("/en/accounts/verify/", {"token": code[1]}))
    assert User.objects.get(pk=user.pk).email_verified is not None
    again = client.post("/en/accounts/verify/", {"token": code[1]})
    assert again.status_code == 400 and 'aria-invalid="true"' in text(again)

    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 303 and response["Location"] == ACCOUNT
    home = text(client.get(ACCOUNT))
    assert "ada@example.org" in home and "You have no token." in home

    created = client.post("/en/accounts/tokens/", {"name": "laptop"})
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    (token_text,) = set(TOKEN_RE.findall(text(created)))
    actor = tokens.actor_from_request_token(f"Bearer {token_text}")
    assert actor is not None and actor.user_id == user.pk
    listing = text(client.get(ACCOUNT))
    row = ApiToken.objects.get(user=user)
    assert token_text not in listing  # shown once
    assert f"sk_{row.prefix}" in listing and "laptop" in listing
    answer = known(Client(), token_text)
    assert answer.status_code == 200 and answer.json() == {SWHID: {"known": False}}
    assert ApiToken.objects.get(pk=row.pk).last_used is not None

    revoked = client.post(f"/en/accounts/tokens/{row.pk}/revoke/")
    assert revoked.status_code == 303 and revoked["Location"] == ACCOUNT
    assert ApiToken.objects.get(pk=row.pk).revoked is not None
    assert tokens.actor_from_request_token(f"Bearer {token_text}") is None
    assert "revoked" in text(client.get(ACCOUNT))
    assert known(Client(), token_text).status_code == 401


def test_a_token_text_is_not_shown_to_anyone_else_and_only_its_owner_revokes_it(
    client: Client,
) -> None:
    owner = signed_in(client)
    other = Client()
    signed_in(other, "bob@example.org")
    token = tokens.create_token(actor_for(owner), owner, "mine").token
    assert other.post(f"/en/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked is None
    assert f"sk_{token.prefix}" not in text(other.get(ACCOUNT))


def test_the_honeypot_refuses_a_sign_up(client: Client) -> None:
    response = sign_up(client, "bot@example.org", website="http://spam.example/")
    assert response.status_code == 400 and "There is a problem" in text(response)
    assert not User.objects.filter(email="bot@example.org").exists() and mail.outbox == []


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client: Client) -> None:
    page = text(client.get(SIGNUP))
    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>\s*</div>', page, re.S)
    assert trap is not None
    assert 'name="website"' in trap[1] and 'tabindex="-1"' in trap[1]
    assert 'autocomplete="off"' in trap[1]


def test_a_bad_or_forged_proof_refuses_a_sign_up(client: Client) -> None:
    challenge, bits = challenge_of(text(client.get(SIGNUP)))
    short = next(
        n for n in range(10_000) if not _meets(challenge, str(n), bits)
    )  # a nonce that falls short
    for fields in (
        {"challenge": challenge, "nonce": str(short)},
        {"challenge": challenge + "x", "nonce": proofofwork.solve(challenge, bits)},
        {"challenge": challenge, "nonce": "12ab"},
    ):
        data = {"email": "eve@example.org", "password1": PASSWORD, "password2": PASSWORD}
        response = client.post(SIGNUP, data | fields)
        assert response.status_code == 400, fields
    assert not User.objects.exists() and mail.outbox == []


def _meets(challenge: str, nonce: str, bits: int) -> bool:
    import hashlib

    digest = hashlib.sha256(f"{challenge}{nonce}".encode()).digest()
    return proofofwork.leading_zero_bits(digest) >= bits


def test_without_javascript_the_form_is_accepted_after_the_wait(
    client: Client, settings: Any
) -> None:
    settings.SANKOFA_SIGNUP_WAIT_SECONDS = 3600
    early = sign_up(client, "nojs@example.org", nonce=None)
    assert early.status_code == 400 and "Wait a few seconds" in text(early)
    assert not User.objects.exists()
    settings.SANKOFA_SIGNUP_WAIT_SECONDS = 0
    response = sign_up(client, "nojs@example.org", nonce=None)
    assert response.status_code == 200 and "Check your mail" in text(response)
    assert User.objects.filter(email="nojs@example.org").exists()
    assert [m.to for m in mail.outbox] == [["nojs@example.org"]]


def test_sign_ups_by_waiting_are_capped_per_client(client: Client, settings: Any) -> None:
    settings.SANKOFA_SIGNUP_WAIT_SECONDS = 0
    cap = throttle.SIGNUP_WAITED_PER_CLIENT.rate.limit
    for n in range(cap):
        assert sign_up(client, f"p{n}@example.org", nonce=None).status_code == 200
    capped = sign_up(client, "one-more@example.org", nonce=None)
    assert capped.status_code == 400 and "Too many sign-ups" in text(capped)
    assert User.objects.count() == cap
    assert sign_up(client, "worker@example.org").status_code == 200  # the work is not capped


def test_signing_up_twice_tells_nothing_about_the_address(client: Client) -> None:
    verified(client)
    mail.outbox = []
    first, second = sign_up(Client(), "fresh@example.org"), sign_up(Client(), "ada@example.org")
    assert first.status_code == second.status_code == 200
    assert _main(first) == _main(second)
    assert [m.to for m in mail.outbox] == [["fresh@example.org"]]


def _main(response: Any) -> str:
    found = re.search(r"<main.*</main>", text(response), re.S)
    assert found is not None
    return found[0]


def test_form_errors_are_tied_to_their_fields(client: Client) -> None:
    challenge, _ = challenge_of(text(client.get(SIGNUP)))
    data = {"email": "not an address", "password1": PASSWORD, "password2": "other"}
    page = text(client.post(SIGNUP, data | {"challenge": challenge}))
    for field in ("email", "password2"):
        tag = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', page)
        assert tag is not None
        assert 'aria-invalid="true"' in tag[0]
        assert f"id_{field}-error" in tag[0].split("aria-describedby=")[1].split('"')[1]
        assert f'<p class="field-error" id="id_{field}-error">' in page
        assert f'href="#id_{field}"' in page  # the summary links to the field
    password1 = re.search(r'<input [^>]*id="id_password1"[^>]*>', page)
    assert password1 is not None and "aria-invalid" not in password1[0]
    assert 'aria-describedby="id_password1-help"' in password1[0]
    assert "<title>Error:" in page


def test_a_weak_password_is_explained_next_to_its_field(client: Client) -> None:
    challenge, bits = challenge_of(text(client.get(SIGNUP)))
    data = {"email": "w@example.org", "password1": "12345678", "password2": "12345678"}
    nonce = proofofwork.solve(challenge, bits)
    page = text(client.post(SIGNUP, data | {"challenge": challenge, "nonce": nonce}))
    error = re.search(r'<p class="field-error" id="id_password1-error">(.*?)</p>', page, re.S)
    assert error is not None and "common" in error[1]
    assert not User.objects.exists()


def test_sign_in_refusals_look_the_same(client: Client) -> None:
    verified(client)
    sign_up(client, "unconfirmed@example.org")
    answers = [
        client.post(LOGIN, {"email": email, "password": password})
        for email, password in [
            ("ada@example.org", "wrong password"),
            ("nobody@example.org", PASSWORD),
            ("unconfirmed@example.org", PASSWORD),
        ]
    ]
    assert {a.status_code for a in answers} == {400}
    summaries = {re.sub(r'value="[^"]*"', "", _main(a)) for a in answers}
    assert len(summaries) == 1
    assert "_auth_user_id" not in client.session


def test_repeated_attempts_throttle_sign_in(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified(client)
    for _ in range(throttle.LOGIN_PER_EMAIL.rate.limit):
        assert client.post(LOGIN, {"email": "ada@example.org", "password": "no"}).status_code == 400
    right = client.post(LOGIN, {"email": "ADA@example.org", "password": PASSWORD})
    assert right.status_code == 429 and "Too many sign-in attempts" in text(right)
    assert "_auth_user_id" not in client.session
    other = client.post(LOGIN, {"email": "bob@example.org", "password": "no"})
    assert other.status_code == 400  # another address is still heard
    later = time.time() + throttle.LOGIN_PER_EMAIL.rate.period
    monkeypatch.setattr(time, "time", lambda: later)  # the window is over
    assert client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD}).status_code == 303


def test_repeated_failures_from_one_client_throttle_every_address(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified(client)
    monkeypatch.setattr(throttle, "LOGIN_PER_CLIENT", throttle.Limit("login-c", Rate(3, 900)))
    for n in range(3):
        client.post(LOGIN, {"email": f"x{n}@example.org", "password": "no"})
    assert client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD}).status_code == 429
    elsewhere = client.post(
        LOGIN, {"email": "ada@example.org", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert elsewhere.status_code == 303


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/x"]
)
def test_next_only_leads_to_this_node(client: Client, target: str) -> None:
    verified(client)
    response = client.post(
        f"{LOGIN}?next={target}", {"email": "ada@example.org", "password": PASSWORD}
    )
    assert response.status_code == 303 and response["Location"] == ACCOUNT


def test_next_on_this_node_is_followed(client: Client) -> None:
    verified(client)
    page = text(client.get(f"{LOGIN}?next=/en/search/%3Fq%3Dx"))
    assert 'name="next" value="/en/search/?q=x"' in page
    data = {"email": "ada@example.org", "password": PASSWORD, "next": "/en/search/?q=x"}
    response = client.post(LOGIN, data)
    assert response.status_code == 303 and response["Location"] == "/en/search/?q=x"


def test_the_account_page_needs_a_signed_in_person(client: Client) -> None:
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={ACCOUNT}"
    assert client.post("/en/accounts/tokens/", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_only_a_post_signs_out(client: Client) -> None:
    signed_in(client)
    page = client.get("/en/accounts/logout/")
    assert page.status_code == 200 and 'method="post"' in text(page)
    assert client.get(ACCOUNT).status_code == 200  # still signed in
    assert client.post("/en/accounts/logout/").status_code == 303
    assert client.get(ACCOUNT).status_code == 302


def test_csrf_is_enforced(client: Client) -> None:
    verified(client)
    browser = Client(enforce_csrf_checks=True)
    data = {"email": "ada@example.org", "password": PASSWORD}
    assert browser.post(LOGIN, data).status_code == 403
    page = text(browser.get(LOGIN))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    assert browser.post(LOGIN, data | {"csrfmiddlewaretoken": token[1]}).status_code == 303
    assert browser.post("/en/accounts/tokens/", {"name": "x"}).status_code == 403
    assert browser.post("/en/accounts/logout/").status_code == 403
    assert browser.get(ACCOUNT).status_code == 200 and not ApiToken.objects.exists()


def test_password_reset(client: Client) -> None:
    verified(client)
    mail.outbox = []
    known_reply = client.post("/en/accounts/reset/", {"email": "ada@example.org"})
    unknown_reply = client.post("/en/accounts/reset/", {"email": "zed@example.org"})
    assert known_reply.status_code == unknown_reply.status_code == 200
    assert _main(known_reply).replace("ada@", "zed@") == _main(unknown_reply)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    link = link_in(message, "reset-confirm")
    page = text(client.get(link))
    code = re.search(r'name="token" value="([^"]+)"', page)
    assert code is not None
    base = {"token": code[1], "password1": "a new long passphrase"}
    differ = client.post("/en/accounts/reset-confirm/", base | {"password2": "something else"})
    assert differ.status_code == 400 and 'id="id_password2-error"' in text(differ)
    done = client.post("/en/accounts/reset-confirm/", base | {"password2": base["password1"]})
    assert done.status_code == 200 and "Password changed" in text(done)
    again = client.post("/en/accounts/reset-confirm/", base | {"password2": base["password1"]})
    assert again.status_code == 400 and "expired or was already used" in text(again)
    old = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert old.status_code == 400
    new = client.post(LOGIN, {"email": "ada@example.org", "password": base["password1"]})
    assert new.status_code == 303
    pasted = text(client.get("/en/accounts/reset-confirm/"))  # no link: the code by hand
    assert '<label for="id_token">' in pasted and 'type="hidden" name="token"' not in pasted


def test_reset_mails_are_capped_per_address(client: Client) -> None:
    verified(client)
    mail.outbox = []
    for _ in range(5):
        assert client.post("/en/accounts/reset/", {"email": "ada@example.org"}).status_code == 200
    assert len(mail.outbox) == 3


def test_the_verification_code_can_be_pasted(client: Client) -> None:
    sign_up(client, "paste@example.org")
    code = mail.outbox[0].body.strip().splitlines()[-1]
    form = text(client.get("/en/accounts/verify/"))
    assert '<label for="id_token">' in form
    wrong = client.post("/en/accounts/verify/", {"token": code[:-2]})
    assert wrong.status_code == 400
    assert client.post("/en/accounts/verify/", {"token": f" {code} "}).status_code == 200
    assert User.objects.get(email="paste@example.org").email_verified is not None


def test_mail_links_follow_the_page_language(client: Client) -> None:
    challenge, bits = challenge_of(text(client.get("/fr/accounts/signup/")))
    data = {"email": "fr@example.org", "password1": PASSWORD, "password2": PASSWORD}
    data |= {"challenge": challenge, "nonce": proofofwork.solve(challenge, bits)}
    assert client.post("/fr/accounts/signup/", data).status_code == 200
    assert "https://archive.example.edu/fr/accounts/verify/?token=" in mail.outbox[0].body


def test_the_account_lists_the_persons_jobs_and_runs_failed_ones_again(client: Client) -> None:
    user = signed_in(client)
    mine = Job.objects.create(
        name="archive.visit",
        max_attempts=3,
        attempts=3,
        status=Job.Status.FAILED,
        last_error="Traceback (most recent call last):\nValueError: the forge said no",
        requested_by=user.pk,
        requested_by_name=user.email,
    )
    theirs = Job.objects.create(
        name="archive.secret", max_attempts=3, requested_by=user.pk + 1000, requested_by_name="x"
    )
    page = text(client.get(ACCOUNT))
    assert "archive.visit" in page and "ValueError: the forge said no" in page
    assert "archive.secret" not in page
    assert f'action="/en/accounts/jobs/{mine.pk}/retry/"' in page
    assert client.post(f"/en/accounts/jobs/{theirs.pk}/retry/").status_code == 404
    response = client.post(f"/en/accounts/jobs/{mine.pk}/retry/")
    assert response.status_code == 303
    mine.refresh_from_db()
    assert mine.status == Job.Status.QUEUED and mine.attempts == 0
    mine.status = Job.Status.SUCCEEDED
    mine.save()
    page = text(client.get(ACCOUNT))
    assert f'action="/en/accounts/jobs/{mine.pk}/retry/"' not in page
    assert client.post(f"/en/accounts/jobs/{mine.pk}/retry/").status_code == 400


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_script_solves_a_real_challenge(client: Client, settings: Any) -> None:
    settings.SANKOFA_SIGNUP_PROOF_BITS = proofofwork.DEFAULT_BITS
    challenge, bits = challenge_of(text(client.get(SIGNUP)))
    assert bits == proofofwork.DEFAULT_BITS
    program = (
        "const s = require(process.argv[1]);"
        "process.stdout.write(s.solve(process.argv[2], +process.argv[3]));"
    )
    solved = subprocess.run(
        ["node", "-e", program, str(SIGNUP_JS), challenge, str(bits)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert solved == proofofwork.solve(challenge, bits)  # the first such nonce, as the node finds
    data = {"email": "js@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(SIGNUP, data | {"challenge": challenge, "nonce": solved})
    assert response.status_code == 200 and "Check your mail" in text(response)
    assert User.objects.filter(email="js@example.org").exists()


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_script_hashes_like_sha256() -> None:
    import hashlib

    samples = ["", "abc", "a" * 55, "a" * 56, "a" * 64, "x" * 119, "é漢字🙂" * 30]
    program = (
        "const s = require(process.argv[1]);"
        "process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map(s.sha256hex)));"
    )
    out = subprocess.run(
        ["node", "-e", program, str(SIGNUP_JS), json.dumps(samples)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert json.loads(out) == [hashlib.sha256(s.encode()).hexdigest() for s in samples]


# --- in a real browser, on a live node (skipped without Chromium) ------------------


def _wait_for(driver: Any, condition: Any, seconds: float = 120) -> Any:
    """Wait for `condition`; elements of a page being left for the next count as not yet."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    waiting = WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))
    return waiting.until(condition)


def _fill_sign_up(driver: Any, node: LiveNode, email: str, again: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(node.url("/en/accounts/signup/"))
    driver.find_element(By.ID, "id_email").send_keys(email)
    driver.find_element(By.ID, "id_password1").send_keys(PASSWORD)
    driver.find_element(By.ID, "id_password2").send_keys(again)
    nonce = driver.find_element(By.NAME, "nonce")
    _wait_for(driver, lambda d: nonce.get_attribute("value"))  # the worker found it
    driver.find_element(By.CSS_SELECTOR, "form.account-form [type=submit]").click()


def test_a_browser_signs_up_with_the_proof_of_work(live_node: LiveNode, chromium: Any) -> None:
    from selenium.webdriver.common.by import By

    chromium.delete_all_cookies()
    _fill_sign_up(chromium, live_node, "browser@example.org", PASSWORD)
    heading = _wait_for(
        chromium,
        lambda d: (h := d.find_element(By.TAG_NAME, "h1").text) == "Check your mail" and h,
    )
    assert heading == "Check your mail"
    sent = "".join(p.read_text() for p in (live_node.home / "mail").iterdir())
    assert "To: browser@example.org" in sent
    assert "http://127.0.0.1:8000/en/accounts/verify/?token=" in sent  # the default address


def test_error_and_token_pages_pass_axe(live_node: LiveNode, chromium: Any) -> None:
    from selenium.webdriver.common.by import By

    chromium.delete_all_cookies()
    _fill_sign_up(chromium, live_node, "axe@example.org", "not the same")
    _wait_for(chromium, lambda d: d.find_elements(By.CLASS_NAME, "error-summary"))
    violations = axe_violations(chromium)
    assert not violations, describe(violations)

    sign_in(chromium, live_node, "en")
    _wait_for(chromium, lambda d: d.find_elements(By.ID, "id_name"))
    chromium.find_element(By.ID, "id_name").send_keys("laptop")
    chromium.find_element(By.ID, "id_name").submit()
    _wait_for(chromium, lambda d: d.find_elements(By.CLASS_NAME, "token-text"))
    assert TOKEN_RE.fullmatch(chromium.find_element(By.CLASS_NAME, "token-text").text)
    violations = axe_violations(chromium)
    chromium.delete_all_cookies()
    assert not violations, describe(violations)
