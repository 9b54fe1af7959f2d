"""Pages of origins, snapshots and releases.

An origin's page lists its visits, the branches and releases of the snapshot a browser
is shown (the latest full visit's, see `overview.browsable_visit`), and links to its
files, its citation and its badge. Snapshot and release pages are named by hash and
never change: they are cached a day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sankofa.api.bytestrings import decode_field, decode_with_escape
from sankofa.api.params import query_bytes
from sankofa.api.serializers import date as git_date
from sankofa.archive import overview, queries
from sankofa.core.actors import Actor
from sankofa.swhid import model as m
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID
from sankofa.web import caching
from sankofa.web.actors import actor_of
from sankofa.web.pages import labels
from sankofa.web.pages.links import Context, object_url, origin_directory_url, with_params
from sankofa.web.pages.problems import PageProblem, bad_request, not_found, problem_response

VISITS_PER_PAGE = 50
BRANCHES_SHOWN = 100  # on an origin's page; its snapshot's page lists them all
RELEASES_SHOWN = 50
BRANCHES_PER_PAGE = 100
P = ParamSpec("P")


def answers_problems(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Render a raised `PageProblem` as its 400 or 404 page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except PageProblem as problem:
            request = args[0]
            assert isinstance(request, HttpRequest)
            return problem_response(request, problem)

    return wrapper


# --- parameters -------------------------------------------------------------------------


def hex_id(value: str, what: str) -> bytes:
    """A 40-digit hexadecimal object id."""
    try:
        oid = bytes.fromhex(value)
    except ValueError:
        oid = b""
    if len(oid) != 20 or len(value) != 40:
        raise bad_request(_("%(what)s must be 40 hexadecimal digits.") % {"what": what})
    return oid


def optional_number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name)
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise bad_request(_("The parameter %(name)s must be a whole number.") % {"name": name})
    return int(value)


def origin_param(request: HttpRequest, required: bool = True) -> str | None:
    url = request.GET.get("origin_url", "").strip()
    if not url and required:
        raise bad_request(_("Say which origin to show with the parameter origin_url."))
    if "\x00" in url:
        raise bad_request(_("An origin URL cannot hold a NUL character."))
    return url or None


def find_origin(actor: Actor, url: str, status: int = 404) -> queries.OriginInfo:
    try:
        return queries.origin(actor, url)
    except queries.OriginNotFound:
        raise PageProblem(status, _("No origin %(url)s is archived here.") % {"url": url}) from None


def context_params(request: HttpRequest, actor: Actor) -> Context:
    """The origin and snapshot an immutable page was reached from (both optional);
    a ``visit`` number is read as that visit's snapshot."""
    url = origin_param(request, required=False)
    snapshot_hex = request.GET.get("snapshot")
    snapshot = hex_id(snapshot_hex, _("A snapshot id")) if snapshot_hex else None
    if snapshot is not None:
        core = CoreSWHID(ObjectType.SNAPSHOT, snapshot)
        if core not in queries.known(actor, [core]):
            raise bad_request(_("No snapshot %(id)s is archived here.") % {"id": snapshot.hex()})
    visit = optional_number(request, "visit")
    if url is None:
        if visit is not None:
            raise bad_request(_("A visit number needs the origin_url it belongs to."))
        return Context(snapshot=snapshot)
    url = find_origin(actor, url, status=400).url
    if visit is not None and snapshot is None:
        try:
            snapshot = queries.origin_visit(actor, url, visit).snapshot
        except queries.VisitNotFound:
            raise bad_request(_("The origin has no visit %(n)d.") % {"n": visit}) from None
    return Context(origin_url=url, visit=visit, snapshot=snapshot)


# --- what the pages show ----------------------------------------------------------------


@dataclass(frozen=True)
class BranchRow:
    name: str
    kind: str
    target: str  # hex id, or for an alias the branch name it points to
    url: str | None


@dataclass(frozen=True)
class ReleaseRow:
    name: str
    date: str | None
    url: str


@dataclass(frozen=True)
class VisitRow:
    number: int
    date: str  # ISO 8601, exact
    shown_date: str  # to the minute, in UTC
    type: str
    status: str
    snapshot: str | None
    snapshot_url: str | None


def text(value: bytes | None) -> str:
    return "" if value is None else decode_field(value)[0]


def person(value: m.Person | None) -> str:
    if value is None:
        return ""
    return text(value.name if value.name is not None else value.fullname)


def branch_row(branch: queries.Branch, context: Context) -> BranchRow:
    name = decode_with_escape(branch.name)
    if branch.target is None:
        return BranchRow(name, str(labels.DANGLING), "", None)
    kind = branch.target.target_type.object_type
    if kind is None:  # an alias: link to where it leads
        resolved = branch.resolved
        target_kind = resolved.target_type.object_type if resolved is not None else None
        url = None
        if resolved is not None and target_kind is not None:
            url = object_url(target_kind, resolved.target, context)
        return BranchRow(name, str(labels.ALIAS), decode_with_escape(branch.target.target), url)
    target = branch.target.target
    return BranchRow(
        name, labels.object_type(kind), target.hex(), object_url(kind, target, context)
    )


def release_rows(
    actor: Actor, branches: list[queries.Branch], context: Context
) -> list[ReleaseRow]:
    rows = []
    for branch in branches:
        if branch.target is None:
            continue
        oid = branch.target.target
        try:
            rel = queries.release(actor, oid)
        except queries.NotArchived:
            continue
        url = object_url(ObjectType.RELEASE, oid, context)
        rows.append(ReleaseRow(decode_with_escape(rel.name), git_date(rel.date), url))
    return rows


def visit_row(visit: queries.VisitInfo) -> VisitRow:
    snapshot_url = None
    if visit.snapshot is not None:
        context = Context(origin_url=visit.origin)
        snapshot_url = object_url(ObjectType.SNAPSHOT, visit.snapshot, context)
    return VisitRow(
        visit.visit,
        visit.date.isoformat(),
        labels.shown_date(visit.date),
        visit.type,
        labels.visit_status(visit.status),
        visit.snapshot.hex() if visit.snapshot is not None else None,
        snapshot_url,
    )


def swhid_items(core: CoreSWHID, qualified: QualifiedSWHID | None) -> list[dict[str, str]]:
    items = [{"label": _("This object"), "value": str(core)}]
    if qualified is not None and qualified != QualifiedSWHID(core):
        items.append({"label": _("In its context"), "value": str(qualified)})
    return items


# --- origins ----------------------------------------------------------------------------


@answers_problems
def origin(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    info = find_origin(actor, origin_param(request) or "")
    before = optional_number(request, "visits_before")
    visits = queries.origin_visits(actor, info.url, last_visit=before, per_page=VISITS_PER_PAGE)
    context: dict[str, object] = {
        "origin": info,
        "visits": [visit_row(v) for v in visits.visits],
        "older_visits_url": None,
        "files_url": origin_directory_url(info.url),
    }
    if visits.more:
        older: dict[str, str | int] = {
            "origin_url": info.url,
            "visits_before": visits.visits[-1].visit,
        }
        context["older_visits_url"] = with_params(reverse("browse:origin"), older)
    try:
        shown = overview.browsable_visit(actor, info.url)
    except queries.VisitNotFound:
        shown = None
    if shown is not None and shown.snapshot is not None:
        context |= snapshot_summary(actor, info.url, shown)
    return caching.short(request, render(request, "browse/origin.html", context))


def snapshot_summary(actor: Actor, url: str, shown: queries.VisitInfo) -> dict[str, object]:
    assert shown.snapshot is not None
    snap = Context(origin_url=url, snapshot=shown.snapshot)
    page = queries.snapshot_branches(actor, shown.snapshot, count=BRANCHES_SHOWN)
    releases = queries.snapshot_branches(
        actor, shown.snapshot, count=RELEASES_SHOWN, target_types=[m.BranchTargetType.RELEASE]
    )
    core = CoreSWHID(ObjectType.SNAPSHOT, shown.snapshot)
    return {
        "shown": visit_row(shown),
        "branches": [branch_row(b, snap) for b in page.branches],
        "all_branches_url": object_url(ObjectType.SNAPSHOT, shown.snapshot, snap),
        "more_branches": page.next_branch is not None,
        "releases": release_rows(actor, releases.branches, snap),
        "more_releases": releases.next_branch is not None,
        "swhids": swhid_items(core, QualifiedSWHID(core, origin=url)),
    }


@answers_problems
def origin_directory(request: HttpRequest) -> HttpResponse:
    """Send a browser to the files of an origin's visit (latest full one by default), at
    a branch (HEAD by default) and a path (the root by default)."""
    actor = actor_of(request)
    info = find_origin(actor, origin_param(request) or "")
    number = optional_number(request, "visit")
    try:
        visit = overview.browsable_visit(actor, info.url, number)
    except queries.VisitNotFound:
        raise not_found(_("This origin has no such visit with a snapshot.")) from None
    if visit.snapshot is None:
        raise not_found(_("Visit %(n)d found no snapshot.") % {"n": visit.visit})
    branch = query_bytes(request, "branch") or b"HEAD"
    try:
        landing = overview.land(actor, visit.snapshot, branch)
    except overview.BranchNotFound:
        shown = decode_with_escape(branch)
        raise not_found(_("No branch %(name)s can be browsed here.") % {"name": shown}) from None
    context = Context(info.url, number, visit.snapshot, landing.release, landing.revision)
    path = (query_bytes(request, "path") or b"").strip(b"/")
    return HttpResponseRedirect(landing_url(actor, landing, context, path))


def landing_url(actor: Actor, landing: overview.Landing, context: Context, path: bytes) -> str:
    if not path:
        return object_url(landing.object_type, landing.object_id, context)
    if landing.object_type is not ObjectType.DIRECTORY:
        raise bad_request(_("This branch leads to a file: it has no path inside."))
    spellings = [[part] for part in path.split(b"/")]
    try:
        entry = queries.directory_entry(actor, landing.object_id, spellings)
    except queries.NotArchived:
        shown = decode_with_escape(path)
        raise not_found(_("No file or directory %(path)s is there.") % {"path": shown}) from None
    kind = ObjectType.CONTENT if entry.object_type is ObjectType.CONTENT else ObjectType.DIRECTORY
    return object_url(kind, entry.target, context, root=landing.object_id, path=path)


# --- snapshots and releases -------------------------------------------------------------


@answers_problems
def snapshot(request: HttpRequest, snapshot_id: str) -> HttpResponse:
    actor = actor_of(request)
    oid = hex_id(snapshot_id, _("A snapshot id"))
    context = context_params(request, actor)
    start = query_bytes(request, "branches_from") or b""
    try:
        page = queries.snapshot_branches(actor, oid, branches_from=start, count=BRANCHES_PER_PAGE)
    except queries.NotArchived:
        raise not_found(_("No snapshot %(id)s is archived here.") % {"id": oid.hex()}) from None
    snap = Context(origin_url=context.origin_url, snapshot=oid)
    rows = [branch_row(b, snap) for b in page.branches]
    release_branches = [
        b
        for b in page.branches
        if b.target is not None and b.target.target_type is m.BranchTargetType.RELEASE
    ]
    next_url = None
    if page.next_branch is not None:
        here = reverse("browse:snapshot", args=[oid.hex()])
        params = {"origin_url": context.origin_url, "branches_from": page.next_branch}
        next_url = with_params(here, params)
    core = CoreSWHID(ObjectType.SNAPSHOT, oid)
    qualified = QualifiedSWHID(core, origin=context.origin_url)
    page_context = {
        "snapshot_id": oid.hex(),
        "origin_url": context.origin_url,
        "branches": rows,
        "releases": release_rows(actor, release_branches, snap),
        "next_url": next_url,
        "swhids": swhid_items(core, qualified),
        "cite_swhid": str(qualified),
        "core_swhid": str(core),
    }
    return caching.immutable(request, render(request, "browse/snapshot.html", page_context))


@answers_problems
def release(request: HttpRequest, release_id: str) -> HttpResponse:
    actor = actor_of(request)
    oid = hex_id(release_id, _("A release id"))
    context = context_params(request, actor)
    try:
        rel = queries.release(actor, oid)
    except queries.NotArchived:
        raise not_found(_("No release %(id)s is archived here.") % {"id": oid.hex()}) from None
    core = CoreSWHID(ObjectType.RELEASE, oid)
    visit = CoreSWHID(ObjectType.SNAPSHOT, context.snapshot) if context.snapshot else None
    qualified = QualifiedSWHID(
        core, origin=context.origin_url, visit=visit if context.origin_url else None
    )
    target_context = Context(context.origin_url, context.visit, context.snapshot, release=oid)
    page_context = {
        "release_id": oid.hex(),
        "name": decode_with_escape(rel.name),
        "target_type": labels.object_type(rel.target_type),
        "target_swhid": str(CoreSWHID(rel.target_type, rel.target)),
        "target_url": object_url(rel.target_type, rel.target, target_context),
        "author": person(rel.author),
        "date": git_date(rel.date),
        "message": text(rel.message),
        "origin_url": context.origin_url,
        "swhids": swhid_items(core, qualified),
        "cite_swhid": str(qualified),
        "core_swhid": str(core),
    }
    return caching.immutable(request, render(request, "browse/release.html", page_context))
