"""The test suite: like local, with fast hashing and tasks run inline unless a test starts a worker."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=")
os.environ.setdefault("BEZALA_DATA_DIR", tempfile.mkdtemp(prefix="bezala-test-"))

from bezala.settings.base import *  # noqa: F403
from bezala.settings.base import INSTALLED_APPS, STORAGES

SYNCHRONOUS_COMMIT_OFF = "-c synchronous_commit=off"

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "netvisor_sandbox"]  # the tests talk to the simulator, as `make run` does
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Unit tests run tasks inline; the service tests start real worker processes instead.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that worker processes started by the service tests see the same data.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["BEZALA_DATA_DIR"], "test.sqlite3")}  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Test data need not outlive a crash of the database server, so a commit does not wait for the disk. What
    # other connections see, and when, is unchanged.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = SYNCHRONOUS_COMMIT_OFF  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing folder
