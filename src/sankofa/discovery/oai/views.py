"""``/oai``: the OAI-PMH endpoint, at GET and POST (``application/x-www-form-urlencoded``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sankofa.discovery.oai import protocol, verbs


@csrf_exempt  # harvesters POST without a session; the endpoint changes nothing
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    query = request.POST if request.method == "POST" else request.GET
    parsed: protocol.Request | None = None
    try:
        parsed = protocol.parse({name: query.getlist(name) for name in query})
        body = verbs.document(parsed, verbs.answer(parsed))
    except protocol.OaiError as error:
        body = verbs.document(parsed, error)
    response = HttpResponse(body, content_type="text/xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
