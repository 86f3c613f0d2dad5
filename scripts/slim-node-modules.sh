#!/bin/sh
# Run in the image's build stage after `npm prune --omit=dev`: drops what a running server never reads
# (source maps, TypeScript declarations, the SQLite sources and build intermediates of better-sqlite3).
set -eu
find node_modules \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -type f -delete
rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
       node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/.deps \
       node_modules/better-sqlite3/build/deps
