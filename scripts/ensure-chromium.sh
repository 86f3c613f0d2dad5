#!/usr/bin/env bash
# The browser tests drive a real headless Chromium. Install Debian's package when it is missing and we
# can (root with apt-get); otherwise say exactly what to do. Set CHROMIUM_PATH to use another binary.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$bin" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests (apt-get)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $bin. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
exit 1
