#!/bin/sh
# Runs inside the guest (bench initramfs, from /etc/inittab) on Anvil and on Linux alike:
# prints BENCH_START at once (the host times boot by its arrival), the after-boot figures,
# every benchmark in its own process with a time limit, then BENCH_DONE, and powers off.
# Uses only /bin/busybox, called by full path: no applet links are installed.
bb=/bin/busybox
echo BENCH_START

$bb mount -t devtmpfs devtmpfs /dev || echo "BENCH_ERR setup mount devtmpfs /dev failed"
$bb mount -t proc proc /proc || echo "BENCH_ERR setup mount proc /proc failed"

# Seconds since the kernel started, by the kernel's own clock.
if [ -r /proc/uptime ]; then
	$bb awk '{ printf "BENCH boot_uptime %d ms\n", $1 * 1000 }' /proc/uptime
else
	echo "BENCH_ERR boot_uptime /proc/uptime missing"
fi
# Memory in use once booted, as free(1) counts it.
if [ -r /proc/meminfo ]; then
	$bb awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2; ok = 1 }
		END { if (ok) printf "BENCH mem_used %d KiB\n", t - a;
		      else print "BENCH_ERR mem_used no MemAvailable in /proc/meminfo" }' /proc/meminfo
else
	echo "BENCH_ERR mem_used /proc/meminfo missing"
fi

# bench exits 1 after printing its own BENCH_ERR; any other failure (a crash, the time
# limit) is reported here.
for b in $(/bench/bench list); do
	$bb timeout 20 /bench/bench "$b"
	st=$?
	[ $st -le 1 ] || echo "BENCH_ERR $b exit status $st (crash or 20 s time limit)"
done

echo BENCH_DONE
$bb poweroff -f
