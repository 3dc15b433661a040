# chatcron: compiled JavaScript (dist/) on the production dependencies only; no tsx, no TypeScript.
# Build:  docker build -t chatcron .
# Run:    docker run -p 8080:8080 -v chatcron-data:/data chatcron
# The same steps, without Docker, are what .ci/production-smoke.sh runs in CI.

# --- build: every dependency (TypeScript included) and the compiler for better-sqlite3 ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# --ignore-scripts: `prepare` would build before the sources are here; better-sqlite3 is
# compiled explicitly, and the build runs once the sources are copied.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY web ./web
RUN npm run build

# --- production dependencies: same base image (so the native module matches), no dev packages ---
FROM build AS deps
RUN rm -rf node_modules \
 && npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# --- runtime: dist/ and the production node_modules, no compiler ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/data/chatcron.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM stops claiming new runs and waits for running ones (shutdownGraceMs, 30 s by default);
# give `docker stop -t 45` or compose's stop_grace_period more than that.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=2", "bin/chatcron.js", "serve"]
