#!/bin/bash
# boot-node.sh PORT OUTDIR  --  boot the distribution kernel under qemu (TCG) as a node whose kernel command line
# says logdest=10.0.2.2:PORT logdev=eth0, with deploy/node/netconsole-setup.sh run by its /init (node-init.sh);
# the kernel then panics by sysrq-c. slirp delivers the guest's 10.0.2.2:PORT to the host's 127.0.0.1:PORT.
#
# Built the way ../shared/tools/netconsole-vm/run.sh builds its guests (same kernel choice, module resolution
# from modules.dep, qemu user networking without forwarding, `timeout 180`); that harness's /init configures
# netconsole itself, so this one has its own. Installs nothing: ./test.sh installs qemu-system-x86,
# busybox-static, cpio and linux-image-amd64.
# Writes OUTDIR/serial.log; exits 0 once the panic's end marker is on ttyS0, 1 otherwise.
set -euo pipefail

PORT=${1:?usage: boot-node.sh PORT OUTDIR}
OUT=${2:?usage: boot-node.sh PORT OUTDIR}
TIMEOUT=${TIMEOUT:-180}
GRACE=${GRACE:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
SETUP=$(cd "$HERE/../../../deploy/node" && pwd)/netconsole-setup.sh
log() { echo "[boot-node $(date +%T)] $*" >&2; }

BB=$(command -v busybox) || { log "busybox is not installed"; exit 1; }
command -v qemu-system-x86_64 >/dev/null || { log "qemu-system-x86_64 is not installed"; exit 1; }
KVER=
for k in $(printf '%s\n' /boot/vmlinuz-* | sort -V -r); do
    v=${k#/boot/vmlinuz-}
    if [ -f "/lib/modules/$v/modules.dep" ]; then KVER=$v; break; fi
done
[ -n "$KVER" ] || { log "no /boot/vmlinuz-* with /lib/modules/VER/modules.dep (install linux-image-amd64)"; exit 1; }
MODDIR=/lib/modules/$KVER

mkdir -p "$OUT"
STAGE=$(mktemp -d "$OUT/stage.XXXXXX")
QPID=
cleanup() { [ -n "$QPID" ] && kill "$QPID" 2>/dev/null; rm -rf "$STAGE" "$STAGE.cpio.gz"; return 0; }
trap cleanup EXIT

# Modules with their dependencies, copied decompressed under their own paths, with a modules.dep for modprobe.
declare -A SEEN=()
DEPS=()
modpath() {
    local re
    re=${1//-/_}
    re=${re//_/[-_]}
    grep -E "(^|/)${re}\.ko(\.(xz|zst|gz))?:" "$MODDIR/modules.dep" | head -1 | cut -d: -f1
}
add_mod() {
    local p=$1 d
    case "$p" in */*) ;; *) p=$(modpath "$p") ;; esac
    [ -n "$p" ] || { log "module $1 not found in $MODDIR"; exit 1; }
    [ -n "${SEEN[$p]:-}" ] && return 0
    SEEN[$p]=1
    # shellcheck disable=SC2013 # the dependencies are words of one line
    for d in $(grep -E "^${p//./\\.}:" "$MODDIR/modules.dep" | cut -d: -f2); do add_mod "$d"; done
    local target=$STAGE/lib/modules/$KVER/${p%.*}
    case "$p" in *.ko) target=$STAGE/lib/modules/$KVER/$p ;; esac
    mkdir -p "$(dirname "$target")"
    case "$p" in
        *.xz) xz -dc "$MODDIR/$p" >"$target" ;;
        *.zst) zstd -qdc "$MODDIR/$p" >"$target" ;;
        *.gz) gzip -dc "$MODDIR/$p" >"$target" ;;
        *) cp "$MODDIR/$p" "$target" ;;
    esac
    DEPS+=("$p")
}
add_mod e1000
add_mod netconsole
add_mod i2c_piix4
strip() { sed -E 's/\.ko\.(xz|zst|gz)/.ko/g'; }
for p in "${DEPS[@]}"; do grep -E "^${p//./\\.}:" "$MODDIR/modules.dep"; done | strip >"$STAGE/lib/modules/$KVER/modules.dep"
printf 'e1000\n' >"$STAGE/boot.modules"
printf 'i2c_piix4\n' >"$STAGE/late.modules"

mkdir -p "$STAGE"/{bin,sbin,usr/sbin,dev,proc,sys,tmp}
cp "$BB" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
cp "$HERE/node-init.sh" "$STAGE/init"
cp "$SETUP" "$STAGE/usr/sbin/netconsole-setup.sh"
chmod 755 "$STAGE/init" "$STAGE/usr/sbin/netconsole-setup.sh"
(cd "$STAGE" && find . | sort | cpio -o -H newc --quiet | gzip -1) >"$STAGE.cpio.gz"

SERIAL=$OUT/serial.log
rm -f "$SERIAL"
CMDLINE="console=ttyS0,115200 panic=0 oops=panic ipv6.disable=1 printk.devkmsg=on logdest=10.0.2.2:$PORT logdev=eth0"
# shellcheck disable=SC2054 # pc,accel=tcg is one argument
QEMU=(qemu-system-x86_64 -nodefaults -no-user-config -machine pc,accel=tcg
      -m 512 -smp 1 -display none -monitor none -no-reboot
      -serial "file:$SERIAL"
      -netdev user,id=n0,ipv6=off -device e1000,netdev=n0
      -kernel "/boot/vmlinuz-$KVER" -initrd "$STAGE.cpio.gz" -append "$CMDLINE")
log "kernel $KVER, qemu: ${QEMU[*]}"
T0=$(date +%s.%N)
timeout "$TIMEOUT" "${QEMU[@]}" &
QPID=$!
ended=no
while kill -0 "$QPID" 2>/dev/null; do
    if grep -aq -- '---\[ end Kernel panic' "$SERIAL" 2>/dev/null; then
        ended=yes
        sleep "$GRACE" # the last datagrams leave through slirp
        break
    fi
    sleep 0.1
done
kill "$QPID" 2>/dev/null || true
wait "$QPID" 2>/dev/null || true
QPID=
log "qemu ran $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s; panic end marker on ttyS0: $ended"
[ "$ended" = yes ]
