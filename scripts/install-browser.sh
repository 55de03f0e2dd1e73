#!/bin/sh
# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "install-browser: chromium is missing and this user cannot install it; the browser tests will be skipped" >&2
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || echo "install-browser: apt-get could not install chromium; the browser tests will be skipped" >&2
else
  echo "install-browser: no apt-get here; install Chromium yourself for the browser tests" >&2
fi
