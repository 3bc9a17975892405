#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a fresh Debian machine (run as root): Debian's chromium (driven by
# playwright-core, a devDependency) and code-server (the real VS Code 1.100.3 workbench and extension host) in .e2e/.
# Idempotent: does nothing when everything is already there.
#
# Why these details (see docs/testing.md): code-server 4.100.3 is the newest that runs on Node 20; its install runs
# `npm install` in lib/vscode, which as root needs npm_config_unsafe_perm, calls `npx node-gyp` (npm_config_yes,
# libkrb5-dev, build-essential) and downloads ripgrep from GitHub unless a "cached download" is found in
# $TMPDIR/vscode-ripgrep-cache-<version>/ -- we pack Debian's rg there.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E=${E2E_DIR:-$ROOT/.e2e}
CS_VERSION=4.100.3
RG_PKG_VERSION=1.15.11   # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
mkdir -p "$E2E"

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1 \
   || ! command -v make >/dev/null || ! command -v pkg-config >/dev/null; then
  echo "e2e install: apt packages (chromium ripgrep libkrb5-dev pkg-config build-essential)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium ripgrep libkrb5-dev pkg-config build-essential python3 curl >/dev/null
fi

CS="$E2E/code-server/node_modules/.bin/code-server"
if ! "$CS" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  echo "e2e install: code-server@$CS_VERSION into $E2E/code-server (about 2 minutes)"
  RGTMP="$E2E/rg-tmp"
  rm -rf "$RGTMP"; mkdir -p "$RGTMP/vscode-ripgrep-cache-$RG_PKG_VERSION"
  d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"
  tar czf "$RGTMP/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$d" rg; rm -rf "$d"
  rm -rf "$E2E/code-server"; mkdir -p "$E2E/code-server"
  (cd "$E2E/code-server" && echo '{"name":"sccp-dissect-e2e-code-server","private":true}' > package.json &&
   TMPDIR="$RGTMP" npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
     npm install --no-audit --no-fund "code-server@$CS_VERSION" > install.log 2>&1) \
   || { echo "e2e install: code-server install failed; last lines of its log:"; tail -40 "$E2E/code-server/install.log"; exit 1; }
  rm -rf "$RGTMP"
fi
echo "e2e install: code-server $("$CS" --version | head -1 | cut -d' ' -f1), $(chromium --version 2>/dev/null | head -1)"
