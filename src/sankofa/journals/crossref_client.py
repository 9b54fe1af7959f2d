"""A small client of Crossref's deposit interface: the HTTPS POST of a deposit file.

`upload` sends one ``multipart/form-data`` POST to the deposit URL with the fields
``operation=doMDUpload``, ``login_id``, ``login_passwd`` and the file ``fname`` (the
deposit XML, ``application/xml``). Crossref queues the file and answers at once: an
HTML page whose heading says ``SUCCESS`` ("Your batch submission was successfully
received") when it took the file, ``FAILURE`` and a reason when it did not. The outcome
of the processing itself is mailed to the depositor later.

Errors are split by what a job should do about them:

* `CrossrefUnavailable`: no answer, a timeout, 429 or a 5xx answer: trying later may help.
* `CrossrefRefused`: any other answer that is not an acceptance (a 4xx such as bad
  credentials, or a 200 whose page says ``FAILURE``): trying again will not help until
  someone fixes the cause; its message quotes Crossref's text.
"""

from __future__ import annotations

import html
import re
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = [
    "DEFAULT_DEPOSIT_URL",
    "CrossrefAccount",
    "CrossrefRefused",
    "CrossrefUnavailable",
    "multipart",
    "upload",
]

DEFAULT_DEPOSIT_URL = "https://doi.crossref.org/servlet/deposit"
_ACCEPTED = re.compile(r"\bSUCCESS\b|successfully received", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class CrossrefUnavailable(Exception):
    """Crossref did not answer, or answered that it cannot now (429, 5xx)."""


class CrossrefRefused(Exception):
    """Crossref did not take the file; `status` is the HTTP status, `reason` its text."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"Crossref refused the deposit (HTTP {status}): {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class CrossrefAccount:
    """Where and as whom a journal deposits: the deposit URL, its login and password."""

    url: str
    login_id: str
    password: str
    timeout: float = 60.0


def multipart(fields: dict[str, str], file_field: str, name: str, data: bytes) -> tuple[bytes, str]:
    """The body and Content-Type of a ``multipart/form-data`` request: the text `fields`,
    then `data` as the file `name` in `file_field` (``application/xml``)."""
    boundary = f"sankofa-{secrets.token_hex(16)}"
    parts: list[bytes] = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{name}"\r\nContent-Type: application/xml\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _text(raw: bytes) -> str:
    """The readable text of an answer page, on one line, at most 500 characters."""
    text = html.unescape(_TAG.sub(" ", raw.decode("utf-8", "replace")))
    return " ".join(text.split())[:500] or "no reason given"


def upload(account: CrossrefAccount, name: str, data: bytes) -> str:
    """POST the deposit file `data` as `name`; returns Crossref's answer text when it
    accepted the file (see the module docstring for the errors)."""
    fields = {
        "operation": "doMDUpload",
        "login_id": account.login_id,
        "login_passwd": account.password,
    }
    body, content_type = multipart(fields, "fname", name, data)
    request = urllib.request.Request(
        account.url,
        data=body,
        headers={"Content-Type": content_type, "Accept": "text/html, text/plain"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=account.timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        if exc.code == 429 or exc.code >= 500:
            raise CrossrefUnavailable(f"HTTP {exc.code}: {_text(raw)}") from None
        raise CrossrefRefused(exc.code, _text(raw)) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise CrossrefUnavailable(f"{account.url}: {exc}") from None
    text = _text(raw)
    if status != 200 or not _ACCEPTED.search(text) or re.search(r"\bFAILURE\b", text):
        raise CrossrefRefused(status, text)
    return text
