#!/usr/bin/env bash
# Load test (make loadtest): peil serve with the embedded sample against a
# trivial gin JSON handler (server/internal/loadbaseline), both on loopback and
# measured with wrk in alternating short rounds (baseline, peil; then peil,
# baseline; ...), so that a drift in the machine's load hits both alike. Each
# round gives a ratio peil/baseline; the test fails when the median ratio is
# below 0.5, and prints every round, the median and the spread.
#
# Usage: server/loadtest.sh [PEIL_BINARY]   (default bin/peil)
# ROUNDS (default 7) sets the rounds; WRK_ARGS overrides the bounded default
# "-t2 -c32 -d3s" of each run.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/${1:-bin/peil}
wrk_args=${WRK_ARGS:--t2 -c32 -d3s}
rounds=${ROUNDS:-7}
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

# One round: both servers, in the round's order; prints "base peil".
round() {
  local b p
  if [ $(($1 % 2)) -eq 1 ]; then
    b=$(rate "$base_url/ping"); p=$(rate "$series")
  else
    p=$(rate "$series"); b=$(rate "$base_url/ping")
  fi
  echo "$b $p"
}

echo "wrk $wrk_args, $rounds alternating rounds" >&2
results=()
for i in $(seq "$rounds"); do
  echo "== round $i" >&2
  results+=("$(round "$i")")
done

echo
echo "wrk $wrk_args; gin baseline /ping and peil serve /api/series/$id, alternating"
printf '%s\n' "${results[@]}" | awk '
  { base[NR] = $1; ours[NR] = $2; r[NR] = $2 / $1
    printf "round %-2d  baseline %8.0f req/s   peil %8.0f req/s   ratio %.2f\n", NR, $1, $2, r[NR] }
  END {
    n = NR
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
    med = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
    printf "median ratio  %.2f (target >= 0.50); spread %.2f to %.2f over %d rounds\n", med, r[1], r[n], n
    exit (med >= 0.5 ? 0 : 1)
  }'
