"""Dataset services: the only code that changes datasets (split by stage).

Every function takes the acting `Actor` first, checks permission inside, runs in a
transaction, appends to the record's audit trail (`Change`) and leaves side effects to
jobs enqueued after commit. Errors: `sankofa.datasets.errors` and `PermissionDenied`.
"""

from __future__ import annotations

from sankofa.datasets.drafts import (
    add_file,
    add_upload,
    create_community,
    create_draft,
    discard_draft,
    new_version,
    remove_file,
    set_metadata,
)
from sankofa.datasets.fetching import start_fetch
from sankofa.datasets.publishing import publish, submit, withdraw
from sankofa.datasets.resolving import history, resolve, resolve_any
from sankofa.datasets.review import return_to_draft

__all__ = [
    "add_file",
    "add_upload",
    "create_community",
    "create_draft",
    "discard_draft",
    "history",
    "new_version",
    "publish",
    "remove_file",
    "resolve",
    "resolve_any",
    "return_to_draft",
    "set_metadata",
    "start_fetch",
    "submit",
    "withdraw",
]
