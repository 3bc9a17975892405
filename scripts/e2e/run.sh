#!/usr/bin/env bash
# The tests in a real VS Code: code-server (VS Code 1.100.3 workbench + Node extension host) on 127.0.0.1, driven by
# Debian's chromium through playwright-core. Runs (a) the extension-host mocha tests (test/e2e/host/) and (b) the
# Playwright UI scenarios (test/e2e/ui/), prints one `N passed, N failed` line per driver, exits non-zero on any
# failure. `npm run test:e2e` runs this; .ci/run calls it after the unit tests. See docs/testing.md.
#
# Environment: E2E_DIR (install + scratch, default .e2e/), E2E_ONLY=host|ui (one driver), E2E_KEEP=1 (keep the
# run's temp dirs and code-server log), SHOTS (screenshot folder, default docs/screenshots), E2E_EXTENSION_DIR (load
# another unpacked extension instead of this repository, e.g. an unpacked .vsix), E2E_SKIP_BUILD=1.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
T0=$(date +%s)
phase() { echo "=== e2e [$(( $(date +%s) - T0 ))s] $*"; }

phase "install (skipped when present)"
bash scripts/e2e/install.sh || { echo "e2e: install failed"; echo "host: 0 passed, 1 failed"; echo "ui: 0 passed, 1 failed"; exit 1; }

EXT=${E2E_EXTENSION_DIR:-$ROOT}
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
phase "build: extension bundle (npm run bundle), CLI (tsc -p .), extension-host tests (tsc -p test/e2e)"
# The bundle is what the extension host loads (package.json "main" -> dist/). tsc emits even when some other file
# has type errors; those are the unit tests' business, so only a missing output stops us here.
npm run --silent bundle || echo "e2e: npm run bundle failed (the extension may not load)"
npx tsc -p . >/tmp/e2e-tsc-root.log 2>&1 || echo "e2e: tsc -p . reported errors (see /tmp/e2e-tsc-root.log); continuing with what it emitted"
rm -rf out/e2e
if ! npx tsc -p test/e2e/tsconfig.json; then echo "e2e: the extension-host tests do not compile cleanly; continuing with what tsc emitted"; fi
fi

# A fresh workspace of fixtures, fresh code-server dirs, a free loopback port.
RUN=$(mktemp -d "${TMPDIR:-/tmp}/sccp-e2e-XXXXXX")
WS="$RUN/workspace"
node scripts/e2e/make-workspace.mjs "$WS" || { echo "e2e: cannot build the workspace"; exit 1; }
mkdir -p "$RUN/ud/User" "$RUN/ext" "$RUN/xdg-data" "$RUN/xdg-config"
cat > "$RUN/ud/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true, "telemetry.telemetryLevel": "off", "update.mode": "none",
  "workbench.tips.enabled": false, "chat.disableAIFeatures": true, "security.workspace.trust.enabled": false,
  "workbench.enableExperiments": false, "git.enabled": false, "window.restoreWindows": "none" }
JSON
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
BASE="http://127.0.0.1:$PORT"

CS_PID=
start_server() {
  # setsid: code-server gets its own process group, so that the extension host, the language server and the file
  # watcher all go down with it when we stop the group.
  XDG_DATA_HOME="$RUN/xdg-data" XDG_CONFIG_HOME="$RUN/xdg-config" \
    setsid "$E2E_DIR/code-server/node_modules/.bin/code-server" --config "$RUN/config.yaml" \
    --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override --ignore-last-opened >> "$RUN/server.log" 2>&1 &
  CS_PID=$!
  for _ in $(seq 1 300); do
    node -e "fetch('$BASE/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "e2e: code-server did not answer on $BASE/healthz; its log:"; tail -30 "$RUN/server.log"; return 1
}
stop_server() {
  if [ -n "$CS_PID" ]; then kill -- "-$CS_PID" 2>/dev/null; wait "$CS_PID" 2>/dev/null; CS_PID=; fi
}
cleanup() {
  stop_server
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "e2e: kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

status=0
SUMMARY=()
if [ "${E2E_ONLY:-host}" = host ] || [ -z "${E2E_ONLY:-}" ]; then
  phase "code-server on $BASE (workspace $WS)"
  if start_server; then
    phase "extension-host tests (mocha inside the real extension host)"
    node scripts/e2e/host-driver.mjs "$BASE" "$WS" "$EXT" "$ROOT/out/e2e/test/e2e/host/index.js" | tee "$RUN/host.log" \
      | grep -vE '^\s+at |ENOTFOUND open-vsx|open-vsx\.org'
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
    SUMMARY+=("$(grep -E '^host: [0-9]+ passed, [0-9]+ failed' "$RUN/host.log" | tail -1)")
  else
    status=1; SUMMARY+=("host: 0 passed, 1 failed")
  fi
  stop_server
fi
if [ "${E2E_ONLY:-ui}" = ui ] || [ -z "${E2E_ONLY:-}" ]; then
  # A fresh server and fresh user data: the UI run must not see the state the host tests left behind.
  rm -rf "$RUN/ud/User/workspaceStorage" "$RUN/ud/User/globalStorage"
  node scripts/e2e/make-workspace.mjs "$WS" >/dev/null
  phase "code-server on $BASE (fresh state for the UI scenarios)"
  if start_server; then
    phase "UI scenarios (playwright-core + chromium)"
    SHOTS=${SHOTS:-$ROOT/docs/screenshots} node scripts/e2e/ui.mjs "$BASE" "$WS" "$EXT" | tee "$RUN/ui.log"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
    SUMMARY+=("$(grep -E '^ui: [0-9]+ passed, [0-9]+ failed' "$RUN/ui.log" | tail -1)")
  else
    status=1; SUMMARY+=("ui: 0 passed, 1 failed")
  fi
  stop_server
fi
phase "done"
for line in "${SUMMARY[@]}"; do
  if [ -z "$line" ]; then line="(a driver ended without its summary line)"; status=1; fi
  echo "$line"
done
exit $status
