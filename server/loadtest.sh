#!/usr/bin/env bash
# Load test (make loadtest): peil serve with the embedded sample against a
# trivial gin JSON handler (server/internal/loadbaseline), both on loopback and
# measured in the same run with wrk. Prints both rates; fails when peil's
# /api/series/{id} reaches less than half the baseline.
#
# Usage: server/loadtest.sh [PEIL_BINARY]   (default bin/peil)
# WRK_ARGS overrides the bounded default "-t2 -c32 -d10s".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/${1:-bin/peil}
wrk_args=${WRK_ARGS:--t2 -c32 -d10s}
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/loadbaseline" ./server/internal/loadbaseline

# wait_url FILE: waits up to 120 s for a URL line in FILE and prints the URL.
wait_url() {
  for _ in $(seq 1200); do
    if url=$(grep -o 'http://[^ ]*/' "$1" 2>/dev/null | head -1) && [ -n "$url" ]; then
      echo "${url%/}"
      return
    fi
    sleep 0.1
  done
  echo "loadtest: no URL in $1 after 120 s" >&2
  cat "$1" "$1.err" >&2 || true
  exit 1
}

# peil serve in an empty directory: no peil.duckdb there, so the embedded sample.
(cd "$tmp" && exec env -u PEIL_DB "$bin" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.out.err") &
pids+=($!)
"$tmp/loadbaseline" --addr 127.0.0.1:0 >"$tmp/baseline.out" 2>"$tmp/baseline.out.err" &
pids+=($!)
peil_url=$(wait_url "$tmp/serve.out")
base_url=$(wait_url "$tmp/baseline.out")

id=$(curl -fsS "$peil_url/api/indicators" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
[ -n "$id" ] || { echo "loadtest: the sample has no indicators" >&2; exit 1; }
series=$peil_url/api/series/$id
curl -fsS -o /dev/null "$series"           # first request fills the response cache
curl -fsS -o /dev/null "$base_url/ping"

# rate URL: runs wrk and prints its requests per second.
rate() {
  local out
  out=$(wrk $wrk_args "$1")
  echo "$out" >&2
  if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then
    echo "loadtest: errors while loading $1" >&2
    exit 1
  fi
  echo "$out" | awk '/^Requests\/sec:/ {print $2}'
}

echo "== baseline: trivial gin JSON handler ($base_url/ping)" >&2
base=$(rate "$base_url/ping")
echo "== peil: $series" >&2
ours=$(rate "$series")

echo
echo "wrk $wrk_args"
printf '%-48s %8.0f req/s\n' "gin baseline  /ping" "$base"
printf '%-48s %8.0f req/s\n' "peil serve    /api/series/$id" "$ours"
awk -v a="$ours" -v b="$base" 'BEGIN {
  r = a / b
  printf "ratio         %.2f (target >= 0.50)\n", r
  exit (r >= 0.5 ? 0 : 1)
}'
