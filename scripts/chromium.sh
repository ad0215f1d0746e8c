#!/usr/bin/env bash
# Finds the Chromium the browser tests drive, installing one if there is none, and prints its path
# (for THRIVING_CHROMIUM, which the root conftest.py reads). Says on stderr which it uses.
#
#   scripts/chromium.sh PYTHON      # PYTHON: the virtual environment's, with Playwright installed
#
# In order: THRIVING_CHROMIUM if it is already set; Debian's /usr/bin/chromium; Debian's package
# installed now with apt-get (as root, or through sudo when it needs no password); Playwright's own
# download (`playwright install chromium`, no root needed). If none works it fails, so the browser
# journeys are never skipped without a word. Called by `make test` and `make test-postgres`.
set -euo pipefail

PYTHON="${1:?usage: scripts/chromium.sh PYTHON}"
DEBIAN_CHROMIUM="${THRIVING_DEBIAN_CHROMIUM:-/usr/bin/chromium}"

say() { echo "chromium: $*" >&2; }

works() { [ -x "$1" ] && "$1" --headless=new --no-sandbox --version >/dev/null 2>&1; }

use() {
  say "$2"
  echo "$1"
  exit 0
}

if [ -n "${THRIVING_CHROMIUM:-}" ]; then
  works "$THRIVING_CHROMIUM" || { say "THRIVING_CHROMIUM=$THRIVING_CHROMIUM does not run"; exit 1; }
  use "$THRIVING_CHROMIUM" "the browser tests use THRIVING_CHROMIUM ($THRIVING_CHROMIUM)"
fi

if works "$DEBIAN_CHROMIUM"; then
  use "$DEBIAN_CHROMIUM" "the browser tests use Debian's Chromium ($DEBIAN_CHROMIUM)"
fi

as_root=""
if [ "$(id -u)" = 0 ]; then
  as_root="env"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n env"
fi
if command -v apt-get >/dev/null 2>&1 && [ -n "$as_root" ]; then
  say "no $DEBIAN_CHROMIUM: installing Debian's chromium package with apt-get"
  if $as_root DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
    && $as_root DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >&2 \
    && works "$DEBIAN_CHROMIUM"; then
    use "$DEBIAN_CHROMIUM" "the browser tests use Debian's Chromium, installed now ($DEBIAN_CHROMIUM)"
  fi
  say "apt-get could not install a working chromium"
else
  say "no $DEBIAN_CHROMIUM, and apt-get cannot be run as root here"
fi

say "downloading Playwright's own Chromium (playwright install chromium)"
if "$PYTHON" -m playwright install chromium >&2; then
  found="$("$PYTHON" -c 'from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    print(p.chromium.executable_path)')"
  if works "$found"; then
    use "$found" "the browser tests use Playwright's Chromium ($found)"
  fi
  say "Playwright's Chromium at $found does not run: it may need system libraries" \
    "(as root: $PYTHON -m playwright install-deps chromium)"
fi

say "no Chromium could be found or installed, so the browser tests cannot run."
say "Install Debian's chromium package, or set THRIVING_CHROMIUM to a Chromium or Chrome to use."
exit 1
