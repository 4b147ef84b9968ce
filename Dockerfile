# The production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=bezala.settings.production BEZALA_DATA_DIR=/data
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 bezala && mkdir /data && chown bezala /data
WORKDIR /app
# The production lock only: no test runner, browser driver, linters or load tools in the image.
COPY requirements/production.lock ./
RUN pip install --require-hashes --no-deps -r production.lock
COPY --chown=bezala . .
# collectstatic needs settings but no real secrets or database.
RUN SECRET_KEY=build FIELD_ENCRYPTION_KEYS=YnVpbGQtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE= \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0
USER bezala
EXPOSE 8000
CMD ["gunicorn", "bezala.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
