#!/usr/bin/env bash
# Cluster ingest benchmark: the zero-loss rate of a 3-aggregator cluster (deploy/local-cluster.sh: PostgreSQL,
# 3 aggregators, 1 standalone receiver) against a single aggregator (SQLite, its embedded receiver), 64 nodes,
# 120-byte plain netconsole lines. A step sends at a fixed rate for a few seconds, then waits until the stored line
# count (GET /api/nodes, summed) stops moving; zero loss = stored == sent. The rate is bisected. Bounded: a few steps.
# Each step also reports the CPU the serving processes used per stored line (user + system time of the aggregators,
# receivers and PostgreSQL, from /proc): on a shared machine that figure is steadier than the rate.
#
#   bench/cluster.sh [--nodes 64] [--step-seconds 5] [--steps 4] [--max-rate 40000] [--no-build]
#
# The load generator is bench/LoadGen (send mode) when it is built here or at $KRGLOGS_LOADGEN (its dll); without it
# the script's own bounded Python sender is used (slower: it tops out near 20-40k datagrams/s here).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
nodes=64 step_seconds=5 steps=4 max_rate=40000 build=1
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --step-seconds) step_seconds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --max-rate) max_rate=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ $build = 1 ]; then
  dotnet build src/Aggregator -c Release -nologo -clp:ErrorsOnly >&2
  dotnet build src/Receiver -c Release -nologo -clp:ErrorsOnly >&2
  [ -d bench/LoadGen ] && dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly >&2
fi
loadgen_dll=${KRGLOGS_LOADGEN:-$root/bench/LoadGen/bin/Release/net10.0/KrgLogs.LoadGen.dll}
[ -f "$loadgen_dll" ] && sender="LoadGen ($loadgen_dll)" || sender="python (bench/cluster.sh)"

work=$(mktemp -d /tmp/krglogs-bench-cluster.XXXXXX)
chmod o+x "$work" # PostgreSQL runs as its own user and must reach its data dir below this one
base=$((24000 + RANDOM % 40 * 100))
export KRGLOGS_CLUSTER_DIR=$work/cluster KRGLOGS_CLUSTER_BASE_PORT=$base KRGLOGS_CONFIGURATION=Release
single_pid=
cleanup() {
  [ -n "$single_pid" ] && kill "$single_pid" 2>/dev/null && wait "$single_pid" 2>/dev/null || true
  deploy/local-cluster.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# send TARGET_PORT RATE TOTAL RUN: sends TOTAL lines from $nodes loopback sources at RATE lines/s (bounded in time);
# prints "lines_sent achieved_rate".
send() {
  local port=$1 rate=$2 total=$3 run=$4
  if [ -f "$loadgen_dll" ]; then
    dotnet "$loadgen_dll" send --target "127.0.0.1:$port" --nodes "$nodes" --total "$total" --rate "$rate" \
      --mix plain=1 --fragments 0 --line-bytes 120 --run "$run" --max-seconds $((step_seconds + 10)) --out "$work/$run.json" >&2
    jq -r '"\(.lines) \(.linesPerSecond | floor)"' "$work/$run.json"
  else
    python3 - "$port" "$rate" "$total" "$nodes" "$step_seconds" <<'PY'
import socket, sys, time
port, rate, total, nodes, secs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
socks = []
for k in range(nodes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((f"127.0.{1 + k // 254}.{1 + k % 254}", 0)); socks.append(s)
line = lambda k, i: (f"node {k} line {i} ".ljust(119, "x") + "\n").encode()
sent, start, deadline = 0, time.monotonic(), time.monotonic() + secs + 10
while sent < total and time.monotonic() < deadline:
    k = sent % nodes
    socks[k].sendto(line(k, sent // nodes), ("127.0.0.1", port)); sent += 1
    ahead = sent / rate - (time.monotonic() - start)
    if ahead > 0.002: time.sleep(ahead)
print(sent, int(sent / max(time.monotonic() - start, 1e-3)))
PY
  fi
}

# cpu_ticks PID...: user + system CPU ticks of these processes, their reaped children included (PostgreSQL's backends).
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$total"
}
single_pids() { echo "$single_pid"; }
cluster_pids() { # every member, the PostgreSQL server and its backends
  local pg
  cat "$KRGLOGS_CLUSTER_DIR"/a*/pid "$KRGLOGS_CLUSTER_DIR"/r*/pid
  pg=$(head -1 "$KRGLOGS_CLUSTER_DIR/pg/data/postmaster.pid")
  echo "$pg"; pgrep -P "$pg" || true
}
tick=$(getconf CLK_TCK)

# stored HTTP_PORT: lines stored for the benchmark's nodes (127.0.x.y), summed over GET /api/nodes.
stored() { curl -sf --max-time 30 "http://127.0.0.1:$1/api/nodes" | jq '[.[] | select(.node | startswith("127.0.")) | .lines] | add // 0'; }

# settle HTTP_PORT: waits (≤ 90 s) until the stored count is unchanged for 3 s; prints it.
settle() {
  local last=-1 now same=0
  for _ in $(seq 90); do
    now=$(stored "$1" || echo -1)
    if [ "$now" = "$last" ]; then same=$((same + 1)); [ $same -ge 3 ] && break; else same=0; fi
    last=$now; sleep 1
  done
  echo "$last"
}

# bisect NAME UDP_PORT HTTP_PORT PIDS_FUNCTION: prints "rate cpu_us_per_line" of the highest zero-loss step (the rate
# the sender achieved).
bisect() {
  local name=$1 udp=$2 http=$3 pids=$4 lo=0 hi=$max_rate best=0 best_cpu=- before sent achieved after rate i cpu0 cpu1 cpu
  before=$(settle "$http")
  send "$udp" 2000 $((nodes * 50)) "${name}warm" >/dev/null; before=$(settle "$http") # entities exist, JIT warm
  for i in $(seq 0 "$steps"); do
    if [ "$i" = 0 ]; then rate=$hi; else rate=$(((lo + hi) / 2)); fi
    cpu0=$(cpu_ticks $($pids))
    read -r sent achieved < <(send "$udp" "$rate" $((rate * step_seconds)) "$name$i") # LoadGen: a run is 1-16 letters or digits
    after=$(settle "$http")
    cpu1=$(cpu_ticks $($pids))
    cpu=$(awk -v t=$((cpu1 - cpu0)) -v hz="$tick" -v n=$((after - before)) 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    echo "  $name step $i: $rate lines/s asked, $achieved sent, $sent lines sent, stored $((after - before)), CPU $cpu µs/line (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    if [ $((after - before)) -eq "$sent" ]; then lo=$rate; best=$achieved; best_cpu=$cpu; [ "$i" = 0 ] && break; else hi=$rate; fi
    before=$after
  done
  echo "$best $best_cpu"
}

echo "cluster.sh: sender $sender, $nodes nodes, 120-byte lines, steps of $step_seconds s (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2

# The single node: one aggregator, SQLite, its embedded receiver.
single_http=$((base + 91)) single_udp=$((base + 90))
(cd "$work" && exec dotnet "$root/src/Aggregator/bin/Release/net10.0/KrgLogs.Aggregator.dll" --data-dir "$work/single" \
  --udp-bind 127.0.0.1 --udp-port $single_udp --http-port $single_http --cluster-port $((base + 92)) >"$work/single.log" 2>&1) &
single_pid=$!
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$single_http/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
single=$(bisect single $single_udp $single_http single_pids)
kill "$single_pid"; wait "$single_pid" 2>/dev/null || true; single_pid=

# The cluster: 3 aggregators (no traffic to their embedded receivers), 1 standalone receiver takes all nodes.
deploy/local-cluster.sh start 3 1 >&2
cluster=$(bisect cluster $((base + 510)) $((base + 11)) cluster_pids)

read -r single_rate single_cpu <<<"$single"
read -r cluster_rate cluster_cpu <<<"$cluster"
echo "cluster.sh: zero-loss ingest, $nodes nodes, 120-byte lines: single node (SQLite) $single_rate lines/s at $single_cpu µs CPU/line; 3 aggregators + 1 receiver (PostgreSQL) $cluster_rate lines/s at $cluster_cpu µs CPU/line (load $(cut -d' ' -f1-3 /proc/loadavg))"
