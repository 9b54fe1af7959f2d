"""Hypothesis strategies for the objects of :mod:`sankofa.swhid.model`.

The strategies lean towards the edge cases of git's formats: names that are prefixes
of one another (tree sort order), non-UTF-8 bytes, multi-line header values, ``-0000``
and malformed UTC offsets, messages absent or empty.
"""

from __future__ import annotations

from hypothesis import strategies as st

from sankofa.swhid.identifiers import ObjectType
from sankofa.swhid.model import (
    CONTENT_PERMS,
    DIRECTORY_PERMS,
    EXECUTABLE_PERMS,
    REVISION_PERMS,
    SYMLINK_PERMS,
    BranchTargetType,
    Directory,
    DirectoryEntry,
    Person,
    Release,
    Revision,
    Snapshot,
    SnapshotBranch,
    Timestamp,
)

STANDARD_PERMS = (CONTENT_PERMS, EXECUTABLE_PERMS, SYMLINK_PERMS, DIRECTORY_PERMS, REVISION_PERMS)
# Modes found in old git trees: group-writable files, directories with permission bits.
UNUSUAL_PERMS = (0o100664, 0o100600, 0o040755, 0o120777, 0o160644)

# Git's smallest and largest plausible dates, also within swh.model's bounds.
MIN_SECONDS = -62135510961
MAX_SECONDS = 253402297199

TRICKY_NAMES = (
    b"a",
    b"a.b",
    b"a-b",
    b"a0",
    b"ab",
    b"a\xff",
    b".",
    b"..",
    b"-",
    b"\xc3\xa9t\xc3\xa9",  # UTF-8
    b"\xe9t\xe9",  # Latin-1
    b"\xff\xfe",
    b" spaced name ",
    b"new\nline",
)


def object_ids(size: int = 20) -> st.SearchStrategy[bytes]:
    """Raw object ids of ``size`` bytes."""
    return st.binary(min_size=size, max_size=size)


def entry_names(*, allow_slash: bool = True) -> st.SearchStrategy[bytes]:
    """Tree entry names: any bytes but NUL (and ``/`` unless allowed)."""
    forbidden = {0} if allow_slash else {0, ord("/")}
    alphabet = [byte for byte in range(256) if byte not in forbidden]
    names = st.lists(st.sampled_from(alphabet), max_size=12).map(bytes)
    return st.one_of(st.sampled_from(TRICKY_NAMES), names)


def perms(*, unusual: bool = True) -> st.SearchStrategy[int]:
    """Git tree modes, the five standard ones and, if ``unusual``, older variants."""
    return st.sampled_from(STANDARD_PERMS + (UNUSUAL_PERMS if unusual else ()))


def directory_entries(
    *, allow_slash: bool = True, unusual_perms: bool = True
) -> st.SearchStrategy[DirectoryEntry]:
    """Single directory entries."""
    return st.builds(
        DirectoryEntry,
        name=entry_names(allow_slash=allow_slash),
        perms=perms(unusual=unusual_perms),
        target=object_ids(),
    )


def directories(
    *, allow_slash: bool = True, unusual_perms: bool = True, max_size: int = 20
) -> st.SearchStrategy[Directory]:
    """Directories with distinct entry names, in arbitrary order."""
    entries = st.lists(
        directory_entries(allow_slash=allow_slash, unusual_perms=unusual_perms),
        unique_by=lambda entry: entry.name,
        max_size=max_size,
    )
    return entries.map(lambda items: Directory(tuple(items)))


def persons() -> st.SearchStrategy[Person]:
    """People as git writes them (``Name <email>``) or arbitrary bytes."""
    usual = st.builds(
        lambda name, email: Person(name + b" <" + email + b">"),
        st.binary(max_size=20),
        st.binary(max_size=20),
    )
    return st.one_of(usual, st.builds(Person, st.binary(max_size=40)))


OFFSETS = (b"+0000", b"-0000", b"+0200", b"-0530", b"+1400", b"+02000", b"+2", b"", b"Z")


def offsets() -> st.SearchStrategy[bytes]:
    """UTC offsets as found in git objects, well-formed or not, without spaces."""
    anything = st.binary(max_size=8).filter(lambda offset: b" " not in offset)
    return st.one_of(st.sampled_from(OFFSETS), anything)


def timestamps() -> st.SearchStrategy[Timestamp]:
    """Dates within the range both git and swh.model can represent."""
    return st.builds(Timestamp, st.integers(MIN_SECONDS, MAX_SECONDS), offsets())


HEADER_KEYS = (b"encoding", b"gpgsig", b"gpgsig-sha256", b"mergetag", b"x-custom", b"author")


def extra_headers() -> st.SearchStrategy[tuple[tuple[bytes, bytes], ...]]:
    """Extra headers: keys without space or newline, values possibly multi-line."""
    keys = st.one_of(
        st.sampled_from(HEADER_KEYS),
        st.from_regex(rb"\A[a-z][a-z0-9-]{0,10}\Z"),
    )
    values = st.one_of(
        st.binary(max_size=60),
        st.sampled_from([b"ISO-8859-1", b"line one\nline two\n", b"\n", b"a\n\nb"]),
    )
    return st.lists(st.tuples(keys, values), max_size=4).map(tuple)


def messages() -> st.SearchStrategy[bytes | None]:
    """Commit or tag messages: absent, empty, or any bytes."""
    return st.one_of(st.none(), st.just(b""), st.binary(max_size=80))


def revisions(*, parents_max: int = 3) -> st.SearchStrategy[Revision]:
    """Canonical revisions (no raw manifest)."""
    return st.builds(
        Revision,
        directory=object_ids(),
        parents=st.lists(object_ids(), max_size=parents_max).map(tuple),
        author=persons(),
        date=timestamps(),
        committer=persons(),
        committer_date=timestamps(),
        message=messages(),
        extra_headers=extra_headers(),
    )


GIT_TARGET_TYPES = (
    ObjectType.CONTENT,
    ObjectType.DIRECTORY,
    ObjectType.REVISION,
    ObjectType.RELEASE,
)


@st.composite
def releases(draw: st.DrawFn) -> Release:
    """Canonical releases: with tagger and date, with tagger only, or without tagger."""
    author = draw(st.one_of(st.none(), persons()))
    date = None if author is None else draw(st.one_of(st.none(), timestamps()))
    return Release(
        name=draw(st.binary(max_size=20)),
        target=draw(object_ids()),
        target_type=draw(st.sampled_from(GIT_TARGET_TYPES)),
        author=author,
        date=date,
        message=draw(messages()),
        extra_headers=draw(extra_headers()),
    )


OBJECT_BRANCH_TYPES = tuple(t for t in BranchTargetType if t is not BranchTargetType.ALIAS)


@st.composite
def snapshots(draw: st.DrawFn, *, max_size: int = 12) -> Snapshot:
    """Snapshots with object branches, dangling branches and aliases.

    An alias points at a non-alias branch or at a name that is not a branch
    (unresolved), so aliases never form cycles.
    """
    names = draw(st.lists(st.binary(min_size=1, max_size=16), unique=True, max_size=max_size))
    kinds = {
        name: draw(st.sampled_from(["object", "object", "dangling", "alias"])) for name in names
    }
    alias_targets = st.one_of(
        st.sampled_from([name for name in names if kinds[name] != "alias"] or [b"HEAD"]),
        st.binary(min_size=1, max_size=16),
    )
    branches: dict[bytes, SnapshotBranch | None] = {}
    for name in names:
        if kinds[name] == "dangling":
            branches[name] = None
        elif kinds[name] == "alias":
            target = draw(alias_targets.filter(lambda t: kinds.get(t) != "alias"))
            branches[name] = SnapshotBranch(target, BranchTargetType.ALIAS)
        else:
            target_type = draw(st.sampled_from(OBJECT_BRANCH_TYPES))
            branches[name] = SnapshotBranch(draw(object_ids()), target_type)
    return Snapshot.from_dict(branches)
