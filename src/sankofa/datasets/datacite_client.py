"""A small client of the DataCite REST API: ``POST /dois``, ``PUT /dois/{doi}``, ``GET``.

Requests carry HTTP Basic authentication (the repository account and its password) and
JSON:API bodies (`sankofa.core.formats.datacite_rest`). Errors are split by what a job
should do about them:

* `DataCiteUnavailable`: no answer, a timeout, 429 or a 5xx answer; trying later may help.
* `DataCiteRefused`: any other 4xx answer (bad credentials, a DOI of another account,
  metadata DataCite rejects); trying again will not help until someone fixes the cause.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sankofa.core.formats.datacite_rest import CONTENT_TYPE

__all__ = ["DataCiteAccount", "DataCiteClient", "DataCiteRefused", "DataCiteUnavailable"]


class DataCiteUnavailable(Exception):
    """DataCite did not answer, or answered that it cannot now (429, 5xx)."""


class DataCiteRefused(Exception):
    """DataCite refused the request (4xx); `status` and DataCite's own `errors` say why."""

    def __init__(self, status: int, errors: list[str], what: str) -> None:
        detail = "; ".join(errors) or "no reason given"
        super().__init__(f"DataCite refused {what} with HTTP {status}: {detail}")
        self.status = status
        self.errors = errors


@dataclass(frozen=True)
class DataCiteAccount:
    """Where and as whom the node registers DOIs (see `sankofa.datasets.pids.account`)."""

    url: str  # the API root, e.g. https://api.test.datacite.org
    user: str  # the repository account id, e.g. ABCD.EFGH
    password: str
    prefix: str  # 10.5072
    timeout: float = 30.0


class DataCiteClient:
    def __init__(self, account: DataCiteAccount) -> None:
        self.account = account

    def create(self, document: dict[str, Any]) -> dict[str, Any]:
        """``POST /dois``: a new DOI (a draft when the document has no event)."""
        return self._send("POST", "/dois", document)

    def update(self, doi: str, document: dict[str, Any]) -> dict[str, Any]:
        """``PUT /dois/{doi}``: the DOI's new state (DataCite creates it if it is missing)."""
        return self._send("PUT", f"/dois/{quote(doi, safe='')}", document)

    def get(self, doi: str) -> dict[str, Any] | None:
        """``GET /dois/{doi}`` (drafts included, as the account sees them), or None on 404."""
        try:
            return self._send("GET", f"/dois/{quote(doi, safe='')}", None)
        except DataCiteRefused as exc:
            if exc.status == 404:
                return None
            raise

    def _send(self, method: str, path: str, document: dict[str, Any] | None) -> dict[str, Any]:
        account = self.account
        token = base64.b64encode(f"{account.user}:{account.password}".encode()).decode("ascii")
        headers = {"Accept": CONTENT_TYPE, "Authorization": f"Basic {token}"}
        data = None
        if document is not None:
            data = json.dumps(document).encode("utf-8")
            headers["Content-Type"] = CONTENT_TYPE
        request = urllib.request.Request(
            account.url.rstrip("/") + path, data=data, headers=headers, method=method
        )
        what = f"{method} {path}"
        try:
            with urllib.request.urlopen(request, timeout=account.timeout) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            errors = _errors(raw)
            if exc.code == 429 or exc.code >= 500:
                raise DataCiteUnavailable(f"{what}: HTTP {exc.code} {'; '.join(errors)}") from None
            raise DataCiteRefused(exc.code, errors, what) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise DataCiteUnavailable(f"{what}: {exc}") from None
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            raise DataCiteUnavailable(f"{what}: the answer is not JSON") from None
        return parsed if isinstance(parsed, dict) else {}


def _errors(raw: bytes) -> list[str]:
    """The ``errors[].title`` of a JSON:API error document (empty if there is none)."""
    try:
        document = json.loads(raw)
    except ValueError:
        return []
    found = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(found, list):
        return []
    return [
        str(e.get("title") or e.get("detail") or e) if isinstance(e, dict) else str(e)
        for e in found
    ]
