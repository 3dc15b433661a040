# chatcron: runs the TypeScript sources with tsx (no build step), like `npx chatcron serve`.
# Build:  docker build -t chatcron .
# Run:    docker run -p 8080:8080 -v chatcron-data:/data chatcron

# --- dependencies: better-sqlite3 compiles a native module, so this stage has the toolchain ---
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime: same base image (so the native module matches), no compiler ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/data/chatcron.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM stops claiming new runs and waits for running ones (shutdownGraceMs, 30 s by default);
# give `docker stop -t 45` or compose's stop_grace_period more than that.
STOPSIGNAL SIGTERM
CMD ["node", "bin/chatcron.js", "serve"]
