// SPDX-License-Identifier: GPL-2.0
/*
 * make bench's guest program: the cost of sk_lookup on the receive path, and of one program run.
 *
 *   skl_bench OBJ ROUNDS UDP_OPS TCP_OPS REPEAT PATH...
 *
 * Needs the network namespaces "cli" and "srv" (ip netns) joined by a veth pair, cli 10.9.0.1 and
 * fd00:0:0:9::1, srv 10.9.0.2 and fd00:0:0:9::2 (pipeline/bench/guest.sh sets them up). PATH is "veth"
 * (client in cli, server in srv) or "lo" (both in srv, to 127.0.0.1 and ::1).
 *
 * Measures, for each setup of the srv netns (no program, "pass", "steer", 64 links of "pass") and each
 * traffic kind (udp4, udp6, tcp4, tcp6):
 *   udp  a 0-length datagram sent from a connected socket and received by the server socket
 *   tcp  a connection: connect (SYN, the listener lookup, SYN-ACK, ACK), accept, close with RST (linger
 *        0, so no TIME_WAIT socket piles up), close of the accepted socket
 * one warm-up round (round 0, discarded by the report) and ROUNDS rounds of UDP_OPS / TCP_OPS operations,
 * timed with CLOCK_MONOTONIC. Under QEMU's -icount shift=0 a guest nanosecond is one executed instruction,
 * so the figures are instruction counts. Then BPF_PROG_TEST_RUN of each program with REPEAT runs per round.
 *
 * Every operation is checked: a datagram not received, a connection not made or accepted, a program that
 * fails to load or attach, a test run that does not select the socket it should: the run stops with an
 * error and exit status 1. Without the program "steer" selecting, its rows would measure a refused
 * connection or a lost datagram, not a steered one.
 *
 * Output, one record per line (pipeline/bench/report.py reads it):
 *   round PATH KIND SETUP ROUND OPS NS
 *   test_run KIND PROG ROUND REPEAT NS_PER_RUN
 *   xlated PROG HEX          the program as the verifier left it (bpf_prog_info.xlated_prog_insns)
 *   jited PROG ADDR HEX      its x86 image and load address (normalised by pipeline/bench/normalize.py)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define PORT		7000	/* the server sockets' port */
#define STEER_PORT	7001	/* nothing bound: only the program "steer" gets packets there to PORT's sockets */
#define MAX_LINKS	64	/* BPF_MAX_NETNS_PROGS for sk_lookup */

enum { SOCK_UDP4, SOCK_UDP6, SOCK_TCP4, SOCK_TCP6, NR_SOCKS };
static const char *const kind_names[NR_SOCKS] = { "udp4", "udp6", "tcp4", "tcp6" };

struct prefix_key {
	__u32 prefixlen;
	__u32 addr[4];
};

struct prefix_val {
	__u32 port;
};

static int ns_cli, ns_srv;
static int srv[NR_SOCKS];	/* the server sockets, in srv, bound to the wildcard address on PORT */

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "skl_bench: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (errno %d: %s)\n", err, strerror(err));
	exit(1);
}

static void enter_ns(int fd, const char *name)
{
	if (setns(fd, CLONE_NEWNET))
		die("setns to netns %s", name);
}

static int family_of(int kind)
{
	return kind == SOCK_UDP4 || kind == SOCK_TCP4 ? AF_INET : AF_INET6;
}

static int type_of(int kind)
{
	return kind <= SOCK_UDP6 ? SOCK_DGRAM : SOCK_STREAM;
}

/* sockaddr of the server for a kind of traffic on a path, port in host order */
static socklen_t server_addr(const char *path, int kind, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family_of(kind) == AF_INET) {
		struct sockaddr_in *sin = (void *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		inet_pton(AF_INET, strcmp(path, "lo") ? "10.9.0.2" : "127.0.0.1", &sin->sin_addr);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (void *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		inet_pton(AF_INET6, strcmp(path, "lo") ? "fd00:0:0:9::2" : "::1", &sin6->sin6_addr);
		return sizeof(*sin6);
	}
}

static void open_servers(void)
{
	int one = 1, kind;

	enter_ns(ns_srv, "srv");
	for (kind = 0; kind < NR_SOCKS; kind++) {
		struct sockaddr_storage ss = { .ss_family = family_of(kind) };
		int fd = socket(family_of(kind), type_of(kind) | SOCK_NONBLOCK, 0);

		if (fd < 0)
			die("socket for %s", kind_names[kind]);
		if (family_of(kind) == AF_INET) {
			((struct sockaddr_in *)&ss)->sin_port = htons(PORT);
		} else {
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(PORT);
			if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
				die("IPV6_V6ONLY");
		}
		if (bind(fd, (void *)&ss, family_of(kind) == AF_INET ? sizeof(struct sockaddr_in) :
			 sizeof(struct sockaddr_in6)))
			die("bind of the %s server socket", kind_names[kind]);
		if (type_of(kind) == SOCK_STREAM && listen(fd, 128))
			die("listen");
		srv[kind] = fd;
	}
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* n datagrams of 0 bytes from a connected client socket; each must reach the server socket. */
static unsigned long long udp_round(const char *path, int kind, int port, int n)
{
	struct sockaddr_storage ss;
	socklen_t len = server_addr(path, kind, port, &ss);
	unsigned long long t0, t1;
	int c, i, lost = 0;
	char b;

	c = socket(family_of(kind), SOCK_DGRAM, 0);
	if (c < 0 || connect(c, (void *)&ss, len))
		die("udp client for %s to port %d on %s", kind_names[kind], port, path);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (send(c, &b, 0, 0) != 0)
			die("send of datagram %d (%s, port %d, %s)", i, kind_names[kind], port, path);
		if (recv(srv[kind], &b, 1, 0) != 0)
			lost++;
	}
	t1 = now_ns();
	close(c);
	if (lost) {
		errno = 0;
		die("%d of %d datagrams (%s to port %d on %s) did not reach the server socket", lost, n,
		    kind_names[kind], port, path);
	}
	return t1 - t0;
}

/* n connections, each accepted, then reset by the client and closed by the server */
static unsigned long long tcp_round(const char *path, int kind, int port, int n)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr_storage ss;
	socklen_t len = server_addr(path, kind, port, &ss);
	unsigned long long t0, t1;
	int c, a, i;

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		c = socket(family_of(kind), SOCK_STREAM, 0);
		if (c < 0 || setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
			die("tcp client socket");
		if (connect(c, (void *)&ss, len))
			die("connection %d (%s to port %d on %s)", i, kind_names[kind], port, path);
		a = accept(srv[kind], NULL, NULL);
		if (a < 0)
			die("accept of connection %d (%s to port %d on %s)", i, kind_names[kind], port, path);
		close(c);
		close(a);
	}
	t1 = now_ns();
	return t1 - t0;
}

static int prog_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		die("program %s not in the object", name);
	return bpf_program__fd(p);
}

static int map_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		die("map %s not in the object", name);
	return bpf_map__fd(m);
}

static void add_prefix(int fd, int v6, const char *addr, int len, int port)
{
	struct prefix_key k = { .prefixlen = v6 ? len : 96 + len };
	struct prefix_val v = { .port = port };

	if (v6) {
		inet_pton(AF_INET6, addr, k.addr);
	} else {
		k.addr[2] = htonl(0xffff);
		inet_pton(AF_INET, addr, &k.addr[3]);
	}
	if (bpf_map_update_elem(fd, &k, &v, BPF_NOEXIST))
		die("adding prefix %s/%d", addr, len);
}

/*
 * The trie: 100 IPv4 prefixes 10.K.0.0/16 and 100 IPv6 prefixes fd00:0:0:K::/64 (K = 0..99), of which
 * K = 9 covers the veth addresses, plus 127.0.0.0/8 and ::1/128 for the loopback path: 202 entries, all
 * steering STEER_PORT.
 */
static void fill_trie(struct bpf_object *obj)
{
	int trie = map_fd(obj, "prefixes"), k;
	char a[64];

	for (k = 0; k < 100; k++) {
		snprintf(a, sizeof(a), "10.%d.0.0", k);
		add_prefix(trie, 0, a, 16, STEER_PORT);
		snprintf(a, sizeof(a), "fd00:0:0:%x::", k);
		add_prefix(trie, 1, a, 64, STEER_PORT);
	}
	add_prefix(trie, 0, "127.0.0.0", 8, STEER_PORT);
	add_prefix(trie, 1, "::1", 128, STEER_PORT);
}

/*
 * The server sockets go into the SOCKMAP only while "steer" runs or is test-run: a socket in a SOCKMAP
 * has its proto ops replaced (udp_bpf / tcp_bpf), which would change the other rows' receive path.
 */
static void sockmap_fill(struct bpf_object *obj, int in)
{
	int socks = map_fd(obj, "socks"), k;

	for (k = 0; k < NR_SOCKS; k++) {
		__u32 key = k;
		__u64 fd = srv[k];

		if (in ? bpf_map_update_elem(socks, &key, &fd, BPF_NOEXIST) : bpf_map_delete_elem(socks, &key))
			die("%s the %s server socket %s the SOCKMAP", in ? "adding" : "removing",
			    kind_names[k], in ? "to" : "from");
	}
}

static void print_hex(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		printf("%02x", *b++);
}

/* The xlated and JITed images of a program, for the host to compare across kernels. */
static void dump_prog(int fd, const char *name)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), xl, jl;
	__u64 ksym = 0;
	void *x, *j;

	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		die("prog info of %s", name);
	xl = info.xlated_prog_len;
	jl = info.jited_prog_len;
	if (!xl || !jl) {
		errno = 0;
		die("%s: no xlated (%u bytes) or JITed image (%u bytes): is the JIT on?", name, xl, jl);
	}
	x = calloc(1, xl);
	j = calloc(1, jl);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = xl;
	info.xlated_prog_insns = (unsigned long)x;
	info.jited_prog_len = jl;
	info.jited_prog_insns = (unsigned long)j;
	info.nr_jited_ksyms = 1;
	info.jited_ksyms = (unsigned long)&ksym;
	len = sizeof(info);
	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		die("prog images of %s", name);
	printf("xlated %s ", name);
	print_hex(x, xl);
	printf("\njited %s %llx ", name, (unsigned long long)ksym);
	print_hex(j, jl);
	printf("\n");
	free(x);
	free(j);
}

static __u64 cookie_of(int fd)
{
	__u64 cookie;
	socklen_t len = sizeof(cookie);

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len))
		die("SO_COOKIE");
	return cookie;
}

/*
 * BPF_PROG_TEST_RUN of a program on a context like the one of the steered packets (local port STEER_PORT
 * on the veth address). The selected socket is a server socket from the SOCKMAP, not in a reuseport group
 * (a test run refuses a reuseport socket selected without BPF_SK_LOOKUP_F_NO_REUSEPORT). Returns the
 * kernel's time per run; checks the verdict and which socket was selected (none unless selecting).
 */
static unsigned int test_run(int fd, const char *name, int kind, int repeat, int selects)
{
	struct bpf_sk_lookup in, out = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &in, .ctx_size_in = sizeof(in), .ctx_out = &out,
		    .ctx_size_out = sizeof(out), .repeat = repeat);
	__u64 want = selects ? cookie_of(srv[kind]) : 0;

	/* A test run refuses nonzero tail padding, which an initialiser leaves undefined: zero it all. */
	memset(&in, 0, sizeof(in));
	in.family = family_of(kind);
	in.protocol = type_of(kind) == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
	in.remote_port = htons(40000);
	in.local_port = STEER_PORT;

	if (in.family == AF_INET) {
		inet_pton(AF_INET, "10.9.0.1", &in.remote_ip4);
		inet_pton(AF_INET, "10.9.0.2", &in.local_ip4);
	} else {
		inet_pton(AF_INET6, "fd00:0:0:9::1", in.remote_ip6);
		inet_pton(AF_INET6, "fd00:0:0:9::2", in.local_ip6);
	}
	if (bpf_prog_test_run_opts(fd, &opts))
		die("test run of %s (%s)", name, kind_names[kind]);
	if (opts.retval != SK_PASS || out.cookie != want) {
		errno = 0;
		die("test run of %s (%s): verdict %u, selected socket cookie %llu, expected SK_PASS and %llu",
		    name, kind_names[kind], opts.retval, (unsigned long long)out.cookie,
		    (unsigned long long)want);
	}
	return opts.duration;
}

int main(int argc, char **argv)
{
	static const char *const setups[] = { "none", "pass", "steer", "pass64" };
	static const char *const progs[] = { "pass", "steer_noassign", "steer" };
	int rounds, udp_ops, tcp_ops, repeat, links[MAX_LINKS], nlinks, s, p, k, r, i;
	struct bpf_object *obj;

	if (argc < 7) {
		fprintf(stderr, "usage: skl_bench OBJ ROUNDS UDP_OPS TCP_OPS REPEAT PATH...\n");
		return 2;
	}
	rounds = atoi(argv[2]);
	udp_ops = atoi(argv[3]);
	tcp_ops = atoi(argv[4]);
	repeat = atoi(argv[5]);
	if (rounds < 1 || udp_ops < 1 || tcp_ops < 1 || repeat < 1) {
		fprintf(stderr, "skl_bench: ROUNDS, UDP_OPS, TCP_OPS and REPEAT must be positive numbers\n");
		return 2;
	}
	for (i = 6; i < argc; i++)
		if (strcmp(argv[i], "veth") && strcmp(argv[i], "lo")) {
			fprintf(stderr, "skl_bench: unknown path '%s' (expected veth or lo)\n", argv[i]);
			return 2;
		}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ns_cli = open("/run/netns/cli", O_RDONLY);
	ns_srv = open("/run/netns/srv", O_RDONLY);
	if (ns_cli < 0 || ns_srv < 0)
		die("opening /run/netns/cli and /run/netns/srv");

	open_servers();
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		die("loading %s", argv[1]);
	fill_trie(obj);
	for (p = 0; p < 3; p++)
		dump_prog(prog_fd(obj, progs[p]), progs[p]);

	for (s = 0; s < 4; s++) {
		const char *setup = setups[s];

		nlinks = !strcmp(setup, "none") ? 0 : !strcmp(setup, "pass64") ? MAX_LINKS : 1;
		if (!strcmp(setup, "steer"))
			sockmap_fill(obj, 1);
		for (i = 0; i < nlinks; i++) {
			links[i] = bpf_link_create(prog_fd(obj, strcmp(setup, "steer") ? "pass" : "steer"),
						   ns_srv, BPF_SK_LOOKUP, NULL);
			if (links[i] < 0)
				die("attaching link %d of setup %s to netns srv", i + 1, setup);
		}
		for (i = 6; i < argc; i++) {
			const char *path = argv[i];

			/* TCP clients are made in the netns this process is in */
			enter_ns(strcmp(path, "lo") ? ns_cli : ns_srv, path);
			for (k = 0; k < NR_SOCKS; k++) {
				int port = strcmp(setup, "steer") ? PORT : STEER_PORT;
				int ops = type_of(k) == SOCK_DGRAM ? udp_ops : tcp_ops;

				for (r = 0; r <= rounds; r++) {
					unsigned long long ns = type_of(k) == SOCK_DGRAM ?
						udp_round(path, k, port, ops) : tcp_round(path, k, port, ops);

					printf("round %s %s %s %d %d %llu\n", path, kind_names[k], setup, r, ops, ns);
				}
			}
		}
		for (i = 0; i < nlinks; i++)
			close(links[i]);
		if (!strcmp(setup, "steer"))
			sockmap_fill(obj, 0);
	}

	enter_ns(ns_srv, "srv");
	sockmap_fill(obj, 1);
	for (p = 0; p < 3; p++)
		for (k = 0; k < NR_SOCKS; k++)
			for (r = 0; r <= rounds; r++)
				printf("test_run %s %s %d %d %u\n", kind_names[k], progs[p], r, repeat,
				       test_run(prog_fd(obj, progs[p]), progs[p], k, repeat,
						!strcmp(progs[p], "steer")));
	bpf_object__close(obj);
	return 0;
}
