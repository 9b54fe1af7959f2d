"""Pages of archived objects: directories, files, revisions, revision logs, provenance.

Each view parses its parameters (:mod:`sankofa.web.browse.context`), asks
`sankofa.archive.queries` (or `diffs`, `graph`) and renders. Pages of objects named by
their hash never change and are cached long; provenance grows with the archive.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from html import escape as quick_escape
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sankofa.api.bytestrings import decode_field
from sankofa.archive import diffs, graph, queries
from sankofa.archive.store import object_store
from sankofa.swhid import model as m
from sankofa.swhid.identifiers import CoreSWHID, ObjectType, QualifiedSWHID, SWHIDError
from sankofa.web.actors import actor_of
from sankofa.web.browse import context, highlight, readme
from sankofa.web.browse.context import BadParams, Context
from sankofa.web.caching import immutable, short

LOG_PAGE = 20
CONTENT_PARAMS = (*context.CONTEXT_PARAMS, "root", "lines")
REVISION_PARAMS = ("origin_url", "visit", "snapshot", "release")
View = Callable[..., HttpResponse]


def problem(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A 400 or 404 page saying what is wrong in one sentence."""
    title = _("Bad request") if status == 400 else _("Not found")
    page = {"title": title, "message": message}
    return render(request, "browse/_problem.html", page, status=status)


def page(view: View) -> View:
    """Bad parameters answer 400, unknown objects, origins or visits 404."""

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (BadParams, SWHIDError) as exc:
            return problem(request, 400, str(exc))
        except (queries.NotArchived, queries.OriginNotFound, queries.VisitNotFound) as exc:
            return problem(request, 404, str(exc).strip("'\""))

    return run


def _swhids(core: CoreSWHID, qualified: QualifiedSWHID) -> list[dict[str, str]]:
    items = [{"label": _("Core SWHID"), "value": str(core)}]
    if str(qualified) != str(core):
        items.append({"label": _("With its context"), "value": str(qualified)})
    return items


def _links(core: CoreSWHID, qualified: QualifiedSWHID) -> dict[str, str]:
    return {
        "cite": reverse("cite:citation") + "?swhid=" + quote(str(qualified), safe=":;/="),
        "badge": reverse("cite:badge-swhid", args=[str(core)]),
        "provenance": reverse("browse:provenance", args=[str(core)]),
    }


def _crumbs(root: bytes, ctx: Context) -> list[dict[str, str]]:
    base = reverse("browse:directory", args=[root.hex()])
    crumbs = [{"label": "/", "href": f"{base}?{ctx.params(path=b'')}"}]
    for crumb in context.breadcrumbs(ctx.path):
        crumbs.append({"label": crumb.label, "href": f"{base}?{ctx.params(path=crumb.path)}"})
    return crumbs


def entry_rows(entries: list[queries.EntryInfo], root: bytes, ctx: Context) -> SafeString:
    """The table rows of a directory's entries, directories first, then by name.

    Built here rather than in the template: a directory may hold thousands of entries.
    """
    kinds = {  # translations are text: escaped like any other
        "dir": quick_escape(_("directory")),
        "rev": quick_escape(_("submodule")),
        "file": quick_escape(_("file")),
        "link": quick_escape(_("symbolic link")),
    }
    not_stored = quick_escape(_("not stored"))
    order = sorted(entries, key=lambda e: (e.object_type is not ObjectType.DIRECTORY, e.name))
    prefix = ctx.path + b"/" if ctx.path else b""
    dir_base = f"{reverse('browse:directory', args=[root.hex()])}?{ctx.params(path=b'')}"
    file_query = ctx.params(path=b"", root=root)
    content_base = reverse("browse:content", args=["0" * 40])[: -len("0" * 40) - 1]
    revision_base = reverse("browse:revision", args=["0" * 40])[: -len("0" * 40) - 1]
    sep = "&" if dir_base[-1] != "?" else ""
    rows = []
    for e in order:
        path = quote(prefix + e.name, safe="/")
        size = ""
        if e.object_type is ObjectType.DIRECTORY:
            icon, href = "dir", f"{dir_base}{sep}path={path}"
        elif e.object_type is ObjectType.REVISION:
            icon, href = "rev", f"{revision_base}{e.target.hex()}/"
        else:
            icon = "link" if e.perms == m.SYMLINK_PERMS else "file"
            href = f"{content_base}{e.target.hex()}/?{file_query}&path={path}"
            if e.length is not None:
                size = str(e.length) + (f" ({not_stored})" if e.status == "absent" else "")
        rows.append(
            f'<tr><td><abbr title="{kinds[icon]}">{icon}</abbr></td>'
            f'<td><a href="{quick_escape(href)}">{quick_escape(context.shown(e.name))}</a></td>'
            f"<td>{size}</td><td><code>{e.perms:06o}</code></td></tr>\n"
        )
    return mark_safe("".join(rows))


def person(value: m.Person | None) -> dict[str, str]:
    if value is None:
        return {"name": "", "email": ""}
    name = value.name if value.name is not None else value.fullname
    return {"name": decode_field(name)[0], "email": decode_field(value.email or b"")[0]}


def when(value: m.Timestamp | None) -> str:
    """A git date as ``YYYY-MM-DD HH:MM:SS +HHMM`` in its own offset (as git shows it)."""
    if value is None:
        return ""
    minutes = value.offset_minutes()
    offset = value.offset_bytes.decode("ascii", "replace")
    try:
        zone = timezone(timedelta(minutes=minutes or 0))
        stamp = datetime.fromtimestamp(value.seconds, zone)
    except (OverflowError, OSError, ValueError):
        return f"@{value.seconds} {offset}"
    if minutes is None:
        offset = f"UTC ({offset})"
    return f"{stamp:%Y-%m-%d %H:%M:%S} {offset}"


def revision_summary(rev: m.Revision) -> dict[str, Any]:
    message = decode_field(rev.message or b"")[0]
    return {
        "id": rev.id.hex(),
        "author": person(rev.author),
        "date": when(rev.date),
        "committer": person(rev.committer),
        "committer_date": when(rev.committer_date),
        "message": message,
        "subject": message.split("\n", 1)[0],
    }


def _origin_url(url: str) -> str:
    try:
        return reverse("browse:origin") + "?origin_url=" + quote(url, safe="/:")
    except NoReverseMatch:  # origin pages not installed
        return ""


@page
def directory(request: HttpRequest, root: str) -> HttpResponse:
    actor = actor_of(request)
    root_id = context.hex_id(root, _("The directory id"))
    ctx = context.parse(actor, request)
    dir_id = root_id
    if ctx.path:
        entry = queries.directory_entry(actor, root_id, context.spellings(ctx.path))
        if entry.object_type is ObjectType.CONTENT:
            target = reverse("browse:content", args=[entry.target.hex()])
            params = ctx.params(path=entry.name, root=root_id)
            return HttpResponseRedirect(f"{target}?{params}")
        if entry.object_type is not ObjectType.DIRECTORY:
            raise BadParams(_("The path leads to a submodule, not a directory."))
        dir_id, ctx = entry.target, Context(**{**ctx.__dict__, "path": entry.name})
    entries = queries.directory(actor, dir_id)
    core = CoreSWHID(ObjectType.DIRECTORY, dir_id)
    qualified = ctx.qualified(core, root_id, ctx.path)
    found = readme.choose(entries)
    shown_readme = None
    if found is not None:
        data = b"".join(queries.content_raw(actor, found.target).chunks)
        shown_readme = readme.render(found, data)
    data_ = {
        "core": core,
        "ctx": ctx,
        "crumbs": _crumbs(root_id, ctx),
        "rows": entry_rows(entries, root_id, ctx),
        "readme": shown_readme,
        "readme_name": context.shown(found.name) if found else "",
        "swhids": _swhids(core, qualified),
        "links": _links(core, qualified),
        "title": context.shown(ctx.path) if ctx.path else core,
        "cook_formats": [("flat", _("Files (tar.gz)"))],
    }
    return immutable(request, render(request, "browse/directory.html", data_))


@page
def content(request: HttpRequest, sha1_git: str) -> HttpResponse:
    actor = actor_of(request)
    oid = context.hex_id(sha1_git, _("The content id"))
    ctx = context.parse(actor, request, CONTENT_PARAMS)
    root_text = request.GET.get("root")
    root = context.hex_id(root_text, _("The root directory id")) if root_text else None
    lines = context.lines_range(request.GET.get("lines"))
    if ctx.path and root is not None:
        entry = queries.directory_entry(actor, root, context.spellings(ctx.path))
        if entry.target != oid:
            raise BadParams(_("The path does not lead to this file in that directory."))
        ctx = Context(**{**ctx.__dict__, "path": entry.name})
    core = CoreSWHID(ObjectType.CONTENT, oid)
    qualified = ctx.qualified(core, root, ctx.path if root or ctx.path else None, lines)
    name = context.shown(ctx.path.rsplit(b"/", 1)[-1]) if ctx.path else ""
    raw_url = reverse("api-1-content-raw", args=[f"sha1_git:{oid.hex()}"])
    data: dict[str, object] = {
        "core": core,
        "ctx": ctx,
        "name": name,
        "crumbs": _crumbs(root, ctx)[:-1] if root is not None else [],
        "raw_url": raw_url + ("?filename=" + quote(name, safe="") if name else ""),
        "swhids": _swhids(core, qualified),
        "links": _links(core, qualified),
        "title": name or str(core),
    }
    try:
        raw = queries.content_raw(actor, oid)
    except queries.NotArchived:
        data["skipped"] = queries.content(actor, oid)  # unknown: NotArchived again, a 404
        return immutable(request, render(request, "browse/content.html", data))
    data["length"] = raw.length
    if raw.length > highlight.DISPLAY_LIMIT:
        data["rendering"] = highlight.Rendering([], "", "large")
    else:
        shown = highlight.render(b"".join(raw.chunks), name)
        here = reverse("browse:content", args=[oid.hex()])
        keep = ctx.params(root=root)
        href = escape(f"{here}?{keep}{'&' if keep else ''}lines=")
        span = (lines[0], lines[1] or lines[0]) if lines else None
        data["rendering"] = shown
        data["code"] = highlight.numbered(shown.lines, href, span)
    return immutable(request, render(request, "browse/content.html", data))


@page
def revision(request: HttpRequest, sha1_git: str) -> HttpResponse:
    actor = actor_of(request)
    oid = context.hex_id(sha1_git, _("The revision id"))
    ctx = context.parse(actor, request, REVISION_PARAMS)
    rev = queries.revision(actor, oid)
    stat = diffs.diffstat(actor, oid)
    core = CoreSWHID(ObjectType.REVISION, oid)
    qualified = ctx.qualified(core, None, None)
    in_rev = Context(**{**ctx.__dict__, "revision": oid})
    data = {
        "core": core,
        "ctx": ctx,
        "rev": revision_summary(rev),
        "parents": [_revision_link(p, ctx) for p in rev.parents],
        "root_url": _directory_url(rev.directory, in_rev),
        "log_url": reverse("browse:revision-log", args=[oid.hex()]) + _query(ctx.params()),
        "stat": stat,
        "files": [(context.shown(f.path), f.added, f.removed) for f in stat.files],
        "swhids": _swhids(core, qualified),
        "links": _links(core, qualified),
        "title": decode_field((rev.message or b"").split(b"\n", 1)[0])[0] or str(core),
        "cook_formats": [
            ("git-bare", _("Git repository with history (tar)")),
            ("flat", _("Files of this revision (tar.gz)")),
        ],
    }
    return immutable(request, render(request, "browse/revision.html", data))


def _query(params: str) -> str:
    return f"?{params}" if params else ""


def _revision_link(oid: bytes, ctx: Context) -> dict[str, str]:
    href = reverse("browse:revision", args=[oid.hex()]) + _query(ctx.params())
    return {"id": oid.hex(), "href": href}


def _directory_url(dir_id: bytes, ctx: Context) -> str:
    return reverse("browse:directory", args=[dir_id.hex()]) + _query(ctx.params(path=b""))


@page
def revision_log(request: HttpRequest, sha1_git: str) -> HttpResponse:
    actor = actor_of(request)
    oid = context.hex_id(sha1_git, _("The revision id"))
    ctx = context.parse(actor, request, (*REVISION_PARAMS, "offset"))
    offset_text = request.GET.get("offset", "0") or "0"
    if not offset_text.isdigit() or len(offset_text) > 7:
        raise BadParams(
            _("The offset must be a number of revisions, not %(v)r.") % {"v": offset_text[:40]}
        )
    offset = int(offset_text)
    log = queries.revision_log(actor, oid, offset, LOG_PAGE)
    here = reverse("browse:revision-log", args=[oid.hex()])
    keep = ctx.params()
    sep = "&" if keep else ""

    def page_url(at: int) -> str:
        return f"{here}?{keep}{sep}offset={at}"

    core = CoreSWHID(ObjectType.REVISION, oid)
    data = {
        "core": core,
        "revisions": [
            (revision_summary(r), _revision_link(r.id, ctx)["href"]) for r in log.revisions
        ],
        "offset": offset,
        "next_url": page_url(offset + LOG_PAGE) if log.more else None,
        "previous_url": page_url(max(0, offset - LOG_PAGE)) if offset else None,
        "revision_url": _revision_link(oid, ctx)["href"],
        "swhids": _swhids(core, ctx.qualified(core, None, None)),
    }
    return immutable(request, render(request, "browse/revision_log.html", data))


@page
def provenance(request: HttpRequest, swhid: str) -> HttpResponse:
    actor = actor_of(request)
    context.parse(actor, request, ())
    core = CoreSWHID.from_string(swhid)
    found = graph.provenance(object_store(), core)
    occurrences = [
        {
            "revision": str(o.revision),
            "href": reverse("browse:revision", args=[o.revision.object_id.hex()]),
            "path": context.shown(o.path),
        }
        for o in found.occurrences
    ]
    origins = [{"url": url, "href": _origin_url(url)} for url in found.origins]
    data = {
        "core": core,
        "occurrences": occurrences,
        "origins": origins,
        "limit": graph.PROVENANCE_LIMIT,
        "swhids": [{"label": _("Core SWHID"), "value": str(core)}],
    }
    return short(request, render(request, "browse/provenance.html", data))


__all__ = ["content", "directory", "provenance", "revision", "revision_log"]
