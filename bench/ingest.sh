#!/usr/bin/env bash
# Ingest benchmark: starts krglogs (Release build, temp data dir, loopback only), floods it from N simulated
# nodes with bench/LoadGen, checks every line back from the journal, and searches for the highest rate with zero
# loss. Prints and writes (JSON) rate, CPU µs per line, peak RSS, kernel UDP receive-buffer drops and crash-alert
# latency p50/p99. Bounded: a few steps of a few seconds each.
#
#   bench/ingest.sh [--cluster [--aggregators 3] [--receivers 1]] [--nodes 64] [--step-seconds 5] [--steps 4]
#                   [--mix plain=2,extended=1,rfc3164=1] [--line-bytes 120] [--text CONSOLE_LOG] [--crashes 8] [--long SECONDS [--long-rate R]]
#                   [--warm-seconds 20, 90 with --cluster] [--out FILE] [--no-build]
#
# Single node (default): one aggregator, SQLite, its embedded receiver; the checker reads the SQLite file.
# --cluster: deploy/local-cluster.sh (a private PostgreSQL, N aggregators, M standalone receivers; all nodes send to
# receiver r1, crash alerts come from a1's SSE stream); the checker reads PostgreSQL's journal; CPU is summed over
# every serving process (aggregators, receivers, PostgreSQL and its backends, less the checker's own backend) and given
# per process ("cpuUsPerLineByProcess"); peak RSS is given per process.
# --long S adds one run of S seconds at 80 % of the sustained rate of the best zero-loss step (or --long-rate R)
# to see whether memory stays flat (RSS every 10 s in "long.rssEvery10sMiB").
# As root it raises net.core.rmem_max to 32 MiB when lower (krglogs asks for that SO_RCVBUF).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

text_args=() nodes=64 step_seconds=5 steps=4 mix=plain=2,extended=1,rfc3164=1 line_bytes=120 crashes=8 long=0 long_rate= warm_seconds='' build=1
mode=single aggregators=3 receivers=1 out=
while [ $# -gt 0 ]; do
  case $1 in
    --cluster) mode=cluster; shift ;;
    --aggregators) aggregators=$2; shift 2 ;;
    --receivers) receivers=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --step-seconds) step_seconds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --mix) mix=$2; shift 2 ;;
    --line-bytes) line_bytes=$2; shift 2 ;;
    --text) text_args=(--text "$2"); shift 2 ;;
    --crashes) crashes=$2; shift 2 ;;
    --long) long=$2; shift 2 ;;
    --warm-seconds) warm_seconds=$2; shift 2 ;;
    --long-rate) long_rate=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "ingest.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# A cluster's three runtimes and PostgreSQL share the cores, so its JIT takes longer to settle: at 20,000 lines/s
# its aggregators still compiled methods 60 s into the load (DOTNET_JitDisasmSummary), a single node's after 20 s.
[ -n "$warm_seconds" ] || { [ $mode = cluster ] && warm_seconds=90 || warm_seconds=20; }
[ -n "$out" ] || out="$root/bench/results/ingest-$([ $mode = cluster ] && echo cluster-)$(date -u +%Y%m%dT%H%M%SZ).json"

if [ $build = 1 ]; then
  dotnet build src/Aggregator -c Release -nologo -clp:ErrorsOnly >&2
  [ $mode = cluster ] && dotnet build src/Receiver -c Release -nologo -clp:ErrorsOnly >&2
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

work=$(mktemp -d /tmp/krglogs-ingest.XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ $mode = cluster ] && { deploy/local-cluster.sh stop >/dev/null 2>&1 || true; }
  rm -rf "$work"
}
trap cleanup EXIT
# A signal (timeout, Ctrl-C) exits through the EXIT trap too, so no member or PostgreSQL outlives the run.
trap 'exit 143' TERM
trap 'exit 130' INT

if [ $mode = single ]; then
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  udp=$(free_port) http=$(free_port) cluster=$(free_port)
  (cd "$work" && exec dotnet "$server_dll" --data-dir "$work/data" --udp-bind 127.0.0.1 --udp-port "$udp" \
    --http-port "$http" --cluster-port "$cluster" >"$work/server.log" 2>&1) &
  pid=$!
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { cat "$work/server.log" >&2; echo "ingest.sh: krglogs did not start" >&2; exit 1; }
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$http/healthz" >/dev/null || { echo "ingest.sh: krglogs not healthy after 60 s" >&2; exit 1; }
  journal=(--db "$work/data/krglogs.db")
  members=(krglogs)
  member_pids() { echo "$pid"; }
else
  # local-cluster.sh's ports: PostgreSQL base, aggregator i base+10i (UDP) +1 (HTTP) +2 (cluster), receiver j
  # base+500+10j (UDP) +2 (cluster). A base whose every port is free on loopback, TCP and UDP (bounded tries).
  base=
  for _ in $(seq 20); do
    b=$((20000 + RANDOM % 80 * 100))
    ports="$b $(for i in $(seq "$aggregators"); do echo $((b + 10 * i)) $((b + 10 * i + 1)) $((b + 10 * i + 2)); done)"
    ports+=" $(for j in $(seq "$receivers"); do echo $((b + 500 + 10 * j)) $((b + 500 + 10 * j + 2)); done)"
    # shellcheck disable=SC2086 # one argument per port
    python3 - $ports <<'PY' && { base=$b; break; }
import socket, sys
for p in map(int, sys.argv[1:]):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try: s.bind(("127.0.0.1", p))
        except OSError: sys.exit(1)
        finally: s.close()
PY
  done
  [ -n "$base" ] || { echo "ingest.sh: no free port range for the cluster" >&2; exit 1; }
  chmod o+x "$work" # PostgreSQL runs as its own user and must reach its data dir below this one
  export KRGLOGS_CLUSTER_DIR=$work/cluster KRGLOGS_CLUSTER_BASE_PORT=$base KRGLOGS_CONFIGURATION=Release
  deploy/local-cluster.sh start "$aggregators" "$receivers" >&2
  udp=$((base + 510)) http=$((base + 11))
  journal=(--postgres "Host=127.0.0.1;Port=$base;Username=postgres;Database=krglogs;Timeout=15")
  members=()
  for i in $(seq "$aggregators"); do members+=("a$i"); done
  for j in $(seq "$receivers"); do members+=("r$j"); done
  member_pids() { local m; for m in "${members[@]}"; do cat "$KRGLOGS_CLUSTER_DIR/$m/pid"; done; }
fi
udp_hex=$(printf '%04X' "$udp")

# The PostgreSQL server and its backends (none in single mode).
postgres_pids() {
  local pg
  [ $mode = cluster ] && [ -f "$KRGLOGS_CLUSTER_DIR/pg/data/postmaster.pid" ] || return 0
  pg=$(head -n 1 "$KRGLOGS_CLUSTER_DIR/pg/data/postmaster.pid")
  echo "$pg"; pgrep -P "$pg" || true
}
serving_pids() { member_pids; postgres_pids; }
# user + system CPU ticks of every serving process, its reaped children included (PostgreSQL's ended backends).
pid_ticks() { local t=0; [ -r "/proc/$1/stat" ] && t=$(sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13 + $14 + $15}'); echo "$t"; }
pids_ticks() { local total=0 p; for p in "$@"; do total=$((total + $(pid_ticks "$p"))); done; echo "$total"; }
# shellcheck disable=SC2046 # one pid a word
cpu_ticks() { pids_ticks $(serving_pids); }
# The same per member, and PostgreSQL's processes together, as one JSON object: where a cluster's CPU goes.
cpu_ticks_by() {
  local m i=0 pids
  mapfile -t pids < <(member_pids)
  for m in "${members[@]}"; do printf '{"%s":%s}\n' "$m" "$(pid_ticks "${pids[i]}")"; i=$((i + 1)); done
  # shellcheck disable=SC2046 # one pid a word
  [ $mode = cluster ] && printf '{"postgres":%s}\n' "$(pids_ticks $(postgres_pids))"
  return 0
}
# CPU ticks of a process's garbage-collector threads (server GC and background GC; they live as long as the process),
# per member: how much of a line's cost is the GC's own work.
gc_ticks() {
  local t s total=0
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      ".NET Server GC" | ".NET BGC") s=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}'); total=$((total + ${s:-0})) ;;
    esac
  done
  echo "$total"
}
gc_ticks_by() {
  local m i=0 pids
  mapfile -t pids < <(member_pids)
  for m in "${members[@]}"; do printf '{"%s":%s}\n' "$m" "$(gc_ticks "${pids[i]}")"; i=$((i + 1)); done
}
# Bytes each member moved through read and write system calls (/proc/PID/io rchar and wchar: its files, WAL and
# pages included, whether or not the disk was touched), per member: what a line costs in I/O. Printed as the kernel
# wrote them (%s): awk's %d stops at 2^31 - 1, which a busy member passes within minutes.
io_bytes_by() {
  local m i=0 pids
  mapfile -t pids < <(member_pids)
  for m in "${members[@]}"; do
    printf '{"%s":%s}\n' "$m" "$(awk '$1 == "rchar:" {r = $2} $1 == "wchar:" {w = $2} END {printf "{\"read\":%s,\"written\":%s}", r, w}' "/proc/${pids[i]}/io" 2>/dev/null || echo '{"read":0,"written":0}')"
    i=$((i + 1))
  done
}
socket_drops() { awk -v p=":$udp_hex" '$2 ~ p"$" {n += $NF} END {print n + 0}' /proc/net/udp; }
rcvbuf_errors() { awk '/^Udp:/ && $2 ~ /^[0-9]/ {print $6}' /proc/net/snmp; }
# Times the receiver stopped reading its socket because its outbox (MaxOutboxBytes) was full: socket drops with
# pauses are that bound at work, without them the reading fell behind. The cluster's receiver has no HTTP: null.
read_pauses() {
  [ $mode = single ] || { echo null; return; }
  curl -fsS "http://127.0.0.1:$http/metrics" 2>/dev/null | awk '$1 == "krglogs_receiver_read_pauses_total" {n = $2; f = 1} END {print f ? n : "null"}'
}
status_kb() { # status_kb VmRSS|VmHWM PID: 0 for a process gone
  { [ -r "/proc/$2/status" ] && awk -v f="$1:" '$1 == f {n = $2} END {print n + 0}' "/proc/$2/status" 2>/dev/null; } || echo 0
}
rss_kb() { local total=0 p; for p in $(serving_pids); do total=$((total + $(status_kb VmRSS "$p"))); done; echo "$total"; }
# Peak RSS (VmHWM) of each member, and of PostgreSQL's largest process (each counts the shared buffers it touched).
hwm_json() {
  local m p kb pg=0
  for m in "${members[@]}"; do
    if [ $mode = single ]; then p=$pid; else p=$(cat "$KRGLOGS_CLUSTER_DIR/$m/pid"); fi
    printf '{"%s":%s}\n' "$m" "$(($(status_kb VmHWM "$p") / 1024))"
  done
  for p in $(postgres_pids); do kb=$(status_kb VmHWM "$p"); [ "$kb" -gt "$pg" ] && pg=$kb; done
  [ $mode = cluster ] && printf '{"postgres":%s}\n' $((pg / 1024))
  return 0
}
hz=$(getconf CLK_TCK)

# Waits (≤ 20 s, 60 s for a cluster) until the serving processes use under 3 % of a core each (a member; PostgreSQL
# counted in) over half a second above their idle floor: the step's work is done.
idle_floor=0
wait_idle() {
  local a b rounds=40
  [ $mode = cluster ] && rounds=120
  for _ in $(seq $rounds); do
    a=$(cpu_ticks); sleep 0.5; b=$(cpu_ticks)
    [ $((b - a)) -le $((idle_floor + hz * 3 * ${#members[@]} / 200)) ] && return 0
  done
}
if [ $mode = cluster ]; then
  # An idle cluster is not quiet: after its start-up (some 30-40 s of JIT and cluster forming at ~40 % of a core per
  # aggregator) each runtime keeps taking some 5-15 % of a core doing nothing (timers, gossip, tag queries polling
  # PostgreSQL). Its floor: the first 2-second window under 15 % of a core per member (≤ 90 s; else the least seen).
  least=$((hz * 100))
  for _ in $(seq 45); do
    a=$(cpu_ticks); sleep 2; b=$(cpu_ticks)
    [ $((b - a)) -lt $least ] && least=$((b - a))
    [ $((b - a)) -le $((hz * 2 * 15 * ${#members[@]} / 100)) ] && break
  done
  idle_floor=$((least / 4))
fi

# step NAME RATE TOTAL CRASHES [MAX_SECONDS] → JSON object of the step on stdout
step() {
  local name=$1 rate=$2 total=$3 ncrash=$4
  local b0 b1 c0 d0 e0 p0 c1 d1 e1 p1 i0 i1 t0 t1 g0 g1 o0 o1
  wait_idle
  # krglogs's own background (cluster gossip, journal polling) over 2 s, to tell it from the per-line work.
  i0=$(cpu_ticks); sleep 2; i1=$(cpu_ticks)
  b0=$(cpu_ticks_by | jq -sc add); c0=$(jq add <<<"$b0"); g0=$(gc_ticks_by | jq -sc add); o0=$(io_bytes_by | jq -sc add); d0=$(socket_drops); e0=$(rcvbuf_errors); p0=$(read_pauses); t0=$(date +%s.%N)
  local crash_args=()
  [ "$ncrash" -gt 0 ] && crash_args=(--crashes "$ncrash" --corpus "$corpus" --crash-stream "http://127.0.0.1:$http/api/crashes/stream")
  $loadgen send --target "127.0.0.1:$udp" --nodes "$nodes" --total "$total" --rate "$rate" --mix "$mix" \
    --line-bytes "$line_bytes" "${text_args[@]}" --run "$name" --max-seconds "${5:-$((step_seconds + 5))}" --out "$work/$name.sent.json" "${crash_args[@]}" >&2 || true
  $loadgen check "${journal[@]}" --sent "$work/$name.sent.json" --wait 60 --settle 5 --out "$work/$name.check.json" >&2 || true
  wait_idle
  b1=$(cpu_ticks_by | jq -sc add); c1=$(jq add <<<"$b1"); g1=$(gc_ticks_by | jq -sc add); o1=$(io_bytes_by | jq -sc add); d1=$(socket_drops); e1=$(rcvbuf_errors); p1=$(read_pauses); t1=$(date +%s.%N)
  # The checker reads the journal through its own PostgreSQL backend: the benchmark's CPU, not krglogs's ($reader).
  jq -n --arg name "$name" --argjson cpu "$((c1 - c0))" --argjson hz "$hz" --argjson drops "$((d1 - d0))" \
    --argjson idle "$(((i1 - i0) / 2))" --argjson elapsed "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')" \
    --argjson rcvbuf "$((e1 - e0))" --argjson rss "$(rss_kb)" --argjson p0 "$p0" --argjson p1 "$p1" \
    --argjson b0 "$b0" --argjson b1 "$b1" --argjson g0 "$g0" --argjson g1 "$g1" --argjson o0 "$o0" --argjson o1 "$o1" \
    --slurpfile s "$work/$name.sent.json" --slurpfile c "$work/$name.check.json" '
    ($s[0]) as $s | ($c[0]) as $c |
    (($c.readerServerCpuSeconds // 0) * $hz) as $reader | ($cpu - $reader) as $cpu |
    { step: $name, targetRate: $s.targetRate, sentRate: $s.linesPerSecond, lines: $s.lines, seconds: $s.seconds,
      found: $c.found, lost: $c.lost, duplicated: $c.duplicated, outOfOrder: $c.outOfOrder,
      zeroLoss: $c.zeroLoss, crashesSent: $c.crashesSent, crashesFound: $c.crashesFound,
      crashAlertsMatched: $s.crashEventsMatched, crashLatencyP50Ms: $s.crashLatencyP50Ms,
      crashLatencyP99Ms: $s.crashLatencyP99Ms,
      cpuSeconds: ($cpu / $hz), stepSeconds: ($elapsed * 10 | round / 10),
      sustainedRate: (if $elapsed > 0 then ($c.found / $elapsed | floor) else null end), idleCpuShare: ($idle / $hz),
      cpuUsPerLine: (if $c.found > 0 then (($cpu / $hz) * 1e6 / $c.found * 100 | round) / 100 else null end),
      cpuUsPerLineNetOfIdle: (if $c.found > 0 then ((([$cpu - $idle * $elapsed, 0] | max) / $hz) * 1e6 / $c.found * 100 | round) / 100 else null end),
      cpuUsPerLineByProcess: (if $c.found > 0 then ($b1 | with_entries(.value = (((.value - ($b0[.key] // 0) - (if .key == "postgres" then $reader else 0 end)) / $hz) * 1e6 / $c.found * 100 | round) / 100)) else null end),
      gcUsPerLineByProcess: (if $c.found > 0 then ($g1 | with_entries(.value = (((.value - ($g0[.key] // 0)) / $hz) * 1e6 / $c.found * 100 | round) / 100)) else null end),
      ioBytesPerLineByProcess: (if $c.found > 0 then ($o1 | with_entries(.key as $k | .value = { read: ((.value.read - ($o0[$k].read // 0)) / $c.found | round), written: ((.value.written - ($o0[$k].written // 0)) / $c.found | round) })) else null end),
      checkerServerCpuSeconds: $c.readerServerCpuSeconds,
      socketDrops: $drops, rcvbufErrors: $rcvbuf, readPauses: (if $p0 != null and $p1 != null then $p1 - $p0 else null end),
      rssMiB: ($rss / 1024 | floor) }'
}

summary() { jq -r '"  \(.step): target \(.targetRate|if .==0 then "max" else . end)/s, sent \(.sentRate)/s, lost \(.lost), dup \(.duplicated), \(.cpuUsPerLine) µs CPU/line (\(.cpuUsPerLineNetOfIdle) net of idle \(.idleCpuShare) core), socket drops \(.socketDrops) (read pauses \(.readPauses)), crashes \(.crashesFound)/\(.crashesSent), alert p50 \(.crashLatencyP50Ms) ms p99 \(.crashLatencyP99Ms) ms, RSS \(.rssMiB) MiB, µs/line by process \(.cpuUsPerLineByProcess // {} | tojson), of it GC threads \(.gcUsPerLineByProcess // {} | tojson), I/O bytes/line \(.ioBytesPerLineByProcess // {} | tojson)"'; }

echo "ingest.sh: $mode, krglogs pids $(member_pids | xargs) (${members[*]}), idle floor $((idle_floor * 200 / hz)) % of a core, udp $udp, http $http, $nodes nodes, mix $mix, ${line_bytes}-byte lines, rmem_max $rmem" >&2
steps_json=()
# Warm-up: every node's entity exists and the JIT has run before anything is measured. The runtime promotes hot
# methods to optimised code only after a quiet spell, so a short warm-up left a third of a 10 s step's CPU to the
# JIT (measured with DOTNET_JitStdOutFile): --warm-seconds of steady traffic first (0 to skip).
warm_lines=$((nodes * 200)); [ "$warm_seconds" -gt 0 ] && warm_lines=$((20000 * warm_seconds))
warm=$(step w0 20000 "$warm_lines" 0 $((warm_seconds + step_seconds + 5))); echo "$warm" | summary >&2

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
  # 80 % of what krglogs stored per second in that step (sent until stored and idle again): the sender's burst
  # rate is absorbed by the outbox only for a while, so a long run at it would measure the overflow.
  rate=${long_rate:-$(jq -r '.sustainedRate * 0.8 | floor' <<<"$best")}
  rss_before=$(rss_kb)
  # RSS every 10 s while it runs: flat memory is a flat series, not two equal ends.
  (while sleep 10; do echo $(($(rss_kb) / 1024)); done >"$work/rss-series") &
  sampler=$!
  s=$(step long "$rate" $((rate * long)) $((long / 10)) $((long + 10))); echo "$s" | summary >&2
  kill "$sampler" 2>/dev/null || true
  long_json=$(jq --argjson before "$rss_before" --slurpfile series "$work/rss-series" \
    '. + {rssBeforeMiB: ($before / 1024 | floor), rssEvery10sMiB: $series}' <<<"$s")
fi

mkdir -p "$(dirname "$out")"
hwm=$(hwm_json | jq -s add)
printf '%s\n' "${steps_json[@]}" | jq -s --argjson best "${best:-null}" --argjson long "$long_json" \
  --arg mode "$mode" --argjson hwm "$hwm" --argjson aggregators "$aggregators" --argjson receivers "$receivers" --argjson nodes "$nodes" --arg mix "$mix" --argjson lineBytes "$line_bytes" \
  --arg text "${text_args[1]:-}" --argjson rmem "$rmem" --arg when "$(date -u +%FT%TZ)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '
  { when: $when, loadAverage: $load, nodes: $nodes, mix: $mix, lineBytes: $lineBytes, text: (if $text == "" then "alphabet filler" else $text end), rmemMax: $rmem,
    zeroLossRate: (if $best then $best.sentRate else 0 end), cpuUsPerLine: (if $best then $best.cpuUsPerLine else null end),
    cpuUsPerLineNetOfIdle: (if $best then $best.cpuUsPerLineNetOfIdle else null end),
    peakRssMiB: ($hwm | add), crashLatencyP50Ms: (if $best then $best.crashLatencyP50Ms else null end),
    crashLatencyP99Ms: (if $best then $best.crashLatencyP99Ms else null end),
    rcvbufErrorsAtZeroLoss: (if $best then $best.rcvbufErrors else null end),
    steps: ., long: $long }
  | if $mode == "cluster" then
      { mode: $mode, aggregators: $aggregators, receivers: $receivers } + . + { peakRssMiBByProcess: $hwm }
    else . end' >"$out"
jq -r '"ingest\(if .mode then " (" + .mode + ")" else "" end): zero loss up to \(.zeroLossRate) lines/s, \(.cpuUsPerLine) µs CPU/line (\(.cpuUsPerLineNetOfIdle) net of idle), peak RSS \(.peakRssMiB) MiB, crash alert p50 \(.crashLatencyP50Ms) ms p99 \(.crashLatencyP99Ms) ms (load \(.loadAverage))"' "$out"
echo "ingest.sh: figures in $out" >&2
