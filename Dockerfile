# syntax=docker/dockerfile:1
# sipbot: the HTTP ingest API, the digest scheduler and the chat bots, headless.
#   docker build -t sipbot .
#   docker run -d --name sipbot -p 127.0.0.1:3000:3000 -v sipbot-data:/var/lib/sipbot --env-file sipbot.env sipbot
# More in docs/operations.md.

# Build: compilers for better-sqlite3 (when no prebuilt binary downloads), TypeScript, then only
# the production dependencies are kept.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off while the sources are not there yet (prepare builds them); then better-sqlite3's own.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY bench ./bench
COPY data ./data
COPY bin ./bin
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SIPBOT_DB=/var/lib/sipbot/sipbot.db \
    SIPBOT_HOST=0.0.0.0 \
    SIPBOT_PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data/*.json ./data/
COPY --from=build /app/bin ./bin
# The database (and its WAL files, and saved charts) live on a volume the `node` user owns.
RUN mkdir -p /var/lib/sipbot && chown node:node /var/lib/sipbot
VOLUME ["/var/lib/sipbot"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SIPBOT_PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# No terminal in a container: serve runs the HTTP API and the scheduler, plus any chat platform
# whose credentials are in the environment.
ENTRYPOINT ["node", "bin/sipbot.js"]
CMD ["serve"]
