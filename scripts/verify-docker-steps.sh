#!/usr/bin/env bash
# No Docker engine runs on our build machine, so this runs the Dockerfile's steps by hand in a clean
# folder: the same copies, `npm ci`, the build, `npm prune --omit=dev`, then starts the server from the
# pruned tree as the image would and checks /healthz and one question. Usage: bash scripts/verify-docker-steps.sh
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/app" "$work/data" "$work/knowledge"
cd "$work/app"
cp "$src/package.json" "$src/package-lock.json" .
npm ci --no-audit --no-fund --loglevel=error
cp "$src/tsconfig.json" "$src/tsconfig.build.json" .
cp -r "$src/src" ./src
mkdir -p scripts && cp "$src/scripts/build-if-stale.cjs" scripts/
node scripts/build-if-stale.cjs --always
npm prune --omit=dev --no-audit --no-fund --loglevel=error
sh "$src/scripts/slim-node-modules.sh"
# The runtime stage: only these.
mkdir -p "$work/image"
cp -r node_modules package.json "$work/image/"
mkdir -p "$work/image/dist" && cp -r dist/src "$work/image/dist/src"
cp -r "$src/locales" "$work/image/locales"
cp -r "$src/src/web/static" "$work/image/static"
cp -r "$src/knowledge/." "$work/knowledge/"
cd "$work/image"
echo "image tree: $(du -sh . | cut -f1) (node_modules $(du -sh node_modules | cut -f1))"
PORT=3999 HOST=127.0.0.1 NODE_ENV=production DATA_DIR="$work/data" KNOWLEDGE_DIR="$work/knowledge" \
  LOCALES_DIR="$work/image/locales" STATIC_DIR="$work/image/static" LOG_LEVEL=warn \
  node dist/src/main.js &
pid=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:3999/healthz >/dev/null && break; sleep 0.2; done
curl -sf http://127.0.0.1:3999/healthz | head -c 200; echo
curl -sf -X POST http://127.0.0.1:3999/api/chat -H 'content-type: application/json' -d '{"text":"як знайти сімейного лікаря"}' | head -c 160; echo
curl -sf http://127.0.0.1:3999/ | grep -q '<title>' && echo "web chat page served"
# The healthcheck command of the image:
PORT=3999 node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.status===200||r.status===503?0:1),()=>process.exit(1))" && echo "HEALTHCHECK ok"
kill -TERM "$pid"; wait "$pid" && echo "stopped cleanly on SIGTERM (exit 0)"
