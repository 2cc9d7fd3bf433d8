#!/usr/bin/env bash
# Runs every krglogs test. Installs what the tests need from Debian packages, only when missing, then builds
# and runs the whole solution. Ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

apt_updated=0
apt_update_once() { [ $apt_updated = 1 ] || { apt-get update -qq >/dev/null; apt_updated=1; }; }
need() { # need PACKAGE COMMAND: install PACKAGE unless COMMAND is already there
  local package=$1 command=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: '$command' is missing; install the Debian package '$package' (as root) and run again" >&2
    exit 2
  fi
  apt_update_once
  echo "test.sh: installing $package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

# Daemons are installed, never started system-wide: tests run their own on loopback ports.
no_daemon_start() {
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
}

need bsdutils logger    # real syslog client for the end-to-end tests
if ! command -v rsyslogd >/dev/null 2>&1; then no_daemon_start; fi
need rsyslog rsyslogd   # a node's syslog daemon, forwarding to krglogs
if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then no_daemon_start; fi
need postgresql-15 /usr/lib/postgresql/15/bin/postgres  # cluster tests start their own server in a temp dir
need chromium chromium  # the web page's tests drive it through Playwright (which then downloads no browser)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# syslog-ng conflicts with rsyslog as a package: unpack it beside the project and run it from there.
export KRGLOGS_SYSLOG_NG_ROOT=${KRGLOGS_SYSLOG_NG_ROOT:-$PWD/.test-deps/syslog-ng}
if [ ! -x "$KRGLOGS_SYSLOG_NG_ROOT/usr/sbin/syslog-ng" ]; then
  for lib in libivykis0 libnet1 libjson-c5 libwrap0 libpcre3; do
    dpkg -s "$lib" >/dev/null 2>&1 && continue
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$lib" >/dev/null
  done
  apt_update_once
  tmp=$(mktemp -d) && chmod 777 "$tmp" # apt-get download runs as _apt
  (cd "$tmp" && apt-get download syslog-ng-core >/dev/null)
  mkdir -p "$KRGLOGS_SYSLOG_NG_ROOT"
  dpkg -x "$tmp"/syslog-ng-core_*.deb "$KRGLOGS_SYSLOG_NG_ROOT"
  rm -rf "$tmp"
  echo "test.sh: syslog-ng unpacked in $KRGLOGS_SYSLOG_NG_ROOT"
fi
# Node set-up and deployment (NetconsoleVmTests, NetconsoleSetupTests, SystemdUnitTests): a real Debian kernel booted
# under qemu (TCG, no KVM) with a static busybox initramfs; shellcheck; systemd-analyze (systemd is not started).
need qemu-system-x86 qemu-system-x86_64
need cpio cpio
need iproute2 ip
need shellcheck shellcheck
if ! command -v systemd-analyze >/dev/null 2>&1; then no_daemon_start; fi
need systemd systemd-analyze
if ! command -v busybox >/dev/null 2>&1 || ldd "$(command -v busybox)" >/dev/null 2>&1; then
  apt_update_once; echo "test.sh: installing busybox-static"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
fi
kernel_ok=0
for k in /boot/vmlinuz-*; do if [ -f "/lib/modules/${k#/boot/vmlinuz-}/modules.dep" ]; then kernel_ok=1; fi; done
if [ $kernel_ok = 0 ]; then
  apt_update_once; echo "test.sh: installing linux-image-amd64 (booted only inside qemu)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-image-amd64 >/dev/null
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }

out=.test-out
rm -rf "$out"
mkdir -p "$out"

dotnet build Akka.KrgLogs.sln -c Debug -nologo -clp:ErrorsOnly
dotnet build bench/Benchmarks -c Release -nologo -clp:ErrorsOnly  # benchmarks are not run here, but must build
dotnet build bench/LoadGen -c Release -nologo -clp:ErrorsOnly     # nor the ingest load generator (bench/ingest.sh)
set +e
dotnet test Akka.KrgLogs.sln -c Debug --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$out" "$@"
status=$?
set -e

passed=0; failed=0
for trx in "$out"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1 # the runner failed without a test failing (crash, build error): never report green
fi
# The figures tests print (corpus scores, loss and fail-over counts, fuzzing, floods, faults), gathered from the results.
figures=$(grep -ho -E '(FIGURE [^<]*|[A-Za-z][^<>]{0,60}: lines sent [^<]*|(syzkaller|abrt) corpus: [^<]*|both qemu runs[^<]*)' "$out"/*.trx 2>/dev/null | sort -u || true)
if [ -n "$figures" ]; then
  echo "figures:"
  sed 's/^/  /' <<<"$figures"
  # Issue 9 (hostile input, floods, faults) summed up from the lines above; "n/a" where its test did not report.
  pick() { sed -n "$1" <<<"$figures" | head -n 1; }
  fuzz_execs=$(pick 's/^FIGURE fuzz: \([0-9]*\) executions.*/\1/p'); fuzz_crashes=$(pick 's/^FIGURE fuzz: .*, \([0-9]*\) crashes found.*/\1/p')
  flood_ratio=$(pick 's/^FIGURE flood: .*ratio held \([0-9.]*x\).*/\1/p')
  flood_loss=$(sed -n 's/^FIGURE flood: .* \([0-9]*\) neighbours \([0-9]*\)\/\([0-9]*\) each.*/\1 \2 \3/p' <<<"$figures" | awk '{ s += $1 * ($3 - $2); n++ } END { if (n) print s; else print "n/a" }')
  faults=$( { sed -n 's/^FIGURE faults: \([0-9]*\) injected.* \([0-9]*\) lost.*/\1 \2/p' <<<"$figures"
              sed -n 's/^PostgreSQL down[^:]*: lines sent .*, lost \([0-9]*\),.*/1 \1/p' <<<"$figures"; } |
            awk '{ f += $1; l += $2; n++ } END { if (n) print f " injected, accepted lines lost " l; else print "n/a" }')
  bad=$( { sed -n 's/^FIGURE bad inputs: \([0-9]*\) .*/\1/p' <<<"$figures"; sed -n 's/^FIGURE fuzz: .*, \([0-9]*\) bad inputs replayed.*/\1/p' <<<"$figures"; } |
         awk '{ s += $1; n++ } END { if (n) print s; else print "n/a" }')
  echo "hostile input (issue 9): fuzzing ${fuzz_execs:-n/a} executions, ${fuzz_crashes:-n/a} crashes found (each now a test);" \
    "flood ratio held ${flood_ratio:-n/a} (not 20x), other nodes lost ${flood_loss};" \
    "faults ${faults}; bad inputs tried ${bad} (plus the fuzzer's executions)"
fi
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
