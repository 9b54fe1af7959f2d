"""Forms of the save pages: what a browser may send, with labels and error messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sankofa.archive.save import MAX_URL_LENGTH, VISIT_TYPES
from sankofa.archive.save_models import SaveRule


class SaveForm(forms.Form):
    origin_url = forms.CharField(
        label=_("Repository URL"),
        max_length=MAX_URL_LENGTH,
        help_text=_("An http, https or git URL that git can clone, without credentials."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    visit_type = forms.ChoiceField(
        label=_("Type of repository"),
        choices=[(t, t) for t in VISIT_TYPES],
        initial="git",
        required=False,
    )

    def clean_visit_type(self) -> str:
        return str(self.cleaned_data.get("visit_type") or "git")


class ReviewForm(forms.Form):
    request_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class RuleForm(forms.Form):
    url_prefix = forms.CharField(
        label=_("URL prefix"),
        max_length=MAX_URL_LENGTH,
        help_text=_("Every URL starting with this text, e.g. https://github.com/"),
    )
    kind = forms.ChoiceField(
        label=_("Rule"),
        choices=[(SaveRule.Kind.ALLOW, _("allow")), (SaveRule.Kind.DENY, _("deny"))],
    )


class RemoveRuleForm(forms.Form):
    rule_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
