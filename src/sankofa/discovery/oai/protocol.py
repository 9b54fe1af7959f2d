"""The arguments of an OAI-PMH request, checked as section 3 of the protocol says.

`parse` turns the query (GET) or form (POST) into a `Request`, or raises `OaiError` with
``badVerb`` or ``badArgument``. Datestamps are UTC, day (``YYYY-MM-DD``) or second
(``YYYY-MM-DDThh:mm:ssZ``) granularity; ``until`` at day granularity takes in the whole day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# verb -> (required arguments, optional arguments, exclusive argument)
_VERBS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
    "ListIdentifiers": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
    "ListRecords": (
        frozenset({"metadataPrefix"}),
        frozenset({"from", "until", "set"}),
        "resumptionToken",
    ),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
# the syntax OAI-PMH.xsd gives these arguments (a value outside it names nothing here)
_SYNTAX = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+\Z"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*\Z"),
}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class OaiError(Exception):
    """An OAI-PMH error condition: `code` (``badArgument``…) and a sentence for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Request:
    """A valid request: its verb and arguments (each given once)."""

    verb: str
    arguments: Mapping[str, str]

    def get(self, name: str) -> str | None:
        return self.arguments.get(name)


def parse(query: Mapping[str, Sequence[str]]) -> Request:
    """Check the verb and the arguments of a request (every value, as lists)."""
    verbs = query.get("verb") or []
    if len(verbs) != 1 or verbs[0] not in _VERBS:
        shown = ", ".join(map(repr, verbs)) if verbs else "none"
        raise OaiError("badVerb", f"the verb is missing, repeated or unknown ({shown})")
    verb = verbs[0]
    required, optional, exclusive = _VERBS[verb]
    arguments: dict[str, str] = {}
    for name, values in query.items():
        if name == "verb":
            continue
        if name not in required | optional and name != exclusive:
            raise OaiError("badArgument", f"{verb} takes no argument {name!r}")
        if len(values) != 1:
            raise OaiError("badArgument", f"the argument {name!r} is repeated")
        syntax = _SYNTAX.get(name)
        if _NOT_XML.search(values[0]) or (syntax is not None and not syntax.match(values[0])):
            raise OaiError("badArgument", f"the argument {name!r} is malformed")
        arguments[name] = values[0]
    if exclusive is not None and exclusive in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", f"{exclusive} must be the only argument")
        return Request(verb, arguments)
    missing = sorted(required - arguments.keys())
    if missing:
        raise OaiError("badArgument", f"{verb} needs the argument {missing[0]!r}")
    return Request(verb, arguments)


def datestamp_range(
    from_: str | None, until: str | None
) -> tuple[datetime | None, datetime | None]:
    """The bounds ``from``/``until`` give (inclusive, UTC), or badArgument."""
    start = _datestamp(from_, "from", end_of_day=False)
    end = _datestamp(until, "until", end_of_day=True)
    if from_ and until and len(from_) != len(until):
        raise OaiError("badArgument", "from and until must have the same granularity")
    return start, end


def _datestamp(value: str | None, name: str, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    try:
        if _SECOND.match(value):
            second = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            return second + timedelta(microseconds=999_999) if end_of_day else second
        if _DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return day + timedelta(days=1, seconds=-1) if end_of_day else day
    except (ValueError, OverflowError):
        pass
    raise OaiError("badArgument", f"{name} is not a datestamp YYYY-MM-DD or {GRANULARITY}")


def format_datestamp(moment: datetime) -> str:
    """``YYYY-MM-DDThh:mm:ssZ`` in UTC (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
