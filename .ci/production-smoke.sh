#!/usr/bin/env bash
# Proves the documented production steps on a copy of the tracked files, as the Dockerfile's
# stages do: (1) build dist/ with the dev dependencies, (2) beside dist/, `npm ci --omit=dev`,
# (3) `chatcron serve` on a fresh SQLite file answers /healthz and the CLI lists tasks, with no
# tsx, TypeScript or Wechaty installed, and WECHATY_PUPPET without Wechaty says what to install.
# Needs the repository's own `npm ci` first (its dev install does the build of step 1 and lends
# step 2 the compiled better-sqlite3, so that nothing compiles twice). FULL_INSTALL=1 compiles
# better-sqlite3 again in step 2 instead (about 80 s more).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/chatcron-smoke.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
say() { echo "production-smoke: $*"; }
die() { echo "production-smoke: FAILED: $*" >&2; [ -f "$tmp/serve.log" ] && sed 's/^/  serve| /' "$tmp/serve.log" >&2; exit 1; }

[ -d "$root/node_modules/typescript" ] || die "run npm ci in $root first"

# 1. Build stage: the tracked files only (nothing untracked helps), the dev dependencies.
mkdir -p "$tmp/build" "$tmp/app"
(cd "$root" && git ls-files -z | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$tmp/build"
ln -s "$root/node_modules" "$tmp/build/node_modules"
(cd "$tmp/build" && npm run build --silent) >/dev/null || die "npm run build"
[ -f "$tmp/build/dist/src/cli.js" ] || die "npm run build wrote no dist/src/cli.js"
[ -f "$tmp/build/dist/web/app.js" ] || die "npm run build wrote no dist/web/app.js (the console)"
say "built dist/ from a copy of the tracked files"

# 2. Runtime stage: manifest, lock, bin/, scripts/ and the built dist/; production dependencies only.
cp -r "$tmp/build/package.json" "$tmp/build/package-lock.json" "$tmp/build/bin" "$tmp/build/scripts" "$tmp/build/dist" "$tmp/app/"
if [ "${FULL_INSTALL:-}" = 1 ]; then
  (cd "$tmp/app" && npm ci --omit=dev --no-audit --no-fund >/dev/null) || die "npm ci --omit=dev"
else
  (cd "$tmp/app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null) || die "npm ci --omit=dev"
  cp -r "$root/node_modules/better-sqlite3/build" "$tmp/app/node_modules/better-sqlite3/"
  (cd "$tmp/app" && npm run prepare --silent) || die "the prepare script fails in a production install"
fi
for absent in tsx typescript wechaty vitest; do
  [ ! -e "$tmp/app/node_modules/$absent" ] || die "$absent is installed by npm ci --omit=dev"
done
say "npm ci --omit=dev: $(du -sm "$tmp/app/node_modules" | cut -f1) MB of node_modules, no tsx, typescript or wechaty"

# 3. The service, as a user starts it: nothing but PATH, a home, a port and a database.
run_env=(env -i "PATH=$PATH" "HOME=$tmp" "HOST=127.0.0.1" "PORT=0" "DATABASE_URL=sqlite:$tmp/data/chatcron.db")
cd "$tmp/app"
"${run_env[@]}" node bin/chatcron.js serve >"$tmp/serve.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'listening on http://[^ "]*' "$tmp/serve.log" | head -1 | cut -d' ' -f3 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || die "serve exited before listening"
  sleep 0.1
done
[ -n "$url" ] || die "serve did not listen within 60 s"
health="$(curl -fsS --max-time 5 "$url/healthz")" || die "GET $url/healthz did not answer 2xx"
say "serve from dist/ listens on $url; /healthz: $health"
# The console's bundle is part of the build (npm run build chains build:web into dist/web).
curl -fsS --max-time 5 -o /dev/null "$url/assets/app.js" || die "GET $url/assets/app.js (the console bundle) did not answer 2xx"
say "the console bundle is served from dist/web"
tasks="$("${run_env[@]}" node bin/chatcron.js list --json)" || die "chatcron list --json failed"
[ "$tasks" = "[]" ] || die "chatcron list --json printed $tasks, expected []"
kill -TERM "$pid"
wait "$pid" || die "serve did not stop cleanly on SIGTERM"
pid=""

# WeChat is an optional install: asking for it without Wechaty names the package to install.
if out="$("${run_env[@]}" WECHATY_PUPPET=wechaty-puppet-mock node bin/chatcron.js serve 2>&1)"; then
  die "serve started with WECHATY_PUPPET set and no Wechaty installed"
fi
want="wechaty@$(node -p "require('./package.json').peerDependencies.wechaty")"
grep -qF "install $want" <<<"$out" || die "WECHATY_PUPPET without Wechaty said: $out"
say "WECHATY_PUPPET without Wechaty: serve refuses to start and names $want"
say "ok"
