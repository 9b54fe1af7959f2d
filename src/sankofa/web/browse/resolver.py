"""The SWHID resolver: ``/swh:1:<type>:<id>[;qualifiers]`` sends a browser to the page
of the object, in the browser's language, with the context its qualifiers give.

``origin`` becomes ``origin_url``, ``visit`` the ``snapshot`` context param, ``anchor``
the ``release`` or ``revision`` one (and the root directory below which ``path`` is
read), ``lines=A-B`` becomes ``&lines=A-B#LA``. Qualifiers the specification does not
define are ignored, as its clause 6.1 says. A malformed SWHID is a 400 page naming the
problem; an object, origin, visit or anchor the archive does not hold is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from sankofa.archive import overview, queries
from sankofa.core.actors import Actor
from sankofa.swhid.identifiers import ObjectType, QualifiedSWHID, SWHIDError, parse_swhid
from sankofa.web.actors import actor_of
from sankofa.web.pages.links import Context, object_url, with_params
from sankofa.web.pages.problems import PageProblem, not_found, problem_page

# characters a browser may have sent percent-encoded that a SWHID never holds raw
ESCAPED_BY_BROWSERS = frozenset(' "<>\\^`{|}')
MAX_LENGTH = 8192


def swhid_text(request: HttpRequest, captured: str) -> str:
    """The SWHID as written in the address.

    gunicorn keeps the undecoded request target (``RAW_URI``): that is the SWHID itself,
    escapes and all. Otherwise the path was percent-decoded once, so characters a
    SWHID must escape are escaped again, and a query string (an origin URL with
    ``?``) is put back.
    """
    raw = str(request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or "")
    if raw and (start := raw.find("/swh:")) >= 0:
        return raw[start + 1 :]
    text = "".join(
        "".join(f"%{b:02X}" for b in ch.encode()) if ch in ESCAPED_BY_BROWSERS or ch < " " else ch
        for ch in captured
    )
    query = request.META.get("QUERY_STRING", "")
    return f"{text}?{query}" if query else text


def parse(text: str) -> QualifiedSWHID:
    """Parse, leniently; one trailing slash (the address form of a SWHID) is dropped."""
    if len(text) > MAX_LENGTH:
        raise SWHIDError(f"longer than {MAX_LENGTH} characters")
    if text.endswith("/"):
        try:
            return parse_swhid(text[:-1], strict=False)
        except SWHIDError:
            pass
    return parse_swhid(text, strict=False)


def resolve(request: HttpRequest, swhid: str) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = _answer(request, swhid)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _answer(request: HttpRequest, captured: str) -> HttpResponse:
    text = swhid_text(request, captured)
    try:
        swhid = parse(text)
    except SWHIDError as error:
        message = _("%(text)s is not a valid SWHID: %(reason)s.")
        return problem_page(request, 400, message % {"text": text[:300], "reason": error.reason})
    try:
        return HttpResponseRedirect(destination(actor_of(request), swhid))
    except PageProblem as problem:
        return problem_page(request, problem.status, problem.message)


def destination(actor: Actor, swhid: QualifiedSWHID) -> str:
    """The address of the page showing what `swhid` names, in its context."""
    core = swhid.core
    try:
        queries.resolve(actor, swhid)
    except queries.NotArchived:
        raise not_found(_("The archive holds no object %(swhid)s.") % {"swhid": core}) from None
    except queries.OriginNotFound:
        message = _("No origin %(url)s is archived here.")
        raise not_found(message % {"url": swhid.origin}) from None
    references = [s for s in (swhid.visit, swhid.anchor) if s is not None]
    for missing in set(references) - queries.known(actor, references):
        raise not_found(_("The archive holds no object %(swhid)s.") % {"swhid": missing})
    origin_url = queries.origin(actor, swhid.origin).url if swhid.origin is not None else None
    anchor = swhid.anchor
    visit = swhid.visit or (
        anchor if anchor and anchor.object_type is ObjectType.SNAPSHOT else None
    )
    context = Context(
        origin_url=origin_url,
        snapshot=visit.object_id if visit is not None else None,
        release=anchor.object_id if anchor and anchor.object_type is ObjectType.RELEASE else None,
        revision=anchor.object_id if anchor and anchor.object_type is ObjectType.REVISION else None,
    )
    if core.object_type not in (ObjectType.CONTENT, ObjectType.DIRECTORY):
        return object_url(core.object_type, core.object_id, context)
    path = swhid.path.strip(b"/") if swhid.path is not None else None
    root = _root(actor, swhid, path)
    if core.object_type is ObjectType.DIRECTORY:
        return object_url(core.object_type, core.object_id, context, root=root, path=path)
    url = object_url(core.object_type, core.object_id, context, root=root, path=path)
    if swhid.lines is None:
        return url
    first, last = swhid.lines
    lines = f"{first}-{last}" if last is not None else str(first)
    if "?" in url:
        return f"{url}&lines={lines}#L{first}"
    return f"{with_params(url, {'lines': lines})}#L{first}"


def _root(actor: Actor, swhid: QualifiedSWHID, path: bytes | None) -> bytes | None:
    """The root directory the anchor gives, if `path` below it leads to the object."""
    if swhid.anchor is None or path is None:
        return None
    try:
        landing = overview.land_at_anchor(actor, swhid.anchor)
    except (queries.NotArchived, overview.BranchNotFound):
        return None
    if landing.object_type is not ObjectType.DIRECTORY:
        return None
    if not path:
        return landing.object_id if landing.object_id == swhid.core.object_id else None
    try:
        entry = queries.directory_entry(actor, landing.object_id, [[p] for p in path.split(b"/")])
    except queries.NotArchived:
        return None
    return landing.object_id if entry.target == swhid.core.object_id else None
