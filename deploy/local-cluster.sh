#!/usr/bin/env bash
# A krglogs cluster on this machine, on loopback: a private PostgreSQL (temp dir, its own port), N aggregators
# and M standalone receivers. For trying a cluster, and for the cluster tests.
#
#   deploy/local-cluster.sh start [N aggregators, default 3] [M receivers, default 1]
#   deploy/local-cluster.sh status            members, their pids and ports
#   deploy/local-cluster.sh kill NAME         kill -9 one member (a1, a2…, r1…); it stays down until restarted
#   deploy/local-cluster.sh term NAME         stop one member cleanly (SIGTERM, waits for it to exit)
#   deploy/local-cluster.sh restart NAME      start a member again with the same ports and data
#   deploy/local-cluster.sh pause NAME SECS   freeze one member (SIGSTOP) for SECS seconds, as a long stall would
#   deploy/local-cluster.sh pg-stop | pg-start  stop PostgreSQL (an outage) and start it again
#   deploy/local-cluster.sh stop              stop everything (SIGTERM: a clean shutdown, then PostgreSQL)
#
# State lives in $KRGLOGS_CLUSTER_DIR (default /tmp/krglogs-cluster). Ports start at $KRGLOGS_CLUSTER_BASE_PORT
# (default 17000): PostgreSQL base, aggregator i: UDP base+10i, HTTP base+10i+1, cluster base+10i+2;
# receiver j: UDP base+500+10j, cluster base+500+10j+2. A member that exits with a failure (one the cluster downed
# exits 3) is started again after 1 s, as systemd's Restart=on-failure does. KRGLOGS_CLUSTER_LOG_FILES=a1 (a list,
# comma or space separated) writes the per-node files on those aggregators only; unset, every aggregator writes them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${KRGLOGS_CLUSTER_DIR:-/tmp/krglogs-cluster}
base=${KRGLOGS_CLUSTER_BASE_PORT:-17000}
config=${KRGLOGS_CONFIGURATION:-Debug}
pg_bin=/usr/lib/postgresql/15/bin
# Every member of this cluster shares one machine's cores, so they stall each other for longer than members on
# their own hosts: a live member is taken for dead after ~10 s of silence here instead of ~5 s (fail-over takes ~5 s
# longer; with 3 s, a member stalled by the test suite beside it was still downed in one CI run of three).
# Set these (or any other KRGLOGS_CLUSTER__*) to try other values.
export KRGLOGS_CLUSTER__ACCEPTABLE_HEARTBEAT_PAUSE=${KRGLOGS_CLUSTER__ACCEPTABLE_HEARTBEAT_PAUSE:-00:00:05}
export KRGLOGS_CLUSTER__STABLE_AFTER=${KRGLOGS_CLUSTER__STABLE_AFTER:-00:00:03}
aggregator_dll=$root/src/Aggregator/bin/$config/net10.0/KrgLogs.Aggregator.dll
receiver_dll=$root/src/Receiver/bin/$config/net10.0/KrgLogs.Receiver.dll

die() { echo "local-cluster: $*" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
connection() { echo "Host=127.0.0.1;Port=$base;Username=postgres;Database=krglogs;Timeout=15"; }
# Every aggregator is a seed: a restarted a1 then joins the running cluster instead of founding a second one.
seeds() {
  local list="" d
  for d in "$dir"/a*; do [ -d "$d" ] && list+="${list:+,}akka.tcp://krglogs@127.0.0.1:$((base + 10 * ${d##*/a} + 2))"; done
  echo "$list"
}

start_postgres() {
  [ -x "$pg_bin/postgres" ] || die "PostgreSQL 15 is not installed ($pg_bin); apt-get install postgresql-15"
  mkdir -p "$dir/pg"
  if [ "$(id -u)" = 0 ]; then chmod o+x "$dir"; chown postgres:postgres "$dir/pg"; fi # the server runs as postgres
  if [ ! -f "$dir/pg/data/PG_VERSION" ]; then
    as_postgres "$pg_bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 >"$dir/pg/initdb.log"
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $base -k $dir/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_postgres psql -h 127.0.0.1 -p "$base" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='krglogs'" | grep -q 1 ||
    as_postgres psql -h 127.0.0.1 -p "$base" -U postgres -qc "CREATE DATABASE krglogs"
}

start_member() { # start_member NAME
  local name=$1 i
  mkdir -p "$dir/$name"
  case $name in
    a*) i=${name#a}
        local args=("$aggregator_dll" --data-dir "$dir/$name" --postgres "$(connection)"
          --udp-port $((base + 10 * i)) --udp-bind 127.0.0.1 --http-port $((base + 10 * i + 1)) --cluster-port $((base + 10 * i + 2))
          --seeds "$(seeds)")
        # Per-node files on the listed aggregators only (default: every one); each copy reads the whole journal back.
        if [ -n "${KRGLOGS_CLUSTER_LOG_FILES:-}" ] && [[ " ${KRGLOGS_CLUSTER_LOG_FILES//,/ } " != *" $name "* ]]; then
          args+=(--no-log-files)
        fi
        ;;
    r*) i=${name#r}
        local args=("$receiver_dll" --seeds "$(seeds)" --udp-port $((base + 500 + 10 * i)) --udp-bind 127.0.0.1
          --cluster-port $((base + 500 + 10 * i + 2)))
        ;;
    *) die "no member named $name (a1, a2…, r1…)" ;;
  esac
  rm -f "$dir/$name/held" "$dir/$name/pid"
  # The member's output goes to its log; nothing may keep the caller's stdout open.
  ( trap '' HUP; supervise "$name" dotnet "${args[@]}" ) </dev/null >>"$dir/$name/out.log" 2>&1 &
  echo $! >"$dir/$name/supervisor"
  for _ in $(seq 1 100); do [ -f "$dir/$name/pid" ] && break; sleep 0.05; done
  echo "$name pid $(cat "$dir/$name/pid")"
}

# Runs a member and starts it again when it exits with a failure (a member the cluster downed exits 3), as
# systemd's Restart=on-failure does for deploy/systemd's units. A member stopped on purpose (kill, term, stop) is
# "held" first and stays down.
supervise() { # supervise NAME COMMAND...
  local name=$1 child code; shift
  while :; do
    "$@" &
    child=$!
    started_at $child >"$dir/$name/started"
    echo $child >"$dir/$name/pid.new" && mv "$dir/$name/pid.new" "$dir/$name/pid"
    code=0; wait $child || code=$? # (set -e holds in this subshell too)
    if [ $code = 0 ] || [ -f "$dir/$name/held" ]; then break; fi
    echo "local-cluster: $name exited with $code; starting it again in 1 s"
    sleep 1
    [ -f "$dir/$name/held" ] && break
  done
}

# Stops a member on purpose with SIGNAL and waits (up to SECONDS) for it and its supervisor to be gone.
stop_member() { # stop_member NAME SIGNAL SECONDS
  local name=$1 signal=$2 seconds=$3
  touch "$dir/$name/held"
  alive "$dir/$name" && kill "-$signal" "$(cat "$dir/$name/pid")"
  for _ in $(seq 1 $((seconds * 4))); do
    alive "$dir/$name" || supervised "$dir/$name" || return 0
    sleep 0.25
  done
  return 1
}

supervised() { [ -f "$1/supervisor" ] && kill -0 "$(cat "$1/supervisor")" 2>/dev/null; }

wait_healthy() { # wait_healthy NAME HTTP_PORT
  for _ in $(seq 1 480); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0
    alive "$dir/$1" || supervised "$dir/$1" || die "$1 exited: $(tail -n 30 "$dir/$1/out.log")"
    sleep 0.25
  done
  die "$1 (http port $2) not healthy after 120 s: $(tail -n 30 "$dir/$1/out.log")"
}

wait_receiver() { # wait_receiver NAME: its sockets are open once it logs that it is up
  for _ in $(seq 1 240); do
    grep -q "krglogs receiver up" "$dir/$1/out.log" 2>/dev/null && return 0
    alive "$dir/$1" || supervised "$dir/$1" || die "$1 exited: $(tail -n 20 "$dir/$1/out.log")"
    sleep 0.25
  done
  die "$1 not up after 60 s"
}

# Running, and not a zombie waiting for whoever inherited it to reap it.
# A process's start time (clock ticks since boot): with it a reused PID (pid_max is often 32768, and every thread
# of every process takes one) is not taken for the member.
started_at() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

alive() {
  [ -f "$1/pid" ] && kill -0 "$(cat "$1/pid")" 2>/dev/null &&
    [ "$(awk '{print $3}' "/proc/$(cat "$1/pid")/stat" 2>/dev/null)" != Z ] &&
    { [ ! -f "$1/started" ] || [ "$(started_at "$(cat "$1/pid")")" = "$(cat "$1/started")" ]; }
}

case ${1:-} in
  start)
    aggregators=${2:-3}; receivers=${3:-1}
    [ -f "$aggregator_dll" ] && [ -f "$receiver_dll" ] || (cd "$root" && dotnet build Akka.KrgLogs.sln -c "$config" -nologo -clp:ErrorsOnly)
    mkdir -p "$dir"
    start_postgres
    # a1 first (it founds the cluster and creates the schema), then everyone else at once. Starting all at once
    # works too (each aggregator waits for the journal), but on a small busy machine five starting runtimes
    # starve each other's heartbeats and the cluster flaps while it forms.
    for i in $(seq 1 "$aggregators"); do mkdir -p "$dir/a$i"; done # the seed list names them all
    start_member a1
    wait_healthy a1 $((base + 11))
    for i in $(seq 2 "$aggregators"); do start_member "a$i"; done
    for j in $(seq 1 "$receivers"); do start_member "r$j"; done
    for i in $(seq 2 "$aggregators"); do wait_healthy "a$i" $((base + 10 * i + 1)); done
    for j in $(seq 1 "$receivers"); do wait_receiver "r$j"; done
    "$0" status
    ;;
  status)
    for member in "$dir"/a* "$dir"/r*; do
      [ -d "$member" ] || continue
      name=$(basename "$member"); i=${name#?}
      if alive "$member"; then state="up (pid $(cat "$member/pid"))"; else state=down; fi
      case $name in
        a*) echo "$name $state udp $((base + 10 * i)) http $((base + 10 * i + 1)) cluster $((base + 10 * i + 2))" ;;
        r*) echo "$name $state udp $((base + 500 + 10 * i))" ;;
      esac
    done
    echo "postgres $(connection)"
    ;;
  kill)
    [ -n "${2:-}" ] && alive "$dir/$2" || die "no running member ${2:-}"
    stop_member "$2" KILL 30 || die "$2 still running 30 s after SIGKILL"
    echo "$2 killed"
    ;;
  term) # a clean stop of one member (SIGTERM: it leaves the cluster, hands its shards over)
    [ -n "${2:-}" ] && alive "$dir/$2" || die "no running member ${2:-}"
    stop_member "$2" TERM 60 || die "$2 still running 60 s after SIGTERM"
    echo "$2 stopped"
    ;;
  restart)
    [ -n "${2:-}" ] || die "restart which member?"
    # A member just killed can take a while to be gone on a loaded machine (its exit waits for I/O in flight).
    for _ in $(seq 1 120); do alive "$dir/$2" || supervised "$dir/$2" || break; sleep 0.25; done
    alive "$dir/$2" || supervised "$dir/$2" && die "$2 is running"
    : >"$dir/$2/out.log.new"; cat "$dir/$2/out.log" >>"$dir/$2/out.log.old" 2>/dev/null || true; mv "$dir/$2/out.log.new" "$dir/$2/out.log"
    start_member "$2"
    case $2 in a*) wait_healthy "$2" $((base + 10 * ${2#a} + 1)) ;; r*) wait_receiver "$2" ;; esac
    ;;
  pause) # a member frozen (SIGSTOP) long enough for the cluster to down it: it exits 3 when it wakes and is started again
    [ -n "${2:-}" ] && [ -n "${3:-}" ] && alive "$dir/$2" || die "pause which running member, for how many seconds?"
    pid=$(cat "$dir/$2/pid")
    kill -STOP "$pid"
    sleep "$3"
    kill -CONT "$pid"
    echo "$2 paused for $3 s"
    ;;
  pg-stop) # PostgreSQL down (an outage), members left running
    as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null
    echo "postgres stopped"
    ;;
  pg-start)
    start_postgres
    echo "postgres started"
    ;;
  stop)
    for member in "$dir"/r* "$dir"/a*; do
      [ -d "$member" ] || continue
      touch "$member/held"
      alive "$member" && kill -TERM "$(cat "$member/pid")" || true
    done
    for member in "$dir"/r* "$dir"/a*; do
      [ -d "$member" ] || continue
      stop_member "${member##*/}" TERM 30 || stop_member "${member##*/}" KILL 30 || true
    done
    [ -f "$dir/pg/data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null || true
    echo stopped
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
