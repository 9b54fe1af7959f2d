"""The OpenAPI document at /api/schema/: valid, complete, and true of the live API.

Schemathesis reads the document as served and sends what it describes to a live node
holding the `simple` repository; besides generated values, each operation is given
the repository's real ids (from `git` itself), so answers of 200 are checked as well
as errors, and values the document forbids (schemathesis' negative mode), which must
be refused with a documented 4xx, never a server error.
"""

from __future__ import annotations

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
from tests.api.conftest import Archived

from sankofa.api.openapi import document

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations(doc: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (path template, method, operation)."""
    return {
        op["operationId"]: (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def api_routes() -> dict[str, URLPattern]:
    """The named routes under ``api/1/`` in the project's URL configuration."""
    (api,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "api/1/"
    ]
    return {p.name: p for p in api.url_patterns if isinstance(p, URLPattern) and p.name}


def mismatch(doc: dict[str, Any], routes: set[str]) -> tuple[set[str], set[str]]:
    """(routes the document omits, operations that are no route)."""
    described = set(operations(doc))
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
    assert len(routes) == 16
    assert mismatch(document(), routes) == (set(), set())
    # an undescribed route, or an operation that is no route, is caught
    assert mismatch(document(), routes | {"api-1-new"}) == ({"api-1-new"}, set())
    assert mismatch(document(), routes - {"api-1-known"}) == (set(), {"api-1-known"})


def test_each_path_template_reaches_the_route_it_names() -> None:
    for name, (template, method, op) in operations(document()).items():
        examples = {p["name"]: p["example"] for p in op["parameters"] if p["in"] == "path"}
        match = resolve("/api/1" + template.format(**examples))
        assert match.url_name == name
        assert set(match.kwargs) == set(examples)
        view_methods = {"post"} if name == "api-1-known" else {"get"}
        assert method in view_methods


def real_values(repo: Archived) -> dict[str, list[str]]:
    """Path parameter values the archive holds, by parameter (sha1_git by path prefix)."""
    listing = repo.git("ls-tree", "-r", "-t", repo.ids["tree3"]).decode().splitlines()
    entries = [(line.split()[1], line.split()[2], line.split("\t")[1]) for line in listing]
    blobs = [oid for kind, oid, _ in entries if kind == "blob"]
    trees = [repo.ids["tree3"]] + [oid for kind, oid, _ in entries if kind == "tree"]
    commits = [repo.ids[k] for k in ("commit1", "commit2", "commit3", "feature")]
    tag = repo.ids["tag_annotated"]
    snapshot = repo.snapshot.removeprefix("swh:1:snp:")
    swhids = (
        [f"swh:1:cnt:{b}" for b in blobs]
        + [f"swh:1:dir:{t}" for t in trees]
        + [f"swh:1:rev:{c}" for c in commits]
        + [f"swh:1:rel:{tag}", f"swh:1:snp:{snapshot}"]
    )
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
        "body": swhids,
    }


def real_cases(op: Any, values: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """Cases of `op` whose path parameters (and body) are objects the archive holds."""
    prefix = "/" + op.path.strip("/").split("/")[0] + "/"
    path = {
        p.name: st.sampled_from(values.get(p.name) or values[prefix]) for p in op.path_parameters
    }
    if op.method.lower() == "post":
        bodies = st.lists(st.sampled_from(values["body"]), max_size=20)
        return bodies.flatmap(lambda body: op.as_strategy(body=body))
    return st.fixed_dictionaries(path).flatmap(lambda pp: op.as_strategy(path_parameters=pp))


@pytest.mark.slow
def test_schemathesis_finds_the_api_as_described(simple: Archived, live_server: Any) -> None:
    values = real_values(simple)
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
            @given(case=st.one_of(op.as_strategy(), real_cases(op, values), negative))
            def check(case: Any) -> None:
                response = case.call_and_validate(base_url=base_url, session=session, checks=CHECKS)
                statuses[case.operation.label].add(response.status_code)

            check()

    assert len(statuses) == 16
    never_ok = {label for label, seen in statuses.items() if 200 not in seen}
    assert not never_ok, statuses
