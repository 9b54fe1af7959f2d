"""Journal models: journals and their sections and issues, submissions moving through the
editorial workflow (`sankofa.journals.workflow`), reviews, and published articles.

A `Submission` is the editorial object: its stage is a `workflow.Stage`, every move is a
`StageEvent` (the audit trail), and its files are `SubmissionFile`s. When it is
published an `Article` is made: the public, citable object with its ARK (and DOI), its
metadata frozen as the JSON form of `sankofa.core.formats.article.model.Article`
(`sankofa.core.formats.article.json_form`), its JATS and its `Galley`s. Imported
articles (JATS, OJS) are `Article`s without a submission.

Multilingual texts are JSON objects ``{"<BCP 47 tag>": "text"}``; files hold no bytes
(``sha256`` names a blob in the node's blob store). People are user ids (no foreign
keys: accounts may live elsewhere) with the name they had, for the record.
Journal roles are the accounts app's scoped roles on `Journal.scope_key`.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sankofa.journals.workflow import ReviewModel, Stage

__all__ = [
    "Article",
    "ArticleUsageEvent",
    "Author",
    "Galley",
    "Issue",
    "Journal",
    "MailTemplate",
    "Notification",
    "ReviewAssignment",
    "ReviewForm",
    "Section",
    "StageEvent",
    "Submission",
    "SubmissionFile",
]

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


def _choices(enum: type) -> list[tuple[str, str]]:
    return [(str(m), str(m).replace("_", " ")) for m in enum]  # type: ignore[attr-defined]


class Journal(models.Model):
    class DoiProvider(models.TextChoices):
        NONE = "", "none"
        CROSSREF = "crossref", "Crossref"
        DATACITE = "datacite", "DataCite"

    slug = models.SlugField(max_length=64, unique=True)  # its path: /<lang>/journals/<slug>/
    title = models.JSONField(default=dict)  # {lang: title}; the primary language's is required
    abbreviation = models.CharField(max_length=100, blank=True, default="")
    description = models.JSONField(default=dict)  # {lang: text}
    primary_language = models.CharField(max_length=35, default="en")
    languages = models.JSONField(default=list)  # BCP 47 tags it publishes in (primary first)
    issn_print = models.CharField(max_length=9, blank=True, default="")  # NNNN-NNNC, checked
    issn_online = models.CharField(max_length=9, blank=True, default="")
    publisher = models.CharField(max_length=300, blank=True, default="")
    review_model = models.CharField(
        max_length=20, choices=_choices(ReviewModel), default=str(ReviewModel.DOUBLE_ANONYMOUS)
    )
    licence_url = models.URLField(default=CC_BY_4)  # a Creative Commons licence URL
    # {"review"|"open_access"|"archiving"|"self_archiving"|"competing_interests": {lang: text}}
    policies = models.JSONField(default=dict)
    doi_provider = models.CharField(
        max_length=10, choices=DoiProvider.choices, blank=True, default=""
    )
    doi_prefix = models.CharField(max_length=64, blank=True, default="")
    depositor_name = models.CharField(max_length=200, blank=True, default="")
    depositor_email = models.EmailField(blank=True, default="")
    crossref_username = models.CharField(max_length=200, blank=True, default="")
    crossref_password = models.CharField(max_length=200, blank=True, default="")
    open_for_submissions = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)
    # the names team members appear under on the masthead: {str(user id): name}
    team_names = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.slug

    @property
    def scope_key(self) -> str:
        """The role scope of this journal (as `sankofa.accounts.roles.scope_key` makes it)."""
        return f"journals.journal:{self.pk}"


class Section(models.Model):
    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(max_length=64)
    title = models.JSONField(default=dict)  # {lang: title}
    policy = models.JSONField(default=dict)  # {lang: text}
    peer_reviewed = models.BooleanField(default=True)
    open_for_submissions = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["journal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["journal", "slug"], name="journals_section_slug")
        ]

    def __str__(self) -> str:
        return f"{self.journal.slug}/{self.slug}"


class Issue(models.Model):
    """An issue (volume, number, year, title); articles may also be published on their own."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="issues")
    volume = models.CharField(max_length=32, blank=True, default="")
    number = models.CharField(max_length=32, blank=True, default="")
    year = models.PositiveIntegerField()
    title = models.JSONField(default=dict)  # {lang: title}
    published = models.DateTimeField(null=True, blank=True)  # None: not yet out
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["journal", "-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["journal", "year", "volume", "number"], name="journals_issue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.journal.slug} {self.year} vol. {self.volume} no. {self.number}"


class Submission(models.Model):
    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="submissions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    stage = models.CharField(max_length=20, choices=_choices(Stage), default=str(Stage.SUBMITTED))
    round = models.PositiveIntegerField(default=0)  # the current review round (workflow.Facts)
    submitter_id = models.BigIntegerField(null=True, blank=True)
    submitter_name = models.CharField(max_length=200, blank=True, default="")
    handling_editor_id = models.BigIntegerField(null=True, blank=True)
    handling_editor_name = models.CharField(max_length=200, blank=True, default="")
    language = models.CharField(max_length=35, default="en")
    title = models.JSONField(default=dict)  # {lang: text}
    abstract = models.JSONField(default=dict)  # {lang: text}
    keywords = models.JSONField(default=dict)  # {lang: [keyword, ...]}
    cover_letter = models.TextField(blank=True, default="")
    data_availability = models.TextField(blank=True, default="")
    # [{"identifier": "10.…"|"ark:…"|"swh:1:…", "identifier_type": "DOI"|"ARK"|"SWHID"|"URL",
    #   "relation": "references"|"isSupplementedBy"|…, "kind": "dataset"|"software"|…}]
    links = models.JSONField(default=list)
    issue = models.ForeignKey(  # the issue it is meant for (optional)
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    created = models.DateTimeField(default=timezone.now)
    submitted = models.DateTimeField(null=True, blank=True)  # None: still an author's draft
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["journal", "stage"], name="journals_sub_journal_stage")]

    def __str__(self) -> str:
        return f"submission {self.pk} to {self.journal_id} ({self.stage})"


class Author(models.Model):
    """An author of a submission, in byline order."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveIntegerField(default=0)
    given_names = models.CharField(max_length=200, blank=True, default="")
    surname = models.CharField(max_length=200)
    email = models.EmailField(blank=True, default="")
    orcid = models.CharField(max_length=19, blank=True, default="")  # checked: 0000-0002-…
    affiliations = models.JSONField(default=list)  # [{"name": …, "ror": …, "country": …}]
    credit_roles = models.JSONField(default=list)  # CRediT terms (model.CREDIT_ROLES)
    corresponding = models.BooleanField(default=False)
    user_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.given_names} {self.surname}".strip()


class SubmissionFile(models.Model):
    class Kind(models.TextChoices):
        MANUSCRIPT = "manuscript", "manuscript"
        SUPPLEMENTARY = "supplementary", "supplementary"
        REVISION = "revision", "revision"
        REVIEW_ATTACHMENT = "review_attachment", "review attachment"
        COPYEDITED = "copyedited", "copyedited"
        PRODUCTION = "production", "production source"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    round = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=255)
    media_type = models.CharField(max_length=255, default="application/octet-stream")
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    # the reviewer's copy, with the author properties stripped (blank: same as sha256)
    reviewer_sha256 = models.CharField(max_length=64, blank=True, default="")
    uploaded_by_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submission", "created", "pk"]

    def __str__(self) -> str:
        return self.name


class StageEvent(models.Model):
    """One step of the audit trail: who moved the submission from where to where."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40, blank=True, default="")  # blank: created/submitted
    from_stage = models.CharField(max_length=20, blank=True, default="")
    to_stage = models.CharField(max_length=20)
    round = models.PositiveIntegerField(default=0)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, default="")  # e.g. the decision letter
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage} by {self.actor_name}"


class ReviewForm(models.Model):
    """A journal's review form: questions answered by each reviewer."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="review_forms")
    title = models.JSONField(default=dict)  # {lang: text}
    # [{"id": "q1", "label": {lang: text}, "kind": "text"|"choice"|"scale",
    #   "choices": [{lang: text}, …], "required": bool}]
    questions = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"review form {self.pk} of {self.journal_id}"


class ReviewAssignment(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", "invited"
        ACCEPTED = "accepted", "accepted"
        DECLINED = "declined", "declined"
        COMPLETED = "completed", "completed"
        CANCELLED = "cancelled", "cancelled"

    class Recommendation(models.TextChoices):
        ACCEPT = "accept", "accept"
        MINOR = "minor_revisions", "minor revisions"
        MAJOR = "major_revisions", "major revisions"
        RESUBMIT = "resubmit", "resubmit elsewhere or after rework"
        DECLINE = "decline", "decline"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveIntegerField()
    reviewer_id = models.BigIntegerField()
    reviewer_name = models.CharField(max_length=200, blank=True, default="")
    form = models.ForeignKey(ReviewForm, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    invited_at = models.DateTimeField(default=timezone.now)
    due = models.DateField()
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveIntegerField(default=0)
    recommendation = models.CharField(
        max_length=20, choices=Recommendation.choices, blank=True, default=""
    )
    answers = models.JSONField(default=dict)  # {question id: answer}
    comments_to_author = models.TextField(blank=True, default="")
    confidential_comments = models.TextField(blank=True, default="")  # to the editor only
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "round", "reviewer_id"], name="journals_review_once"
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.submission_id} round {self.round} ({self.state})"


class MailTemplate(models.Model):
    """A journal's own wording of a mail (the node's defaults live in code, translated)."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="mail_templates")
    key = models.CharField(max_length=64)  # e.g. "review_invitation"
    language = models.CharField(max_length=35)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["journal", "key", "language"], name="journals_mail_template_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language}) of {self.journal_id}"


class Notification(models.Model):
    """One entry of a person's inbox (the copy of a mail sent, or a notice without mail)."""

    user_id = models.BigIntegerField()
    journal = models.ForeignKey(Journal, null=True, blank=True, on_delete=models.CASCADE)
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE)
    key = models.CharField(max_length=64)  # the mail template key
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True, default="")  # a path on the node
    created = models.DateTimeField(default=timezone.now)
    read = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user_id", "read"], name="journals_inbox_user")]

    def __str__(self) -> str:
        return f"{self.key} to {self.user_id}"


class Article(models.Model):
    """A published article: public, citable, preserved."""

    class State(models.TextChoices):
        PUBLISHED = "published", "published"
        RETRACTED = "retracted", "retracted"  # a tombstone: metadata stays, galleys go

    class DoiState(models.TextChoices):
        NONE = "", "none"
        PENDING = "pending", "pending"  # a registration job is queued or retrying
        REGISTERED = "registered", "registered"
        FAILED = "failed", "failed"
        EXTERNAL = "external", "registered elsewhere"  # imported with its DOI

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="articles")
    submission = models.OneToOneField(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="article"
    )
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    order_in_issue = models.PositiveIntegerField(default=0)
    ark = models.CharField(max_length=128, unique=True, null=True, blank=True)
    doi = models.CharField(max_length=255, unique=True, null=True, blank=True)
    doi_state = models.CharField(max_length=10, choices=DoiState.choices, blank=True, default="")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    retraction_note = models.TextField(blank=True, default="")
    language = models.CharField(max_length=35, default="en")
    title = models.TextField()  # the title in the article's language (for lists and search)
    metadata = models.JSONField()  # json_form.to_json(model.Article)
    jats_sha256 = models.CharField(max_length=64, blank=True, default="")  # the JATS XML blob
    # the blob of the canonical JSON of `metadata` (sankofa.journals.preservation)
    metadata_sha256 = models.CharField(max_length=64, blank=True, default="")
    published = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)  # last metadata change (OAI datestamp)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-pk"]
        indexes = [
            models.Index(fields=["journal", "published"], name="journals_article_pub"),
            models.Index(fields=["updated"], name="journals_article_updated"),
        ]

    def __str__(self) -> str:
        return self.ark or f"article {self.pk}"


class Galley(models.Model):
    """A published form of an article (PDF, HTML, JATS XML…), made in production."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        JATS = "jats", "JATS XML"
        EPUB = "epub", "EPUB"
        OTHER = "other", "other"

    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="galleys"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="galleys"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    label = models.CharField(max_length=64, blank=True, default="")  # "PDF", "PDF (français)"
    language = models.CharField(max_length=35, blank=True, default="")
    name = models.CharField(max_length=255)
    media_type = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    order = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label or self.name


class ArticleUsageEvent(models.Model):
    """One counted hit on an article (a view of its page or a download of a galley); the
    client key is keyed with the day's salt as for datasets (no address is stored)."""

    class Kind(models.TextChoices):
        VIEW = "view", "view"
        DOWNLOAD = "download", "download"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    galley = models.ForeignKey(
        Galley, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    client = models.CharField(max_length=64)
    at = models.DateTimeField()
    day = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["article", "day"], name="journals_usage_article_day"),
            models.Index(fields=["day"], name="journals_usage_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of article {self.article_id}"
