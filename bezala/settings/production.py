"""Production: every secret must come from the environment; `check --deploy` is clean."""

from bezala.env import env_bool, env_int, env_str

# Reading these first makes a missing one stop start-up with its own name in the message.
env_str("SECRET_KEY")
env_str("FIELD_ENCRYPTION_KEYS")
env_str("DATABASE_URL")
env_str("CELERY_BROKER_URL")
env_str("ALLOWED_HOSTS")

from bezala.settings.base import *  # noqa: E402, F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The TLS proxy assumed above appends the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
