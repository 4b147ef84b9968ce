"""`manage.py check --deploy` on the production settings must be clean (no warnings).

Production refuses to start without its secrets, so this supplies throw-away values of
the right shape; nothing here is used by a real deployment.
"""

import os
import subprocess
import sys

env = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bezala.settings.production",
    "SECRET_KEY": "check-deploy-" + "x7Gq2pLm9Vz4Rt8Kw1Ny5Bc3Hd6Jf0Sa" * 2,
    "FIELD_ENCRYPTION_KEYS": "Y2hlY2stZGVwbG95LWZpZWxkLWtleS0wMTIzNDU2Nzg=",
    "DATABASE_URL": "postgres://bezala@127.0.0.1:5432/bezala",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "expenses.example.com",
}
result = subprocess.run(
    [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env, check=False
)
sys.exit(result.returncode)
