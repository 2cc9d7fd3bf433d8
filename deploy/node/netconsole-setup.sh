#!/bin/sh
# netconsole-setup.sh — send this node's kernel console to krglogs with extended netconsole.
#
# Reads logdest=IP:PORT and logdev=IFACE from the kernel command line (the parameters of the original
# Kerrighed set-up, so existing boot configurations keep working) or from --dest/--dev, finds the next hop's
# MAC address, and configures the netconsole target "krglogs" through configfs with extended=1 (and release=1
# where the kernel has it). Kernels without dynamic netconsole get the module parameter instead.
# Running it again changes only what differs (the target is disabled while its attributes change).
#
# POSIX sh; needs iproute2 and coreutils (arping, when installed, resolves a neighbour not yet known).
#
# Exit status: 0 configured (or already so, or nothing asked: no logdest=), 2 usage or a bad value,
# 3 network (no such device, no route, no IPv4 source address), 4 kernel (no netconsole, a write refused).
set -u

PROG=netconsole-setup
CMDLINE_FILE=/proc/cmdline
CONFIGFS=/sys/kernel/config
CONFIGFS_GIVEN=0
NAME=krglogs
LOCAL_PORT=6665
DEST=
DEV=
DRY_RUN=0
PLAIN=0
BROADCAST=ff:ff:ff:ff:ff:ff

say() { echo "$PROG: $*" >&2; }
fail() { code=$1; shift; say "error: $*"; exit "$code"; }
usage() {
    cat <<EOF
usage: $PROG [--dest IP:PORT] [--dev IFACE] [--name NAME] [--local-port PORT] [--plain]
             [--cmdline FILE] [--configfs DIR] [--dry-run]
  --dest IP:PORT    where krglogs listens (default: logdest= on the kernel command line)
  --dev IFACE       interface to send from (default: logdev=, else the route's interface)
  --name NAME       configfs target name (default: krglogs)
  --local-port N    UDP source port (default: 6665)
  --plain           plain netconsole instead of extended (kernels before 4.2)
  --cmdline FILE    read logdest=/logdev= from FILE instead of /proc/cmdline
  --configfs DIR    configfs mount point (default: /sys/kernel/config)
  --dry-run         show what would be done, change nothing
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --dest) [ $# -ge 2 ] || fail 2 "--dest needs IP:PORT"; DEST=$2; shift ;;
        --dest=*) DEST=${1#*=} ;;
        --dev) [ $# -ge 2 ] || fail 2 "--dev needs an interface"; DEV=$2; shift ;;
        --dev=*) DEV=${1#*=} ;;
        --name) [ $# -ge 2 ] || fail 2 "--name needs a value"; NAME=$2; shift ;;
        --local-port) [ $# -ge 2 ] || fail 2 "--local-port needs a number"; LOCAL_PORT=$2; shift ;;
        --plain) PLAIN=1 ;;
        --cmdline) [ $# -ge 2 ] || fail 2 "--cmdline needs a file"; CMDLINE_FILE=$2; shift ;;
        --configfs) [ $# -ge 2 ] || fail 2 "--configfs needs a directory"; CONFIGFS=$2; CONFIGFS_GIVEN=1; shift ;;
        --dry-run) DRY_RUN=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; fail 2 "unknown option '$1'" ;;
    esac
    shift
done

# ---- what to configure: options win over the kernel command line
if [ -z "$DEST" ] || [ -z "$DEV" ]; then
    [ -r "$CMDLINE_FILE" ] || fail 2 "cannot read $CMDLINE_FILE"
    # shellcheck disable=SC2013 # words, not lines: the command line is one line of words
    for word in $(cat "$CMDLINE_FILE"); do
        case "$word" in
            logdest=*) [ -n "$DEST" ] || DEST=${word#logdest=} ;;
            logdev=*) [ -n "$DEV" ] || DEV=${word#logdev=} ;;
        esac
    done
fi
if [ -z "$DEST" ]; then
    say "no logdest=IP:PORT on the kernel command line ($CMDLINE_FILE) and no --dest: nothing to do"
    exit 0
fi

is_port() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; [ ${#1} -le 5 ] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }
is_ipv4() {
    case "$1" in *[!0-9.]*|.*|*.|*..*) return 1 ;; esac
    old_ifs=$IFS; IFS=.
    # shellcheck disable=SC2086 # split on the dots on purpose
    set -- $1
    IFS=$old_ifs
    [ $# -eq 4 ] || return 1
    for octet in "$@"; do [ ${#octet} -le 3 ] && [ "$octet" -le 255 ] || return 1; done
}
DEST_IP=${DEST%:*}
DEST_PORT=${DEST##*:}
[ "$DEST_IP" != "$DEST" ] || fail 2 "logdest '$DEST' is not IP:PORT"
is_ipv4 "$DEST_IP" || fail 2 "logdest '$DEST': '$DEST_IP' is not an IPv4 address"
is_port "$DEST_PORT" || fail 2 "logdest '$DEST': '$DEST_PORT' is not a port (1-65535)"
is_port "$LOCAL_PORT" || fail 2 "--local-port '$LOCAL_PORT' is not a port (1-65535)"
case "$NAME" in ''|*[!A-Za-z0-9_.-]*|.*) fail 2 "--name '$NAME': use letters, digits, '.', '_' or '-'" ;; esac
case "$DEV" in *[!A-Za-z0-9_.:@-]*) fail 2 "logdev '$DEV' is not an interface name" ;; esac

# ---- route: device, source address and next hop
command -v ip >/dev/null 2>&1 || fail 3 "'ip' (iproute2) is not installed"
if [ -n "$DEV" ]; then
    [ -e "/sys/class/net/$DEV" ] || ip link show dev "$DEV" >/dev/null 2>&1 || fail 3 "no network interface '$DEV' (logdev)"
    route=$(ip -4 route get "$DEST_IP" oif "$DEV" 2>&1) || fail 3 "no route to $DEST_IP through $DEV: $route"
else
    route=$(ip -4 route get "$DEST_IP" 2>&1) || fail 3 "no route to $DEST_IP: $route"
fi
via='' route_dev='' src=''
# shellcheck disable=SC2086 # the route's words
set -- $route
while [ $# -gt 0 ]; do
    case "$1" in
        via) via=${2:-} ;;
        dev) route_dev=${2:-} ;;
        src) src=${2:-} ;;
    esac
    shift
done
[ -n "$DEV" ] || DEV=$route_dev
[ -n "$DEV" ] || fail 3 "cannot tell the interface of the route to $DEST_IP: $route"
[ -n "$src" ] || fail 3 "$DEV has no IPv4 address to send from (route: $route)"
NEXT_HOP=${via:-$DEST_IP}

# ---- next hop's MAC: the neighbour table, else arping, else broadcast
is_mac() { case "$1" in [0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F]) return 0 ;; esac; return 1; }
lower() { printf '%s' "$1" | tr 'A-F' 'a-f'; }
neighbour_mac() {
    # shellcheck disable=SC2046 # the neighbour entry's words
    set -- $(ip -4 neigh show "$NEXT_HOP" dev "$DEV" 2>/dev/null)
    while [ $# -gt 1 ]; do
        if [ "$1" = lladdr ] && is_mac "$2"; then lower "$2"; return 0; fi
        shift
    done
    return 1
}
arping_mac() {
    command -v arping >/dev/null 2>&1 || return 1
    # iputils and busybox: -I IFACE -w SECONDS; Habets' arping: -i IFACE. Take the first MAC printed.
    out=$(arping -c 1 -w 2 -I "$DEV" "$NEXT_HOP" 2>/dev/null) || out=$(arping -c 1 -i "$DEV" "$NEXT_HOP" 2>/dev/null) || return 1
    for w in $out; do
        w=${w#[}; w=${w%]}; w=${w#(}; w=${w%)}
        if is_mac "$w" && [ "$(lower "$w")" != "$BROADCAST" ]; then lower "$w"; return 0; fi
    done
    return 1
}
if MAC=$(neighbour_mac); then
    say "next hop $NEXT_HOP on $DEV is $MAC (neighbour table)"
elif MAC=$(arping_mac); then
    say "next hop $NEXT_HOP on $DEV is $MAC (arping)"
else
    MAC=$BROADCAST
    say "warning: cannot resolve the MAC address of $NEXT_HOP on $DEV (not in the neighbour table$(command -v arping >/dev/null 2>&1 || echo '; arping not installed')); sending to broadcast $MAC"
fi

say "target: $src:$LOCAL_PORT on $DEV -> $DEST_IP:$DEST_PORT via $MAC ($([ $PLAIN = 1 ] && echo plain || echo extended))"

run() { # run COMMAND...: or only show it (--dry-run)
    if [ $DRY_RUN = 1 ]; then say "dry run: would run: $*"; return 0; fi
    "$@"
}

is_mounted() {
    while read -r _ dir _; do [ "$dir" = "$1" ] && return 0; done </proc/mounts 2>/dev/null
    return 1
}

# ---- dynamic netconsole (configfs), loading the module and mounting configfs when needed
NC=$CONFIGFS/netconsole
if [ ! -d "$NC" ] && [ $CONFIGFS_GIVEN = 0 ] && [ $DRY_RUN = 0 ]; then
    if [ ! -d /sys/module/netconsole ] && command -v modprobe >/dev/null 2>&1; then
        modprobe netconsole 2>/dev/null || say "modprobe netconsole failed (built into the kernel, or not available)"
    fi
    if [ ! -d "$NC" ] && [ -d "$CONFIGFS" ] && ! is_mounted "$CONFIGFS"; then
        mount -t configfs configfs "$CONFIGFS" 2>/dev/null || say "cannot mount configfs on $CONFIGFS"
    fi
fi

if [ ! -d "$NC" ]; then
    # Old kernel or no CONFIG_NETCONSOLE_DYNAMIC: the module parameter, "+" for extended (Linux >= 4.2).
    param="$LOCAL_PORT@$src/$DEV,$DEST_PORT@$DEST_IP/$MAC"
    [ $PLAIN = 1 ] || param="+$param"
    say "no dynamic netconsole ($NC is missing): using the module parameter netconsole=$param"
    command -v modprobe >/dev/null 2>&1 || [ $DRY_RUN = 1 ] || fail 4 "modprobe is not installed"
    if [ -d /sys/module/netconsole ] && [ $DRY_RUN = 0 ]; then
        # Loaded with other parameters: they only change by loading it again.
        modprobe -r netconsole || fail 4 "netconsole is loaded and cannot be unloaded to change its parameters"
    fi
    run modprobe netconsole "netconsole=$param" || fail 4 "modprobe netconsole netconsole=$param failed (is netconsole built for this kernel? see dmesg)"
    say "netconsole configured by module parameter"
    exit 0
fi

T=$NC/$NAME
current() { cat "$T/$1" 2>/dev/null; }
if [ ! -d "$T" ]; then
    if [ $DRY_RUN = 1 ]; then say "dry run: would create $T"
    else mkdir "$T" 2>/dev/null || fail 4 "cannot create the netconsole target $T (are you root?)"; fi
fi

# Desired attributes, in the order the kernel wants them (extended before release).
want="dev_name=$DEV local_ip=$src remote_ip=$DEST_IP local_port=$LOCAL_PORT remote_port=$DEST_PORT remote_mac=$MAC"
if [ $PLAIN = 1 ]; then want="$want extended=0"; else want="$want extended=1"; fi
has_release=0
if [ -e "$T/release" ]; then
    has_release=1
    if [ $PLAIN = 1 ]; then want="$want release=0"; else want="$want release=1"; fi
fi

changes=
for kv in $want; do
    attr=${kv%%=*} value=${kv#*=}
    have=$(current "$attr")
    case "$attr" in remote_mac) have=$(lower "$have") ;; esac
    [ "$have" = "$value" ] || changes="$changes $kv"
done
if [ -z "$changes" ] && [ "$(current enabled)" = 1 ]; then
    say "netconsole target $NAME already configured and enabled: nothing changed"
    exit 0
fi

write() { # write ATTR VALUE
    if [ $DRY_RUN = 1 ]; then say "dry run: would write $2 to $T/$1"; return 0; fi
    printf '%s\n' "$2" >"$T/$1" 2>/dev/null || fail 4 "the kernel refused $1=$2 for $T (see dmesg)"
}
if [ -n "$changes" ] && [ "$(current enabled)" = 1 ]; then
    say "disabling $NAME to change:$changes"
    write enabled 0
fi
for kv in $changes; do write "${kv%%=*}" "${kv#*=}"; done
[ $has_release = 1 ] || [ $PLAIN = 1 ] || say "this kernel has no 'release' attribute (Linux < 6.6): no release prefix"
write enabled 1
if [ $DRY_RUN = 0 ] && [ "$(current enabled)" != 1 ]; then
    fail 4 "netconsole target $NAME did not stay enabled (see dmesg)"
fi
say "netconsole target $NAME enabled"
exit 0
