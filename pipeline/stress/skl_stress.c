// SPDX-License-Identifier: GPL-2.0
/*
 * skl_stress: a bounded stress of BPF sk_lookup (netns links, the run loop, bpf_sk_assign, the
 * test-run path) under UDP and TCP traffic, with exact accounting of that traffic.
 *
 *   skl_stress DURATION [BPF_OBJECT]
 *
 * Runs as root in the initial netns of a test VM. It makes two traffic netns ("skl-sa", "skl-sb",
 * joined by a veth pair: 203.0.113.1 and 203.0.113.2) with ip(8), then for DURATION seconds runs:
 *   - per traffic netns a server: SLOTS UDP sockets in a SOCKMAP and SLOTS TCP listeners in a
 *     SOCKHASH, bound to 127.0.0.1 on ports outside the steered range, replaced in a loop (removed
 *     from the map and closed, or closed while in the map; then made anew and inserted);
 *   - per traffic netns a UDP sender and a TCP client hitting the steered ports of their own netns
 *     over lo and of the other netns over the veth;
 *   - per traffic netns a link churn thread: netns links of the steering and passing programs, up
 *     to the limit of 64 (the 65th must fail with E2BIG), updated (also with a wrong old program:
 *     EPERM), detached (then updating must fail with ENOLINK), closed, queried (the count must match);
 *   - per traffic netns a BPF_PROG_TEST_RUN loop on a steering program with a context whose lookup
 *     selects the sockets the server replaces: the cookie it reports must be one of those sockets';
 *   - a netns churn thread: makes a netns, attaches 1..64 links, sends traffic in it, destroys it
 *     with links attached; the links must then show no netns, refuse updates with ENOLINK, detach
 *     and close (some of them only after the struct net is gone).
 * Then it stops the load (every wait is bounded: a stuck thread is reported), lets the UDP
 * accounting settle, tears everything down (the traffic netns are deleted with links attached),
 * polls (bounded) until no netns made during the run, no sk_lookup program or link and no
 * SOCKMAP/SOCKHASH is left, scans the kernel log written meanwhile, prints the report and exits 0
 * only when every check passed.
 *
 * Accounting. UDP: every datagram carries STRESS_MAGIC; a sendto() that returned the full length
 * counts as sent; the servers count what they read; a tp_btf/kfree_skb program counts every stress
 * datagram freed as dropped, by destination and drop reason (a datagram is freed exactly once:
 * either consumed after being read, which that tracepoint does not see, or dropped, which it does).
 * So for each destination sent == received + dropped, exactly, once nothing is in flight. The
 * counts are cross-checked against the UDP SNMP deltas of each traffic netns (InDatagrams ==
 * received, NoPorts == drops with reason NO_SOCKET, RcvbufErrors == drops with SOCKET_RCVBUFF) and
 * /proc/net/softnet_stat (backlog drops >= CPU_BACKLOG drops of stress datagrams).
 * TCP: each attempt ends served (the client read the server's byte), refused, reset or timed out;
 * anything else fails, and served == the connections the servers accepted and answered.
 * Objects: fexit/copy_net_ns remembers every netns made during the run (the traffic netns, the churn's,
 * the flush netns of the teardown) and a kmem_cache_free hook forgets each struct net when it is
 * freed; the kernel frees a struct net one netns-cleanup round late, so the teardown makes and drops
 * "flush" netns until only the last of them is still allocated. Programs, links and socket maps are
 * looked up by id system-wide. With a net_namespace slab cache of its own (slab_nomerge), its object
 * count (shrunk first) must also be back to the baseline.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/tcp.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "skl_stress.h"
#include "ksyms.h"

#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define MAX_LINKS	64		/* the kernel's limit of sk_lookup programs per netns */
#define IO_TIMEOUT_MS	10000		/* a TCP connect or read that takes longer is "timed out" */
#define JOIN_LIMIT_S	40		/* a thread not done this long after being told to stop is stuck */
#define SETTLE_LIMIT_S	30		/* the UDP accounting must balance within this after the load stops */
#define STUCK_LIMIT_S	30		/* objects must be gone within this after the teardown */

static const char *const ns_names[NR_NS] = { "skl-sa", "skl-sb" };
static const char *const ns_addrs[NR_NS] = { "203.0.113.1", "203.0.113.2" };
static const char *const bucket_names[NR_BUCKETS] = { "skl-sa", "skl-sb", "churn" };

static int port_base(int ns)
{
	return ns ? PORT_BASE_1 : PORT_BASE_0;
}

static int port_ns(int port)
{
	for (int i = 0; i < NR_NS; i++)
		if (port >= port_base(i) && port < port_base(i) + RANGE_LEN)
			return i;
	return -1;
}

/* ---- counters ---- */

#define INC(x) __atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)
#define ADD(x, n) __atomic_fetch_add(&(x), (n), __ATOMIC_RELAXED)
#define GET(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

#define OPS(X) \
	X(link_attach)		/* netns link made in a traffic netns */ \
	X(link_attach_e2big)	/* a link past the 64th refused with E2BIG */ \
	X(link_update)		/* BPF_LINK_UPDATE to another program */ \
	X(link_update_eperm)	/* ... with a wrong old program: EPERM */ \
	X(link_detach)		/* BPF_LINK_DETACH */ \
	X(link_update_detached)	/* update after detach: ENOLINK */ \
	X(link_close)		/* link fd closed (detached or not) */ \
	X(prog_query)		/* BPF_PROG_QUERY, count checked */ \
	X(netns_create)		/* short-lived netns made */ \
	X(netns_link_attach)	/* links attached in them */ \
	X(netns_destroy_with_links) /* destroyed with links attached */ \
	X(netns_autodetach)	/* a link seen without netns after that */ \
	X(dead_link_update)	/* update of such a link: ENOLINK */ \
	X(dead_link_detach)	/* detach of such a link: 0 */ \
	X(dead_link_close_late)	/* closed one netns round later */ \
	X(sock_replace_udp)	/* steered UDP socket replaced */ \
	X(sock_replace_tcp)	/* steered TCP listener replaced */ \
	X(map_delete)		/* socket removed from its map, then closed */ \
	X(close_in_map)		/* socket closed while in its map (the kernel removes it) */ \
	X(map_insert)		/* socket inserted */ \
	X(test_run)		/* BPF_PROG_TEST_RUN of a steering program */ \
	X(test_run_selected)	/* ... that selected a socket */ \
	X(udp_send)		/* sendto() of a stress datagram */ \
	X(tcp_connect)		/* TCP connection attempts */ \
	X(traffic_netns_destroy_with_links) /* traffic netns deleted with links attached */

#define OP_ENUM(n) OP_##n,
#define OP_NAME(n) #n,
enum { OPS(OP_ENUM) NR_OPS };
static const char *const op_names[] = { OPS(OP_NAME) };
static unsigned long long ops[NR_OPS];

/* UDP, by destination bucket (the two traffic netns, the churn netns). */
static unsigned long long udp_sent[NR_BUCKETS], udp_send_err;
static unsigned long long udp_recv[NR_NS], udp_steered[NR_NS], udp_misdelivered, udp_foreign;
/* TCP, by destination bucket. */
/* closing: connected, then a FIN (and a reset) from a child that its listener's close() made while
 * closing: the TCP race pipeline/stress/listen_race shows; counted only where the tracer saw that FIN
 * sent from tcp_child_process() by a socket user space never had.
 */
enum { T_SERVED, T_REFUSED, T_RESET, T_TIMEDOUT, T_CLOSING, T_OTHER, NR_TOUT };
static const char *const tout_names[NR_TOUT] = { "served", "refused", "reset", "timedout", "closing", "other" };
static unsigned long long tcp_attempts[NR_BUCKETS], tcp_out[NR_BUCKETS][NR_TOUT];
static unsigned long long srv_accepted[NR_NS], srv_answered[NR_NS], srv_steered[NR_NS];
static unsigned long long srv_write_fail, srv_misdelivered, srv_accept_aborted;
static unsigned long long test_run_bad_cookie, test_run_bad_retval;
static unsigned long long unexpected_total;

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static void say(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&print_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
}

/* Something the kernel answered that it should not have: counted, the first 50 printed. */
static void unexpected(const char *fmt, ...)
{
	unsigned long long n = INC(unexpected_total);
	va_list ap;

	if (n >= 50)
		return;
	pthread_mutex_lock(&print_lock);
	printf("unexpected: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
}

/* close(2) of a file descriptor the tool owns: failing (EBADF) means a thread closed one it did not
 * own any more, which would close another thread's socket or link under it.
 */
static void xclose(int fd)
{
	if (close(fd))
		unexpected("close(%d): %s", fd, strerror(errno));
}

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "skl_stress: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void sleep_us(int us)
{
	struct timespec ts = { 0, us * 1000L };

	nanosleep(&ts, NULL);
}

static unsigned int rnd(unsigned int *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* ---- shared state ---- */

static volatile int stop_load;		/* senders, clients, churn, test runs */
static volatile int stop_servers;
static int init_ns_fd;
static int ns_fd[NR_NS];
static int prog_fd[3];			/* steer, steer_replace, pass */
static const char *const prog_names[3] = { "steer", "steer_replace", "pass" };
static int udp_map_fd, tcp_map_fd;
static int servers_ready;

/* Cookies of every steered socket ever made, tagged with (ns, protocol): a test run's cookie must be
 * one of them. Open addressing, never deleted from.
 */
#define COOKIE_SET_SIZE (1 << 18)
static unsigned long long cookie_keys[COOKIE_SET_SIZE];
static unsigned char cookie_tags[COOKIE_SET_SIZE];
static unsigned int cookie_count;
static pthread_mutex_t cookie_lock = PTHREAD_MUTEX_INITIALIZER;

static void cookie_add(unsigned long long c, int tag)
{
	unsigned int h;

	pthread_mutex_lock(&cookie_lock);
	if (cookie_count < COOKIE_SET_SIZE / 2) {
		for (h = (c * 0x9e3779b97f4a7c15ULL) >> 46; cookie_keys[h]; h = (h + 1) % COOKIE_SET_SIZE)
			if (cookie_keys[h] == c)
				break;
		cookie_keys[h] = c;
		cookie_tags[h] = tag;
		cookie_count++;
	} else {
		unexpected("cookie set full");
	}
	pthread_mutex_unlock(&cookie_lock);
}

/* The tag of cookie c plus one, 0 if unknown. */
static int cookie_find(unsigned long long c)
{
	unsigned int h;
	int r = 0;

	pthread_mutex_lock(&cookie_lock);
	for (h = (c * 0x9e3779b97f4a7c15ULL) >> 46; cookie_keys[h]; h = (h + 1) % COOKIE_SET_SIZE)
		if (cookie_keys[h] == c) {
			r = cookie_tags[h] + 1;
			break;
		}
	pthread_mutex_unlock(&cookie_lock);
	return r;
}

static void enter_ns(int fd, const char *who)
{
	if (setns(fd, CLONE_NEWNET))
		die("%s: setns: %s", who, strerror(errno));
}

/* ---- the steered sockets (server) ---- */

struct slot {
	int fd;
	int port;
};

static int make_steered(int ns, int proto, int slot, struct slot *s)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int one = 1, fd, map = proto == IPPROTO_TCP ? tcp_map_fd : udp_map_fd;
	__u32 key = ns * SLOTS + slot;
	unsigned long long cookie;
	socklen_t len = sizeof(cookie);
	__u64 val;

	s->port = port_base(ns) + BOUND_OFF + slot;
	fd = socket(AF_INET, (proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (proto == IPPROTO_UDP && setsockopt(fd, IPPROTO_IP, IP_RECVORIGDSTADDR, &one, sizeof(one)))
		die("IP_RECVORIGDSTADDR: %s", strerror(errno));
	sin.sin_port = htons(s->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		unexpected("bind 127.0.0.1:%d: %s", s->port, strerror(errno));
		xclose(fd);
		s->fd = -1;
		return -1;
	}
	if (proto == IPPROTO_TCP && listen(fd, 128))
		die("listen: %s", strerror(errno));
	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len))
		die("SO_COOKIE: %s", strerror(errno));
	/* known before it can be selected: a test run may see it as soon as it is in the map */
	cookie_add(cookie, ns * 2 + (proto == IPPROTO_TCP));
	val = fd;
	if (bpf_map_update_elem(map, &key, &val, BPF_ANY)) {
		unexpected("map insert ns %d slot %d proto %d: %s", ns, slot, proto, strerror(errno));
		xclose(fd);
		s->fd = -1;
		return -1;
	}
	INC(ops[OP_map_insert]);
	s->fd = fd;
	return 0;
}

static void drain_udp(int ns, int slot, struct slot *s)
{
	char buf[64], cbuf[CMSG_SPACE(sizeof(struct sockaddr_in))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg;
	struct cmsghdr *cm;
	unsigned long long magic;
	int port;
	ssize_t n;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		n = recvmsg(s->fd, &msg, 0);
		if (n < 0) {
			if (errno != EAGAIN)
				unexpected("udp recvmsg: %s", strerror(errno));
			return;
		}
		if (n < 16) {
			INC(udp_foreign);
			continue;
		}
		memcpy(&magic, buf, 8);
		if (magic != STRESS_MAGIC) {
			INC(udp_foreign);
			continue;
		}
		INC(udp_recv[ns]);
		port = -1;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
			if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_ORIGDSTADDR) {
				struct sockaddr_in o;

				memcpy(&o, CMSG_DATA(cm), sizeof(o));
				port = ntohs(o.sin_port);
			}
		/* it was sent to a steered port of this netns that selects this slot, where nothing is bound */
		if (port_ns(port) == ns && port % SLOTS == slot && port != s->port)
			INC(udp_steered[ns]);
		else
			INC(udp_misdelivered);
	}
}

static void accept_all(int ns, int slot, struct slot *s)
{
	struct sockaddr_in local;
	socklen_t len;
	int c, port;

	for (;;) {
		c = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK);
		if (c < 0) {
			if (errno == ECONNABORTED) {
				INC(srv_accept_aborted);
				continue;
			}
			if (errno != EAGAIN)
				unexpected("accept: %s", strerror(errno));
			return;
		}
		INC(srv_accepted[ns]);
		len = sizeof(local);
		port = -1;
		if (!getsockname(c, (struct sockaddr *)&local, &len))
			port = ntohs(local.sin_port);
		if (port_ns(port) == ns && port % SLOTS == slot && port != s->port)
			INC(srv_steered[ns]);
		else
			INC(srv_misdelivered);
		if (write(c, "x", 1) == 1)
			INC(srv_answered[ns]);
		else
			INC(srv_write_fail);
		xclose(c);
	}
}

static void check_gone_from_map(int map, __u32 key, const char *what)
{
	__u64 v;

	if (!bpf_map_lookup_elem(map, &key, &v))
		unexpected("%s: key %u still in the map after its socket was closed", what, key);
	else if (errno != ENOENT)
		unexpected("%s: lookup after close: %s", what, strerror(errno));
}

/* Take the socket out (removed from the map then closed, or closed while in the map). */
static void retire(int ns, int proto, int slot, struct slot *s, bool via_map_delete)
{
	int map = proto == IPPROTO_TCP ? tcp_map_fd : udp_map_fd;
	__u32 key = ns * SLOTS + slot;

	if (s->fd < 0)
		return;
	if (via_map_delete) {
		if (bpf_map_delete_elem(map, &key))
			unexpected("map delete ns %d slot %d: %s", ns, slot, strerror(errno));
		else
			INC(ops[OP_map_delete]);
		if (proto == IPPROTO_UDP)
			drain_udp(ns, slot, s);
		xclose(s->fd);
	} else {
		if (proto == IPPROTO_UDP)
			drain_udp(ns, slot, s);
		xclose(s->fd);
		INC(ops[OP_close_in_map]);
		check_gone_from_map(map, key, "close in map");
	}
	s->fd = -1;
}

static void *server_thread(void *arg)
{
	int ns = (long)arg, i, proto, slot;
	struct slot udp[SLOTS], tcp[SLOTS];
	struct pollfd pfd[2 * SLOTS];
	unsigned int seed = 0x1234567 + ns;
	double next_replace;

	enter_ns(ns_fd[ns], "server");
	for (i = 0; i < SLOTS; i++) {
		if (make_steered(ns, IPPROTO_UDP, i, &udp[i]) || make_steered(ns, IPPROTO_TCP, i, &tcp[i]))
			die("server %d: the first sockets failed", ns);
	}
	INC(servers_ready);
	next_replace = now_s() + 0.05;
	while (!stop_servers) {
		for (i = 0; i < SLOTS; i++) {
			pfd[i] = (struct pollfd){ .fd = udp[i].fd, .events = POLLIN };
			pfd[SLOTS + i] = (struct pollfd){ .fd = tcp[i].fd, .events = POLLIN };
		}
		poll(pfd, 2 * SLOTS, 10);
		for (i = 0; i < SLOTS; i++) {
			if (udp[i].fd >= 0 && pfd[i].revents)
				drain_udp(ns, i, &udp[i]);
			if (tcp[i].fd >= 0 && pfd[SLOTS + i].revents)
				accept_all(ns, i, &tcp[i]);
		}
		if (stop_load || now_s() < next_replace)
			continue;
		/* replace one socket; while it is out, its ports get NoPorts / RST (accounted) */
		proto = rnd(&seed) & 1 ? IPPROTO_TCP : IPPROTO_UDP;
		slot = rnd(&seed) % SLOTS;
		if (proto == IPPROTO_TCP) {
			accept_all(ns, slot, &tcp[slot]);
			retire(ns, proto, slot, &tcp[slot], rnd(&seed) & 1);
			make_steered(ns, proto, slot, &tcp[slot]);
			INC(ops[OP_sock_replace_tcp]);
		} else {
			retire(ns, proto, slot, &udp[slot], rnd(&seed) & 1);
			make_steered(ns, proto, slot, &udp[slot]);
			INC(ops[OP_sock_replace_udp]);
		}
		next_replace = now_s() + 0.02 + (rnd(&seed) % 60) / 1000.0;
	}
	for (i = 0; i < SLOTS; i++) {
		if (tcp[i].fd >= 0)
			accept_all(ns, i, &tcp[i]);
		retire(ns, IPPROTO_TCP, i, &tcp[i], true);
		retire(ns, IPPROTO_UDP, i, &udp[i], i & 1);
	}
	return NULL;
}

/* ---- traffic ---- */

struct payload {
	unsigned long long magic;
	unsigned long long seq;
};

static void *udp_sender_thread(void *arg)
{
	int ns = (long)arg, peer = !ns, fd, dst, i;
	unsigned int seed = 0xabcdef + ns;
	struct payload p = { STRESS_MAGIC, (unsigned long long)ns << SEQ_SENDER_SHIFT };
	struct sockaddr_in sin = { .sin_family = AF_INET };

	enter_ns(ns_fd[ns], "udp sender");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("udp sender socket: %s", strerror(errno));
	while (!stop_load) {
		for (i = 0; i < 8; i++) {
			/* even: a steered port of this netns over lo; odd: of the peer over the veth */
			dst = (p.seq & 1) ? peer : ns;
			if (dst == ns)
				inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
			else
				inet_pton(AF_INET, ns_addrs[peer], &sin.sin_addr);
			sin.sin_port = htons(port_base(dst) + rnd(&seed) % RANGE_LEN);
			if ((p.seq & ((1ULL << SEQ_SENDER_SHIFT) - 1)) + 1 >= 1ULL << SEQ_BITS)
				goto out;	/* the tracer's bitmap is full: stop sending */
			p.seq++;
			if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&sin, sizeof(sin)) == sizeof(p)) {
				INC(udp_sent[dst]);
				INC(ops[OP_udp_send]);
			} else {
				INC(udp_send_err);
			}
		}
		sleep_ms(1);
	}
out:
	xclose(fd);
	return NULL;
}

/* ---- what the server side of a TCP connection sent (tcp_trace, filled by the tracer) ---- */

static int tcp_trace_fd = -1;

/* The server side's last FIN and active reset for the connection addr:port <- client, with stacks. */
static void tcp_trace_report(const char *addr, int port, const struct sockaddr_in *client)
{
	static const char *const kinds[NR_TCP_EV] = { "FIN", "active reset" };
	struct tcp_trace_key key = {
		.raddr = client->sin_addr.s_addr,
		.lport = port,
		.rport = ntohs(client->sin_port),
	};
	struct tcp_trace_val v;
	struct timespec ts;
	unsigned long long now;
	int i, j, n;

	if (tcp_trace_fd < 0 || inet_pton(AF_INET, addr, &key.laddr) != 1)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	pthread_mutex_lock(&print_lock);
	if (bpf_map_lookup_elem(tcp_trace_fd, &key, &v)) {
		printf("  server side of :%d <- :%d: no FIN or active reset traced (%s)\n", port, key.rport, strerror(errno));
		goto out;
	}
	for (i = 0; i < NR_TCP_EV; i++) {
		const struct tcp_trace_ev *e = &v.ev[i];

		if (!e->ts) {
			printf("  server side of :%d <- :%d: no %s traced\n", port, key.rport, kinds[i]);
			continue;
		}
		printf("  server side of :%d <- :%d: %s %.1f ms ago in state %u%s; stack:", port, key.rport, kinds[i],
		       (now - e->ts) / 1e6, e->state, e->orphan ? " (orphan)" : "");
		n = e->stack_len > 0 ? e->stack_len / 8 : 0;
		for (j = 0; j < n && j < TCP_TRACE_FRAMES; j++)
			ksym_print(e->stack[j]);
		if (e->stack_len < 0)
			printf(" (bpf_get_stack: %lld)", (long long)e->stack_len);
		printf("\n");
	}
out:
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
}

/*
 * Whether the server side of the connection addr:port <- client sent its FIN from tcp_child_process()
 * without ever having a struct socket: the handshake completed while the listener's close() had set
 * its sk_shutdown but not yet left LISTEN, the child inherited SEND_SHUTDOWN and sent a FIN as it
 * became established, and the listener's close then reset it (listen_race.c).
 */
static bool closing_listener_fin(const char *addr, int port, const struct sockaddr_in *client)
{
	struct tcp_trace_key key = {
		.raddr = client->sin_addr.s_addr,
		.lport = port,
		.rport = ntohs(client->sin_port),
	};
	struct tcp_trace_val v;
	const struct tcp_trace_ev *e = &v.ev[TCP_EV_FIN];

	if (tcp_trace_fd < 0 || inet_pton(AF_INET, addr, &key.laddr) != 1 ||
	    bpf_map_lookup_elem(tcp_trace_fd, &key, &v))
		return false;
	return e->ts && e->orphan && e->stack_len > 0 &&
	       stack_has(e->stack, e->stack_len / 8, "tcp_child_process");
}

/*
 * An attempt that ended other than served, refused, reset or timed out (EOF before the server's byte, or
 * a reset after the server's FIN: EPIPE): say what the client socket saw, its port (to find the
 * connection on the server side), TCP state, segment counts and the attempt's duration (a retransmitted
 * SYN takes a second), so that the outcome can be traced.
 */
static void tcp_other_report(int fd, const char *addr, int port, const char *what, double t0)
{
	struct sockaddr_in local = {};
	struct tcp_info ti = {};
	socklen_t len = sizeof(local);

	getsockname(fd, (struct sockaddr *)&local, &len);
	len = sizeof(ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		memset(&ti, 0, sizeof(ti));
	unexpected("tcp %s:%d from port %d: %s after %.0f ms; client state %u, segs in %u (data %u, %llu bytes), out %u, retrans %u",
		   addr, port, ntohs(local.sin_port), what, (now_s() - t0) * 1000, ti.tcpi_state,
		   ti.tcpi_segs_in, ti.tcpi_data_segs_in, (unsigned long long)ti.tcpi_bytes_received,
		   ti.tcpi_segs_out, ti.tcpi_total_retrans);
	if (__atomic_load_n(&unexpected_total, __ATOMIC_RELAXED) <= 50)
		tcp_trace_report(addr, port, &local);
}

/* One TCP attempt to addr:port; the outcome, counted under bucket b. */
static void tcp_attempt(const char *addr, int port, int b)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) }, local;
	struct pollfd pfd;
	int fd, err = 0, r;
	socklen_t len = sizeof(err);
	double t0 = now_s();
	char c;

	inet_pton(AF_INET, addr, &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("tcp client socket: %s", strerror(errno));
	INC(tcp_attempts[b]);
	INC(ops[OP_tcp_connect]);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		err = errno;
		if (err == EINPROGRESS) {
			pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
			r = poll(&pfd, 1, IO_TIMEOUT_MS);
			if (r == 0)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
				err = errno;
		}
	}
	if (!err) {
		pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
		r = poll(&pfd, 1, IO_TIMEOUT_MS);
		if (r == 0) {
			err = ETIMEDOUT;
		} else {
			r = read(fd, &c, 1);
			if (r == 1 && c == 'x')
				err = 0;
			else if (r < 0)
				err = errno;
			else if (r == 0)
				err = ENODATA;	/* EOF without the byte */
			else
				err = EPROTO;	/* a wrong byte */
		}
	}
	switch (err) {
	case 0:
		INC(tcp_out[b][T_SERVED]);
		break;
	case ECONNREFUSED:
		INC(tcp_out[b][T_REFUSED]);
		break;
	case ECONNRESET:
		INC(tcp_out[b][T_RESET]);
		break;
	case ETIMEDOUT:
		INC(tcp_out[b][T_TIMEDOUT]);
		break;
	default:
		len = sizeof(local);
		if ((err == ENODATA || err == EPIPE) && !getsockname(fd, (struct sockaddr *)&local, &len) &&
		    closing_listener_fin(addr, port, &local)) {
			if (INC(tcp_out[b][T_CLOSING]) < 10)
				say("closing listener: tcp %s:%d from port %d: %s, the FIN sent from tcp_child_process() by a child of a listener being closed\n",
				    addr, port, ntohs(local.sin_port), strerror(err));
			break;
		}
		INC(tcp_out[b][T_OTHER]);
		tcp_other_report(fd, addr, port, err == ENODATA ? "EOF before the server's byte" :
				 err == EPROTO ? "a wrong byte" : strerror(err), t0);
	}
	xclose(fd);
}

static void *tcp_client_thread(void *arg)
{
	int ns = (long)arg, peer = !ns, dst;
	unsigned int seed = 0x7654321 + ns, n = 0;

	enter_ns(ns_fd[ns], "tcp client");
	while (!stop_load) {
		dst = (n++ & 1) ? peer : ns;
		tcp_attempt(dst == ns ? "127.0.0.1" : ns_addrs[peer],
			    port_base(dst) + rnd(&seed) % RANGE_LEN, dst);
		sleep_us(500);
	}
	return NULL;
}

/* ---- links ---- */

static int link_netns_ino(int fd, unsigned int *ino)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_link_get_info_by_fd(fd, &info, &len))
		return -errno;
	*ino = info.netns.netns_ino;
	return 0;
}

struct link { int fd; int prog; };

/* Links of the traffic netns still attached when their churn stopped: the netns is deleted with
 * them attached during the teardown.
 */
static int leftover_fd[NR_NS * (MAX_LINKS + 1)];
static int nr_leftover;
static pthread_mutex_t leftover_lock = PTHREAD_MUTEX_INITIALIZER;

static void leftover_add(int fd)
{
	pthread_mutex_lock(&leftover_lock);
	leftover_fd[nr_leftover++] = fd;
	pthread_mutex_unlock(&leftover_lock);
}

static void *link_churn_thread(void *arg)
{
	int ns = (long)arg, n = 0, i, p, fd, err, r;
	unsigned int seed = 0x31415 + ns;
	struct link l[MAX_LINKS];
	bool filling = true;
	__u32 ids[MAX_LINKS + 1], cnt;
	LIBBPF_OPTS(bpf_link_update_opts, uo);

	/* one link, the anchor made by main(), is always there: n + 1 are attached */
	while (!stop_load) {
		r = rnd(&seed) % 10;
		if (filling && r < 6) {
			p = rnd(&seed) % 3;
			fd = bpf_link_create(prog_fd[p], ns_fd[ns], BPF_SK_LOOKUP, NULL);
			if (n + 1 < MAX_LINKS) {
				if (fd < 0) {
					unexpected("link create %d/%d: %s", n + 2, MAX_LINKS, strerror(-fd));
				} else {
					l[n++] = (struct link){ fd, p };
					INC(ops[OP_link_attach]);
				}
			} else {
				if (fd >= 0) {
					unexpected("link %d past the limit was made", n + 2);
					xclose(fd);
				} else if (fd != -E2BIG) {
					unexpected("link past the limit: %s, expected E2BIG", strerror(-fd));
				} else {
					INC(ops[OP_link_attach_e2big]);
				}
				filling = false;
			}
		} else if (r < 8 && n) {
			/* update: to another program, or with a wrong old program (EPERM) */
			i = rnd(&seed) % n;
			p = (l[i].prog + 1 + rnd(&seed) % 2) % 3;
			if (rnd(&seed) % 4 == 0) {
				uo.flags = BPF_F_REPLACE;
				uo.old_prog_fd = prog_fd[(l[i].prog + 1) % 3];	/* not the link's program */
				err = bpf_link_update(l[i].fd, prog_fd[(l[i].prog + 2) % 3], &uo);
				if (err != -EPERM)
					unexpected("update with a wrong old program: %d, expected EPERM", err);
				else
					INC(ops[OP_link_update_eperm]);
			} else {
				uo.flags = BPF_F_REPLACE;
				uo.old_prog_fd = prog_fd[l[i].prog];
				err = bpf_link_update(l[i].fd, prog_fd[p], rnd(&seed) & 1 ? &uo : NULL);
				if (err)
					unexpected("link update: %s", strerror(-err));
				else {
					l[i].prog = p;
					INC(ops[OP_link_update]);
				}
			}
		} else if (r < 9) {
			cnt = MAX_LINKS + 1;
			err = bpf_prog_query(ns_fd[ns], BPF_SK_LOOKUP, 0, NULL, ids, &cnt);
			if (err)
				unexpected("prog query: %s", strerror(-err));
			else if (cnt != (__u32)n + 1)
				unexpected("prog query: %u programs attached, expected %d", cnt, n + 1);
			else
				INC(ops[OP_prog_query]);
		} else if (n && (!filling || rnd(&seed) % 4 == 0)) {
			/* remove one: detach then close (an update in between must fail), or close only */
			i = rnd(&seed) % n;
			if (rnd(&seed) & 1) {
				err = bpf_link_detach(l[i].fd);
				if (err)
					unexpected("link detach: %s", strerror(-err));
				else
					INC(ops[OP_link_detach]);
				err = bpf_link_update(l[i].fd, prog_fd[l[i].prog], NULL);
				if (err != -ENOLINK)
					unexpected("update after detach: %d, expected ENOLINK", err);
				else
					INC(ops[OP_link_update_detached]);
			}
			xclose(l[i].fd);
			INC(ops[OP_link_close]);
			l[i] = l[--n];
			if (!n)
				filling = true;
		}
		sleep_us(300);
	}
	for (i = 0; i < n; i++)
		leftover_add(l[i].fd);
	return NULL;
}

/* ---- netns churn ---- */

static void lo_up(int sfd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(sfd, SIOCGIFFLAGS, &ifr) < 0)
		die("SIOCGIFFLAGS: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sfd, SIOCSIFFLAGS, &ifr) < 0)
		die("SIOCSIFFLAGS: %s", strerror(errno));
}

static void *netns_churn_thread(void *arg)
{
	unsigned int seed = 0x2718281, ino = 0;
	struct link l[MAX_LINKS];
	int late[MAX_LINKS], nr_late = 0, n, k, i, fd, nsfd, sfd, err;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(CHURN_PORT) };
	struct payload pl = { STRESS_MAGIC, 2ULL << SEQ_SENDER_SHIFT };
	double deadline;
	bool attached;

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	while (!stop_load) {
		if (unshare(CLONE_NEWNET))
			die("unshare(CLONE_NEWNET): %s", strerror(errno));
		INC(ops[OP_netns_create]);
		nsfd = open("/proc/thread-self/ns/net", O_RDONLY);
		if (nsfd < 0)
			die("open ns/net: %s", strerror(errno));
		/* the links of the previous round, whose netns is gone by now, are closed only now */
		for (i = 0; i < nr_late; i++) {
			xclose(late[i]);
			INC(ops[OP_dead_link_close_late]);
		}
		nr_late = 0;
		sfd = socket(AF_INET, SOCK_DGRAM, 0);
		if (sfd < 0)
			die("socket: %s", strerror(errno));
		lo_up(sfd);
		k = 1 + rnd(&seed) % MAX_LINKS;
		for (n = 0; n < k; n++) {
			i = rnd(&seed) % 3;
			fd = bpf_link_create(prog_fd[i], nsfd, BPF_SK_LOOKUP, NULL);
			if (fd < 0) {
				unexpected("link create in a new netns (%d/%d): %s", n + 1, k, strerror(-fd));
				break;
			}
			l[n] = (struct link){ fd, i };
			INC(ops[OP_netns_link_attach]);
		}
		if (n == MAX_LINKS) {
			fd = bpf_link_create(prog_fd[0], nsfd, BPF_SK_LOOKUP, NULL);
			if (fd != -E2BIG) {
				unexpected("link 65 in a new netns: %d, expected E2BIG", fd);
				if (fd >= 0)
					xclose(fd);
			} else {
				INC(ops[OP_link_attach_e2big]);
			}
		}
		/* traffic through the programs: nothing is bound to CHURN_PORT and nothing steers it */
		for (i = 0; i < 4 && (pl.seq & ((1ULL << SEQ_SENDER_SHIFT) - 1)) + 1 < 1ULL << SEQ_BITS; i++) {
			pl.seq++;
			if (sendto(sfd, &pl, sizeof(pl), 0, (struct sockaddr *)&sin, sizeof(sin)) == sizeof(pl)) {
				INC(udp_sent[2]);
				INC(ops[OP_udp_send]);
			} else {
				INC(udp_send_err);
			}
		}
		xclose(sfd);
		tcp_attempt("127.0.0.1", CHURN_PORT, 2);
		/* some links go before the netns does */
		for (i = 0; i < n; ) {
			switch (rnd(&seed) % 8) {
			case 0:
				err = bpf_link_detach(l[i].fd);
				if (err)
					unexpected("detach in a live netns: %s", strerror(-err));
				else
					INC(ops[OP_link_detach]);
				xclose(l[i].fd);
				INC(ops[OP_link_close]);
				l[i] = l[--n];
				break;
			case 1:
				xclose(l[i].fd);
				INC(ops[OP_link_close]);
				l[i] = l[--n];
				break;
			default:
				i++;
			}
		}
		attached = n > 0;
		if (setns(init_ns_fd, CLONE_NEWNET))
			die("setns back: %s", strerror(errno));
		xclose(nsfd);
		if (attached)
			INC(ops[OP_netns_destroy_with_links]);
		/* the netns goes away asynchronously; its links must then show no netns */
		deadline = now_s() + 10;
		for (i = 0; i < n; i++) {
			for (;;) {
				err = link_netns_ino(l[i].fd, &ino);
				if (err) {
					unexpected("link info after netns exit: %s", strerror(-err));
					break;
				}
				if (!ino) {
					INC(ops[OP_netns_autodetach]);
					break;
				}
				if (now_s() > deadline) {
					unexpected("a link still shows netns %u 10 s after it was released", ino);
					break;
				}
				sleep_ms(2);
			}
			switch (rnd(&seed) % 3) {
			case 0:
				err = bpf_link_update(l[i].fd, prog_fd[(l[i].prog + 1) % 3], NULL);
				if (err != -ENOLINK)
					unexpected("update of a link of a dead netns: %d, expected ENOLINK", err);
				else
					INC(ops[OP_dead_link_update]);
				break;
			case 1:
				err = bpf_link_detach(l[i].fd);
				if (err)
					unexpected("detach of a link of a dead netns: %s", strerror(-err));
				else
					INC(ops[OP_dead_link_detach]);
				break;
			}
			if (nr_late < MAX_LINKS && rnd(&seed) & 1) {
				late[nr_late++] = l[i].fd;
			} else {
				xclose(l[i].fd);
				INC(ops[OP_link_close]);
			}
		}
	}
	for (i = 0; i < nr_late; i++) {
		xclose(late[i]);
		INC(ops[OP_dead_link_close_late]);
	}
	return NULL;
}

/* ---- test runs ---- */

static void *test_run_thread(void *arg)
{
	int ns = (long)arg, proto, tag;
	unsigned int seed = 0x5151 + ns, n = 0;
	struct bpf_sk_lookup in, out;
	LIBBPF_OPTS(bpf_test_run_opts, o);

	enter_ns(ns_fd[ns], "test run");
	while (!stop_load) {
		proto = n & 1 ? IPPROTO_TCP : IPPROTO_UDP;
		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		in.family = AF_INET;
		in.protocol = proto;
		in.remote_ip4 = htonl(INADDR_LOOPBACK);
		in.remote_port = htons(40000 + n % 1000);
		in.local_ip4 = htonl(INADDR_LOOPBACK);
		in.local_port = port_base(ns) + rnd(&seed) % RANGE_LEN;
		o.ctx_in = &in;
		o.ctx_size_in = sizeof(in);
		o.ctx_out = &out;
		o.ctx_size_out = sizeof(out);
		o.repeat = 1;
		if (bpf_prog_test_run_opts(prog_fd[(n >> 1) & 1], &o)) {
			unexpected("test run: %s", strerror(errno));
		} else {
			INC(ops[OP_test_run]);
			if (o.retval != SK_PASS)
				INC(test_run_bad_retval);
			if (out.cookie) {
				tag = cookie_find(out.cookie);
				if (tag != ns * 2 + (proto == IPPROTO_TCP) + 1) {
					INC(test_run_bad_cookie);
					unexpected("test run selected cookie %llu, not a %s socket of netns %d",
						   (unsigned long long)out.cookie,
						   proto == IPPROTO_TCP ? "TCP" : "UDP", ns);
				} else {
					INC(ops[OP_test_run_selected]);
				}
			}
		}
		n++;
		sleep_us(200);
	}
	return NULL;
}

/* ---- kernel counters ---- */

#define MAX_KV 512
struct kv { char name[48]; long long v; };
struct snmp { int n; struct kv kv[MAX_KV]; };

static void parse_proc(FILE *f, struct snmp *s)
{
	char h[4096], v[4096], *hs, *vs, *ht, *vt, *pfx;

	while (fgets(h, sizeof(h), f) && fgets(v, sizeof(v), f)) {
		pfx = strtok_r(h, " \n", &hs);
		if (!pfx || !strtok_r(v, " \n", &vs))
			continue;
		pfx[strlen(pfx) - 1] = 0;	/* the colon */
		while ((ht = strtok_r(NULL, " \n", &hs)) && (vt = strtok_r(NULL, " \n", &vs))) {
			if (s->n == MAX_KV)
				return;
			snprintf(s->kv[s->n].name, sizeof(s->kv[0].name), "%s.%s", pfx, ht);
			s->kv[s->n++].v = atoll(vt);
		}
	}
}

/* The SNMP counters of netns fd (entered by the calling thread for the time of the reads). */
static void read_snmp(int fd, struct snmp *s)
{
	const char *files[] = { "/proc/thread-self/net/snmp", "/proc/thread-self/net/netstat" };
	FILE *f;

	s->n = 0;
	enter_ns(fd, "snmp");
	for (int i = 0; i < 2; i++) {
		f = fopen(files[i], "r");
		if (!f)
			die("%s: %s", files[i], strerror(errno));
		parse_proc(f, s);
		fclose(f);
	}
	enter_ns(init_ns_fd, "snmp");
}

static long long snmp_get(const struct snmp *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->kv[i].name, name))
			return s->kv[i].v;
	return -1;
}

static long long softnet_dropped(void)
{
	FILE *f = fopen("/proc/net/softnet_stat", "r");
	unsigned int processed, dropped;
	long long sum = 0;
	char line[512];

	if (!f)
		die("/proc/net/softnet_stat: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%x %x", &processed, &dropped) == 2)
			sum += dropped;
	fclose(f);
	return sum;
}

/*
 * net_namespace active objects in /proc/slabinfo, -1 when the cache is merged into another (no line).
 * SLUB counts the free objects of per-CPU slabs as active: the cache is shrunk first, which flushes
 * them, so that the count is the objects in use.
 */
static long long slab_net_namespace(void)
{
	int sfd = open("/sys/kernel/slab/net_namespace/shrink", O_WRONLY);
	char line[512], name[64];
	long long active = -1, a;
	FILE *f;

	if (sfd >= 0) {
		if (write(sfd, "1", 1) != 1)
			unexpected("shrinking the net_namespace cache: %s", strerror(errno));
		xclose(sfd);
	}
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", name, &a) == 2 && !strcmp(name, "net_namespace"))
			active = a;
	fclose(f);
	return active;
}

/* ---- BPF objects ---- */

static struct bpf_object *tracer_obj, *stress_obj;
static int stats_fd_tracer, drops_fd, live_nets_fd, stats_fd_stress;
static char reason_names[NR_REASONS][48];
static int reason_no_socket = -1, reason_rcvbuff = -1, reason_backlog = -1;

static void load_reason_names(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *t;
	const struct btf_enum *e;
	const char *name;
	int id, i;

	for (i = 0; i < NR_REASONS; i++)
		snprintf(reason_names[i], sizeof(reason_names[i]), "reason_%d", i);
	if (!btf)
		die("kernel BTF: %s", strerror(errno));
	id = btf__find_by_name_kind(btf, "skb_drop_reason", BTF_KIND_ENUM);
	if (id < 0)
		die("enum skb_drop_reason not in the kernel BTF");
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (i = 0; i < btf_vlen(t); i++, e++) {
		name = btf__name_by_offset(btf, e->name_off);
		if (e->val < 0 || e->val >= NR_REASONS)
			continue;
		if (!strncmp(name, "SKB_DROP_REASON_", 16))
			name += 16;
		snprintf(reason_names[e->val], sizeof(reason_names[0]), "%s", name);
		if (!strcmp(name, "NO_SOCKET"))
			reason_no_socket = e->val;
		else if (!strcmp(name, "SOCKET_RCVBUFF"))
			reason_rcvbuff = e->val;
		else if (!strcmp(name, "CPU_BACKLOG"))
			reason_backlog = e->val;
	}
	btf__free(btf);
	if (reason_no_socket < 0 || reason_rcvbuff < 0 || reason_backlog < 0)
		die("drop reasons NO_SOCKET, SOCKET_RCVBUFF, CPU_BACKLOG not all found in the kernel BTF");
}

static struct bpf_object *open_obj(const char *path, bool tracer)
{
	static const char *const tracers[] = {
		"count_drop0", "count_drop1", "count_drop2", "net_created",
		"net_freed0", "net_freed1", "net_freed2", "tcp_fin", "tcp_rst",
	};
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	bool is_tracer;

	if (!obj)
		die("open %s: %s", path, strerror(errno));
	/* each instance makes only the maps its programs use (the tracer's has no socket map, which
	 * the end of the run requires to be gone)
	 */
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "udp_socks"), !tracer);
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "tcp_socks"), !tracer);
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "drops"), tracer);
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "live_nets"), tracer);
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "dropped_bits"), tracer);
	bpf_map__set_autocreate(bpf_object__find_map_by_name(obj, "tcp_trace"), tracer);
	bpf_object__for_each_program(p, obj) {
		is_tracer = false;
		for (unsigned int i = 0; i < sizeof(tracers) / sizeof(tracers[0]); i++)
			is_tracer |= !strcmp(bpf_program__name(p), tracers[i]);
		bpf_program__set_autoload(p, is_tracer == tracer);
	}
	if (bpf_object__load(obj))
		die("load %s (%s programs): %s", path, tracer ? "tracing" : "sk_lookup", strerror(errno));
	return obj;
}

static int map_fd(struct bpf_object *obj, const char *name)
{
	int fd = bpf_object__find_map_fd_by_name(obj, name);

	if (fd < 0)
		die("map %s missing", name);
	return fd;
}

static unsigned long long stat_get(int fd, __u32 idx)
{
	__u64 v = 0;

	if (bpf_map_lookup_elem(fd, &idx, &v))
		die("stats lookup: %s", strerror(errno));
	return v;
}

static unsigned long long drops_get(int bucket, int reason)
{
	__u32 idx = bucket * NR_REASONS + reason;
	__u64 v = 0;

	if (bpf_map_lookup_elem(drops_fd, &idx, &v))
		die("drops lookup: %s", strerror(errno));
	return v;
}

static unsigned long long drops_bucket(int bucket)
{
	unsigned long long s = 0;

	for (int r = 0; r < NR_REASONS; r++)
		s += drops_get(bucket, r);
	return s;
}

/* ---- checks ---- */

static int nr_checks, nr_failed;

static bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	nr_checks++;
	nr_failed += !ok;
	printf("check %s ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

/* UDP: sent - (received + dropped) of bucket b (the churn bucket has no receiver). */
static long long udp_gap(int b)
{
	return (long long)GET(udp_sent[b]) - (long long)(b < NR_NS ? GET(udp_recv[b]) : 0) -
	       (long long)drops_bucket(b);
}

static bool udp_balanced(void)
{
	for (int b = 0; b < NR_BUCKETS; b++)
		if (udp_gap(b))
			return false;
	return true;
}

/* What is left of sk_lookup programs, netns links of sk_lookup and socket maps, system-wide. */
struct remains { int progs, links, maps; };

static struct remains remaining_objects(void)
{
	struct remains r = { 0, 0, 0 };
	__u32 id = 0, len;
	int fd;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info;

		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_prog_get_info_by_fd(fd, &info, &len) && info.type == BPF_PROG_TYPE_SK_LOOKUP)
			r.progs++;
		xclose(fd);
	}
	id = 0;
	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info;

		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_link_get_info_by_fd(fd, &info, &len) && info.type == BPF_LINK_TYPE_NETNS &&
		    info.netns.attach_type == BPF_SK_LOOKUP)
			r.links++;
		xclose(fd);
	}
	id = 0;
	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info;

		fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!bpf_map_get_info_by_fd(fd, &info, &len) &&
		    (info.type == BPF_MAP_TYPE_SOCKMAP || info.type == BPF_MAP_TYPE_SOCKHASH))
			r.maps++;
		xclose(fd);
	}
	return r;
}

/* Netns made since the tracer was attached whose struct net is not freed, other than keep (a cookie). */
static int live_nets_except(unsigned long long keep, int print)
{
	__u64 key, next, cookie;
	int n = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(live_nets_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(live_nets_fd, &key, &cookie))
			continue;
		if (cookie == keep)
			continue;
		n++;
		if (print)
			printf("stuck-netns cookie=%llu\n", (unsigned long long)cookie);
	}
	return n;
}

/* A netns made and released by the main thread: its cleanup frees the struct net of the netns
 * cleaned up in the previous round (net_complete_free() frees them one cleanup round late).
 */
static unsigned long long flush_netns(void)
{
	unsigned long long cookie = 0;
	socklen_t len = sizeof(cookie);
	int s;

	if (unshare(CLONE_NEWNET))
		die("unshare: %s", strerror(errno));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len))
		die("SO_NETNS_COOKIE: %s", strerror(errno));
	xclose(s);
	enter_ns(init_ns_fd, "flush");
	return cookie;
}

static unsigned long long prog_misses(const char *name)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_prog_get_info_by_fd(bpf_program__fd(bpf_object__find_program_by_name(tracer_obj, name)),
				    &info, &len))
		die("%s info: %s", name, strerror(errno));
	return info.recursion_misses;
}

static const char *const dmesg_bad[] = {
	"WARNING:", "BUG:", "BUG ", "Oops", "KASAN", "UBSAN", "kmemleak", "general protection",
	"Call Trace", "circular locking", "suspicious RCU", "lockdep", "refcount_t:", "panicked",
	"rust_panic", "CFI failure", "stack-protector", "INFO: task", "INFO: rcu", "use-after-free",
	"list_add corruption", "list_del corruption",
};

/* Kernel log records written since fd was opened (and seeked to the end) that look like a report. */
static int scan_kmsg(int fd)
{
	char rec[8192];
	int bad = 0, i;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			if (errno == EPIPE)
				continue;	/* records overwritten: keep reading */
			break;
		}
		rec[n] = 0;
		for (i = 0; i < (int)(sizeof(dmesg_bad) / sizeof(dmesg_bad[0])); i++)
			if (strstr(rec, dmesg_bad[i])) {
				bad++;
				printf("dmesg-report %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
				break;
			}
	}
	return bad;
}

static void run(const char *cmd)
{
	int r = system(cmd);

	if (r)
		die("'%s' failed (%d)", cmd, r);
}

struct thr { pthread_t t; char name[32]; bool done; };

static bool join_all(struct thr *t, int n, double limit_s)
{
	struct timespec ts;
	bool ok = true;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)limit_s;
	for (int i = 0; i < n; i++) {
		if (pthread_timedjoin_np(t[i].t, NULL, &ts)) {
			printf("stuck-thread %s\n", t[i].name);
			ok = false;
		} else {
			t[i].done = true;
		}
	}
	return ok;
}

static int start(struct thr *t, int *n, const char *name, void *(*fn)(void *), long arg)
{
	snprintf(t[*n].name, sizeof(t[0].name), "%s-%ld", name, arg);
	if (pthread_create(&t[*n].t, NULL, fn, (void *)arg))
		die("pthread_create: %s", strerror(errno));
	return (*n)++;
}

int main(int argc, char **argv)
{
	struct thr load[16], servers[NR_NS];
	int nload = 0, nserv = 0, kmsg_fd, anchor[NR_NS], i, b, r, duration;
	struct snmp before[NR_NS], after[NR_NS];
	long long sn_before, sn_after, slab_before, slab_after;
	unsigned long long keep, tot_sent = 0, tot_recv = 0, tot_drop = 0, backlog = 0;
	unsigned long long steer[NR_STATS], trace[NR_STATS];
	char obj_path[PATH_MAX], *end;
	struct remains rem = { 0, 0, 0 };
	double t0, t, settle_s, stuck_s;
	struct rlimit rl = { 65536, 65536 };
	bool threads_ok, settled, gone, live_ok = false;
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || argc > 3)
		die("usage: skl_stress DURATION_SECONDS [BPF_OBJECT]");
	duration = strtol(argv[1], &end, 10);
	if (*end || duration < 1 || duration > 3600)
		die("DURATION must be a number of seconds in [1, 3600], not '%s'", argv[1]);
	if (argc == 3) {
		snprintf(obj_path, sizeof(obj_path), "%s", argv[2]);
	} else {
		snprintf(obj_path, sizeof(obj_path), "%s", argv[0]);
		end = strrchr(obj_path, '/');
		snprintf(end ? end + 1 : obj_path, sizeof(obj_path) - (end ? end + 1 - obj_path : 0),
			 "skl_stress.bpf.o");
	}
	if (getuid())
		die("must run as root");
	setrlimit(RLIMIT_NOFILE, &rl);
	uname(&u);
	printf("skl_stress: duration %d s, kernel %s %s\n", duration, u.release, u.version);

	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd < 0 || lseek(kmsg_fd, 0, SEEK_END) < 0)
		die("/dev/kmsg: %s", strerror(errno));
	init_ns_fd = open("/proc/thread-self/ns/net", O_RDONLY);
	if (init_ns_fd < 0)
		die("ns/net: %s", strerror(errno));
	load_reason_names();
	slab_before = slab_net_namespace();

	/* the tracer first: it must see every netns made and every stress datagram dropped */
	tracer_obj = open_obj(obj_path, true);
	{
		struct bpf_program *p;

		bpf_object__for_each_program(p, tracer_obj)
			if (bpf_program__autoload(p) && !bpf_program__attach(p))
				die("attaching %s: %s", bpf_program__name(p), strerror(errno));
	}
	stats_fd_tracer = map_fd(tracer_obj, "stats");
	drops_fd = map_fd(tracer_obj, "drops");
	live_nets_fd = map_fd(tracer_obj, "live_nets");
	tcp_trace_fd = map_fd(tracer_obj, "tcp_trace");
	ksyms_load();	/* before the threads: the TCP clients classify with it */

	for (i = 0; i < NR_NS; i++) {
		char cmd[128];

		/* one left by an earlier run goes; none there is fine */
		snprintf(cmd, sizeof(cmd), "ip netns del %s 2>/dev/null || true", ns_names[i]);
		run(cmd);
		snprintf(cmd, sizeof(cmd), "ip netns add %s && ip -n %s link set lo up", ns_names[i], ns_names[i]);
		run(cmd);
	}
	run("ip link add skl-va netns skl-sa type veth peer name skl-vb netns skl-sb");
	run("ip -n skl-sa addr add 203.0.113.1/24 dev skl-va && ip -n skl-sa link set skl-va up");
	run("ip -n skl-sb addr add 203.0.113.2/24 dev skl-vb && ip -n skl-sb link set skl-vb up");
	for (i = 0; i < NR_NS; i++) {
		char path[64];

		snprintf(path, sizeof(path), "/run/netns/%s", ns_names[i]);
		ns_fd[i] = open(path, O_RDONLY);
		if (ns_fd[i] < 0)
			die("%s: %s", path, strerror(errno));
	}

	stress_obj = open_obj(obj_path, false);
	for (i = 0; i < 3; i++)
		prog_fd[i] = bpf_program__fd(bpf_object__find_program_by_name(stress_obj, prog_names[i]));
	udp_map_fd = map_fd(stress_obj, "udp_socks");
	tcp_map_fd = map_fd(stress_obj, "tcp_socks");
	stats_fd_stress = map_fd(stress_obj, "stats");
	for (i = 0; i < NR_NS; i++) {
		anchor[i] = bpf_link_create(prog_fd[0], ns_fd[i], BPF_SK_LOOKUP, NULL);
		if (anchor[i] < 0)
			die("attaching the steering program to %s: %s", ns_names[i], strerror(-anchor[i]));
		INC(ops[OP_link_attach]);
		read_snmp(ns_fd[i], &before[i]);
	}
	sn_before = softnet_dropped();

	for (i = 0; i < NR_NS; i++)
		start(servers, &nserv, "server", server_thread, i);
	for (t0 = now_s(); GET(servers_ready) < NR_NS; sleep_ms(10))
		if (now_s() - t0 > 30)
			die("the servers did not come up within 30 s");
	t0 = now_s();
	for (i = 0; i < NR_NS; i++) {
		start(load, &nload, "udp-sender", udp_sender_thread, i);
		start(load, &nload, "tcp-client", tcp_client_thread, i);
		start(load, &nload, "link-churn", link_churn_thread, i);
		start(load, &nload, "test-run", test_run_thread, i);
	}
	start(load, &nload, "netns-churn", netns_churn_thread, 0);
	printf("load: %d threads for %d s\n", nload + nserv, duration);
	while ((t = now_s() - t0) < duration) {
		sleep_ms(1000);
		if ((int)(now_s() - t0) % 10 == 0)
			say("progress %3.0f s: udp sent %llu, tcp attempts %llu, links %llu, netns %llu, "
			    "test runs %llu\n",
			    now_s() - t0, GET(ops[OP_udp_send]), GET(ops[OP_tcp_connect]),
			    GET(ops[OP_link_attach]) + GET(ops[OP_netns_link_attach]),
			    GET(ops[OP_netns_create]), GET(ops[OP_test_run]));
	}

	/* stop the load; the servers keep reading until the UDP accounting balances */
	stop_load = 1;
	threads_ok = join_all(load, nload, JOIN_LIMIT_S);
	t = now_s();
	settled = false;
	for (r = 0; now_s() - t < SETTLE_LIMIT_S; sleep_ms(200)) {
		r = udp_balanced() ? r + 1 : 0;
		if (r == 3) {
			settled = true;
			break;
		}
	}
	settle_s = now_s() - t;
	stop_servers = 1;
	threads_ok &= join_all(servers, nserv, JOIN_LIMIT_S);
	for (i = 0; i < NR_NS; i++)
		read_snmp(ns_fd[i], &after[i]);
	sn_after = softnet_dropped();
	for (i = 0; i < NR_STATS; i++)
		steer[i] = stat_get(stats_fd_stress, i);

	/* teardown: the traffic netns go with links attached (the anchors and the churn's leftovers) */
	for (i = 0; i < NR_NS; i++) {
		char cmd[64];

		xclose(ns_fd[i]);
		snprintf(cmd, sizeof(cmd), "ip netns del %s", ns_names[i]);
		run(cmd);
		INC(ops[OP_traffic_netns_destroy_with_links]);
		leftover_add(anchor[i]);
	}
	t = now_s();
	for (i = 0; i < nr_leftover; i++) {
		unsigned int ino = 1;

		while (!link_netns_ino(leftover_fd[i], &ino) && ino && now_s() - t < STUCK_LIMIT_S)
			sleep_ms(10);
		if (ino)
			unexpected("a link of a deleted traffic netns still shows netns %u", ino);
		else
			INC(ops[OP_netns_autodetach]);
		xclose(leftover_fd[i]);
		INC(ops[OP_link_close]);
	}
	for (i = 0; i < NR_STATS; i++)
		trace[i] = stat_get(stats_fd_tracer, i);
	bpf_object__close(stress_obj);

	/* everything made during the run must go: poll, netns cleanup is asynchronous */
	t = now_s();
	gone = false;
	keep = 0;
	while (now_s() - t < STUCK_LIMIT_S) {
		keep = flush_netns();
		for (double t1 = now_s(); now_s() - t1 < 3; sleep_ms(100)) {
			rem = remaining_objects();
			live_ok = live_nets_except(keep, 0) == 0;
			if (live_ok && !rem.progs && !rem.links && !rem.maps)
				break;
		}
		if (live_ok && !rem.progs && !rem.links && !rem.maps) {
			gone = true;
			break;
		}
	}
	stuck_s = now_s() - t;
	slab_after = slab_net_namespace();

	/* ---- report ---- */
	printf("\n== operations (%.0f s of load)\n", duration * 1.0);
	for (i = 0; i < NR_OPS; i++)
		printf("ops %s %llu\n", op_names[i], GET(ops[i]));
	printf("ops-unexpected %llu\n", GET(unexpected_total));
	printf("steer-prog runs=%llu assigned=%llu eexist=%llu esocktnosupport=%llu assign_err=%llu nosk=%llu "
	       "pass_runs=%llu\n", steer[ST_STEER_RUNS], steer[ST_STEER_ASSIGNED], steer[ST_STEER_EEXIST],
	       steer[ST_STEER_ESOCKTNOSUPPORT], steer[ST_STEER_ASSIGN_ERR], steer[ST_STEER_NOSK],
	       steer[ST_PASS_RUNS]);

	printf("\n== UDP (settled in %.1f s after the load stopped)\n", settle_s);
	for (b = 0; b < NR_BUCKETS; b++) {
		unsigned long long rcv = b < NR_NS ? GET(udp_recv[b]) : 0, d = drops_bucket(b);

		printf("udp-bucket %s sent=%llu received=%llu dropped=%llu\n", bucket_names[b],
		       GET(udp_sent[b]), rcv, d);
		for (r = 0; r < NR_REASONS; r++)
			if (drops_get(b, r))
				printf("udp-drop %s %s %llu\n", bucket_names[b], reason_names[r], drops_get(b, r));
		tot_sent += GET(udp_sent[b]);
		tot_recv += rcv;
		tot_drop += d;
		backlog += drops_get(b, reason_backlog);
	}
	printf("udp-total sent=%llu received=%llu dropped=%llu unaccounted=%lld\n", tot_sent, tot_recv, tot_drop,
	       (long long)tot_sent - (long long)(tot_recv + tot_drop));
	printf("udp-steered %llu (skl-sa %llu, skl-sb %llu), misdelivered %llu, foreign %llu, send errors %llu\n",
	       GET(udp_steered[0]) + GET(udp_steered[1]), GET(udp_steered[0]), GET(udp_steered[1]),
	       GET(udp_misdelivered), GET(udp_foreign), GET(udp_send_err));
	printf("tracer events=%llu dup=%llu bad_seq=%llu non-stress-udp=%llu misses=%llu,%llu,%llu (events skipped by "
	       "each copy's recursion guard; a drop is lost only if all three copies skipped it)\n",
	       trace[ST_DROP_SEEN], trace[ST_DROP_DUP], trace[ST_DROP_BAD_SEQ], trace[ST_DROP_OTHER_PROTO],
	       prog_misses("count_drop0"), prog_misses("count_drop1"), prog_misses("count_drop2"));

	printf("\n== TCP\n");
	for (b = 0; b < NR_BUCKETS; b++) {
		printf("tcp-bucket %s attempts=%llu", bucket_names[b], GET(tcp_attempts[b]));
		for (r = 0; r < NR_TOUT; r++)
			printf(" %s=%llu", tout_names[r], GET(tcp_out[b][r]));
		printf(" accepted=%llu answered=%llu\n", b < NR_NS ? GET(srv_accepted[b]) : 0,
		       b < NR_NS ? GET(srv_answered[b]) : 0);
	}
	printf("tcp-steered %llu (skl-sa %llu, skl-sb %llu), misdelivered %llu, accept aborted %llu, "
	       "write failed %llu\n",
	       GET(srv_steered[0]) + GET(srv_steered[1]), GET(srv_steered[0]), GET(srv_steered[1]),
	       GET(srv_misdelivered), GET(srv_accept_aborted), GET(srv_write_fail));

	printf("\n== kernel counters (deltas over the run)\n");
	{
		static const char *const names[] = {
			"Udp.InDatagrams", "Udp.NoPorts", "Udp.InErrors", "Udp.RcvbufErrors", "Udp.MemErrors",
			"Udp.InCsumErrors", "Udp.OutDatagrams", "Udp.SndbufErrors", "Tcp.ActiveOpens",
			"Tcp.PassiveOpens", "Tcp.AttemptFails", "Tcp.EstabResets", "Tcp.OutRsts",
			"TcpExt.ListenDrops", "TcpExt.ListenOverflows", "TcpExt.TCPReqQFullDrop",
			"TcpExt.TCPAbortOnClose", "TcpExt.TCPTimeouts", "TcpExt.EmbryonicRsts",
		};
		for (i = 0; i < NR_NS; i++)
			for (unsigned int k = 0; k < sizeof(names) / sizeof(names[0]); k++)
				printf("snmp %s %s %lld\n", ns_names[i], names[k],
				       snmp_get(&after[i], names[k]) - snmp_get(&before[i], names[k]));
	}
	printf("softnet dropped=%lld stress-backlog-drops=%llu\n", sn_after - sn_before, backlog);
	printf("slab net_namespace before=%lld after=%lld tracked_live=%d (%s)\n", slab_before, slab_after,
	       live_nets_except(~0ULL, 0), slab_before < 0 ?
	       "no net_namespace line: the cache is merged into another one, no count of its own" :
	       "a cache of its own, shrunk before each count");

	printf("\n== objects (polled %.1f s after the teardown)\n", stuck_s);
	printf("objects netns_created=%llu netns_freed=%llu netns_live=%d netns_stuck=%d netns_reused=%llu "
	       "sk_lookup_progs=%d sk_lookup_links=%d sock_maps=%d\n",
	       stat_get(stats_fd_tracer, ST_NET_CREATED), stat_get(stats_fd_tracer, ST_NET_FREED),
	       live_nets_except(~0ULL, 0), live_nets_except(keep, 1), stat_get(stats_fd_tracer, ST_NET_REUSED),
	       rem.progs, rem.links, rem.maps);
	printf("tracer-misses net_created=%llu net_freed0=%llu net_freed1=%llu net_freed2=%llu (events skipped by "
	       "each program's recursion guard; a free is lost only if all three copies skipped it)\n",
	       prog_misses("net_created"), prog_misses("net_freed0"), prog_misses("net_freed1"),
	       prog_misses("net_freed2"));

	printf("\n== checks\n");
	check(threads_ok, "every thread stopped within %d s", JOIN_LIMIT_S);
	check(!GET(unexpected_total), "every kernel answer was the expected one (%llu unexpected)",
	      GET(unexpected_total));
	for (i = 0; i < NR_OPS; i++)
		if (!GET(ops[i]))
			check(false, "operation %s was done", op_names[i]);
	check(settled, "the UDP accounting balanced within %d s of the load stopping", SETTLE_LIMIT_S);
	for (b = 0; b < NR_BUCKETS; b++)
		check(!udp_gap(b), "UDP to %s: sent %llu == received + dropped (gap %lld)", bucket_names[b],
		      GET(udp_sent[b]), udp_gap(b));
	check(!trace[ST_DROP_BAD_SEQ], "every stress datagram the tracer saw had a valid sequence number");
	for (i = 0; i < NR_NS; i++) {
		long long d_in = snmp_get(&after[i], "Udp.InDatagrams") - snmp_get(&before[i], "Udp.InDatagrams");
		long long d_np = snmp_get(&after[i], "Udp.NoPorts") - snmp_get(&before[i], "Udp.NoPorts");
		long long d_rb = snmp_get(&after[i], "Udp.RcvbufErrors") - snmp_get(&before[i], "Udp.RcvbufErrors");

		check(d_in == (long long)GET(udp_recv[i]), "%s: Udp.InDatagrams delta %lld == received %llu",
		      ns_names[i], d_in, GET(udp_recv[i]));
		check(d_np == (long long)drops_get(i, reason_no_socket),
		      "%s: Udp.NoPorts delta %lld == NO_SOCKET drops %llu", ns_names[i], d_np,
		      drops_get(i, reason_no_socket));
		check(d_rb == (long long)drops_get(i, reason_rcvbuff),
		      "%s: Udp.RcvbufErrors delta %lld == SOCKET_RCVBUFF drops %llu", ns_names[i], d_rb,
		      drops_get(i, reason_rcvbuff));
	}
	check(sn_after - sn_before >= (long long)backlog,
	      "softnet drops %lld >= CPU_BACKLOG drops of stress datagrams %llu",
	      sn_after - sn_before, backlog);
	check(!GET(udp_misdelivered) && !GET(udp_foreign),
	      "every datagram read was a stress datagram on the socket its port selects");
	check(GET(udp_steered[0]) && GET(udp_steered[1]), "UDP was steered in both netns (%llu, %llu)",
	      GET(udp_steered[0]), GET(udp_steered[1]));
	for (b = 0; b < NR_BUCKETS; b++) {
		unsigned long long s = 0;

		for (r = 0; r < NR_TOUT; r++)
			s += GET(tcp_out[b][r]);
		check(s == GET(tcp_attempts[b]) && !GET(tcp_out[b][T_OTHER]),
		      "TCP to %s: every attempt (%llu) served, refused, reset, timed out or met a closing listener", bucket_names[b],
		      GET(tcp_attempts[b]));
		if (b < NR_NS)
			check(GET(tcp_out[b][T_SERVED]) == GET(srv_answered[b]) &&
			      GET(srv_answered[b]) == GET(srv_accepted[b]),
			      "TCP to %s: served %llu == accepted %llu == answered %llu", bucket_names[b],
			      GET(tcp_out[b][T_SERVED]), GET(srv_accepted[b]), GET(srv_answered[b]));
	}
	check(GET(tcp_out[2][T_REFUSED]) == GET(tcp_attempts[2]), "TCP in the churn netns: every attempt refused");
	check(!GET(srv_misdelivered), "every accepted connection came to a steered port its listener's slot selects");
	check(GET(srv_steered[0]) && GET(srv_steered[1]), "TCP was steered in both netns (%llu, %llu)",
	      GET(srv_steered[0]), GET(srv_steered[1]));
	check(steer[ST_STEER_ASSIGNED] > 0, "the steering programs assigned sockets (%llu)",
	      steer[ST_STEER_ASSIGNED]);
	/* EEXIST (selected by an earlier program) and ESOCKTNOSUPPORT (closed since the map lookup) are
	 * races the programs meet; any other errno is not
	 */
	check(!steer[ST_STEER_ASSIGN_ERR], "bpf_sk_assign() failed with no other errno (%llu)",
	      steer[ST_STEER_ASSIGN_ERR]);
	check(!GET(test_run_bad_cookie) && !GET(test_run_bad_retval),
	      "every test run returned SK_PASS and a cookie of a socket it could select");
	check(!trace[ST_NET_TRACK_FULL], "every netns made was tracked");
	check(gone, "no netns, sk_lookup program, link or socket map left %d s after the teardown", STUCK_LIMIT_S);
	/* net_namespace objects: back to the baseline, plus the struct net the kernel frees a round late
	 * (at most: one made before the run may have been pending then and freed during it)
	 */
	if (slab_before >= 0)
		check(slab_after <= slab_before + live_nets_except(~0ULL, 0),
		      "net_namespace slab objects %lld <= baseline %lld + %d tracked still allocated", slab_after,
		      slab_before, live_nets_except(~0ULL, 0));
	r = scan_kmsg(kmsg_fd);
	check(!r, "no kernel report in the log written during the run (%d)", r);
	bpf_object__close(tracer_obj);
	printf("stress-summary checks=%d failed=%d\n", nr_checks, nr_failed);
	return nr_failed ? 1 : 0;
}
