#!/usr/bin/env bash
# Single node against cluster, per line: runs bench/ingest.sh twice with the same options — single node (SQLite,
# embedded receiver), then --cluster (deploy/local-cluster.sh: PostgreSQL, 3 aggregators, 1 standalone receiver) —
# and prints both zero-loss rates, CPU µs per line and their ratio (the goal: the cluster within 2× per line).
#
#   bench/cluster.sh [ingest.sh options, e.g. --nodes 64 --step-seconds 5 --steps 4 --aggregators 3]
#
# The two JSON reports go to bench/results/compare-TIME-{single,cluster}.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# The cluster's own options mean nothing to the single node.
single_args=() skip=0
for arg in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case $arg in
    --cluster | --out) echo "cluster.sh: $arg is chosen by cluster.sh itself" >&2; exit 2 ;;
    --aggregators | --receivers) skip=1 ;;
    *) single_args+=("$arg") ;;
  esac
done
stamp=$(date -u +%Y%m%dT%H%M%SZ)
single=bench/results/compare-$stamp-single.json cluster=bench/results/compare-$stamp-cluster.json

bench/ingest.sh "${single_args[@]}" --out "$single"
bench/ingest.sh --cluster "$@" --out "$cluster"

jq -rn --slurpfile s "$single" --slurpfile c "$cluster" '($s[0]) as $s | ($c[0]) as $c |
  "cluster.sh: zero-loss ingest, \($s.nodes) nodes, \($s.lineBytes)-byte lines, mix \($s.mix):",
  "  single node (SQLite):  \($s.zeroLossRate) lines/s, \($s.cpuUsPerLine) µs CPU/line (\($s.cpuUsPerLineNetOfIdle) net of idle), peak RSS \($s.peakRssMiB) MiB",
  "  cluster (PostgreSQL, \($c.aggregators) aggregators + \($c.receivers) receiver): \($c.zeroLossRate) lines/s, \($c.cpuUsPerLine) µs CPU/line (\($c.cpuUsPerLineNetOfIdle) net of idle), peak RSS \($c.peakRssMiBByProcess)",
  def ratio(f): if $s[f] and $c[f] then ($c[f] / $s[f] * 100 | round) / 100 | tostring + "×" else "n/a (no zero-loss step)" end;
  "  cluster / single CPU per line: \(ratio("cpuUsPerLine")), net of idle \(ratio("cpuUsPerLineNetOfIdle")) (goal ≤ 2×; load \($c.loadAverage))"'
echo "cluster.sh: figures in $single and $cluster" >&2
