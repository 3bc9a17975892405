#!/usr/bin/env bash
# Times the capture editor on a big capture in the real VS Code (see scripts/e2e/run.sh): first rows on screen and
# the whole decode. Usage: bash bench/editor-first-rows.sh [CAPTURE]  (default bench-data/calls-1G.pcap, generated
# if missing). Prints "editor-bench:" lines; not part of CI.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CAPTURE=${1:-bench-data/calls-1G.pcap}
if [ ! -f "$CAPTURE" ]; then
  npx tsc -p . >/dev/null
  node out/src/generator/cli.js --size 1G --seed 1 --out "$CAPTURE" >/dev/null
fi
E2E_ONLY=ui E2E_UI_DIR=bench/editor E2E_UI_ONLY=first-rows E2E_EXTRA_FILE="$CAPTURE" SHOTS=$(mktemp -d) bash scripts/e2e/run.sh | grep -E "editor-bench|ui:|✘|✔"
