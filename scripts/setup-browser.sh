#!/usr/bin/env bash
# Installs what the browser tests (mock-server/tests/browser) need, when missing: Debian's
# chromium (plus node and npm if absent), then the pinned npm packages (npm ci). Fast when
# everything is already there. Without Debian's recommended packages: headless Chromium
# needs none of them (no desktop services, no fonts), and chromium alone is then 25
# packages (about 124 MB to download, 395 MB on disk) instead of 84 and 11 upgrades.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] || ./scripts/apt-install.sh setup-browser --no-install-recommends "${missing[@]}"

dir=mock-server/tests/browser
stamp="$dir/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
  echo "setup-browser: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
