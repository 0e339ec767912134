#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest: the sk_lookup demo with real sockets in two network namespaces over veth.
#   client netns: 203.0.113.1/24 on veth, routes 192.0.2.0/24 and 198.51.100.0/24 via the server
#   server netns: 203.0.113.2/24 on veth; all of 192.0.2.0/24 is local ("AnyIP": a local route on lo),
#                 198.51.100.1 is assigned to lo; sk_lookup_demo serves and steers (see its sources)
# Prints a report and one "PASS name" / "FAIL name" line per check; exits 1 if any check failed.
set -u
D=$1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
demo=$D/sk_lookup_demo
ready=/tmp/sk_lookup_demo.ready
fails=0

ip netns add srv && ip netns add cli || { echo "FAIL setup: ip netns add"; exit 1; }
ip link add veth-c netns cli type veth peer name veth-s netns srv
ip -n srv link set lo up; ip -n cli link set lo up
ip -n srv addr add 203.0.113.2/24 dev veth-s; ip -n srv link set veth-s up
ip -n cli addr add 203.0.113.1/24 dev veth-c; ip -n cli link set veth-c up
ip -n srv route add local 192.0.2.0/24 dev lo
ip -n srv addr add 198.51.100.1/32 dev lo
ip -n cli route add 192.0.2.0/24 via 203.0.113.2
ip -n cli route add 198.51.100.0/24 via 203.0.113.2

rm -f "$ready"
ip netns exec srv "$demo" serve "$D/sk_lookup_demo.bpf.o" "$ready" >/tmp/sk_lookup_demo.log 2>&1 &
server=$!
for _ in $(seq 100); do [ -e "$ready" ] && break; kill -0 $server 2>/dev/null || break; sleep 0.1; done
if [ ! -e "$ready" ]; then
	echo "FAIL setup: the server did not come up:"; sed 's/^/    /' /tmp/sk_lookup_demo.log
	exit 1
fi

# check NAME PROTO ADDR PORT EXPECTED: the client's answer must start with EXPECTED.
check() {
	local got
	got=$(ip netns exec cli "$demo" client "$2" "$3" "$4")
	case "$got" in
	"$5"*) printf '    %-4s %-19s -> %-34s ok\n' "$2" "$3:$4" "$got"; echo "PASS $1" >>/tmp/demo.results;;
	*) printf '    %-4s %-19s -> %-34s WRONG (expected %s)\n' "$2" "$3:$4" "$got" "$5"
	   echo "FAIL $1: got '$got', expected '$5'" >>/tmp/demo.results; fails=$((fails + 1));;
	esac
}
: >/tmp/demo.results
echo "sk_lookup demo on $(uname -r), program attached to the server's netns"
echo
echo "  1. one socket per protocol for all of 192.0.2.0/24 on port 80 (bound to 127.0.0.1:10080)"
for a in 192.0.2.1 192.0.2.77 192.0.2.254; do
	check "range tcp $a" tcp $a 80 "range-tcp $a:80"
	check "range udp $a" udp $a 80 "range-udp $a:80"
done
check "range other port passes" tcp 192.0.2.1 443 "error ECONNREFUSED"
echo
echo "  2. one socket per protocol for every port of 198.51.100.1 (bound to 127.0.0.1:10099)"
for p in 22 80 5353 65535; do
	check "ports tcp $p" tcp 198.51.100.1 $p "ports-tcp 198.51.100.1:$p"
	check "ports udp $p" udp 198.51.100.1 $p "ports-udp 198.51.100.1:$p"
done
echo
echo "  3. SK_DROP: 192.0.2.0/24 port 8080 is refused although a socket is bound to 0.0.0.0:8080"
check "drop tcp" tcp 192.0.2.1 8080 "error ECONNREFUSED"
check "drop bypassed on another address" tcp 203.0.113.2 8080 "bound-tcp 203.0.113.2:8080"
kill $server; wait $server 2>/dev/null
echo
echo "  4. the server exits, its link detaches: the regular lookup is back (nothing listens on :80)"
check "after detach: no steering" tcp 192.0.2.1 80 "error ECONNREFUSED"
echo
cat /tmp/demo.results
[ $fails = 0 ]
