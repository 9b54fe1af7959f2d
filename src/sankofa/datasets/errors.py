"""What the dataset services refuse, each with a sentence a person can act on."""

from __future__ import annotations


class DatasetError(Exception):
    """Base of the errors the dataset services raise on bad requests."""


class NotFound(DatasetError, LookupError):
    """No community, record, version or file with that key."""


class InvalidState(DatasetError):
    """The version is not in a state that allows this (e.g. it is already published)."""


class FrozenVersion(InvalidState):
    """A published or withdrawn version, or one of its files, was about to be changed."""


class InvalidFileName(DatasetError, ValueError):
    """A file name that could escape a folder, hide characters or collide."""


class FileNameTaken(DatasetError):
    """The version already has a file of that name."""


class ArkMintingFailed(DatasetError):
    """No unused ARK could be minted (the shoulder is nearly full, or minting is broken)."""


class MetadataInvalid(DatasetError, ValueError):
    """Metadata that is not acceptable DataCite: `errors` maps each field path (such as
    ``creators[0].nameIdentifiers[0].nameIdentifier``, lists counted from 0) to what is
    wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        shown = "; ".join(f"{path or 'metadata'}: {message}" for path, message in errors.items())
        count = len(errors)
        super().__init__(f"the metadata has {count} problem{'s' if count != 1 else ''}: {shown}")


class QuotaExceeded(DatasetError):
    """A file would take a record or a depositor past the storage the node allows them."""


class UploadUnusable(DatasetError):
    """A resumable upload that cannot be attached: unknown, someone else's, expired or
    not finished."""


class FetchRefused(DatasetError, ValueError):
    """A URL the node will not fetch a file from (its scheme, or an address not public)."""
