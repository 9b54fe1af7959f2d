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
