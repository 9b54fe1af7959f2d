"""Accounts: users (known by e-mail), role assignments, API tokens, spent sign-up challenges."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models

# Roles held node-wide. Scoped roles (e.g. "editor" on a journal) are any other
# name; the domain that defines them checks them with a scope key.
NODE_ROLES = ("admin", "curator", "depositor", "reader")


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


def normalize_email(email: str) -> str:
    """The whole address lower-cased and stripped: one account per mailbox, whatever the case."""
    return email.strip().lower()


class User(AbstractBaseUser):
    """A person with an account. Signs in with e-mail and password once the address is verified."""

    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    email_verified = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email


class RoleAssignment(models.Model):
    """`user` holds `role`, node-wide (empty scope) or on one object (`scope`, a string key).

    A scope key names an object without a foreign key, e.g. "journals.journal:7"
    (see `roles.scope_key`), so other apps add scoped roles without a migration here.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=64)
    scope = models.CharField(max_length=255, blank=True, default="")
    granted = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["user", "role", "scope"], name="accounts_role_once"),
        ]


class ApiToken(models.Model):
    """An API token: only its SHA-256 is kept; `prefix` (public) finds the row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)  # hex SHA-256 of the whole token text
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)


class SpentChallenge(models.Model):
    """A sign-up challenge already used (by SHA-256 of its text); kept until it expires."""

    digest = models.CharField(max_length=64, primary_key=True)
    spent = models.DateTimeField(auto_now_add=True)
