"""The OpenAPI document at /api/schema/: valid, complete, and true of the live API.

Schemathesis reads the document as served and sends what it describes to a live node
holding the `simple` repository; besides generated values, each operation is given
the repository's real ids (from `git` itself), so answers of 200 are checked as well
as errors, and values the document forbids (schemathesis' negative mode), which must
be refused with a documented 4xx, never a server error. Before the run, bundles are
cooked (so downloads answer 200, 206, 304 and 416), a save request awaits review, and
webhook deliveries are signed with the node's secret. Every operation is also sent a
refused bearer token (401) and a request over the rate limit (429), and every answer
carries the rate-limit headers, all checked against the document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
import requests
import schemathesis
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok
from tests.api import dataset_values
from tests.api.conftest import OPERATOR, Archived
from tests.api.test_webhooks import gitea_push, github_push, gitlab_push, signed_headers

from sankofa.api import throttle
from sankofa.api.openapi import document
from sankofa.archive import cooking, save
from sankofa.core.jobs import runner
from sankofa.swhid.identifiers import CoreSWHID

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
POST = "-post"  # the operationId of a POST on a route that also answers GET: route name + POST
# the other methods of a route with several: route name + "-<method>" (the first keeps the name)
SUFFIXES = ("-post", "-put", "-delete", "-patch")
SECRET = "the test node's webhook secret"
SAVED_URL = "https://example.org/simple.git"  # a save request awaiting review


def operations(doc: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (path template, method, operation)."""
    return {
        op["operationId"]: (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def api_routes() -> dict[str, URLPattern]:
    """The named routes under ``api/1/`` (and ``api/1/datasets/``) in the URL configuration."""
    apis = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern).startswith("api/1/")
    ]
    assert "api/1/" in [str(p.pattern) for p in apis]
    return {
        p.name: p for api in apis for p in api.url_patterns if isinstance(p, URLPattern) and p.name
    }


def route_name(operation_id: str) -> str:
    for suffix in SUFFIXES:
        operation_id = operation_id.removesuffix(suffix)
    return operation_id


def expected_id(name: str, method: str, item: dict[str, Any]) -> str:
    """A route's GET (else its first method) is named after it; its other methods add
    ``-<method>``."""
    first = "get" if "get" in item else next(m for m in item if m in METHODS)
    return name if method == first else f"{name}-{method}"


def mismatch(doc: dict[str, Any], routes: set[str]) -> tuple[set[str], set[str]]:
    """(routes the document omits, operations that are no route)."""
    described = {route_name(op) for op in operations(doc)}
    return routes - described, described - routes


def test_document_is_valid_openapi() -> None:
    validate(document("http://127.0.0.1:8000/api/1"))


def test_served_document_names_this_node(client: Any) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    served = response.json()
    validate(served)
    assert served["servers"] == [{"url": "http://testserver/api/1"}]
    assert served["paths"] == document()["paths"]


def test_every_route_is_described_and_nothing_else() -> None:
    routes = set(api_routes())
    assert {"api-1-content", "api-1-known", "api-1-resolve-swhid"} <= routes
    assert mismatch(document(), routes) == (set(), set())
    # an undescribed route, or an operation that is no route, is caught
    assert mismatch(document(), routes | {"api-1-new"}) == ({"api-1-new"}, set())
    assert mismatch(document(), routes - {"api-1-known"}) == (set(), {"api-1-known"})
    # a route answering GET and POST is described once per method, the POST as "<name>-post"
    both = routes - {"api-1-origin-save"}
    assert mismatch(document(), both) == (set(), {"api-1-origin-save"})


def test_each_path_template_reaches_the_route_it_names(client: Any, db: None) -> None:
    """Each path resolves to the route its operations name, which allows exactly the
    methods described there (and HEAD with GET), as its 405 answer says."""
    doc = document()
    for template, item in doc["paths"].items():
        described = {m for m in item if m in METHODS}
        for method in described:
            op = item[method]
            name = route_name(op["operationId"])
            assert op["operationId"] == expected_id(name, method, item)
            examples = {p["name"]: p["example"] for p in op["parameters"] if p["in"] == "path"}
            path = "/api/1" + template.format(**examples)
            match = resolve(path)
            assert match.url_name == name
            assert set(match.kwargs) == set(examples)
        refused = client.generic("TRACE", path)
        assert refused.status_code == 405, template
        allowed = {m.strip().lower() for m in refused["Allow"].split(",")}
        assert allowed - {"head"} == described, template
        assert ("head" in allowed) == ("get" in described), template


def real_values(repo: Archived, request_id: int) -> dict[str, list[Any]]:
    """Values the node holds, by parameter name or by "<path template>:<name>"; path
    parameters missing from both are found by the first segment of their path
    (sha1_git: "/directory/", "/revision/"...)."""
    listing = repo.git("ls-tree", "-r", "-t", repo.ids["tree3"]).decode().splitlines()
    entries = [(line.split()[1], line.split()[2], line.split("\t")[1]) for line in listing]
    blobs = [oid for kind, oid, _ in entries if kind == "blob"]
    trees = [repo.ids["tree3"]] + [oid for kind, oid, _ in entries if kind == "tree"]
    commits = [repo.ids[k] for k in ("commit1", "commit2", "commit3", "feature")]
    tag = repo.ids["tag_annotated"]
    snapshot = repo.snapshot.removeprefix("swh:1:snp:")
    dirs = [f"swh:1:dir:{t}" for t in trees]
    revs = [f"swh:1:rev:{c}" for c in commits]
    swhids = [f"swh:1:cnt:{b}" for b in blobs] + dirs + revs + [f"swh:1:rel:{tag}", repo.snapshot]
    flat, git_bare = cooked(repo)
    return {
        "q": [f"sha1_git:{b}" for b in blobs],
        "/directory/": trees,
        "/revision/": commits,
        "/release/": [tag],
        "snapshot_id": [snapshot],
        "path": [path for _, _, path in entries],
        "origin_url": [repo.url],
        "url_pattern": ["simple", repo.url, "git"],
        "visit_id": ["1"],
        "swhid": [*swhids, f"{swhids[-3]};origin={repo.url}"],
        "/known/:body": swhids,
        # what each bundle format cooks (the others are refused), and the cooked bundles
        "/vault/flat/{swhid}/:swhid": [*dirs, *revs],
        "/vault/git-bare/{swhid}/:swhid": [*revs, f"swh:1:rel:{tag}", repo.snapshot],
        "/vault/flat/{swhid}/raw/:swhid": [flat],
        "/vault/git-bare/{swhid}/raw/:swhid": [git_bare],
        "visit_type": ["git"],
        "/origin/save/{visit_type}/url/{origin_url}/:origin_url": [SAVED_URL, repo.url],
        "request_id": [str(request_id)],
    }


def cooked(repo: Archived) -> tuple[str, str]:
    """Bundles cooked for downloads: the flat one of tree3, the git-bare one of commit3."""
    bundles = (f"swh:1:dir:{repo.ids['tree3']}", f"swh:1:rev:{repo.ids['commit3']}")
    for swhid, fmt in zip(bundles, (cooking.FLAT, cooking.GIT_BARE), strict=True):
        cook = cooking.request_cook(OPERATOR, CoreSWHID.from_string(swhid), fmt)
        assert cook.job_id is not None
        assert runner.run(cook.job_id) is runner.Outcome.SUCCEEDED
    return bundles


# headers of a download: a range, a suffix, a range past the end, the bundle held already
DOWNLOAD_HEADERS = [
    {},
    {"Range": "bytes=0-9"},
    {"Range": "bytes=-5"},
    {"Range": "bytes=1000000000-"},
    {"If-None-Match": "*"},
]


def download_cases(op: Any, values: dict[str, list[Any]]) -> list[Any]:
    """Each kind of download of the cooked bundle, if `op` is a download."""
    cooked = values.get(f"{op.path}:swhid") if op.path.endswith("/raw/") else None
    if not cooked:
        return []
    return [op.Case(path_parameters={"swhid": cooked[0]}, headers=h) for h in DOWNLOAD_HEADERS]


def deliveries(forge: str) -> list[tuple[bytes, dict[str, str]]]:
    """Signed deliveries `forge` sends: a push (of an unknown repository, awaiting review)
    and, for GitHub, a ping. The bytes are sent as they are, as signed."""
    url = f"https://example.org/{forge}.git"
    pushes = {
        "github": (github_push(url), "push"),
        "gitlab": (gitlab_push(url), "Push Hook"),
        "gitea": (gitea_push(url), "push"),
        "forgejo": (gitea_push(url), "push"),
    }
    sent = [pushes[forge]]
    if forge == "github":
        sent.append(({"zen": "Keep it simple.", "hook_id": 1}, "ping"))
    bodies = [(json.dumps(payload).encode(), event) for payload, event in sent]
    return [(body, signed_headers(forge, body, event, SECRET)) for body, event in bodies]


def real_cases(op: Any, values: dict[str, list[Any]]) -> st.SearchStrategy[Any]:
    """Cases of `op` whose path parameters (and body) are objects the node holds."""
    prefix = "/" + op.path.strip("/").split("/")[0] + "/"
    if op.path.startswith("/origin/save/webhook/"):
        forge = op.path.strip("/").split("/")[-1]
        signed = st.sampled_from(deliveries(forge))
        return signed.flatmap(lambda d: op.as_strategy(body=d[0], headers=d[1]))

    def real(name: str) -> list[Any]:
        return (
            values.get(f"{op.method.upper()} {op.path}:{name}")
            or values.get(f"{op.path}:{name}")
            or values.get(name)
            or values[prefix]
        )

    path = st.fixed_dictionaries(
        {p.name: st.sampled_from(real(p.name)) for p in op.path_parameters}
    )
    headers = st.sampled_from(DOWNLOAD_HEADERS if op.path.startswith("/vault/") else [{}])
    deposit = op.path.startswith("/datasets/")  # as the depositor, one body at a time
    if deposit:
        headers = st.sampled_from(values["auth"])
    if "requestBody" in op.definition.raw:
        bodies = (
            st.sampled_from(real("body"))
            if deposit
            else st.lists(st.sampled_from(real("body")), max_size=20)
        )
        return st.tuples(path, bodies, headers).flatmap(
            lambda pbh: op.as_strategy(path_parameters=pbh[0], body=pbh[1], headers=pbh[2] or None)
        )
    return st.tuples(path, headers).flatmap(
        lambda ph: op.as_strategy(path_parameters=ph[0], headers=ph[1] or None)
    )


@pytest.fixture
def node(simple: Archived, settings: Any) -> dict[str, list[Any]]:
    """The live node's real values: `simple` archived, its bundles cooked, a save request
    awaiting review, webhooks on, and every API answer counted (a limit never reached)."""
    settings.SANKOFA_WEBHOOK_SECRET = SECRET
    settings.SANKOFA_SAVE_RATE_LIMIT = "100000,100000"  # save's own limit: test_save_api.py
    settings.SANKOFA_API_RATE_BACKEND = "memory"
    settings.SANKOFA_API_ANON_RATE = "1000000/h"
    settings.SANKOFA_API_USER_RATE = "1000000/h"  # the depositor's answers are counted too
    throttle._limiter.cache_clear()
    request = save.request_save(OPERATOR, SAVED_URL)
    auth, deposits = dataset_values.make()
    return real_values(simple, request.pk) | deposits | {"auth": [auth]}


@pytest.mark.slow
def test_schemathesis_finds_the_api_as_described(
    node: dict[str, list[Any]], live_server: Any
) -> None:
    statuses: dict[str, set[int]] = defaultdict(set)
    with requests.Session() as session:
        raw = session.get(f"{live_server.url}/api/schema/").json()
        base_url = raw["servers"][0]["url"]
        for result in schemathesis.openapi.from_dict(raw).get_all_operations():
            assert isinstance(result, Ok), result
            op = result.ok()
            negative = op.as_strategy(generation_mode=GenerationMode.NEGATIVE)

            @settings(
                max_examples=50,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=st.one_of(op.as_strategy(), real_cases(op, node), negative))
            def check(case: Any) -> None:
                call(case)

            def call(case: Any) -> None:
                response = case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
                statuses[case.operation.label].add(response.status_code)
                # every answer of an endpoint is counted (a path no route matches is not)
                stray = response.status_code == 404 and "endpoint at" in response.json()["reason"]
                assert stray or "x-ratelimit-remaining" in response.headers

            check()
            for case in download_cases(op, node):
                call(case)

    assert len(statuses) == len(operations(document()))  # every operation was exercised
    never_ok = {label for label, seen in statuses.items() if not {200, 201, 202, 204} & seen}
    assert not never_ok, statuses
    for download in ("GET /vault/flat/{swhid}/raw/", "GET /vault/git-bare/{swhid}/raw/"):
        assert {200, 206, 304, 416} <= statuses[download], statuses[download]


def example_case(op: Any, **headers: str) -> Any:
    """A case of `op` made of the document's examples (an empty body where one is asked)."""
    path = {p.name: p.definition["example"] for p in op.path_parameters}
    if "requestBody" not in op.definition.raw:
        return op.Case(path_parameters=path, headers=headers)
    return op.Case(path_parameters=path, headers=headers, body=[] if op.path == "/known/" else {})


def test_every_operation_answers_refusals_as_described(
    live_server: Any, transactional_db: None, settings: Any
) -> None:
    """A refused bearer token (401), then, the one request of the window spent, each
    operation's 429 with Retry-After and the X-RateLimit-* headers."""
    settings.SANKOFA_API_RATE_BACKEND = "memory"
    settings.SANKOFA_API_ANON_RATE = "1/h"
    throttle._limiter.cache_clear()
    with requests.Session() as session:
        raw = session.get(f"{live_server.url}/api/schema/").json()
        base_url = raw["servers"][0]["url"]
        results = list(schemathesis.openapi.from_dict(raw).get_all_operations())
        ops = [r.ok() for r in results if isinstance(r, Ok)]
        assert len(ops) == len(operations(document()))
        for op in ops:
            case = example_case(op, Authorization="Bearer not-a-token")
            refused = case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
            assert refused.status_code == 401, op.label
            assert refused.json()["exception"] == "AuthenticationFailed"
        first = example_case(ops[0]).call(base_url=base_url, session=session)
        assert first.status_code != 429 and first.headers["x-ratelimit-remaining"] == ["0"]
        for op in ops:
            case = example_case(op)
            throttled = case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
            assert throttled.status_code == 429, op.label
            assert int(throttled.headers["retry-after"][0]) >= 1
            assert throttled.headers["x-ratelimit-limit"] == ["1"]
    throttle._limiter.cache_clear()
