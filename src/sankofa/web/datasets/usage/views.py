"""Usage pages: the admin report (per record per month) and a record's COUNTER-style
Dataset Report as JSON.

Both take an optional period as ``start`` and ``end`` months (YYYY-MM, both included);
by default the last twelve months, this one included.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from sankofa.core.actors import PermissionDenied
from sankofa.datasets import usage_report
from sankofa.datasets.errors import NotFound
from sankofa.web.actors import actor_of

MONTHS_SHOWN = 12


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From (month)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    end = forms.DateField(
        label=gettext_lazy("To (month)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def period(self, today: date) -> tuple[date, date]:
        """The first and last day of the chosen months (valid form only)."""
        end = self.cleaned_data.get("end") or today
        last = _last_day(end)
        start = self.cleaned_data.get("start") or _months_before(last, MONTHS_SHOWN - 1)
        return start.replace(day=1), last

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self.add_error("end", _("The last month comes before the first."))
        return data


def _last_day(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _form(request: HttpRequest) -> PeriodForm:
    return PeriodForm({"start": request.GET.get("start", ""), "end": request.GET.get("end", "")})


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        usage_report.require_report(actor)
    except PermissionDenied:
        text = _("Only administrators may see the usage report.")
        context: dict[str, object] = {"title": _("Not allowed"), "text": text}
        return render(request, "datasets/usage/message.html", context, status=403)
    form = _form(request)
    context = {"form": form, "rows": []}
    status = 200
    if form.is_valid():
        begin, end = form.period(timezone.localdate())
        context.update(begin=begin, end=end, rows=usage_report.statistics(actor, begin, end))
    else:
        status = 400
    response = render(request, "datasets/usage/statistics.html", context, status=status)
    add_never_cache_headers(response)
    return response


@require_safe
def counter_json(request: HttpRequest, record_id: int) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        errors = {field: messages[0] for field, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    begin, end = form.period(timezone.localdate())
    try:
        report = usage_report.counter_report(record_id, begin, end, timezone.now())
    except NotFound as exc:
        return JsonResponse({"error": str(exc)}, status=404)
    body = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    add_never_cache_headers(response)
    return response
