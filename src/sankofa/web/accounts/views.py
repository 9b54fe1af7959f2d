"""Account pages: sign-up, e-mail confirmation, sign-in and out, password reset, the account.

Each view parses a form, calls one service of `sankofa.accounts` (or the jobs
services) and renders. Sign-in attempts are counted per address and per client
address (`throttle`); the answer never tells whether an address has an account.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sankofa.accounts import proofofwork, services, tokens
from sankofa.accounts.models import User
from sankofa.core.jobs import services as jobs
from sankofa.web.accounts import throttle
from sankofa.web.accounts.forms import (
    LoginForm,
    ResetConfirmForm,
    ResetRequestForm,
    SignUpForm,
    TokenForm,
    VerifyForm,
)
from sankofa.web.actors import actor_of

GET_POST = ["GET", "HEAD", "POST"]


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _page(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, f"accounts/{template}", context, status=status)


def _notice(request: HttpRequest, heading: str, text: str, status: int = 200) -> HttpResponse:
    return _page(request, "notice.html", status, heading=heading, text=text)


def _form_status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


def _see(name: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(reverse(name))
    response.status_code = 303
    return response


@never_cache
@require_http_methods(GET_POST)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST) if request.method == "POST" else SignUpForm()
    if form.is_bound and form.is_valid() and _sign_up(request, form):
        heading = _("Check your mail")
        text = _("If the address can receive mail, a link to confirm it is on its way.")
        return _notice(request, heading, text)
    challenge = proofofwork.new_challenge()
    return _page(request, "signup.html", _form_status(form), form=form, challenge=challenge)


def _sign_up(request: HttpRequest, form: SignUpForm) -> bool:
    """Whether the sign-up went through; otherwise the form carries the reason."""
    data, client = form.cleaned_data, _client(request)
    waited = not data.get("nonce")
    if waited and not throttle.SIGNUP_WAITED_PER_CLIENT.allow(client):
        form.refuse(None, _("Too many sign-ups from your network. Please try again in an hour."))
        return False
    try:
        services.sign_up(
            data["email"], data["password1"], honeypot=data["website"], proof=form.proof()
        )
    except ValidationError as exc:
        form.refuse("password1", exc)
        return False
    except proofofwork.TooEarly:
        form.refuse(
            None, _("The form was sent very quickly. Wait a few seconds and send it again.")
        )
        return False
    except services.BadProof:
        form.refuse(
            None, _("The form could not be checked, perhaps it was open too long. Send it again.")
        )
        return False
    except services.AccountExists:
        pass  # the same answer as for a new account: whether an address has one is not told
    return True


@never_cache
@require_http_methods(GET_POST)
def verify(request: HttpRequest) -> HttpResponse:
    """The link in the mail shows a button (mail scanners follow links but do not post)."""
    if request.method != "POST":
        code = request.GET.get("token", "")
        return _page(request, "verify.html", form=VerifyForm(initial={"token": code}), code=code)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify_email(form.cleaned_data["token"].strip())
        except services.BadToken:
            form.refuse("token", _("This code has expired or was already used."))
        else:
            text = _("Your e-mail address is confirmed. You can sign in now.")
            return _page(request, "notice.html", heading=_("Address confirmed"), text=text, login=1)
    return _page(request, "verify.html", _form_status(form), form=form, code="")


def _next_url(request: HttpRequest) -> str:
    """The `next` parameter if it points at this node, else the account page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("accounts:account")


@never_cache
@require_http_methods(GET_POST)
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = LoginForm(request.POST) if request.method == "POST" else LoginForm()
    status = 200
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        client = _client(request)
        # both count the attempt, whatever the other says
        allowed = throttle.LOGIN_PER_EMAIL.allow(email) & throttle.LOGIN_PER_CLIENT.allow(client)
        if not allowed:
            form.refuse(
                None, _("Too many sign-in attempts. Wait a quarter of an hour and try again.")
            )
            status = 429
        else:
            try:
                user = services.authenticate(email, form.cleaned_data["password"])
            except services.SignInRefused:
                form.refuse(None, _("Wrong e-mail address or password, or an unconfirmed address."))
            else:
                auth_login(request, user)
                response = HttpResponseRedirect(next_url)
                response.status_code = 303
                return response
    status = max(status, _form_status(form))
    return _page(request, "login.html", status, form=form, next=next_url)


@never_cache
@require_http_methods(GET_POST)
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; only a POST signs out."""
    if request.method == "POST":
        auth_logout(request)
        return _see("pages:home")
    return _page(request, "logout.html")


@never_cache
@require_http_methods(GET_POST)
def reset(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST) if request.method == "POST" else ResetRequestForm()
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if throttle.RESET_PER_EMAIL.allow(email):
            services.request_password_reset(email)
        heading = _("Check your mail")
        text = _(
            "If an account with a confirmed address %(email)s exists, "
            "a link to choose a new password is on its way. It works for an hour."
        ) % {"email": email}
        return _notice(request, heading, text)
    return _page(request, "reset.html", _form_status(form), form=form)


@never_cache
@require_http_methods(GET_POST)
def reset_confirm(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        code = request.GET.get("token", "")
        return _page(request, "reset_confirm.html", form=ResetConfirmForm(initial={"token": code}))
    form = ResetConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(form.cleaned_data["token"], form.cleaned_data["password1"])
        except ValidationError as exc:
            form.refuse("password1", exc)
        except services.BadToken:
            form.refuse(None, _("This link has expired or was already used: ask for a new one."))
        else:
            text = _("Your password is changed. Sign in with the new one.")
            return _page(request, "notice.html", heading=_("Password changed"), text=text, login=1)
    return _page(request, "reset_confirm.html", _form_status(form), form=form)


def _account(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    actor = actor_of(request)
    user = cast(User, request.user)
    context.setdefault("token_form", TokenForm())
    response = _page(
        request,
        "account.html",
        status,
        account=user,
        roles=sorted(actor.roles),
        scoped_roles=sorted(actor.scoped_roles),
        tokens=tokens.list_tokens(actor, user),
        jobs=jobs.jobs_for(actor).filter(requested_by=user.pk)[:50],
        **context,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    return _account(request)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its text, this once, on the account page."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account(request, 400, token_form=form)
    user = cast(User, request.user)
    new = tokens.create_token(actor_of(request), user, form.cleaned_data["name"])
    return _account(request, 201, new_token=new)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        tokens.revoke_token(actor_of(request), token_id)
    except tokens.TokenNotFound:
        return _notice(request, _("No such token"), _("You have no token with this number."), 404)
    return _see("accounts:account")


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        jobs.retry_job(actor_of(request), job_id)
    except jobs.JobNotFound:
        return _notice(request, _("No such job"), _("You have no job with this number."), 404)
    except jobs.JobNotRetryable:
        text = _("Only a failed or waiting job can be run again.")
        return _notice(request, _("Not run again"), text, 400)
    return _see("accounts:account")
