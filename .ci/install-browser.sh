#!/usr/bin/env bash
# CI: Debian's chromium for the HTML report's browser test (test/report/html-browser.test.ts); a no-op when present.
set -euo pipefail
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
command -v chromium >/dev/null || ($sudo apt-get update && $sudo apt-get install -y --no-install-recommends chromium)
