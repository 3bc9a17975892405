#!/usr/bin/env bash
# Scrolls the capture editor's list through a capture of about a million messages in the real VS Code (see
# scripts/e2e/run.sh) and prints animation-frame times. Usage: bash bench/editor-scroll.sh [CAPTURE] (default
# bench-data/keepalives-150M.pcap: 1,000 phones sending keepalives every second, 1.19 million SCCP messages, generated
# if missing). Prints "editor-scroll:" lines; not part of CI.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CAPTURE=${1:-bench-data/keepalives-150M.pcap}
if [ ! -f "$CAPTURE" ]; then
  npx tsc -p . >/dev/null
  node out/src/generator/cli.js --size 150M --seed 1 --stations 1000 --keepalive 1 --concurrent 0.1 --hold 5 --out "$CAPTURE" >/dev/null
fi
E2E_ONLY=ui E2E_UI_DIR=bench/editor E2E_UI_ONLY=scroll E2E_EXTRA_FILE="$CAPTURE" SHOTS=$(mktemp -d) bash scripts/e2e/run.sh | grep -E "editor-scroll|ui:|✘|✔"
