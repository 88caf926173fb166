"""Settings, all from the environment so one image serves the embedded and distributed modes.

Embedded default (`make run`): in-process executor, memory session store, in-memory channel
layer, SQLite. Distributed (`docker-compose.yml`): PLAYGROUND_EXECUTOR=celery with REDIS_URL,
DATABASE_URL pointing at PostgreSQL.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "playground.terminal",
]
# The UI and lessons apps land in parallel with this one; the project boots with or without them.
INSTALLED_APPS += [app for app in ("playground.web", "playground.lessons") if find_spec(app)]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "playground.urls"
ASGI_APPLICATION = "playground.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- the playground's two backends -------------------------------------------------------------
PLAYGROUND_EXECUTOR = os.environ.get("PLAYGROUND_EXECUTOR", "inprocess")
if PLAYGROUND_EXECUTOR not in {"inprocess", "celery"}:
    raise ImproperlyConfigured("PLAYGROUND_EXECUTOR must be 'inprocess' or 'celery'")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PLAYGROUND_SESSION_TTL = int(os.environ.get("PLAYGROUND_SESSION_TTL", str(4 * 3600)))
# Redis-backed rate limiting when distributed; the embedded mode keeps buckets in memory.
PLAYGROUND_RATE = float(os.environ.get("PLAYGROUND_RATE", "20"))
PLAYGROUND_BURST = int(os.environ.get("PLAYGROUND_BURST", "50"))
# Enqueue the Celery drain task in the mailbox push's Redis round trip (when the broker is REDIS_URL).
PLAYGROUND_FAST_ENQUEUE = env_bool("PLAYGROUND_FAST_ENQUEUE", default=True)

DISTRIBUTED = PLAYGROUND_EXECUTOR == "celery"

if DISTRIBUTED:
    # The Pub/Sub layer: Celery workers publish to its channels straight from their Redis scripts
    # (playground/terminal/drain.py). redis-py 8 defaults (5 s socket timeout, 100 pooled
    # connections) close idle subscriber sockets and cap clients, so both are set explicitly.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "socket_connect_timeout": 5,
                        "max_connections": 2000,
                    }
                ],
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Sessions must outlive any one web process and be visible to every replica.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_AGE = max(PLAYGROUND_SESSION_TTL, 3600) * 6
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies need HTTPS in front; a plain-HTTP compose run on localhost sets SECURE_COOKIES=0.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Celery (only used when PLAYGROUND_EXECUTOR=celery) ------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_EAGER_PROPAGATES = True  # eager mode inside async code would swallow errors otherwise
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No unacked-message bookkeeping in Redis: it costs a round trip before every task and one after,
# and redelivers only after the visibility timeout (an hour). A lost drain task is covered sooner:
# the mailbox keeps the command and the consumer re-kicks after KICK_AFTER seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected files exist only in deployments (the image runs collectstatic); in development
# WhiteNoise serves straight from the app and STATICFILES_DIRS.
if not DEBUG or os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"  # the published-port iframe is same-origin and sandboxed

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
