#!/usr/bin/env bash
# Validate docker-compose.yml without a Docker engine, when Debian's docker-compose is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null 2>&1; then
  SECRET_KEY=x FIELD_ENCRYPTION_KEYS=x POSTGRES_PASSWORD=x docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml: valid"
else
  echo "docker-compose.yml: not validated (docker-compose is not installed)"
fi
