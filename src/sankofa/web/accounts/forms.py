"""Forms of the account pages; errors are tied to their field for assistive technology.

`AccessibleForm` marks a field in error with ``aria-invalid`` and points
``aria-describedby`` at its message (``<id>-error``) and help text
(``<id>-help``), which the template ``accounts/field.html`` renders.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PASSWORD_HELP = _("At least 8 characters, not a common password, not only digits.")


class AccessibleForm(forms.Form):
    template_name = "accounts/form_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def refuse(self, field: str | None, error: ValidationError | str) -> None:
        """Add an error found after validation (by a service) and mark the field."""
        self.add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        errors = getattr(self, "_errors", None) or {}  # None until validation ran
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = [f"{auto_id}-help"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def _email(autocomplete: str = "email") -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete}),
    )


def _password(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=4096,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class NewPasswordForm(AccessibleForm):
    """Two password fields that must agree."""

    password1 = _password(_("Password"), "new-password", PASSWORD_HELP)
    password2 = _password(_("Password again"), "new-password")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return data


class SignUpForm(NewPasswordForm):
    email = _email()
    # the honeypot: people never see it (see accounts/signup.html); a value refuses
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    challenge = forms.CharField(max_length=1000, widget=forms.HiddenInput)
    nonce = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    field_order = ["email", "password1", "password2"]

    def proof(self) -> str:
        """``challenge:nonce`` as solved by the page's script, else ``challenge:wait``."""
        nonce = self.cleaned_data.get("nonce") or "wait"
        return f"{self.cleaned_data['challenge']}:{nonce}"


class LoginForm(AccessibleForm):
    email = _email("username")
    password = _password(_("Password"), "current-password")


class ResetRequestForm(AccessibleForm):
    email = _email()


class ResetConfirmForm(NewPasswordForm):
    token = forms.CharField(
        label=_("Code from the mail"), max_length=1000, widget=forms.HiddenInput
    )
    field_order = ["token", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self["token"].value():  # no link followed: the code is pasted by hand
            self.fields["token"].widget = forms.TextInput(attrs={"autocomplete": "off"})


class VerifyForm(AccessibleForm):
    token = forms.CharField(
        label=_("Confirmation code"),
        max_length=1000,
        help_text=_("The code on the last line of the mail."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class TokenForm(AccessibleForm):
    name = forms.CharField(
        label=_("Token name"),
        required=False,
        max_length=100,
        help_text=_("What the token is for, e.g. “laptop” or “CI”."),
    )
