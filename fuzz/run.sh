#!/usr/bin/env bash
# Coverage-guided fuzzing of one krglogs decoder for a bounded time: SharpFuzz instruments KrgLogs.Shared.dll,
# afl-fuzz (Debian package afl++) drives the harness.
#   fuzz/run.sh TARGET SECONDS     TARGET: netconsole | syslog | framing | nodestream | crash | all
# Seeds are made at run time from ../shared (captures, crash corpora; read in place) plus fuzz/corpus/TARGET (the
# corpus grown by earlier runs). Afterwards the grown queue replaces fuzz/corpus/TARGET (small files only),
# every crash is copied to fuzz/crashes/TARGET (turn each into a unit test in tests/Shared.Tests, then fix it), and
# fuzz/results/TARGET.txt records executions, crashes and the corpus size.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
targets=(netconsole syslog framing nodestream crash)
if [ "$target" = all ]; then
  for t in "${targets[@]}"; do ./run.sh "$t" "$seconds"; done
  exit 0
fi

shared=$(cd .. && cd ../shared && pwd)
if ! command -v afl-fuzz >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "fuzz/run.sh: install the Debian package afl++ (as root)" >&2; exit 2; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
[ -x .tools/sharpfuzz ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path .tools >/dev/null

# Build once per run of the script, then instrument the decoders' assembly (only it: the harness stays plain).
if [ ! -e .build/afl/.instrumented ] || [ -n "$(find ../src/Shared Harness -name '*.cs' -newer .build/afl/.instrumented | head -n 1)" ]; then
  rm -rf .build
  dotnet build Harness -c Release -nologo -clp:ErrorsOnly -o .build/plain >/dev/null
  cp -r .build/plain .build/afl   # instrumented code only runs under afl-fuzz (it writes AFL's shared memory)
  .tools/sharpfuzz .build/afl/KrgLogs.Shared.dll
  touch .build/afl/.instrumented
fi

work=.work/$target
rm -rf "$work"
mkdir -p "$work/in" "corpus/$target" "crashes/$target" results
dotnet .build/plain/KrgLogs.Fuzz.dll "$target" --seeds "$shared" "$work/in" >/dev/null
cp "corpus/$target"/* "$work/in/" 2>/dev/null || true

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 \
       AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000
set +e
timeout --kill-after=30 $((seconds + 120)) \
  afl-fuzz -i "$work/in" -o "$work/out" -V "$seconds" -t 2000 -m none -- dotnet .build/afl/KrgLogs.Fuzz.dll "$target" \
  >"$work/afl.log" 2>&1
status=$?
set -e
stats=$work/out/default/fuzzer_stats
if [ ! -e "$stats" ]; then
  echo "fuzz/run.sh: afl-fuzz did not start (exit $status); see fuzz/$work/afl.log" >&2
  tail -n 20 "$work/afl.log" >&2
  exit 1
fi
stat() { sed -n "s/^$1 *: *//p" "$stats"; }

# Keep the grown corpus small: queue entries under 4 KiB, at most 300 of them.
rm -f "corpus/$target"/*
n=0
for f in "$work/out/default/queue"/id:*; do
  [ -e "$f" ] && [ "$(wc -c <"$f")" -le 4096 ] || continue
  cp "$f" "corpus/$target/$(printf '%04d' $n)"; n=$((n + 1))
  [ $n -lt 300 ] || break
done
crashes=0
for f in "$work/out/default/crashes"/id:*; do
  [ -e "$f" ] || continue
  cp "$f" "crashes/$target/$(sha1sum "$f" | cut -c1-12)"; crashes=$((crashes + 1))
done
cat >"results/$target.txt" <<SUMMARY
target=$target
seconds=$seconds
execs_done=$(stat execs_done)
execs_per_sec=$(stat execs_per_sec)
corpus_count=$(stat corpus_count)
saved_crashes=$crashes
saved_hangs=$(stat saved_hangs)
bitmap_cvg=$(stat bitmap_cvg)
date=$(date -u +%FT%TZ)
SUMMARY
echo "fuzz $target: $(stat execs_done) executions in ${seconds}s, $crashes crashes, corpus $n inputs"
