# Shared by the benchmarks that need the whole system: source it after
# common.sh. atlas_bench_system STATE K starts PostgreSQL, NATS and the six
# processes under STATE on ports of their own (K = 1, 2, 3… one per benchmark,
# so neither scripts/run nor another benchmark is disturbed), without rate
# limits (throughput is the measurement), and stops them on exit. Sets GW (the
# gateway's URL) and BENCH_FREE_PORT (a port for a peer such as nginx).
atlas_bench_system() {
  local state="$1" k="$2" base i=0
  base=$((18000 + k * 20))
  # PostgreSQL below the kernel's ephemeral range too (32768-60999 here).
  export ATLAS_PG_PORT=$((30400 + k)) ATLAS_NATS_PORT=$((4300 + k)) ATLAS_NATS_MONITOR_PORT=$((8300 + k))
  export ATLAS_PG_URL="postgresql://postgres@127.0.0.1:$ATLAS_PG_PORT/atlas"
  export ATLAS_NATS_URL="nats://127.0.0.1:$ATLAS_NATS_PORT"
  export ATLAS_GATEWAY_HTTP_PORT=$base ATLAS_GATEWAY_METRICS_PORT=$((base + 1))
  # gRPC ports below the kernel's ephemeral range (32768-60999 here): an
  # outgoing connection once took the gateway's port there and it failed to start.
  export ATLAS_GATEWAY_GRPC_PORT=$((30200 + k * 20))
  export ATLAS_LOG_LEVEL=warn ATLAS_RATE_LIMIT_IP_RPS=0 ATLAS_RATE_LIMIT_TOKEN_RPS=0
  for svc in "${ATLAS_SERVICES[@]}"; do
    i=$((i + 1))
    export "ATLAS_${svc^^}_GRPC_PORT=$((30200 + k * 20 + i))" "ATLAS_${svc^^}_METRICS_PORT=$((base + 1 + i))"
    export "ATLAS_${svc^^}_ADDR=127.0.0.1:$((30200 + k * 20 + i))"
  done
  GW="http://127.0.0.1:$ATLAS_GATEWAY_HTTP_PORT"
  BENCH_FREE_PORT=$((base + 19))
  BENCH_STATE="$state"
  cd "$ROOT"
  atlas_install_packages
  atlas_build release
  atlas_geo_reference
  atlas_web_build
  trap atlas_bench_stop EXIT
  atlas_bench_stop
  rm -rf "$state"; mkdir -p "$state"
  ATLAS_PG_FSYNC=off atlas_start_postgres "$state" "$ATLAS_PG_PORT"
  atlas_start_nats "$state" "$ATLAS_NATS_PORT" "$ATLAS_NATS_MONITOR_PORT"
  atlas_secrets "$state" "$ROOT/build/release"
  atlas_start_services "$state" "$ROOT/build/release"
  atlas_wait_ready "$GW" 60
}

atlas_bench_stop() {
  [[ -f "$BENCH_STATE/nginx.pid" ]] && kill "$(cat "$BENCH_STATE/nginx.pid")" 2>/dev/null || true
  atlas_stop_services "$BENCH_STATE"; atlas_stop_nats "$BENCH_STATE"; atlas_stop_postgres "$BENCH_STATE"
}

# nginx on BENCH_FREE_PORT serving STATE/www with `location` lines (the peer
# that serves the very same bytes statically).
atlas_bench_nginx() {
  local locations="$1"
  cat >"$BENCH_STATE/nginx.conf" <<NGX
worker_processes 2;
pid $BENCH_STATE/nginx.pid;
error_log $BENCH_STATE/nginx-error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  server {
    listen 127.0.0.1:$BENCH_FREE_PORT;
    root $BENCH_STATE/www;
    $locations
  }
}
NGX
  nginx -c "$BENCH_STATE/nginx.conf"
  sleep 0.3
}

# The public atlas with the demo portfolio, twice: from the gateway (GW) and
# from nginx (NGX: the same web/dist with gzip_static, /v1 proxied to the
# gateway) — the web benchmarks' peer. Waits until the map model has caught
# up with the registry's events.
atlas_bench_atlas_sites() {
  log "loading the demo portfolio (demo data)"
  /usr/bin/python3 "$ROOT/scripts/lib/load-demo.py" "$GW" "$ROOT/data/demo/projects.json" \
    "$ATLAS_BOOTSTRAP_ADMIN_PASSWORD_FILE" "$BENCH_STATE/demo-accounts.txt" >/dev/null
  local n last=-1
  for _ in $(seq 60); do
    n=$(curl -sf "$GW/v1/map/projects?bbox=-17,21,-1,36&zoom=5" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    [[ "$n" -ge 100 && "$n" == "$last" ]] && break
    last=$n
    sleep 1
  done
  mkdir -p "$BENCH_STATE/www" && cp -r "$ROOT/web/dist/." "$BENCH_STATE/www/"
  atlas_bench_nginx "gzip_static on;
    location /v1/ { proxy_pass $GW; proxy_http_version 1.1; proxy_buffering off; }
    location / { try_files \$uri /index.html; }"
  NGX="http://127.0.0.1:$BENCH_FREE_PORT"
}

# wrk CONNECTIONS DURATION URL [WRK ARGS…] -> "req_per_s p50_ms p99_ms non2xx"
atlas_bench_wrk() {
  wrk -t2 -c"$1" -d"$2" --latency "${@:4}" "$3" | awk '
    function ms(v) { if (v ~ /us$/) {sub(/us/,"",v); return v/1000} if (v ~ /ms$/) {sub(/ms/,"",v); return v} sub(/s/,"",v); return v*1000 }
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=ms($2)}
    /^ +99%/ {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, bad+0}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
