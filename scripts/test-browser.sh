#!/usr/bin/env bash
# Makes sure headless Chromium and its WebDriver are present for the browser tests of the configuration console
# (Debian's chromium and chromium-driver packages, installed when missing) and prints their paths.
# Also makes sure npm is there for the accessibility checks (axe-core is taken from the npm registry at test time).
# Used by ./test; the browser tests read EMD_TEST_CHROMIUM and EMD_TEST_CHROMEDRIVER (defaults /usr/bin/...).
# Usage: eval "$(scripts/test-browser.sh)"
set -euo pipefail
CHROMIUM=${EMD_TEST_CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${EMD_TEST_CHROMEDRIVER:-/usr/bin/chromedriver}
if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
  echo "Chromium or chromedriver not found; installing Debian's chromium and chromium-driver packages" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >&2
  [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || { echo "error: Chromium could not be installed" >&2; exit 1; }
fi
# the accessibility checks take axe-core from the npm registry with npm pack (server/target/axe-core/)
if ! command -v npm >/dev/null 2>&1 && [ -z "${EMD_TEST_AXE:-}" ]; then
  echo "npm not found; installing Debian's npm package (the accessibility checks fetch axe-core with it)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >&2
fi
echo "export EMD_TEST_CHROMIUM='$CHROMIUM' EMD_TEST_CHROMEDRIVER='$CHROMEDRIVER'"
