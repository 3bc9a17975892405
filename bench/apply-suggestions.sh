#!/bin/sh
# Builds, in DIR, a copy of the tree with bench/suggestions.patch applied (changes BENCHMARKS.md suggests to files
# other people own), so that `node bench/run.mjs --build DIR/out` measures them without touching the sources here.
# usage: sh bench/apply-suggestions.sh DIR
set -e
dir=${1:?usage: sh bench/apply-suggestions.sh DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dir" && mkdir -p "$dir"
(cd "$root" && tar --exclude=./node_modules --exclude=./out --exclude=./bench-data --exclude=./.git -cf - .) | tar -xf - -C "$dir"
ln -s "$root/node_modules" "$dir/node_modules"
(cd "$dir" && patch -p1 --quiet < bench/suggestions.patch)
# Type errors elsewhere in a tree being worked on do not stop tsc from emitting.
(cd "$dir" && npx tsc -p . > tsc.log 2>&1) || echo "tsc reported errors (see $dir/tsc.log); the output was still written"
echo "built $dir/out"
