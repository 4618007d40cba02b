# Shared by scripts/run and scripts/test: install what is missing, build,
# start PostgreSQL (+PostGIS) and nats-server as child processes under a state
# folder, and stop them again. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '\033[1m[atlas]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[atlas] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Installs every package in deps/debian-packages.txt that is not installed.
atlas_install_packages() {
  local wanted missing=()
  wanted=$(grep -v '^\s*#' "$ROOT/deps/debian-packages.txt" | awk 'NF {print $1}')
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    [[ $(id -u) -eq 0 ]] || die "missing packages (${missing[*]}); run as root or install them"
    log "installing ${#missing[@]} Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
  fi
}

# Configures and builds the given CMake preset (default: release).
atlas_build() {
  local preset="${1:-release}"
  log "building (preset $preset)"
  # ccache keys on paths relative to the clone, so a clone elsewhere (CI's,
  # a second checkout) reuses what this machine already compiled.
  export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
  cmake --preset "$preset" -S "$ROOT" >/dev/null
  cmake --build --preset "$preset"
}

# atlas_npm_ci DIR: DIR's npm packages from its lockfile, installed again
# when the lockfile is newer than what node_modules holds.
atlas_npm_ci() {
  local dir="$1"
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    log "installing npm packages in ${dir#"$ROOT"/} (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed in ${dir#"$ROOT"/}"
  fi
}

# The npm packages of tools/js (from its lockfile) and the reference geography
# atlas-geo loads (scripts/gen-geo-reference), remade when their sources change.
atlas_geo_reference() {
  local js="$ROOT/tools/js" out="$ROOT/build/geo/reference-areas.ndjson"
  atlas_npm_ci "$js"
  mkdir -p "$(dirname "$out")"
  if [[ ! -s "$out" || -n "$(find "$ROOT/scripts/gen-geo-reference" "$ROOT/scripts/lib/isocodes.py" "$ROOT/scripts/lib/moroccomap.py" "$ROOT/data/reference" "$js/package-lock.json" -newer "$out" -print -quit)" ]]; then
    log "making the reference geography ($out)"
    /usr/bin/python3 "$ROOT/scripts/gen-geo-reference" "$out" || die "scripts/gen-geo-reference failed"
  fi
  export ATLAS_GEO_REFERENCE_FILE="$out"
}

# atlas_start_mail_catcher STATE SMTP_PORT WEB_PORT: MailDev (tools/mail,
# from its lockfile) on 127.0.0.1 — every e-mail the demo sends, readable in
# a browser — and atlas-notify pointed at it (unless ATLAS_NOTIFY_SMTP_URL is
# set: then the operator's relay is used and no catcher starts).
atlas_start_mail_catcher() {
  local state="$1" smtp="$2" web="$3"
  [[ -n "${ATLAS_NOTIFY_SMTP_URL:-}" ]] && return 0
  atlas_npm_ci "$ROOT/tools/mail"
  atlas_stop_mail_catcher "$state"
  log "starting the mail catcher (MailDev: SMTP 127.0.0.1:$smtp, web http://127.0.0.1:$web/)"
  mkdir -p "$state/logs"
  setsid "$ROOT/tools/mail/node_modules/.bin/maildev" --smtp "$smtp" --web "$web" \
    --ip 127.0.0.1 --web-ip 127.0.0.1 >"$state/logs/maildev.log" 2>&1 &
  echo $! >"$state/maildev.pid"
  export ATLAS_NOTIFY_SMTP_URL="smtp://127.0.0.1:$smtp" ATLAS_NOTIFY_SMTP_STARTTLS=off
  # Quoted: parentheses in a display name are an RFC 5322 comment.
  export ATLAS_NOTIFY_MAIL_FROM="${ATLAS_NOTIFY_MAIL_FROM:-\"Sharaka Atlas demo\" <no-reply@sharaka-atlas.invalid>}"
}

atlas_stop_mail_catcher() {
  local pid_file="$1/maildev.pid"
  [[ -f "$pid_file" ]] || return 0
  kill -TERM -- "-$(cat "$pid_file")" 2>/dev/null || kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
}

# The public web app (web/, Vite + TypeScript): npm packages from its lockfile,
# built into web/dist when its sources changed; the gateway serves it.
atlas_web_build() {
  local web="$ROOT/web"
  atlas_npm_ci "$web"
  if [[ ! -f "$web/dist/index.html" || -n "$(find "$web/src" "$web/index.html" "$web/vite.config.ts" "$web/package-lock.json" "$web/scripts" -newer "$web/dist/index.html" -print -quit)" ]]; then
    log "building the web app (web/dist)"
    (cd "$web" && npm run build --silent >"$web/build.log" 2>&1) || { cat "$web/build.log" >&2; die "the web build failed"; }
  fi
  export ATLAS_WEB_ROOT="$web/dist"
}

# atlas_free_port DEFAULT: DEFAULT when nothing listens on it on loopback,
# otherwise a free port in 12000-19999 (below the kernel's ephemeral range and
# apart from the system tests' 20000-32000).
atlas_free_port() {
  /usr/bin/python3 - "$1" <<'PY'
import random, socket, sys
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
port = int(sys.argv[1])
while not free(port):
    port = random.randrange(12000, 20000)
print(port)
PY
}

# atlas_start_postgres STATE PORT: initdb on first use, start, create db+PostGIS.
atlas_start_postgres() {
  local state="$1" port="$2"
  mkdir -p "$state/pg" "$state/pgsock"
  touch "$state/pg.log"; chown postgres: "$state/pg.log"
  chown postgres: "$state/pg" "$state/pgsock"
  chmod 700 "$state/pg"
  # The postgres user must be able to reach the state folder.
  local d; d=$(cd "$state" && pwd); while [[ "$d" != "/" ]]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
  if [[ ! -f "$state/pg/PG_VERSION" ]]; then
    log "initialising PostgreSQL in $state/pg"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$state/pg" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || die "initdb failed; see $state/initdb.log"
  fi
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$state/pg" status >/dev/null 2>&1; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$state/pg" -l "$state/pg.log" -w -t 60 \
      -o "-p $port -k $state/pgsock -c listen_addresses=127.0.0.1 -c fsync=${ATLAS_PG_FSYNC:-on}" \
      start >/dev/null || die "PostgreSQL did not start; see $state/pg.log"
  fi
  psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='atlas'" \
    | grep -q 1 || psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE atlas" >/dev/null
  psql -q -h 127.0.0.1 -p "$port" -U postgres -d atlas -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
  log "PostgreSQL ready on 127.0.0.1:$port"
}

atlas_stop_postgres() {
  local state="$1"
  [[ -f "$state/pg/postmaster.pid" ]] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
}

# atlas_start_nats STATE PORT MONITOR_PORT
atlas_start_nats() {
  local state="$1" port="$2" mon="$3"
  mkdir -p "$state/js"
  nats-server -js -sd "$state/js" -a 127.0.0.1 -p "$port" -m "$mon" -P "$state/nats.pid" \
    -l "$state/nats.log" >/dev/null 2>&1 &
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$mon/healthz" >/dev/null 2>&1 && { log "NATS JetStream ready on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  die "nats-server did not become ready; see $state/nats.log"
}

atlas_stop_nats() {
  local state="$1"
  [[ -f "$state/nats.pid" ]] || return 0
  kill "$(cat "$state/nats.pid")" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$(cat "$state/nats.pid")" 2>/dev/null || break; sleep 0.1; done
  rm -f "$state/nats.pid"
}

# The services of processes.json (the one table of processes), gateway aside.
mapfile -t ATLAS_SERVICES < <(/usr/bin/python3 -c 'import json, sys
print("\n".join(p["name"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"] != "gateway"))' \
  "$ROOT/processes.json")

# atlas_secrets STATE BIN_DIR: the gateway's token-signing key and the first
# admin's password, made once (mode 0600) under STATE and passed by file, never
# by value; and the matching public JWKS the services trust.
atlas_secrets() {
  local state="$1" bin="$2"
  umask 077
  [[ -s "$state/jwt-signing-key" ]] ||
    head -c 32 /dev/urandom | basenc --base64url | tr -d '=\n' >"$state/jwt-signing-key"
  [[ -s "$state/admin-password" ]] ||
    head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$state/admin-password"
  umask 022
  export ATLAS_JWT_KEY_FILE="${ATLAS_JWT_KEY_FILE:-$state/jwt-signing-key}"
  export ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE="${ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE:-$state/admin-password}"
  "$bin/gateway/atlas-gateway" jwks >"$state/jwks.json" || die "cannot derive the JWKS"
  export ATLAS_AUTH_JWKS_FILE="${ATLAS_AUTH_JWKS_FILE:-$state/jwks.json}"
}

# atlas_start_services STATE BIN_DIR: starts the five services and the gateway
# in the background (logs in STATE/logs/), with the caller's ATLAS_* settings.
atlas_start_services() {
  local state="$1" bin="$2"
  mkdir -p "$state/logs"
  for svc in "${ATLAS_SERVICES[@]}"; do
    "$bin/services/$svc/atlas-$svc" >>"$state/logs/$svc.log" 2>&1 &
    echo $! >"$state/$svc.pid"
  done
  "$bin/gateway/atlas-gateway" >>"$state/logs/gateway.log" 2>&1 &
  echo $! >"$state/gateway.pid"
}

# atlas_wait_ready URL TIMEOUT_S: polls the gateway's /readyz.
atlas_wait_ready() {
  local url="$1" timeout="${2:-60}"
  for _ in $(seq $((timeout * 10))); do
    # 200 as long as the gateway runs; "ready" once every backend answers.
    curl -sf "$url/readyz" 2>/dev/null | grep -q '"status":"ready"' && return 0
    for pidf in "$STATE"/*.pid; do
      [[ "$pidf" == */nats.pid ]] && continue
      kill -0 "$(cat "$pidf")" 2>/dev/null || die "$(basename "$pidf" .pid) exited; see $STATE/logs/"
    done
    sleep 0.1
  done
  die "not ready after ${timeout}s; see $STATE/logs/ and $url/readyz"
}

# atlas_load_demo_stats URL BIN STATE STATS_ADDR ADMIN_PASSWORD_FILE: the
# generated DIOC-shaped demo dataset (dioc-demo, labelled demo): 2.6 million
# person records from a fixed seed, aggregated to one row per combination,
# streamed to atlas-stats with atlasctl as a partner system would, then
# released. Idempotent: the same file is the same version, released once.
atlas_load_demo_stats() {
  local url="$1" bin="$2" state="$3" addr="$4" password_file="$5" report version released
  node "$ROOT/scripts/lib/gen-dioc-demo.mjs" --cells "$state/dioc-demo.csv" 2>/dev/null
  (umask 077; "$bin/tools/atlasctl" token --gateway "$url" --user admin \
     --password-file "$password_file" >"$state/admin-token")
  local ctl=("$bin/tools/atlasctl" --token-file "$state/admin-token" --stats-addr "$addr")
  report=$("${ctl[@]}" stats import "$state/dioc-demo.csv" --dataset dioc-demo)
  version=$(/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])' <<<"$report")
  # The dataset's metadata is public (no token on a command line).
  released=$(curl -sf "$url/v1/datasets/dioc-demo" |
    /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("releasedVersion", 0))' ||
    echo 0)
  [[ "$released" == "$version" ]] || "${ctl[@]}" stats release dioc-demo "$version" >/dev/null
  rm -f "$state/admin-token"
}

# atlas_stop_services STATE: SIGTERM, then wait (grace) for each process.
atlas_stop_services() {
  local state="$1" pid
  for name in gateway "${ATLAS_SERVICES[@]}"; do
    [[ -f "$state/$name.pid" ]] || continue
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for name in gateway "${ATLAS_SERVICES[@]}"; do
    [[ -f "$state/$name.pid" ]] || continue
    pid=$(cat "$state/$name.pid")
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$state/$name.pid"
  done
}
