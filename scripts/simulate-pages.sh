#!/usr/bin/env bash
# Simulate the GitHub Pages job (.github/workflows/pages.yml) on this machine, where nothing can be
# downloaded: a copy of the working tree in a scratch folder with NO ../shared beside it, the data copied
# from a folder standing in for what scripts/fetch-data.sh fetches, RNN_PAGES_JOB=1 and
# PAGES_BASE=/rnn-playground/. It runs the unit tests as the job would (they must pass without ../shared),
# builds, serves dist/ under the sub-path and opens it in Chromium (e2e/pages-site.spec.ts).
#   PAGES_DATA_SOURCE  the stand-in for the fetched data (default: ../shared/data beside the repository)
#   PAGES_BASE         the sub-path (default /rnn-playground/; try / for a <user>.github.io repository)
#   SIMULATE_PAGES_FULL=1  run the job's whole `npm test` (every e2e spec) instead of unit + build + site check
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source_data="${PAGES_DATA_SOURCE:-$repo/../shared/data}"
[ -d "$source_data/names" ] || { echo "simulate-pages: no data at $source_data (set PAGES_DATA_SOURCE)" >&2; exit 1; }
[ -d "$repo/node_modules" ] || { echo "simulate-pages: run npm ci first (node_modules is reused, not installed)" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
clone="$scratch/clone"
mkdir -p "$clone"
# The tracked and new (not ignored) files, as a checkout would have them; nothing generated comes along.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) | (cd "$repo" && xargs -0 cp --parents -t "$clone" 2>/dev/null || true)
rm -rf "$clone/node_modules"
ln -s "$(cd "$repo/node_modules" && pwd -P)" "$clone/node_modules"
cp -r "$source_data" "$scratch/data-cache"
[ ! -e "$scratch/shared" ] || { echo "simulate-pages: $scratch/shared must not exist" >&2; exit 1; }

export RNN_DATA_DIR="$scratch/data-cache" RNN_PAGES_JOB=1 CI=true
export PAGES_BASE="${PAGES_BASE:-/rnn-playground/}"
unset RNN_FIXTURES_DIR
cd "$clone"
echo "simulate-pages: $clone (no ../shared), data $RNN_DATA_DIR, base $PAGES_BASE"
if [ "${SIMULATE_PAGES_FULL:-0}" = 1 ]; then
  npm test
else
  npx vitest run
  npm run build
  npx playwright test e2e/pages-site.spec.ts
fi
[ -f dist/index.html ] && grep -q "src=\"${PAGES_BASE}assets/" dist/index.html || { echo "simulate-pages: dist/index.html does not load its scripts from ${PAGES_BASE}assets/" >&2; exit 1; }
echo "simulate-pages: the Pages job builds and serves the site under $PAGES_BASE"
