"""``sankofa journals import-jats`` and ``sankofa journals export`` (as the node's operator).

``import-jats FILE.xml --journal SLUG [--publish] [--issue ID]`` imports one JATS article
(`sankofa.journals.importing`): published at once with ``--publish`` (optionally in an
issue), else waiting in production for the editors. It prints what it made, any notes
(such as an ISSN of another journal), and as its LAST line the absolute URL of the article's
page (or of the submission's editorial page). A file that cannot be read or imported exits
non-zero with one line naming the file and, when known, the line: ``FILE:LINE: reason``.

``export ID --format KEY`` prints an export of a published article (`article_exports`:
bibtex, ris, csl-json, jats, dc, json); ID is its ARK (``ark:/…`` or ``ark:…``, or the
node's resolver URL) or its DOI (``10.…`` or ``https://doi.org/10.…``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sankofa.cli.errors import CommandError

__all__ = ["add_actions", "find_article", "run_export", "run_import"]


def add_actions(jsub: Any) -> None:
    """Add this area's actions to the ``journals`` subparsers."""
    imp = jsub.add_parser("import-jats", help="import a JATS article; prints its URL last")
    imp.add_argument("file", metavar="FILE.xml", help="a JATS XML article")
    imp.add_argument("--journal", required=True, metavar="SLUG", help="the journal's slug")
    imp.add_argument("--publish", action="store_true", help="publish it at once")
    imp.add_argument("--issue", type=int, default=None, metavar="ID", help="an issue id")
    imp.set_defaults(func=run_import, needs_django=True)
    exp = jsub.add_parser("export", help="print an export of a published article")
    exp.add_argument("id", metavar="ID", help="the article's ARK or DOI")
    exp.add_argument(
        "--format",
        dest="key",
        required=True,
        metavar="KEY",
        help="bibtex, ris, csl-json, jats, dc or json",
    )
    exp.set_defaults(func=run_export, needs_django=True)


def _submission_url(submission: Any) -> str:
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from sankofa.journals import links

    lang = links.page_language(submission.journal)
    with translation.override(lang):
        try:
            path = reverse(
                "journals:editorial-submission", args=[submission.journal.slug, submission.pk]
            )
        except NoReverseMatch:
            path = reverse("journals:editorial", args=[submission.journal.slug])
    return links.absolute(path)


def run_import(args: argparse.Namespace) -> int:
    from sankofa.core.actors import Actor, PermissionDenied
    from sankofa.journals import importing, links
    from sankofa.journals.models import Issue, Journal

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"{args.file}: {exc.strerror or exc}") from None
    try:
        journal = Journal.objects.get(slug=args.journal)
    except Journal.DoesNotExist:
        raise CommandError(f"--journal {args.journal}: no journal with this slug") from None
    try:
        made = importing.import_jats_file(
            Actor.operator("cli"), journal.pk, data, publish=args.publish, issue_id=args.issue
        )
    except importing.JatsImportError as exc:
        where = f"{args.file}:{exc.line}" if exc.line else args.file
        detail = f"{exc.path}: {exc.reason}" if exc.path else exc.reason
        raise CommandError(f"{where}: {' '.join(detail.split())}") from None
    except Issue.DoesNotExist:
        raise CommandError(f"--issue {args.issue}: no such issue of {journal.slug}") from None
    except (importing.ArticleExists, PermissionDenied, ValueError) as exc:
        raise CommandError(f"{args.file}: {' '.join(str(exc).split())}") from None
    for note in made.notes:
        print(f"note: {note}")
    if made.article is not None:
        article = made.article
        print(f"article {article.pk} of {journal.slug}: {article.ark} (published)")
        print(links.article_url(article))
    else:
        submission = made.submission
        assert submission is not None
        print(f"submission {submission.pk} of {journal.slug}: in production")
        print(_submission_url(submission))
    return 0


def find_article(identifier: str) -> Any:
    """The article named by an ARK or a DOI (CommandError if none)."""
    from sankofa.core.identifiers import Doi, IdentifierError
    from sankofa.core.identifiers.ark import Ark, ArkError
    from sankofa.journals.models import Article

    text = identifier.strip()
    if "ark:" in text:
        try:
            ark = Ark.parse(text[text.index("ark:") :])
        except ArkError as exc:
            raise CommandError(f"{identifier}: not an ARK: {exc}") from None
        found = Article.objects.filter(ark=str(ark.base)).first()
    else:
        try:
            doi = str(Doi.parse(text)).lower()
        except IdentifierError as exc:
            raise CommandError(f"{identifier}: neither an ARK nor a DOI: {exc}") from None
        found = Article.objects.filter(doi=doi).first()
    if found is None:
        raise CommandError(f"{identifier}: no article here has this identifier")
    return found


def run_export(args: argparse.Namespace) -> int:
    from sankofa.journals import article_exports

    article = find_article(args.id)
    try:
        body = article_exports.render(article, args.key)
    except article_exports.NoSuchExport as exc:
        raise CommandError(f"--format {args.key}: {exc}") from None
    sys.stdout.buffer.write(body)
    sys.stdout.buffer.flush()
    return 0
