"""Forms of the access pages: asking for a restricted record's files, deciding a request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sankofa.datasets.visibility import MAX_MESSAGE, MAX_NAME


class AccessRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The link to the files is sent here if the owner grants access."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Why you would like the files"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DecisionForm(forms.Form):
    request_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("grant", "grant"), ("refuse", "refuse")])
    days = forms.IntegerField(label=_("Days the link lasts"), min_value=1, max_value=3660)
