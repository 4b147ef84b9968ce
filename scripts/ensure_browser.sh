#!/usr/bin/env bash
# Browser tests drive Debian's Chromium; never a browser downloaded by Playwright.
# Installs it when missing and we may (root with apt-get); otherwise says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is not installed: browser tests will be skipped (install it with: sudo apt-get install chromium)."
fi
