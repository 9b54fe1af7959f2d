"""`sankofa identify`: print the SWHIDs of files, directories, stdin and git repositories.

Output and options are those of Software Heritage's ``swh identify``: one line
``<SWHID> TAB <argument>`` per argument, in order, the argument written back byte for
byte as given; with ``--no-filename`` the SWHID alone. ``-`` is the content of standard
input. The normalisation of trees is described in :mod:`sankofa.swhid.disk` and
``docs/identify.md``.

Exit status: 0 on success (and on a ``--verify`` match), 1 on a ``--verify`` mismatch,
2 on an error, reported as one line on stderr naming the path at fault; the arguments
before it have been printed, those after it are not processed.

This module must not import Django: the command is meant to start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from sankofa.swhid.identifiers import CoreSWHID

EXIT_MISMATCH = 1
EXIT_ERROR = 2

TYPES = ("auto", "content", "directory", "snapshot")
DESCRIPTION = (
    "Print the SWHID of each OBJECT (a file, a directory, a git repository with "
    "--type snapshot, or - for standard input), followed by a tab and the OBJECT."
)


class IdentifyError(Exception):
    """An argument cannot be identified; the message is the one line shown."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``identify`` on the sub-parsers of ``sankofa``; its ``func`` is :func:`run`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "identify",
        help="compute the SWHIDs of files, directories or git repositories",
        description=DESCRIPTION,
    )
    if type(parser) is argparse.ArgumentParser:
        parser.__class__ = IntermixedParser  # same layout, one method differs
    configure(parser)
    parser.set_defaults(func=run)
    return parser


class IntermixedParser(argparse.ArgumentParser):
    """A parser accepting options between the OBJECTs (``a -x '*.o' b``), as swh does."""

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        args = sys.argv[1:] if args is None else list(args)
        # parse_known_intermixed_args calls back this method, and mishandles "--"
        if self._intermixing or "--" in args:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def _core_swhid(text: str) -> CoreSWHID:
    from sankofa.swhid.identifiers import CoreSWHID, SWHIDError

    try:
        return CoreSWHID.from_string(text)
    except SWHIDError as exc:
        raise argparse.ArgumentTypeError(f'"{text}" is not a valid core SWHID: {exc}') from None


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments and options of ``identify`` to ``parser``."""
    parser.add_argument("objects", nargs="+", metavar="OBJECT", help="a path, or - for stdin")
    parser.add_argument(
        "--dereference",
        dest="follow_symlinks",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="follow (or not) symbolic links given as arguments (default: follow)",
    )
    parser.add_argument(
        "--filename",
        dest="show_filename",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show (or not) the argument after the SWHID (default: show)",
    )
    parser.add_argument(
        "-t",
        "--type",
        dest="obj_type",
        choices=TYPES,
        default="auto",
        help="type of object to identify (default: auto: content for a file, "
        "directory for a directory)",
    )
    parser.add_argument(
        "-x",
        "--exclude",
        dest="exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="leave out of directories the entries whose path relative to the "
        "directory matches this glob (e.g. '*.git'); repeatable",
    )
    parser.add_argument(
        "-v",
        "--verify",
        metavar="SWHID",
        type=_core_swhid,
        help="compare the SWHID of the single OBJECT with this one; exit 1 if they differ",
    )


def _os_error_message(exc: OSError) -> str:
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {exc.strerror or exc}"
    return str(exc)


def identify(
    obj: str,
    obj_type: str = "auto",
    *,
    follow_symlinks: bool = True,
    exclude: Sequence[str] = (),
    stdin: BinaryIO | None = None,
) -> CoreSWHID:
    """Return the SWHID of ``obj``: a path, or ``-`` for the content of ``stdin``.

    Raises :class:`IdentifyError` when ``obj`` cannot be identified.
    """
    from sankofa.swhid import disk
    from sankofa.swhid.identifiers import CoreSWHID, ObjectType

    if obj == "-":
        data = (stdin or sys.stdin.buffer).read()
        return CoreSWHID(ObjectType.CONTENT, disk.content_id(data))
    path = os.fsencode(obj)
    if obj_type == "auto":
        obj_type = _detect_type(obj, path)
    try:
        if obj_type == "content":
            return CoreSWHID(
                ObjectType.CONTENT, disk.file_id(path, follow_symlinks=follow_symlinks)
            )
        if obj_type == "directory":
            patterns = [os.fsencode(pattern) for pattern in exclude]
            return CoreSWHID(ObjectType.DIRECTORY, disk.directory_id(path, exclude=patterns))
        if obj_type == "snapshot":
            return _snapshot_swhid(path)
    except OSError as exc:
        raise IdentifyError(_os_error_message(exc)) from exc
    raise IdentifyError(f"unknown object type {obj_type!r}")


def _snapshot_swhid(path: bytes) -> CoreSWHID:
    from sankofa.swhid import gitrefs
    from sankofa.swhid.identifiers import CoreSWHID, ObjectType

    try:
        return CoreSWHID(ObjectType.SNAPSHOT, gitrefs.git_snapshot(path).id)
    except gitrefs.GitRepositoryError as exc:
        raise IdentifyError(str(exc)) from exc


def _detect_type(obj: str, path: bytes) -> str:
    """``content`` for a file, ``directory`` for a directory (both following links)."""
    if os.path.isfile(path):
        return "content"
    if os.path.isdir(path):
        return "directory"
    if not os.path.lexists(path):
        raise IdentifyError(f"{obj}: No such file or directory")
    raise IdentifyError(f"{obj}: cannot detect object type (neither a file nor a directory)")


def run(args: argparse.Namespace) -> int:
    """Identify every object of ``args`` and print the results; return the exit status."""
    out = sys.stdout.buffer
    if args.verify is not None and len(args.objects) != 1:
        return _fail(out, "--verify needs a single OBJECT")
    for obj in args.objects:
        try:
            swhid = identify(
                obj,
                args.obj_type,
                follow_symlinks=args.follow_symlinks,
                exclude=args.exclude,
            )
        except IdentifyError as exc:
            return _fail(out, str(exc))
        if args.verify is not None:
            return _verify(out, args.verify, swhid)
        line = str(swhid).encode()
        if args.show_filename:
            line += b"\t" + os.fsencode(obj)
        out.write(line + b"\n")
    out.flush()
    return 0


def _verify(out: BinaryIO, expected: CoreSWHID, swhid: CoreSWHID) -> int:
    if expected == swhid:
        out.write(f"SWHID match: {swhid}\n".encode())
        status = 0
    else:
        out.write(f"SWHID mismatch: {expected} != {swhid}\n".encode())
        status = EXIT_MISMATCH
    out.flush()
    return status


def _fail(out: BinaryIO, message: str) -> int:
    out.flush()
    print(f"sankofa: {message}", file=sys.stderr, flush=True)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``identify`` alone: ``python -m sankofa.cli.identify [options] OBJECT...``."""
    parser = IntermixedParser(prog="sankofa identify", description=DESCRIPTION)
    configure(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except BrokenPipeError:
        # the reader went away: silence the final flush of stdout at exit too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("sankofa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
