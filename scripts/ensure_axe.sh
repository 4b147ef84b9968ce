#!/usr/bin/env bash
# The accessibility browser tests inject axe-core (an npm devDependency, never served to users).
# `npm ci` installs exactly the locked version; it runs again only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
STAMP=node_modules/.installed-$(cksum < package-lock.json | cut -d' ' -f1)
if [ -f "$STAMP" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: the accessibility browser tests will be skipped (install nodejs and npm)."
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
touch "$STAMP"
