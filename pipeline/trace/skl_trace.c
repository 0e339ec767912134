// SPDX-License-Identifier: GPL-2.0
/*
 * skl_trace: whether kernel functions can be traced, and whether tracing programs on the sk_lookup
 * run loop see exactly what the steering program sees.
 *
 *   skl_trace BPF_OBJ NAME...
 *
 * Runs as root in a test VM. BPF_OBJ is skl_trace.bpf.o; each NAME is a kernel function.
 *
 * Part 1, one line per NAME:
 *   func NAME filter=yes|no kprobe=ok|ERRNO fentry=ok|ERRNO
 * filter: NAME is the first word of a line of /sys/kernel/tracing/available_filter_functions
 * (tracefs is mounted there when missing); kprobe: a kprobe program attached to NAME through the
 * perf kprobe PMU (libbpf's default mode), then detached; fentry: a counting fentry program with
 * NAME as its target, loaded and attached from a fresh instance of the object. ERRNO is the symbolic
 * name of the error (EINVAL, ...) of the step that failed (setting the target, loading, attaching).
 *
 * Part 2, in a network namespace of its own (lo up): a TCP listener and a UDP socket on 127.0.0.1 and
 * on ::1 (IPV6_V6ONLY), each on its own port, in a SOCKMAP; a steering sk_lookup program attached to
 * the netns sends lookups to port STEER_PORT (bound by nobody) to the socket of their (family,
 * protocol); fentry and fexit programs on inet_lookup_run_sk_lookup() and
 * inet6_lookup_run_sk_lookup() and an fentry program on bpf_sk_lookup_assign() count what they see
 * in this netns (by its inode number), fexit also checks the cookie of each socket returned. With
 * BPF statistics enabled (BPF_ENABLE_STATS), NR_TRAFFIC TCP connections (one byte answered) and
 * NR_TRAFFIC UDP datagrams go to 127.0.0.1:STEER_PORT and to [::1]:STEER_PORT. Then, for F in v4, v6:
 *   info F hits=H runs=R run_cnt_delta=D assign_hits=A assign_calls=C connects=K datagrams=G
 *        returned_socks=S fexit_hits=X ret_bad=B ret_err=E	(one line; raw numbers, for a human;
 *        run_cnt_delta is the steering program's, both families)
 *   row steer F hits=runs yes|no		fentry hits == the steering program's runs (> 0)
 *   row steer F fexit=fentry yes|no		fexit hits == fentry hits (> 0)
 *   row steer F traffic ok|WHAT		every connection and datagram went through, or the first
 *						failure (e.g. tcp_connect:ECONNREFUSED, udp_recv:ETIMEDOUT)
 *   row steer F hits>=traffic yes|no		traffic ok and hits >= connections + datagrams
 *   row steer F cookie yes|no			fexit saw a returned socket, and each one had the cookie
 *						of the server socket of its (family, protocol)
 * and once:
 *   row steer run_cnt=runs yes|no		run_cnt delta == v4 runs + v6 runs (> 0)
 *   row steer assign_hits=calls yes|no	per family, bpf_sk_lookup_assign() hits == the steering
 *						program's bpf_sk_assign() calls (> 0 in all)
 * "row" lines carry no number that varies between runs: they are compared between kernels. A
 * program of part 2 that cannot be loaded or attached is reported before them as
 *   row steer attach PROG ERRNO
 * and every row that needs it says no; the exit status is then 1. Otherwise the exit status is 0,
 * whatever the verdicts; 2 when the tool could not run (usage, object, netns set-up).
 * SKL_TRACE_DEBUG=1 in the environment shows libbpf's messages.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

#define STEER_PORT	7007		/* bound by nobody: every lookup to it is steered */
#define NR_TRAFFIC	4		/* TCP connections and UDP datagrams per family */
#define IO_TIMEOUT_MS	10000		/* per connect, accept, read or receive (TCG guests are slow) */
#define TRACEFS		"/sys/kernel/tracing"

/* The indices of the cfg and stats maps: as in skl_trace.bpf.c. */
enum { FAM_V4, FAM_V6, NR_FAMS };
enum { SOCK_TCP4, SOCK_UDP4, SOCK_TCP6, SOCK_UDP6, NR_SOCKS };

enum {
	CFG_NETNS_INUM,
	CFG_COOKIE,
	NR_CFG = CFG_COOKIE + NR_SOCKS,
};

enum {
	ST_RUNS = 0,
	ST_ASSIGN_CALLS = 2,
	ST_HITS = 4,
	ST_FEXIT = 6,
	ST_RET_SOCK = 8,
	ST_RET_BAD = 10,
	ST_RET_ERR = 12,
	ST_ASSIGN_HITS = 14,
	ST_ASSIGN_ERR = 16,
	ST_NOSK = 17,
	ST_PROBE = 18,
	NR_STATS
};

static const char *const fam_names[NR_FAMS] = { "v4", "v6" };

/* The tracing programs of part 2. */
enum { TR_ENTRY4, TR_EXIT4, TR_ENTRY6, TR_EXIT6, TR_ASSIGN, NR_TRACERS };
static const char *const tracer_names[NR_TRACERS] = {
	"fentry_inet_lookup_run", "fexit_inet_lookup_run",
	"fentry_inet6_lookup_run", "fexit_inet6_lookup_run",
	"fentry_sk_lookup_assign",
};

static const char *obj_path;
static bool debug;

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "skl_trace: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return debug ? vfprintf(stderr, fmt, ap) : 0;
}

/* The symbolic name of a positive errno value. */
static const char *errname(int err)
{
	static char buf[32];
	const char *s = err > 0 ? strerrorname_np(err) : NULL;

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "errno%d", err);
	return buf;
}

/* An errno from a libbpf call's negative return value (or errno when it gave none). */
static int lberr(long ret)
{
	if (ret < 0)
		return -ret;
	return errno ? errno : EINVAL;
}

/* A fresh instance of the object with only the program called prog to be loaded. */
static struct bpf_object *open_one(const char *prog, struct bpf_program **progp)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_program *p, *found = NULL;

	if (!obj)
		die("open %s: %s", obj_path, strerror(errno));
	bpf_object__for_each_program(p, obj) {
		bool this = !strcmp(bpf_program__name(p), prog);

		bpf_program__set_autoload(p, this);
		if (this)
			found = p;
	}
	if (!found)
		die("%s: no program %s", obj_path, prog);
	*progp = found;
	return obj;
}

/* ---- part 1 ---- */

/* Marks in found[] the names that start a line of available_filter_functions. */
static void read_filter(int n, char **names, bool *found)
{
	const char *path = TRACEFS "/available_filter_functions";
	size_t cap = 0;
	char *line = NULL;
	FILE *f;

	if (access(path, R_OK) && mount("tracefs", TRACEFS, "tracefs", 0, NULL))
		fprintf(stderr, "skl_trace: mount tracefs on %s: %s\n", TRACEFS, strerror(errno));
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "skl_trace: %s: %s (filter=no for every function)\n", path, strerror(errno));
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, " \t\n")] = '\0';
		for (int i = 0; i < n; i++)
			if (!found[i] && !strcmp(line, names[i]))
				found[i] = true;
	}
	free(line);
	fclose(f);
}

/* 0 or the errno of loading, setting the target of and attaching fentry_any to name. */
static int try_fentry(const char *name)
{
	struct bpf_program *prog;
	struct bpf_object *obj = open_one("fentry_any", &prog);
	struct bpf_link *link;
	int err;

	err = bpf_program__set_attach_target(prog, 0, name);
	if (err) {
		err = lberr(err);
		goto out;
	}
	err = bpf_object__load(obj);
	if (err) {
		err = lberr(err);
		goto out;
	}
	link = bpf_program__attach(prog);
	if (!link) {
		err = lberr(-errno);
		goto out;
	}
	bpf_link__destroy(link);
out:
	bpf_object__close(obj);
	return err;
}

static void part1(int n, char **names)
{
	LIBBPF_OPTS(bpf_kprobe_opts, kopts);
	bool *found = calloc(n, sizeof(*found));
	struct bpf_program *kprog;
	struct bpf_object *kobj;
	int kload_err;

	if (!found)
		die("out of memory");
	read_filter(n, names, found);
	kobj = open_one("kprobe_any", &kprog);
	kload_err = bpf_object__load(kobj) ? lberr(-errno) : 0;
	for (int i = 0; i < n; i++) {
		int kerr = kload_err, ferr;
		struct bpf_link *link;

		if (!kerr) {
			link = bpf_program__attach_kprobe_opts(kprog, names[i], &kopts);
			if (link)
				bpf_link__destroy(link);
			else
				kerr = lberr(-errno);
		}
		ferr = try_fentry(names[i]);
		printf("func %s filter=%s kprobe=%s", names[i], found[i] ? "yes" : "no",
		       kerr ? errname(kerr) : "ok");
		printf(" fentry=%s\n", ferr ? errname(ferr) : "ok");
		fflush(stdout);
	}
	bpf_object__close(kobj);
	free(found);
}

/* ---- part 2 ---- */

static void setup_netns(void)
{
	struct ifreq ifr = { 0 };
	int fd;

	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		die("SIOCGIFFLAGS lo: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		die("SIOCSIFFLAGS lo up: %s", strerror(errno));
	close(fd);
}

static socklen_t make_addr(struct sockaddr_storage *ss, int fam, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == FAM_V4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = in6addr_loopback;
	return sizeof(*sin6);
}

/* A server socket of socks key (family * 2 + udp) on the loopback address, on a port of its own. */
static int make_server(int key, __u64 *cookie)
{
	int fam = key / 2, udp = key % 2, one = 1, fd;
	socklen_t len = sizeof(*cookie), alen;
	struct sockaddr_storage ss;

	fd = socket(fam == FAM_V4 ? AF_INET : AF_INET6, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("server socket: %s", strerror(errno));
	if (fam == FAM_V6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
		die("IPV6_V6ONLY: %s", strerror(errno));
	alen = make_addr(&ss, fam, 0);
	/* ::1 may take a moment to appear on lo */
	for (int tries = 0; bind(fd, (struct sockaddr *)&ss, alen); tries++) {
		if (errno != EADDRNOTAVAIL || tries == 50)
			die("bind %s server: %s", fam_names[fam], strerror(errno));
		usleep(100000);
	}
	if (!udp && listen(fd, 16))
		die("listen: %s", strerror(errno));
	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, cookie, &len))
		die("SO_COOKIE: %s", strerror(errno));
	return fd;
}

/* Waits for events on fd: 0, or ETIMEDOUT or the poll() errno. */
static int wait_fd(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int r = poll(&pfd, 1, IO_TIMEOUT_MS);

	return r > 0 ? 0 : r == 0 ? ETIMEDOUT : errno;
}

/* Records the first failure of a family's traffic as STEP:ERRNO. */
static void fail(char *what, size_t len, const char *step, int err)
{
	if (!*what)
		snprintf(what, len, "%s:%s", step, errname(err));
}

/* One TCP connection to the steer port, accepted on lfd, one byte answered: true when it all went. */
static bool tcp_once(int fam, int lfd, char *what, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t alen = make_addr(&ss, fam, STEER_PORT), elen = sizeof(int);
	int c, a = -1, err = 0;
	char b = 0;

	c = socket(fam == FAM_V4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c < 0) {
		fail(what, len, "tcp_socket", errno);
		return false;
	}
	if (connect(c, (struct sockaddr *)&ss, alen) && errno != EINPROGRESS) {
		fail(what, len, "tcp_connect", errno);
		goto out;
	}
	err = wait_fd(c, POLLOUT);
	if (!err && getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen))
		err = errno;
	if (err) {
		fail(what, len, "tcp_connect", err);
		goto out;
	}
	err = wait_fd(lfd, POLLIN);
	if (!err) {
		a = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (a < 0)
			err = errno;
	}
	if (err) {
		fail(what, len, "tcp_accept", err);
		goto out;
	}
	if (write(a, "t", 1) != 1) {
		fail(what, len, "tcp_write", errno);
		goto out;
	}
	err = wait_fd(c, POLLIN);
	if (!err && read(c, &b, 1) != 1)
		err = errno ? errno : EIO;
	if (!err && b != 't')
		err = EBADMSG;
	if (err) {
		fail(what, len, "tcp_read", err);
		goto out;
	}
	close(c);
	close(a);
	return true;
out:
	close(c);
	if (a >= 0)
		close(a);
	return false;
}

/* One UDP datagram to the steer port, received on sfd: true when it was. */
static bool udp_once(int fam, int sfd, char *what, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t alen = make_addr(&ss, fam, STEER_PORT);
	int c, err;
	char b = 0;

	c = socket(fam == FAM_V4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c < 0) {
		fail(what, len, "udp_socket", errno);
		return false;
	}
	if (sendto(c, "u", 1, 0, (struct sockaddr *)&ss, alen) != 1) {
		fail(what, len, "udp_send", errno);
		close(c);
		return false;
	}
	close(c);
	err = wait_fd(sfd, POLLIN);
	if (!err && recv(sfd, &b, 1, MSG_DONTWAIT) != 1)
		err = errno ? errno : EIO;
	if (!err && b != 'u')
		err = EBADMSG;
	if (err) {
		fail(what, len, "udp_recv", err);
		return false;
	}
	return true;
}

static void read_stats(int fd, __u64 *v)
{
	for (__u32 i = 0; i < NR_STATS; i++)
		if (bpf_map_lookup_elem(fd, &i, &v[i]))
			die("read stats[%u]: %s", i, strerror(errno));
}

/* The steering program's run_cnt, or -1. */
static long long run_cnt(int prog_fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return -1;
	return info.run_cnt;
}

/* Turns BPF run-time statistics on: the BPF_ENABLE_STATS fd (>= 0, held until closed), or -1 after
 * writing 1 to the sysctl (*old keeps its value), or -2.
 */
static int stats_on(char *old)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	FILE *f;

	if (fd >= 0)
		return fd;
	f = fopen("/proc/sys/kernel/bpf_stats_enabled", "r+");
	if (!f || !fgets(old, 8, f) || fseek(f, 0, SEEK_SET) || fputs("1\n", f) < 0) {
		fprintf(stderr, "skl_trace: cannot enable BPF statistics: %s\n", strerror(errno));
		if (f)
			fclose(f);
		return -2;
	}
	fclose(f);
	return -1;
}

static void stats_off(int fd, const char *old)
{
	FILE *f;

	if (fd >= 0) {
		close(fd);
	} else if (fd == -1) {
		f = fopen("/proc/sys/kernel/bpf_stats_enabled", "w");
		if (f) {
			fputs(old, f);
			fclose(f);
		}
	}
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static int part2(void)
{
	struct bpf_object *obj, *tobj[NR_TRACERS] = { 0 };
	struct bpf_link *steer_link = NULL, *tlink[NR_TRACERS] = { 0 };
	__u64 before[NR_STATS], after[NR_STATS], d[NR_STATS] = { 0 }, cookies[NR_SOCKS];
	long long cnt0 = -1, cnt1 = -1, cnt_delta = -1;
	int srv[NR_SOCKS], connects[NR_FAMS] = { 0 }, grams[NR_FAMS] = { 0 };
	char what[NR_FAMS][64] = { { 0 } }, old_stats[8] = "0\n";
	bool steer_ok = false, tr_ok[NR_TRACERS] = { 0 }, all_attached = true, assign_ok;
	int netns_fd, stats_fd, cfg_fd, stats_map, steer_fd, err;
	struct bpf_program *steer;
	struct stat st;
	__u32 key;
	__u64 val;

	setup_netns();
	netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (netns_fd < 0 || fstat(netns_fd, &st))
		die("/proc/self/ns/net: %s", strerror(errno));
	for (int k = 0; k < NR_SOCKS; k++)
		srv[k] = make_server(k, &cookies[k]);

	obj = open_one("steer", &steer);
	err = bpf_object__load(obj);
	if (err) {
		printf("row steer attach steer %s\n", errname(lberr(err)));
		all_attached = false;
		goto verdicts;
	}
	cfg_fd = bpf_object__find_map_fd_by_name(obj, "cfg");
	stats_map = bpf_object__find_map_fd_by_name(obj, "stats");
	key = CFG_NETNS_INUM;
	val = st.st_ino;
	if (bpf_map_update_elem(cfg_fd, &key, &val, BPF_ANY))
		die("write cfg: %s", strerror(errno));
	for (int k = 0; k < NR_SOCKS; k++) {
		__u32 sk = k, c = CFG_COOKIE + k;

		val = srv[k];
		if (bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, "socks"), &sk, &val, BPF_ANY))
			die("insert server socket %d in the sockmap: %s", k, strerror(errno));
		if (bpf_map_update_elem(cfg_fd, &c, &cookies[k], BPF_ANY))
			die("write cfg: %s", strerror(errno));
	}

	/* each tracer from its own instance, sharing the maps of the steering instance */
	for (int t = 0; t < NR_TRACERS; t++) {
		struct bpf_program *prog;
		struct bpf_map *m;

		tobj[t] = open_one(tracer_names[t], &prog);
		bpf_object__for_each_map(m, tobj[t]) {
			struct bpf_map *own = bpf_object__find_map_by_name(obj, bpf_map__name(m));

			if (own && bpf_map__reuse_fd(m, bpf_map__fd(own)))
				die("reuse map %s: %s", bpf_map__name(m), strerror(errno));
		}
		err = bpf_object__load(tobj[t]);
		if (!err) {
			tlink[t] = bpf_program__attach(prog);
			if (!tlink[t])
				err = -errno;
		}
		if (err) {
			printf("row steer attach %s %s\n", tracer_names[t], errname(lberr(err)));
			all_attached = false;
		} else {
			tr_ok[t] = true;
		}
	}

	steer_fd = bpf_program__fd(steer);
	steer_link = bpf_program__attach_netns(steer, netns_fd);
	if (!steer_link) {
		printf("row steer attach steer %s\n", errname(lberr(-errno)));
		all_attached = false;
		goto verdicts;
	}
	steer_ok = true;
	fflush(stdout);

	stats_fd = stats_on(old_stats);
	cnt0 = run_cnt(steer_fd);
	read_stats(stats_map, before);
	for (int f = 0; f < NR_FAMS; f++) {
		for (int i = 0; i < NR_TRAFFIC && !*what[f]; i++)
			connects[f] += tcp_once(f, srv[f * 2], what[f], sizeof(what[f]));
		for (int i = 0; i < NR_TRAFFIC; i++) {
			if (!udp_once(f, srv[f * 2 + 1], what[f], sizeof(what[f])))
				break;
			grams[f]++;
		}
	}
	usleep(200000);			/* nothing should be in flight, but let it settle */
	read_stats(stats_map, after);
	cnt1 = run_cnt(steer_fd);
	stats_off(stats_fd, old_stats);
	if (stats_fd != -2 && cnt0 >= 0 && cnt1 >= 0)
		cnt_delta = cnt1 - cnt0;
	for (int i = 0; i < NR_STATS; i++)
		d[i] = after[i] - before[i];

verdicts:
	for (int f = 0; f < NR_FAMS; f++) {
		bool entry = tr_ok[f ? TR_ENTRY6 : TR_ENTRY4], exit = tr_ok[f ? TR_EXIT6 : TR_EXIT4];
		bool traffic = steer_ok && !*what[f];
		__u64 hits = d[ST_HITS + f], runs = d[ST_RUNS + f];

		printf("info %s hits=%llu runs=%llu run_cnt_delta=%lld assign_hits=%llu assign_calls=%llu",
		       fam_names[f], hits, runs, cnt_delta, d[ST_ASSIGN_HITS + f], d[ST_ASSIGN_CALLS + f]);
		printf(" connects=%d datagrams=%d returned_socks=%llu fexit_hits=%llu ret_bad=%llu ret_err=%llu\n",
		       connects[f], grams[f], d[ST_RET_SOCK + f], d[ST_FEXIT + f], d[ST_RET_BAD + f],
		       d[ST_RET_ERR + f]);
		printf("row steer %s hits=runs %s\n", fam_names[f], yes_no(steer_ok && entry && runs && hits == runs));
		printf("row steer %s fexit=fentry %s\n", fam_names[f],
		       yes_no(steer_ok && entry && exit && hits && d[ST_FEXIT + f] == hits));
		printf("row steer %s traffic %s\n", fam_names[f],
		       traffic ? "ok" : steer_ok ? what[f] : "steer-not-attached");
		printf("row steer %s hits>=traffic %s\n", fam_names[f],
		       yes_no(traffic && entry && hits >= (__u64)(connects[f] + grams[f])));
		printf("row steer %s cookie %s\n", fam_names[f],
		       yes_no(steer_ok && exit && d[ST_RET_SOCK + f] && !d[ST_RET_BAD + f]));
	}
	printf("row steer run_cnt=runs %s\n",
	       yes_no(steer_ok && cnt_delta > 0 && (__u64)cnt_delta == d[ST_RUNS + FAM_V4] + d[ST_RUNS + FAM_V6]));
	assign_ok = steer_ok && tr_ok[TR_ASSIGN];
	for (int f = 0; f < NR_FAMS; f++)
		assign_ok &= d[ST_ASSIGN_CALLS + f] && d[ST_ASSIGN_HITS + f] == d[ST_ASSIGN_CALLS + f];
	printf("row steer assign_hits=calls %s\n", yes_no(assign_ok));
	fflush(stdout);

	bpf_link__destroy(steer_link);
	for (int t = 0; t < NR_TRACERS; t++) {
		bpf_link__destroy(tlink[t]);
		bpf_object__close(tobj[t]);
	}
	bpf_object__close(obj);
	for (int k = 0; k < NR_SOCKS; k++)
		close(srv[k]);
	close(netns_fd);
	return all_attached ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;

	if (argc < 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: skl_trace BPF_OBJ NAME...\n"
			"  BPF_OBJ: skl_trace.bpf.o; NAME: a kernel function to test for tracing\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	debug = getenv("SKL_TRACE_DEBUG") && *getenv("SKL_TRACE_DEBUG");
	libbpf_set_print(libbpf_print);
	obj_path = argv[1];
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj)
		die("open %s: %s", obj_path, strerror(errno));
	bpf_object__close(obj);

	part1(argc - 2, argv + 2);
	return part2();
}
