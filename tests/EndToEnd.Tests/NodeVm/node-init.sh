#!/bin/sh
# /init of the node initramfs built by boot-node.sh (busybox only): boots like a compute node whose boot
# configuration has logdest=/logdev= on the kernel command line, runs deploy/node/netconsole-setup.sh the way
# krglogs-netconsole.service would (network up, nothing else told), logs a few lines, then dies by sysrq-c.
# Everything it prints goes to ttyS0 only.
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin /run
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
say() { echo "node-init: $*"; }

# The NIC driver, as udev would load it; netconsole itself is left to the set-up script (modprobe).
while read -r m; do [ -n "$m" ] && { modprobe "$m" || say "modprobe $m FAILED"; }; done </boot.modules
mount -t configfs configfs /sys/kernel/config || say "configfs mount FAILED"

# The node's network (its own configuration: static here), no default route, no IPv6.
ip link set lo up
ip link set eth0 up || say "no eth0!"
ip addr add 10.0.2.15/24 dev eth0
i=0
while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
say "eth0 carrier=$(cat /sys/class/net/eth0/carrier 2>/dev/null) after ${i}x0.1s"
echo 8 >/proc/sys/kernel/printk          # every level reaches the consoles
echo on >/proc/sys/kernel/printk_devkmsg 2>/dev/null

# What krglogs-netconsole.service runs: no options, everything from /proc/cmdline.
/usr/sbin/netconsole-setup.sh
say "netconsole-setup.sh exited with $?"
for f in /sys/kernel/config/netconsole/*/*; do [ -f "$f" ] && say "  $f = $(cat "$f")"; done
# Run again: idempotent, must leave the target as it is.
/usr/sbin/netconsole-setup.sh
say "second netconsole-setup.sh exited with $?"

km() { printf '%s\n' "$1" >/dev/kmsg || say "write to /dev/kmsg FAILED"; }
km "<6>krglogs-node: up, $(cat /proc/version)"
km "<6>krglogs-node: netconsole configured from: $(cat /proc/cmdline)"
# A real driver message after the set-up (dev_info with a dictionary): i2c-piix4 binds qemu's PIIX4.
while read -r m; do [ -n "$m" ] && { modprobe "$m" || say "modprobe $m FAILED"; }; done </late.modules
km "<6>krglogs-node: triggering sysrq-c now"
echo 1 >/proc/sys/kernel/sysrq
sleep 0.2
echo c >/proc/sysrq-trigger
say "still alive?!"
sleep 30
poweroff -f
