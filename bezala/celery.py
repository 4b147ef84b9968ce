"""The Celery application, following Celery's "First steps with Django" recipe."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bezala.settings.local")

app = Celery("bezala")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
