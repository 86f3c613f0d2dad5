# syntax=docker/dockerfile:1
# Build: compile TypeScript and build the native SQLite module against this base image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/slim-node-modules.sh scripts/build-if-stale.cjs ./scripts/
# The build compiles src/ and copies its data files (YAML: safety and chat words) into dist/src/.
RUN node scripts/build-if-stale.cjs --always \
 && npm prune --omit=dev --no-audit --no-fund \
 && sh scripts/slim-node-modules.sh

# Run: only what the server needs, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    KNOWLEDGE_DIR=/knowledge \
    LOCALES_DIR=/app/locales \
    STATIC_DIR=/app/static
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
COPY locales ./locales
COPY src/web/static ./static
# The shipped answers; mount your own (kept under version control) over /knowledge.
COPY knowledge /knowledge
RUN mkdir -p /data && chown -R node:node /data /knowledge
USER node
VOLUME ["/data", "/knowledge"]
EXPOSE 3000
# Alive = answering: /healthz is 503 while a part is degraded (e.g. the disk is full), but the bot still
# answers questions then, and a restart would not mend the disk.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.status===200||r.status===503?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
