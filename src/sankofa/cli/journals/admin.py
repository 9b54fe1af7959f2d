"""``sankofa journals`` actions: create, list, role, issue (as the node's operator).

``create`` prints the journal and, as its last line, the absolute address of its page,
``<base URL>/<lang>/journals/<slug>/`` (``lang``: the journal's primary language when the
node's pages speak it, else the node's default language). ``list`` prints a line per
journal, by slug: slug, title, ISSNs and page address, separated by tabs. ``role``
grants (or with ``--revoke`` takes away) a journal role from an account named by e-mail
address (``--name``: the name shown on the masthead).
``issue`` creates an issue, published at once with ``--publish``. A wrong setting exits
non-zero with one line naming the option and what is wrong.
"""

from __future__ import annotations

import argparse
from typing import Any

from sankofa.cli.errors import CommandError

# command-line option of each service field, to name it in an error
_OPTIONS = {
    "slug": "SLUG",
    "title": "--title",
    "primary_language": "--language",
    "languages": "--language",
    "issn_print": "--issn-print",
    "issn_online": "--issn-online",
    "review_model": "--review-model",
    "licence_url": "--licence",
    "publisher": "--publisher",
    "year": "--year",
    "volume": "--volume",
    "number": "--number",
    "email": "EMAIL",
    "role": "ROLE",
}


def add_actions(jsub: Any) -> None:
    """Add this area's actions to the ``journals`` subparsers."""
    create = jsub.add_parser("create", help="create a journal; prints its address last")
    create.add_argument("slug", metavar="SLUG", help="its path word, e.g. african-linguistics")
    create.add_argument("--title", required=True, help="its title in its primary language")
    create.add_argument(
        "--language",
        action="append",
        metavar="TAG",
        help="a language it publishes in (BCP 47; the first is the primary one; default en)",
    )
    create.add_argument("--issn-print", default="", metavar="ISSN")
    create.add_argument("--issn-online", default="", metavar="ISSN")
    create.add_argument(
        "--review-model",
        default="double_anonymous",
        choices=["open", "single_anonymous", "double_anonymous"],
    )
    create.add_argument("--publisher", default="")
    create.add_argument("--licence", default="", metavar="URL", help="a Creative Commons URL")
    create.set_defaults(func=run_create, needs_django=True)
    lst = jsub.add_parser("list", help="the node's journals")
    lst.set_defaults(func=run_list, needs_django=True)
    role = jsub.add_parser("role", help="grant (or revoke) a journal role")
    role.add_argument("slug", metavar="SLUG")
    role.add_argument("email", metavar="EMAIL")
    role.add_argument("role", metavar="ROLE", help="manager, editor, section_editor, ...")
    role.add_argument("--revoke", action="store_true", help="take the role away")
    role.add_argument("--name", default="", help="the name shown on the masthead")
    role.set_defaults(func=run_role, needs_django=True)
    issue = jsub.add_parser("issue", help="create an issue of a journal")
    issue.add_argument("slug", metavar="SLUG")
    issue.add_argument("--year", required=True, type=int)
    issue.add_argument("--volume", default="")
    issue.add_argument("--number", default="")
    issue.add_argument("--title", default="", help="in the journal's primary language")
    issue.add_argument("--publish", action="store_true", help="publish it at once")
    issue.set_defaults(func=run_issue, needs_django=True)


def _operator() -> Any:
    from sankofa.core.actors import Actor

    return Actor.operator("cli")


def _invalid(exc: Any, where: str = "") -> CommandError:
    """One line: the first wrong field, named by its option, and what is wrong."""
    field, message = next(iter(exc.errors.items()))
    option = _OPTIONS.get(field.split(".", 1)[0], field)
    return CommandError(f"{where}{option}: {message}")


def _journal(slug: str) -> Any:
    from sankofa.journals.journals import get_journal
    from sankofa.journals.models import Journal

    try:
        return get_journal(slug)
    except Journal.DoesNotExist:
        raise CommandError(f"{slug}: no journal with this slug") from None


def home_url(journal: Any) -> str:
    """The absolute address of the journal's page (see the module docstring)."""
    from django.conf import settings

    spoken = {code for code, _ in settings.LANGUAGES}
    lang = journal.primary_language
    if lang not in spoken:
        lang = lang.split("-", 1)[0].lower()
    if lang not in spoken:
        lang = settings.LANGUAGE_CODE
    return f"{settings.SANKOFA_BASE_URL}/{lang}/journals/{journal.slug}/"


def run_create(args: argparse.Namespace) -> int:
    from sankofa.journals import journals
    from sankofa.journals.models import CC_BY_4

    languages = args.language or ["en"]
    try:
        journal = journals.create_journal(
            _operator(),
            args.slug,
            args.title,
            primary_language=languages[0],
            languages=languages,
            issn_print=args.issn_print,
            issn_online=args.issn_online,
            publisher=args.publisher,
            review_model=args.review_model,
            licence_url=args.licence or CC_BY_4,
        )
    except journals.JournalInvalid as exc:
        raise _invalid(exc) from None
    print(f"journal {journal.pk}: {journal.slug} ({', '.join(journal.languages)})")
    print(home_url(journal))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from sankofa.journals.journals import all_journals
    from sankofa.journals.texts import localized

    for journal in all_journals():
        title = localized(journal.title, journal.primary_language, journal.primary_language)
        issns = " ".join(i for i in (journal.issn_print, journal.issn_online) if i)
        print("\t".join([journal.slug, title, issns, home_url(journal)]))
    return 0


def run_role(args: argparse.Namespace) -> int:
    from sankofa.journals import journals

    journal = _journal(args.slug)
    try:
        if args.revoke:
            held = journals.revoke_journal_role(_operator(), journal.pk, args.email, args.role)
            print(
                f"{args.email}: {args.role} of {journal.slug} "
                + ("revoked" if held else "was not held")
            )
        else:
            journals.grant_journal_role(
                _operator(), journal.pk, args.email, args.role, name=args.name
            )
            print(f"{args.email}: {args.role} of {journal.slug}")
    except journals.JournalRoleInvalid as exc:
        raise _invalid(exc) from None
    return 0


def run_issue(args: argparse.Namespace) -> int:
    from sankofa.journals import journals

    journal = _journal(args.slug)
    title = {journal.primary_language: args.title} if args.title.strip() else {}
    try:
        issue = journals.create_issue(
            _operator(),
            journal.pk,
            year=args.year,
            volume=args.volume,
            number=args.number,
            title=title,
        )
    except journals.JournalInvalid as exc:
        raise _invalid(exc) from None
    if args.publish:
        issue = journals.publish_issue(_operator(), issue.pk)
    state = "published" if issue.published else "not yet published"
    label = f"{issue.year} vol. {issue.volume or '-'} no. {issue.number or '-'}"
    print(f"issue {issue.pk} of {journal.slug}: {label} ({state})")
    return 0
