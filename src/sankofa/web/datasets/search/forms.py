"""The search form: words and a page (facet values come as repeated checkboxes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PAGE = 1000


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search datasets"),
        required=False,
        strip=True,
        help_text=_(
            'All words must occur; "quoted words" side by side; rain* for words starting so.'
        ),
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)
