"""A laptop: embedded defaults, debug on, fixed development keys unless the environment sets them."""

import os

# Development-only keys, never used by production settings (which require their own).
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-secret-key-for-make-run-0123456789")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "ZGV2LW9ubHktZmllbGQta2V5LTAxMjM0NTY3ODlhYmM=")
os.environ.setdefault("DEBUG", "true")

from bezala.settings.base import *  # noqa: F403
from bezala.settings.base import INSTALLED_APPS

# The Netvisor simulator runs beside the service on a laptop (`make run`); production never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "netvisor_sandbox"]
