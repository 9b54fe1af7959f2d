"""Save Code Now services: URL checks, rules, review, rate limits, and real archiving."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sankofa.archive import save
from sankofa.archive.models import Origin, Visit
from sankofa.archive.save_models import SaveRequest
from sankofa.core.actors import Actor, PermissionDenied
from sankofa.core.jobs import runner
from sankofa.core.jobs.models import Job
from tests.archive.test_transports import publish
from tests.gitservers import GitDaemon, SmartHTTPServer

pytestmark = pytest.mark.django_db

OPERATOR = Actor.operator("test")
CURATOR = Actor(name="curator@example.org", user_id=2, roles=frozenset({"curator"}))
DEPOSITOR = Actor(name="dep@example.org", user_id=3, roles=frozenset({"depositor"}))
USER = Actor(name="someone@example.org", user_id=7)
PUBLIC = Actor(name="public")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("file:///etc/passwd", "unsupported scheme 'file'"),
        ("/srv/git/repo", "unsupported scheme"),
        ("ssh://example.org/repo.git", "unsupported scheme 'ssh'"),
        ("https://user:secret@example.org/repo.git", "credentials"),
        ("https://token@example.org/repo.git", "credentials"),
        ("https:///repo.git", "no host"),
        ("https://example.org:99999/r", "invalid port"),
        ("https://example.org/a b", "blanks"),
        ("http://[::1/x", "malformed"),
        ("https://example.org/" + "a" * 3000, "longer than"),
    ],
)
def test_bad_urls_are_refused_naming_the_field(url: str, words: str) -> None:
    with pytest.raises(save.InvalidSaveRequest) as caught:
        save.request_save(USER, url)
    assert caught.value.field == "origin_url"
    assert words in caught.value.message
    assert not SaveRequest.objects.exists()


def test_only_git_visits_are_taken() -> None:
    with pytest.raises(save.InvalidSaveRequest) as caught:
        save.request_save(USER, "https://example.org/repo", "hg")
    assert caught.value.field == "visit_type"
    assert "git origins only" in caught.value.message


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:8080", "localhost", "git.localhost", "2130706433", "127.1", "[::1]", "10.1.2.3",
     "192.168.0.4", "169.254.169.254", "[::ffff:127.0.0.1]", "0.0.0.0"],
)  # fmt: skip
def test_local_and_private_hosts_need_an_allow_rule(host: str) -> None:
    url = f"http://{host}/repo.git"
    with pytest.raises(save.InvalidSaveRequest, match="local or private host"):
        save.request_save(USER, url)
    save.add_rule(OPERATOR, f"http://{host}/", "allow")
    assert save.request_save(USER, url).status == SaveRequest.Status.ACCEPTED


def test_public_hosts_are_not_local() -> None:
    assert not save.is_local_host("example.org")
    assert not save.is_local_host("8.8.8.8")
    assert save.is_local_host("LOCALHOST.")


def test_unknown_origins_wait_for_review_and_are_not_asked_twice() -> None:
    first = save.request_save(USER, "https://example.org/team/tool.git")
    assert (first.status, first.task_status) == ("pending", "not created")
    assert first.job_id is None
    again = save.request_save(PUBLIC, " https://example.org/team/tool.git ", ip="192.0.2.1")
    assert again.pk == first.pk
    assert SaveRequest.objects.count() == 1


def test_deny_beats_allow_and_allow_enqueues_a_visit() -> None:
    save.add_rule(OPERATOR, "https://forge.example.org/", "allow")
    save.add_rule(OPERATOR, "https://forge.example.org/spam/", "deny")
    denied = save.request_save(USER, "https://forge.example.org/spam/junk.git")
    assert denied.status == "rejected"
    assert "deny list" in denied.note and denied.job_id is None
    allowed = save.request_save(USER, "https://forge.example.org/team/tool.git")
    assert (allowed.status, allowed.task_status) == ("accepted", "not yet scheduled")
    job = Job.objects.get(pk=allowed.job_id)
    # an allow rule covers it: the visit is not guarded against names resolving inside
    assert (job.name, job.args) == (
        "archive.visit",
        ["https://forge.example.org/team/tool.git", False],
    )
    assert job.requested_as_operator  # the node runs the visit, whoever asked
    # a deny rule also wins on a local host that an allow rule opens
    save.add_rule(OPERATOR, "http://127.0.0.1:9/", "allow")
    save.add_rule(OPERATOR, "http://127.0.0.1:9/private/", "deny")
    assert save.request_save(USER, "http://127.0.0.1:9/private/x").status == "rejected"


def test_review_approves_or_rejects_pending_requests_only() -> None:
    a = save.request_save(USER, "https://example.org/a.git")
    b = save.request_save(USER, "https://example.org/b.git")
    with pytest.raises(PermissionDenied):
        save.approve(DEPOSITOR, a.pk)
    approved = save.approve(CURATOR, a.pk)
    assert (approved.status, approved.reviewed_by_name) == ("accepted", CURATOR.name)
    approved_job = Job.objects.get(pk=approved.job_id, name="archive.visit")
    assert approved_job.args == ["https://example.org/a.git", True]  # no rule: guarded
    rejected = save.reject(CURATOR, b.pk, "  not research software ")
    assert (rejected.status, rejected.note) == ("rejected", "not research software")
    with pytest.raises(save.NotPending, match="is accepted"):
        save.reject(CURATOR, a.pk)
    with pytest.raises(save.SaveRequestNotFound):
        save.approve(CURATOR, 10**9)


def test_rules_are_for_admins_and_checked() -> None:
    with pytest.raises(PermissionDenied):
        save.add_rule(CURATOR, "https://example.org/", "allow")
    admin = Actor(name="admin", user_id=1, is_admin=True)
    rule = save.add_rule(admin, "https://example.org/", "allow")
    assert save.add_rule(admin, "https://example.org/", "allow").pk == rule.pk
    for prefix, field in [("example.org", "prefix"), ("file:///", "prefix")]:
        with pytest.raises(save.InvalidSaveRequest) as caught:
            save.add_rule(admin, prefix, "allow")
        assert caught.value.field == field
    with pytest.raises(save.InvalidSaveRequest) as caught:
        save.add_rule(admin, "https://example.org/", "maybe")
    assert caught.value.field == "kind"
    assert [r.prefix for r in save.list_rules(admin)] == ["https://example.org/"]
    save.remove_rule(admin, rule.pk)
    assert save.list_rules(admin) == []


def test_rate_limit_per_user_and_per_address(settings: Any) -> None:
    settings.SANKOFA_SAVE_RATE_LIMIT = "2,1"
    for n in range(2):
        save.request_save(USER, f"https://example.org/u{n}.git")
    with pytest.raises(save.RateLimited, match="at most 2 save requests per hour") as caught:
        save.request_save(USER, "https://example.org/u2.git")
    assert 0 < caught.value.retry_after <= 3601
    save.request_save(PUBLIC, "https://example.org/p0.git", ip="192.0.2.1")
    with pytest.raises(save.RateLimited, match="at most 1"):
        save.request_save(PUBLIC, "https://example.org/p1.git", ip="192.0.2.1")
    save.request_save(PUBLIC, "https://example.org/p1.git", ip="192.0.2.2")
    for n in range(3):  # curators are not limited
        save.request_save(CURATOR, f"https://example.org/c{n}.git")
    # requests older than an hour no longer count
    SaveRequest.objects.filter(requested_by=USER.user_id).update(
        request_date=timezone.now() - timedelta(hours=2)
    )
    save.request_save(USER, "https://example.org/u2.git")


def test_anonymous_saving_can_be_turned_off(settings: Any) -> None:
    settings.SANKOFA_SAVE_RATE_LIMIT = "5,0"
    with pytest.raises(PermissionDenied, match="anonymous"):
        save.request_save(PUBLIC, "https://example.org/x.git", ip="192.0.2.1")
    assert save.request_save(USER, "https://example.org/x.git").status == "pending"


def test_a_malformed_rate_limit_setting_is_reported(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.SANKOFA_SAVE_RATE_LIMIT = "lots"
    with pytest.raises(ImproperlyConfigured, match="SANKOFA_SAVE_RATE_LIMIT"):
        save.rate_limits()
    settings.SANKOFA_SAVE_RATE_LIMIT = "9"
    assert save.rate_limits() == (9, 3)


def _run_job(job_id: int | None) -> runner.Outcome:
    assert job_id is not None
    return runner.run(job_id)


def test_an_accepted_request_really_archives_over_http(
    node_home: Path, repo: Path, smart_http: SmartHTTPServer
) -> None:
    publish(repo, smart_http.base_path)
    url = smart_http.url("project.git")
    save.add_rule(OPERATOR, smart_http.url(""), "allow")
    req = save.request_save(USER, url)
    assert req.status == "accepted"
    assert _run_job(req.job_id) is runner.Outcome.SUCCEEDED
    done = save.get_request(req.pk)
    visit = Visit.objects.get(origin__url=url)
    assert (done.task_status, done.visit_status, done.visit_number) == ("succeeded", "full", 1)
    assert done.snapshot_swhid == str(visit.snapshot)
    assert done.visit_date == visit.date
    # the visit is over: a new request makes a new visit
    again = save.request_save(USER, url)
    assert again.pk != req.pk and again.status == "accepted"
    assert _run_job(again.job_id) is runner.Outcome.SUCCEEDED
    assert save.get_request(again.pk).visit_number == 2


def test_archived_origins_are_accepted_without_a_rule() -> None:
    Origin.objects.create(url="https://example.org/known.git")
    req = save.request_save(USER, "https://example.org/known.git")
    assert req.status == "accepted" and "already archived" in req.note
    assert save.request_save(USER, "https://example.org/unknown.git").status == "pending"


def test_an_approved_request_archives_over_git_protocol(
    node_home: Path, repo: Path, git_daemon: GitDaemon
) -> None:
    publish(repo, git_daemon.base_path)
    url = git_daemon.url("project.git")
    with pytest.raises(save.InvalidSaveRequest):  # a local host needs an allow rule
        save.request_save(USER, url)
    save.add_rule(OPERATOR, f"git://127.0.0.1:{git_daemon.port}/", "allow")
    req = save.request_save(USER, url)
    assert _run_job(req.job_id) is runner.Outcome.SUCCEEDED
    assert save.get_request(req.pk).task_status == "succeeded"


def test_a_failing_visit_is_reported(node_home: Path, smart_http: SmartHTTPServer) -> None:
    save.add_rule(OPERATOR, smart_http.url(""), "allow")
    req = save.request_save(USER, smart_http.url("missing.git"))
    assert _run_job(req.job_id) is runner.Outcome.RETRYING
    assert save.get_request(req.pk).task_status == "scheduled"
    job = Job.objects.get(pk=req.job_id)
    for _ in range(job.max_attempts - 1):  # let the backoff pass, then try again
        Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
        _run_job(req.job_id)
    failed = save.get_request(req.pk)
    assert (failed.task_status, failed.visit_status) == ("failed", "failed")
    assert failed.note  # git's complaint


def test_a_name_that_resolves_inside_is_not_visited_without_an_allow_rule(
    node_home: Path, repo: Path, smart_http: SmartHTTPServer
) -> None:
    # this machine's own name resolves (through /etc/hosts) to one of its addresses
    host = socket.gethostname()
    if not save.resolves_inside(host):
        pytest.skip(f"{host} does not resolve to a local or private address here")
    assert not save.is_local_host(host)  # a name: the request itself cannot tell
    assert save.resolves_inside("localhost")
    publish(repo, smart_http.base_path)
    url = smart_http.url("project.git").replace("127.0.0.1", host)
    req = save.request_save(USER, url)
    assert req.status == "pending"
    approved = save.approve(CURATOR, req.pk)
    assert _run_job(approved.job_id) is runner.Outcome.FAILED  # at once: no retry helps
    failed = save.get_request(req.pk)
    assert failed.task_status == "failed"
    assert f"{host} resolves to a local or private address" in failed.note
    assert not Visit.objects.filter(origin__url=url).exists()
    # an operator who allows the prefix means it: the same origin is archived
    save.add_rule(OPERATOR, url.rsplit("/", 1)[0] + "/", "allow")
    allowed = save.request_save(USER, url)
    assert allowed.status == "accepted"
    assert _run_job(allowed.job_id) is runner.Outcome.SUCCEEDED
    assert Visit.objects.get(origin__url=url).snapshot is not None
