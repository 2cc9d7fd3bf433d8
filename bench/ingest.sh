#!/usr/bin/env bash
# Ingest benchmark, single node: starts krglogs (Release build, temp data dir, loopback only), floods it from
# N simulated nodes with bench/LoadGen, checks every line back from the SQLite journal, and searches for the
# highest rate with zero loss. Prints and writes (JSON) rate, CPU µs per line, peak RSS, kernel UDP
# receive-buffer drops and crash-alert latency p50/p99. Bounded: a few steps of a few seconds each.
#
#   bench/ingest.sh [--nodes 64] [--step-seconds 5] [--steps 4] [--mix plain=2,extended=1,rfc3164=1]
#                   [--line-bytes 120] [--crashes 8] [--long SECONDS] [--out FILE] [--no-build]
#
# --long S adds one run of S seconds at 80 % of the zero-loss rate to see whether memory stays flat.
# As root it raises net.core.rmem_max to 32 MiB when lower (krglogs asks for that SO_RCVBUF).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

nodes=64 step_seconds=5 steps=4 mix=plain=2,extended=1,rfc3164=1 line_bytes=120 crashes=8 long=0 build=1
out="$root/bench/results/ingest-$(date -u +%Y%m%dT%H%M%SZ).json"
while [ $# -gt 0 ]; do
  case $1 in
    --nodes) nodes=$2; shift 2 ;;
    --step-seconds) step_seconds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --mix) mix=$2; shift 2 ;;
    --line-bytes) line_bytes=$2; shift 2 ;;
    --crashes) crashes=$2; shift 2 ;;
    --long) long=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "ingest.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ $build = 1 ]; then
  dotnet build src/Aggregator -c Release -nologo -clp:ErrorsOnly >&2
  dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly >&2
fi
server_dll=$root/src/Aggregator/bin/Release/net10.0/KrgLogs.Aggregator.dll
loadgen="dotnet $root/bench/LoadGen/bin/Release/net10.0/KrgLogs.LoadGen.dll"
corpus=$root/../shared/corpora/crashes/syzkaller

want_rmem=33554432
rmem=$(cat /proc/sys/net/core/rmem_max)
if [ "$rmem" -lt $want_rmem ] && [ "$(id -u)" = 0 ]; then
  sysctl -q -w net.core.rmem_max=$want_rmem && rmem=$want_rmem
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
udp=$(free_port) http=$(free_port) cluster=$(free_port)
work=$(mktemp -d /tmp/krglogs-ingest.XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && exec dotnet "$server_dll" --data-dir "$work/data" --udp-bind 127.0.0.1 --udp-port "$udp" \
  --http-port "$http" --cluster-port "$cluster" >"$work/server.log" 2>&1) &
pid=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/server.log" >&2; echo "ingest.sh: krglogs did not start" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$http/healthz" >/dev/null || { echo "ingest.sh: krglogs not healthy after 60 s" >&2; exit 1; }
db=$work/data/krglogs.db
udp_hex=$(printf '%04X' "$udp")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
socket_drops() { awk -v p=":$udp_hex" '$2 ~ p"$" {print $NF}' /proc/net/udp | head -n 1; }
rcvbuf_errors() { awk '/^Udp:/ && $2 ~ /^[0-9]/ {print $6}' /proc/net/snmp; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$pid/status"; }
hz=$(getconf CLK_TCK)

# Waits (≤ 20 s) until krglogs uses under 3 % of a core over half a second: the step's work is done.
wait_idle() {
  local a b
  for _ in $(seq 40); do
    a=$(cpu_ticks); sleep 0.5; b=$(cpu_ticks)
    [ $((b - a)) -le $((hz * 3 / 200)) ] && return 0
  done
}

# step NAME RATE TOTAL CRASHES → JSON object of the step on stdout
step() {
  local name=$1 rate=$2 total=$3 ncrash=$4
  local c0 d0 e0 c1 d1 e1 i0 i1 t0 t1
  wait_idle
  # krglogs's own background (cluster gossip, journal polling) over 2 s, to tell it from the per-line work.
  i0=$(cpu_ticks); sleep 2; i1=$(cpu_ticks)
  c0=$(cpu_ticks); d0=$(socket_drops); e0=$(rcvbuf_errors); t0=$(date +%s.%N)
  local crash_args=()
  [ "$ncrash" -gt 0 ] && crash_args=(--crashes "$ncrash" --corpus "$corpus" --crash-stream "http://127.0.0.1:$http/api/crashes/stream")
  $loadgen send --target "127.0.0.1:$udp" --nodes "$nodes" --total "$total" --rate "$rate" --mix "$mix" \
    --line-bytes "$line_bytes" --run "$name" --max-seconds $((step_seconds + 5)) --out "$work/$name.sent.json" "${crash_args[@]}" >&2 || true
  $loadgen check --db "$db" --sent "$work/$name.sent.json" --wait 60 --settle 5 --out "$work/$name.check.json" >&2 || true
  wait_idle
  c1=$(cpu_ticks); d1=$(socket_drops); e1=$(rcvbuf_errors); t1=$(date +%s.%N)
  jq -n --arg name "$name" --argjson cpu "$((c1 - c0))" --argjson hz "$hz" --argjson drops "$((d1 - d0))" \
    --argjson idle "$(((i1 - i0) / 2))" --argjson elapsed "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')" \
    --argjson rcvbuf "$((e1 - e0))" --argjson rss "$(rss_kb)" \
    --slurpfile s "$work/$name.sent.json" --slurpfile c "$work/$name.check.json" '
    ($s[0]) as $s | ($c[0]) as $c |
    { step: $name, targetRate: $s.targetRate, sentRate: $s.linesPerSecond, lines: $s.lines, seconds: $s.seconds,
      found: $c.found, lost: $c.lost, duplicated: $c.duplicated, outOfOrder: $c.outOfOrder,
      zeroLoss: $c.zeroLoss, crashesSent: $c.crashesSent, crashesFound: $c.crashesFound,
      crashAlertsMatched: $s.crashEventsMatched, crashLatencyP50Ms: $s.crashLatencyP50Ms,
      crashLatencyP99Ms: $s.crashLatencyP99Ms,
      cpuSeconds: ($cpu / $hz), stepSeconds: ($elapsed * 10 | round / 10), idleCpuShare: ($idle / $hz),
      cpuUsPerLine: (if $c.found > 0 then (($cpu / $hz) * 1e6 / $c.found * 100 | round) / 100 else null end),
      cpuUsPerLineNetOfIdle: (if $c.found > 0 then ((([$cpu - $idle * $elapsed, 0] | max) / $hz) * 1e6 / $c.found * 100 | round) / 100 else null end),
      socketDrops: $drops, rcvbufErrors: $rcvbuf, rssMiB: ($rss / 1024 | floor) }'
}

summary() { jq -r '"  \(.step): target \(.targetRate|if .==0 then "max" else . end)/s, sent \(.sentRate)/s, lost \(.lost), dup \(.duplicated), \(.cpuUsPerLine) µs CPU/line (\(.cpuUsPerLineNetOfIdle) net of idle \(.idleCpuShare) core), socket drops \(.socketDrops), crashes \(.crashesFound)/\(.crashesSent), alert p50 \(.crashLatencyP50Ms) ms p99 \(.crashLatencyP99Ms) ms, RSS \(.rssMiB) MiB"'; }

echo "ingest.sh: krglogs pid $pid, udp $udp, http $http, $nodes nodes, mix $mix, ${line_bytes}-byte lines, rmem_max $rmem" >&2
steps_json=()
# Warm-up: every node's entity exists and the JIT has run before anything is measured.
warm=$(step w0 20000 $((nodes * 200)) 0); echo "$warm" | summary >&2

# The sender flat out: if nothing is lost there, that is the answer.
max_total=$((300000 * step_seconds))
s=$(step m0 max "$max_total" "$crashes"); echo "$s" | summary >&2; steps_json+=("$s")
best=
if [ "$(jq -r .zeroLoss <<<"$s")" = true ]; then
  best=$s
else
  lo=0 hi=$(jq -r '.sentRate | floor' <<<"$s")
  for i in $(seq "$steps"); do
    mid=$(((lo + hi) / 2))
    s=$(step "b$i" "$mid" $((mid * step_seconds)) "$crashes"); echo "$s" | summary >&2; steps_json+=("$s")
    if [ "$(jq -r .zeroLoss <<<"$s")" = true ]; then lo=$mid; best=$s; else hi=$mid; fi
  done
fi

long_json=null
if [ "$long" -gt 0 ] && [ -n "$best" ]; then
  rate=$(jq -r '.sentRate * 0.8 | floor' <<<"$best")
  rss_before=$(rss_kb)
  s=$(step long "$rate" $((rate * long)) $((long / 10))); echo "$s" | summary >&2
  long_json=$(jq --argjson before "$rss_before" '. + {rssBeforeMiB: ($before / 1024 | floor)}' <<<"$s")
fi

mkdir -p "$(dirname "$out")"
printf '%s\n' "${steps_json[@]}" | jq -s --argjson best "${best:-null}" --argjson long "$long_json" \
  --argjson hwm "$(hwm_kb)" --argjson nodes "$nodes" --arg mix "$mix" --argjson lineBytes "$line_bytes" \
  --argjson rmem "$rmem" --arg when "$(date -u +%FT%TZ)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '
  { when: $when, loadAverage: $load, nodes: $nodes, mix: $mix, lineBytes: $lineBytes, rmemMax: $rmem,
    zeroLossRate: (if $best then $best.sentRate else 0 end), cpuUsPerLine: (if $best then $best.cpuUsPerLine else null end),
    cpuUsPerLineNetOfIdle: (if $best then $best.cpuUsPerLineNetOfIdle else null end),
    peakRssMiB: ($hwm / 1024 | floor), crashLatencyP50Ms: (if $best then $best.crashLatencyP50Ms else null end),
    crashLatencyP99Ms: (if $best then $best.crashLatencyP99Ms else null end),
    rcvbufErrorsAtZeroLoss: (if $best then $best.rcvbufErrors else null end),
    steps: ., long: $long }' >"$out"
jq -r '"ingest: zero loss up to \(.zeroLossRate) lines/s, \(.cpuUsPerLine) µs CPU/line (\(.cpuUsPerLineNetOfIdle) net of idle), peak RSS \(.peakRssMiB) MiB, crash alert p50 \(.crashLatencyP50Ms) ms p99 \(.crashLatencyP99Ms) ms (load \(.loadAverage))"' "$out"
echo "ingest.sh: figures in $out" >&2
