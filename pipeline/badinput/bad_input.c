// SPDX-License-Identifier: GPL-2.0
/*
 * bad_input: the bad-input differential table of issue 13 (item 3).
 *
 * Runs calls aimed at the netns attach point (kernel/bpf/net_namespace.c on the c kernel,
 * kernel/bpf/netns_bpf.rs on the rust one) and at bpf_sk_assign() for sk_lookup
 * (net/core/filter.c, net/core/sk_lookup.rs), and prints one row per case:
 *
 *	<case-id>\t<answer>\t<expected>
 *
 * answer is "0", a value, "fd" (a descriptor was returned) or an errno name; expected is what
 * the C code gives by our reading (the function is cited at each case). The first line is
 * "# cases N", the last "# end". The cases that upstream's and this project's sk_lookup
 * selftests already cover (link create with unknown flags, a flow dissector attach type, a socket
 * or closed fd as target, BPF_PROG_ATTACH of sk_lookup; link update with a wrong old program or
 * another type on a live link; netns_ino, update and detach after netns exit; the bpf_sk_assign()
 * errno table) are not repeated.
 *
 * Privilege cases run in forked children: (a) uid/gid 65534 without capabilities, (b) root of a
 * new user namespace (mapped to 65534) owning its own netns, with program and link fds of the
 * privileged parent inherited; they report through a pipe.
 *
 * Last, "nothing leaked": the BPF program and link ids and the net_namespace slab's active objects
 * (exact only with slab_nomerge, said in a row) after every fd is closed, polled with a time limit,
 * and the kernel log's splats (WARNING, BUG, ...) that appeared during the run.
 *
 * Must run as root (it creates network and user namespaces). Exit status 0 when every case ran,
 * 1 when the tool itself failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <grp.h>
#include <linux/bpf.h>

/*
 * The number of case rows this tool prints (checked at the end): 111 always, 14 for child a under
 * unprivileged_bpf_disabled=2, and child b's: 21 with user namespaces, else its one row saying
 * that it could not create one.
 */
#define NCASES_BASE 146

#ifndef offsetofend
#define offsetofend(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))
#endif
#define NCASES_B 21

#define NOSK 0x7fff	/* the assign program's mark for "the map held no socket" */

static int rows;	/* case rows written by this process */
static int out_fd = 1;	/* where rows go: stdout, or the pipe in a child */

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bad_input: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

/* One line with a single write(), so that rows of several processes on one pipe never mix. */
static void emit(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(buf))
		die("row too long");
	if (write(out_fd, buf, n) != n)
		die("write: %s", strerror(errno));
}

static void row(const char *id, const char *answer, const char *expected)
{
	emit("%s\t%s\t%s\n", id, answer, expected);
	rows++;
}

static const char *errname(int e)
{
	static char buf[32];
	const char *s = strerrorname_np(e);

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* The answer of a call that returned r (errno set when r < 0); fds are closed. */
static const char *ans(long r, bool is_fd)
{
	static char buf[32];

	if (r < 0)
		return errname(errno);
	if (is_fd) {
		close(r);
		return "fd";
	}
	snprintf(buf, sizeof(buf), "%ld", r);
	return buf;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Raw instructions. */
#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						 .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_W(d, o, i)		INSN(BPF_ST | BPF_MEM | BPF_W, d, 0, o, i)
#define STX_DW(d, s, o)		INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define JEQ_IMM(d, i, o)	INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP_FD(d, fd)	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), \
				INSN(0, 0, 0, 0, 0)

static int load_prog(int type, int attach, const struct bpf_insn *insns, int cnt, int token_fd)
{
	union bpf_attr a = {};

	a.prog_type = type;
	a.expected_attach_type = attach;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = cnt;
	a.license = (uintptr_t)"GPL";
	if (token_fd >= 0) {
		a.prog_flags = BPF_F_TOKEN_FD;
		a.prog_token_fd = token_fd;
	}
	return sys_bpf(BPF_PROG_LOAD, &a);
}

/* A program returning ret: SK_PASS for sk_lookup, BPF_OK for the flow dissector. */
static int load_ret(int type, int attach, int ret, int token_fd)
{
	const struct bpf_insn insns[] = { MOV64_IMM(BPF_REG_0, ret), EXIT() };

	return load_prog(type, attach, insns, 2, token_fd);
}

static int load_sk_lookup(int token_fd)
{
	return load_ret(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, 1, token_fd);
}

static int load_flow_dissector(int token_fd)
{
	return load_ret(BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, 0, token_fd);
}

static int link_create(int prog, int target, int attach, unsigned int flags)
{
	union bpf_attr a = {};

	a.link_create.prog_fd = prog;
	a.link_create.target_fd = target;
	a.link_create.attach_type = attach;
	a.link_create.flags = flags;
	return sys_bpf(BPF_LINK_CREATE, &a);
}

static int link_update(int link, int new_prog, int old_prog)
{
	union bpf_attr a = {};

	a.link_update.link_fd = link;
	a.link_update.new_prog_fd = new_prog;
	if (old_prog >= 0) {
		a.link_update.flags = BPF_F_REPLACE;
		a.link_update.old_prog_fd = old_prog;
	}
	return sys_bpf(BPF_LINK_UPDATE, &a);
}

static int link_detach(int link)
{
	union bpf_attr a = {};

	a.link_detach.link_fd = link;
	return sys_bpf(BPF_LINK_DETACH, &a);
}

static int prog_attach(int prog, int attach, int target, unsigned int flags, int replace)
{
	union bpf_attr a = {};

	a.attach_bpf_fd = prog;
	a.attach_type = attach;
	a.target_fd = target;
	a.attach_flags = flags;
	a.replace_bpf_fd = replace;
	return sys_bpf(BPF_PROG_ATTACH, &a);
}

static int prog_detach(int prog, int attach, int target)
{
	union bpf_attr a = {};

	a.attach_bpf_fd = prog;
	a.attach_type = attach;
	a.target_fd = target;
	return sys_bpf(BPF_PROG_DETACH, &a);
}

/* BPF_PROG_QUERY with attr a prepared by the caller (target, type, flags, ids, cnt). */
static int query(union bpf_attr *a)
{
	return sys_bpf(BPF_PROG_QUERY, a);
}

/* Fills a BPF_PROG_QUERY attr. */
static void query_attr(union bpf_attr *a, int target, int attach, __u32 *ids, __u32 cnt)
{
	memset(a, 0, sizeof(*a));
	a->query.target_fd = target;
	a->query.attach_type = attach;
	a->query.prog_ids = (uintptr_t)ids;
	a->query.prog_cnt = cnt;
}

static int get_info(int fd, void *info, __u32 len)
{
	union bpf_attr a = {};

	memset(info, 0, len);
	a.info.bpf_fd = fd;
	a.info.info_len = len;
	a.info.info = (uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a);
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info;

	if (get_info(fd, &info, sizeof(info)))
		die("prog info: %s", strerror(errno));
	return info.id;
}

/* "cnt=N" or "cnt=N,ids=<a,b,...>" where ids are named by the fds given (p0, p1, ...). */
static const char *describe_query(int r, union bpf_attr *a, const __u32 *ids, int nids,
				  const int *progs, int nprogs)
{
	static char buf[256];
	int i, j, n;

	if (r < 0)
		return errname(errno);
	n = snprintf(buf, sizeof(buf), "cnt=%u", a->query.prog_cnt);
	for (i = 0; i < nids && i < (int)a->query.prog_cnt; i++) {
		const char *name = "?";
		char nb[16];

		for (j = 0; j < nprogs; j++)
			if (ids[i] == prog_id(progs[j])) {
				snprintf(nb, sizeof(nb), "p%d", j);
				name = nb;
			}
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "," : ",ids=", name);
	}
	return buf;
}

static int open_netns(void)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("open /proc/self/ns/net: %s", strerror(errno));
	return fd;
}

/* Creates a netns the caller is not in and returns an fd of it. */
static int new_netns(void)
{
	int orig = open_netns(), fd;

	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	fd = open_netns();
	if (setns(orig, CLONE_NEWNET))
		die("setns back: %s", strerror(errno));
	close(orig);
	return fd;
}

static void enter_netns(int fd)
{
	if (setns(fd, CLONE_NEWNET))
		die("setns: %s", strerror(errno));
}

static ino_t ino_of(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat: %s", strerror(errno));
	return st.st_ino;
}

/* Link info of a netns link: "type=T,netns_ino=<0|self|N>,attach_type=A,prog=<pK|?>". */
static const char *describe_link(int link, int netns_fd, const int *progs, int nprogs)
{
	static char buf[160];
	struct bpf_link_info info;
	char ino[32], pname[16] = "?";
	int i;

	if (get_info(link, &info, sizeof(info)))
		return errname(errno);
	if (!info.netns.netns_ino)
		snprintf(ino, sizeof(ino), "0");
	else if (netns_fd >= 0 && info.netns.netns_ino == ino_of(netns_fd))
		snprintf(ino, sizeof(ino), "self");
	else
		snprintf(ino, sizeof(ino), "other");
	for (i = 0; i < nprogs; i++)
		if (info.prog_id == prog_id(progs[i]))
			snprintf(pname, sizeof(pname), "p%d", i);
	snprintf(buf, sizeof(buf), "type=%u,netns_ino=%s,attach_type=%u,prog=%s", info.type, ino,
		 info.netns.attach_type, pname);
	return buf;
}

/* fdinfo of a netns link: "link_type=L,netns_ino=<0|self|other>,attach_type=A". */
static const char *describe_fdinfo(int link, int netns_fd)
{
	static char buf[160];
	char path[64], text[1024], type[32] = "?", ino[32] = "?", att[16] = "?";
	char *line, *save;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", link);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errname(errno);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return "unreadable";
	text[n] = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long v;

		if (sscanf(line, "link_type:\t%31s", type) == 1)
			continue;
		if (sscanf(line, "netns_ino:\t%lu", &v) == 1) {
			if (!v)
				snprintf(ino, sizeof(ino), "0");
			else if (netns_fd >= 0 && v == ino_of(netns_fd))
				snprintf(ino, sizeof(ino), "self");
			else
				snprintf(ino, sizeof(ino), "other");
		}
		if (sscanf(line, "attach_type:\t%lu", &v) == 1)
			snprintf(att, sizeof(att), "%lu", v);
	}
	snprintf(buf, sizeof(buf), "link_type=%s,netns_ino=%s,attach_type=%s", type, ino, att);
	return buf;
}

/* Polls until the link's netns_ino reads 0 (pre_exit runs in the netns cleanup worker). */
static bool wait_link_detached(int link)
{
	struct bpf_link_info info;
	int i;

	for (i = 0; i < 600; i++) {
		if (get_info(link, &info, sizeof(info)))
			return false;
		if (!info.netns.netns_ino)
			return true;
		usleep(50 * 1000);
	}
	return false;
}

/* ---- bpf_sk_assign() of a socket that a SOCKMAP holds, through BPF_PROG_TEST_RUN ---- */

static int sockmap_fd, result_fd, assign_prog;

static void assign_setup(void)
{
	union bpf_attr a = {};

	a.map_type = BPF_MAP_TYPE_SOCKMAP;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	sockmap_fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (sockmap_fd < 0)
		die("sockmap: %s", strerror(errno));
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	result_fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (result_fd < 0)
		die("array map: %s", strerror(errno));

	/*
	 * sk = map_lookup(sockmap, 0); r = sk ? bpf_sk_assign(ctx, sk, 0) : NOSK;
	 * if (sk) bpf_sk_release(sk); result[0] = r; return SK_PASS;
	 */
	const struct bpf_insn insns[] = {
		MOV64_REG(BPF_REG_6, BPF_REG_1),
		ST_W(BPF_REG_10, -4, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -4),
		LD_MAP_FD(BPF_REG_1, sockmap_fd),
		CALL(BPF_FUNC_map_lookup_elem),
		MOV64_IMM(BPF_REG_8, NOSK),
		JEQ_IMM(BPF_REG_0, 0, 8),
		MOV64_REG(BPF_REG_7, BPF_REG_0),
		MOV64_REG(BPF_REG_1, BPF_REG_6),
		MOV64_REG(BPF_REG_2, BPF_REG_7),
		MOV64_IMM(BPF_REG_3, 0),
		CALL(BPF_FUNC_sk_assign),
		MOV64_REG(BPF_REG_8, BPF_REG_0),
		MOV64_REG(BPF_REG_1, BPF_REG_7),
		CALL(BPF_FUNC_sk_release),
		ST_W(BPF_REG_10, -8, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -8),
		LD_MAP_FD(BPF_REG_1, result_fd),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(BPF_REG_0, 0, 1),
		STX_DW(BPF_REG_0, BPF_REG_8, 0),
		MOV64_IMM(BPF_REG_0, 1),
		EXIT(),
	};
	static char log[65536];
	union bpf_attr l = {};

	l.prog_type = BPF_PROG_TYPE_SK_LOOKUP;
	l.expected_attach_type = BPF_SK_LOOKUP;
	l.insns = (uintptr_t)insns;
	l.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	l.license = (uintptr_t)"GPL";
	l.log_buf = (uintptr_t)log;
	l.log_size = sizeof(log);
	l.log_level = 1;
	assign_prog = sys_bpf(BPF_PROG_LOAD, &l);
	if (assign_prog < 0)
		die("assign program: %s\n%s", strerror(errno), log);
}

static int map_put(int sock)
{
	union bpf_attr a = {};
	__u32 key = 0;
	__u64 val = sock;

	a.map_fd = sockmap_fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	a.flags = BPF_ANY;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a);
}

/* "present" when the sockmap still holds a socket at key 0 (user-space lookup gives its cookie). */
static const char *map_state(void)
{
	union bpf_attr a = {};
	__u32 key = 0;
	__u64 val = 0;

	a.map_fd = sockmap_fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&val;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		return errno == ENOENT ? "absent" : errname(errno);
	return "present";
}

/* Runs the assign program on an IPv4 lookup of protocol proto; returns bpf_sk_assign()'s answer. */
static const char *run_assign(int proto)
{
	static char buf[48];
	struct bpf_sk_lookup ctx = {};
	union bpf_attr a = {};
	__u32 key = 0;
	__s64 res = 0;

	ctx.family = AF_INET;
	ctx.protocol = proto;
	ctx.remote_ip4 = htonl(INADDR_LOOPBACK);
	ctx.remote_port = htons(40000);
	ctx.local_ip4 = htonl(INADDR_LOOPBACK);
	ctx.local_port = 47001;
	memset(&a, 0, sizeof(a));
	a.map_fd = result_fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&res;
	res = -1000000;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
		die("result map reset: %s", strerror(errno));
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = assign_prog;
	a.test.ctx_in = (uintptr_t)&ctx;
	a.test.ctx_size_in = sizeof(ctx);
	if (sys_bpf(BPF_PROG_TEST_RUN, &a)) {
		snprintf(buf, sizeof(buf), "test_run:%s", errname(errno));
		return buf;
	}
	memset(&a, 0, sizeof(a));
	a.map_fd = result_fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&res;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a))
		die("result map: %s", strerror(errno));
	if (res == NOSK)
		return "nosk";
	if (res < 0 && res > -4096)
		return errname(-res);
	snprintf(buf, sizeof(buf), "%lld", (long long)res);
	return buf;
}

static void lo_up(void)
{
	struct ifreq ifr = {};
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr))
		die("lo flags: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		die("lo up: %s", strerror(errno));
	close(s);
}

static int bound_socket(int type, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, s = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)))
		die("socket bound to port %d: %s", port, strerror(errno));
	return s;
}

static int connect_unspec(int s)
{
	struct sockaddr sa = { .sa_family = AF_UNSPEC };

	return connect(s, &sa, sizeof(sa));
}

/*
 * BPF_PROG_TEST_RUN of an sk_lookup program (test_run.c bpf_prog_test_run_sk_lookup(), with
 * bpf_ctx_init() and bpf_ctx_finish()) whose attributes or context differ from a plain IPv4 run in one
 * place. The answer is "ret=0,retval=V" or the errno, with ",ctx_size_out=N" where the kernel wrote it.
 */
enum test_run_case {
	TR_PLAIN, TR_IFINDEX, TR_PAD_PORT, TR_PAD_TAIL, TR_FLAGS, TR_CPU, TR_BATCH, TR_DATA_IN,
	TR_DATA_OUT, TR_NO_CTX, TR_CTX_OUT_ONLY, TR_CTX_SHORT, TR_CTX_LONG_ZERO, TR_CTX_LONG_NONZERO,
	TR_CTX_FAULT, TR_CTX_OUT_SHORT, TR_SK, TR_PORT_RANGE, TR_FAMILY_UNIX, TR_FAMILY_HIGH,
	TR_PROTOCOL_HIGH,
};

static const char *test_run_case(int prog, enum test_run_case c)
{
	static char buf[64];
	/* Room for a context larger than struct bpf_sk_lookup (TR_CTX_LONG_*). */
	union {
		struct bpf_sk_lookup ctx;
		__u8 bytes[sizeof(struct bpf_sk_lookup) + 8];
	} in = {}, out = {};
	__u8 data[16] = {};
	union bpf_attr a = {};
	struct bpf_sk_lookup *ctx = &in.ctx;

	ctx->family = AF_INET;
	ctx->protocol = IPPROTO_TCP;
	ctx->remote_ip4 = htonl(INADDR_LOOPBACK);
	ctx->remote_port = htons(40000);
	ctx->local_ip4 = htonl(INADDR_LOOPBACK);
	ctx->local_port = 47001;
	a.test.prog_fd = prog;
	a.test.ctx_in = (uintptr_t)ctx;
	a.test.ctx_size_in = sizeof(*ctx);
	a.test.ctx_out = (uintptr_t)&out;
	a.test.ctx_size_out = sizeof(out.ctx);
	switch (c) {
	case TR_PLAIN: break;
	case TR_IFINDEX: ctx->ingress_ifindex = 0x0a0b0c0d; break;
	case TR_PAD_PORT: in.bytes[offsetofend(struct bpf_sk_lookup, remote_port)] = 0x5a; break;
	case TR_PAD_TAIL: in.bytes[offsetofend(struct bpf_sk_lookup, ingress_ifindex)] = 0x5a; break;
	case TR_FLAGS: a.test.flags = BPF_F_TEST_RUN_ON_CPU; break;
	case TR_CPU: a.test.cpu = 1; break;
	case TR_BATCH: a.test.batch_size = 1; break;
	case TR_DATA_IN: a.test.data_in = (uintptr_t)data; a.test.data_size_in = sizeof(data); break;
	case TR_DATA_OUT: a.test.data_out = (uintptr_t)data; a.test.data_size_out = sizeof(data); break;
	case TR_NO_CTX: a.test.ctx_in = 0; a.test.ctx_size_in = 0; a.test.ctx_out = 0;
		a.test.ctx_size_out = 0; break;
	case TR_CTX_OUT_ONLY: a.test.ctx_in = 0; a.test.ctx_size_in = 0; break;
	case TR_CTX_SHORT: a.test.ctx_size_in = offsetof(struct bpf_sk_lookup, family); break;
	case TR_CTX_LONG_ZERO: a.test.ctx_size_in = sizeof(in); break;
	case TR_CTX_LONG_NONZERO: a.test.ctx_size_in = sizeof(in); in.bytes[sizeof(in) - 1] = 1; break;
	case TR_CTX_FAULT: a.test.ctx_in = 8; break;
	case TR_CTX_OUT_SHORT: a.test.ctx_size_out = 8; break;
	case TR_SK: ctx->cookie = 1; break;
	case TR_PORT_RANGE: ctx->local_port = 0x10000; break;
	case TR_FAMILY_UNIX: ctx->family = AF_UNIX; break;
	case TR_FAMILY_HIGH: ctx->family = 0x10000 | AF_INET; break;
	case TR_PROTOCOL_HIGH: ctx->protocol = 0x10000 | IPPROTO_TCP; break;
	}
	if (sys_bpf(BPF_PROG_TEST_RUN, &a)) {
		if (errno == ENOSPC)
			snprintf(buf, sizeof(buf), "ENOSPC,ctx_size_out=%u", a.test.ctx_size_out);
		else
			snprintf(buf, sizeof(buf), "%s", errname(errno));
		return buf;
	}
	snprintf(buf, sizeof(buf), "ret=0,retval=%u", a.test.retval);
	return buf;
}

static void cases_test_run(int prog)
{
	/* The program is an sk_lookup program that returns 1 (SK_PASS). */
	static const struct {
		const char *id;
		enum test_run_case c;
		const char *expected;
	} t[] = {
		/* A plain IPv4 context: the program runs. */
		{ "testrun.ctx_plain", TR_PLAIN, "ret=0,retval=1" },
		/*
		 * ingress_ifindex is taken as metadata, not checked against the namespace's devices (the
		 * series' test_run.c fix; before it, any non-zero byte after local_port was EINVAL).
		 */
		{ "testrun.ingress_ifindex", TR_IFINDEX, "ret=0,retval=1" },
		/*
		 * The padding after remote_port (offset 38) was never checked: range_is_zero() starts
		 * after the last field. A Rust test run must not start checking it.
		 */
		{ "testrun.pad_after_remote_port", TR_PAD_PORT, "ret=0,retval=1" },
		/* The tail padding after ingress_ifindex (offset 68): range_is_zero(), EINVAL. */
		{ "testrun.pad_tail", TR_PAD_TAIL, "EINVAL" },
		/* kattr->test.flags || cpu || batch_size: EINVAL, before anything else. */
		{ "testrun.flags", TR_FLAGS, "EINVAL" },
		{ "testrun.cpu", TR_CPU, "EINVAL" },
		{ "testrun.batch_size", TR_BATCH, "EINVAL" },
		/* data_in, data_size_in, data_out or data_size_out: EINVAL (no packet data). */
		{ "testrun.data_in", TR_DATA_IN, "EINVAL" },
		{ "testrun.data_out", TR_DATA_OUT, "EINVAL" },
		/* No context in or out: bpf_ctx_init() returns NULL, EINVAL. */
		{ "testrun.no_ctx", TR_NO_CTX, "EINVAL" },
		/* ctx_out alone: bpf_ctx_init() gives a zeroed context, family 0: EAFNOSUPPORT. */
		{ "testrun.ctx_out_only", TR_CTX_OUT_ONLY, "EAFNOSUPPORT" },
		/* ctx_size_in short of family: the rest is zero, family 0: EAFNOSUPPORT. */
		{ "testrun.ctx_size_in_short", TR_CTX_SHORT, "EAFNOSUPPORT" },
		/* Longer than the structure: bpf_check_uarg_tail_zero() accepts zeroes, E2BIG else. */
		{ "testrun.ctx_size_in_long_zero", TR_CTX_LONG_ZERO, "ret=0,retval=1" },
		{ "testrun.ctx_size_in_long_nonzero", TR_CTX_LONG_NONZERO, "E2BIG" },
		/* ctx_in at an unmapped address: copy_from_user() fails, EFAULT. */
		{ "testrun.ctx_in_fault", TR_CTX_FAULT, "EFAULT" },
		/*
		 * ctx_size_out short: bpf_ctx_finish() copies what fits, writes the full size back to
		 * ctx_size_out and fails with ENOSPC, after the run.
		 */
		{ "testrun.ctx_size_out_short", TR_CTX_OUT_SHORT, "ENOSPC,ctx_size_out=72" },
		/* user_ctx->sk (the cookie) set: EINVAL. */
		{ "testrun.sk_set", TR_SK, "EINVAL" },
		/* local_port > U16_MAX: ERANGE. */
		{ "testrun.local_port_range", TR_PORT_RANGE, "ERANGE" },
		/* A family other than AF_INET and AF_INET6: EAFNOSUPPORT. */
		{ "testrun.family_unix", TR_FAMILY_UNIX, "EAFNOSUPPORT" },
		/*
		 * family and protocol are truncated to 16 bits unchecked ((u16)user_ctx->family), so
		 * 0x10002 is AF_INET and the run goes on; kept as C does it.
		 */
		{ "testrun.family_high_bits", TR_FAMILY_HIGH, "ret=0,retval=1" },
		{ "testrun.protocol_high_bits", TR_PROTOCOL_HIGH, "ret=0,retval=1" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		row(t[i].id, test_run_case(prog, t[i].c), t[i].expected);
}

/*
 * bpf_sk_assign() (filter.c bpf_sk_lookup_assign() / sk_lookup.rs sk_lookup_assign()) of sockets
 * that left the state it accepts while a SOCKMAP holds them.
 */
static void cases_assign(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(47002),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s;

	assign_setup();

	s = bound_socket(SOCK_STREAM, 47001);
	if (listen(s, 8))
		die("listen: %s", strerror(errno));
	if (map_put(s))
		die("sockmap update with a listener: %s", strerror(errno));
	/* A listener: accepted (all checks pass). */
	row("assign.tcp_listener", run_assign(IPPROTO_TCP), "0");
	/* tcp_disconnect() of a listener: inet_csk_listen_stop(), state CLOSE. */
	row("assign.tcp_listener_connect_unspec", connect_unspec(s) ? errname(errno) : "0", "0");
	/* TCP has no sockmap unhash hook (only unix_bpf.c sets sock_map_unhash): still held. */
	row("assign.tcp_closed_still_in_map", map_state(), "present");
	/* "only accept TCP socket in LISTEN": sk_state CLOSE -> -ESOCKTNOSUPPORT. */
	row("assign.tcp_closed_listener", run_assign(IPPROTO_TCP), "ESOCKTNOSUPPORT");
	/* listen() again (the port stays bound: SOCK_BINDPORT_LOCK): accepted again. */
	row("assign.tcp_relisten", listen(s, 8) ? errname(errno) : run_assign(IPPROTO_TCP), "0");
	/* sock_map_close() on the last close takes it out of the map. */
	close(s);
	row("assign.tcp_map_after_close", map_state(), "absent");

	s = bound_socket(SOCK_DGRAM, 47001);
	if (map_put(s))
		die("sockmap update with a UDP socket: %s", strerror(errno));
	row("assign.udp_unconnected", run_assign(IPPROTO_UDP), "0");
	/* "only accept UDP socket in CLOSE": connected is ESTABLISHED -> -ESOCKTNOSUPPORT. */
	row("assign.udp_connected", connect(s, (struct sockaddr *)&to, sizeof(to)) ?
	    errname(errno) : run_assign(IPPROTO_UDP), "ESOCKTNOSUPPORT");
	/* udp_disconnect(): CLOSE again; the bound port keeps it hashed and in the map. */
	row("assign.udp_connect_unspec", connect_unspec(s) ? errname(errno) : run_assign(IPPROTO_UDP),
	    "0");
	/* Protocol checked after the state: a UDP socket for a TCP lookup -> -EPROTOTYPE. */
	row("assign.udp_for_tcp_after_unspec", run_assign(IPPROTO_TCP), "EPROTOTYPE");
	close(s);
	close(assign_prog);
	close(sockmap_fd);
	close(result_fd);
}

/* ---- the netns attach point ---- */

struct progs {
	int sk[3];	/* sk_lookup programs p0..p2 */
	int fd[2];	/* flow dissector programs */
	int sf;		/* a socket filter */
};

static void cases_link_create(const struct progs *p, int net)
{
	int fd, l, uts, opath;

	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	opath = open("/proc/self/ns/net", O_PATH | O_CLOEXEC);
	if (uts < 0 || opath < 0)
		die("open ns files: %s", strerror(errno));

	/* get_net_ns_by_fd(): an nsfs file of another namespace type -> -EINVAL. */
	fd = link_create(p->sk[0], uts, BPF_SK_LOOKUP, 0);
	row("create.target_uts_ns", ans(fd, true), "EINVAL");
	/* get_net_ns_by_fd(): fdget() ignores O_PATH files -> -EBADF. */
	fd = link_create(p->sk[0], opath, BPF_SK_LOOKUP, 0);
	row("create.target_netns_opath", ans(fd, true), "EBADF");
	/* get_net_ns_by_fd(): a BPF program fd is no nsfs file -> -EINVAL. */
	fd = link_create(p->sk[0], p->sk[1], BPF_SK_LOOKUP, 0);
	row("create.target_prog_fd", ans(fd, true), "EINVAL");
	/* get_net_ns_by_fd(): fd -1 -> -EBADF. */
	fd = link_create(p->sk[0], -1, BPF_SK_LOOKUP, 0);
	row("create.target_negative_fd", ans(fd, true), "EBADF");
	/* get_net_ns_by_fd(): a netns link fd is no nsfs file either -> -EINVAL. */
	l = link_create(p->sk[0], net, BPF_SK_LOOKUP, 0);
	if (l < 0)
		die("sk_lookup link: %s", strerror(errno));
	fd = link_create(p->sk[0], l, BPF_SK_LOOKUP, 0);
	row("create.target_link_fd", ans(fd, true), "EINVAL");
	close(l);
	/* netns_bpf_link_create(): unknown high flag bit -> -EINVAL (flags must be 0). */
	fd = link_create(p->sk[0], net, BPF_SK_LOOKUP, 1u << 31);
	row("create.flags_high_bit", ans(fd, true), "EINVAL");
	/* syscall.c bpf_prog_attach_check_attach_type(): flow dissector program, BPF_SK_LOOKUP. */
	fd = link_create(p->fd[0], net, BPF_SK_LOOKUP, 0);
	row("create.flow_dissector_prog_sk_lookup_type", ans(fd, true), "EINVAL");
	/* syscall.c bpf_prog_attach_check_attach_type(): socket filter program, BPF_SK_LOOKUP. */
	fd = link_create(p->sf, net, BPF_SK_LOOKUP, 0);
	row("create.socket_filter_prog", ans(fd, true), "EINVAL");
	/* A netns no process is in, held by an fd only: alive, so the link is made. */
	{
		int lonely = new_netns();

		fd = link_create(p->sk[0], lonely, BPF_SK_LOOKUP, 0);
		row("create.netns_without_process", ans(fd, true), "fd");
		close(lonely);
	}
	close(uts);
	close(opath);
}

/*
 * Flow dissector: legacy BPF_PROG_ATTACH/DETACH (netns_bpf_prog_attach/detach) against links
 * (netns_bpf_link_attach), and the init_net rule (flow_dissector_bpf_prog_attach_check()).
 * Runs in the tool's own netns ("net"); init is an fd of init_net.
 */
static void cases_flow_dissector(const struct progs *p, int net, int init)
{
	const int fdp[2] = { p->fd[0], p->fd[1] };
	union bpf_attr q;
	__u32 ids[4];
	int l, l2, r;

	l = link_create(p->fd[0], net, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_create", ans(l < 0 ? l : dup(l), true), "fd");
	if (l < 0)
		die("flow dissector link: %s", strerror(errno));
	/* netns_bpf_link_attach(): link_count >= netns_bpf_max_progs() (1) -> -E2BIG. */
	r = link_create(p->fd[1], net, BPF_FLOW_DISSECTOR, 0);
	row("fd.second_link", ans(r, true), "E2BIG");
	/* flow_dissector_bpf_prog_attach_check(): init_net while another netns has one -> -EEXIST. */
	r = link_create(p->fd[1], init, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_init_net_while_child_has_one", ans(r, true), "EEXIST");
	/* netns_bpf_prog_attach(): links present -> -EEXIST. */
	r = prog_attach(p->fd[1], BPF_FLOW_DISSECTOR, 0, 0, 0);
	row("fd.legacy_attach_while_link", ans(r, false), "EEXIST");
	/* __netns_bpf_prog_detach(): progs attached via links cannot be detached -> -EINVAL. */
	r = prog_detach(p->fd[0], BPF_FLOW_DISSECTOR, 0);
	row("fd.legacy_detach_of_link_prog", ans(r, false), "EINVAL");
	/* __netns_bpf_prog_query(): the link's program. */
	query_attr(&q, net, BPF_FLOW_DISSECTOR, ids, 4);
	r = query(&q);
	row("fd.query_link", describe_query(r, &q, ids, 4, fdp, 2), "cnt=1,ids=p0");
	/* bpf_netns_link_fill_info(): attach_type BPF_FLOW_DISSECTOR (17), the live netns. */
	row("fd.link_info", describe_link(l, net, fdp, 2), "type=5,netns_ino=self,attach_type=17,prog=p0");
	/* bpf_netns_link_update_prog(): new program of another type -> -EINVAL. */
	r = link_update(l, p->sk[0], -1);
	row("fd.update_to_sk_lookup_prog", ans(r, false), "EINVAL");
	/* bpf_netns_link_update_prog(): same type -> 0, the query shows it. */
	r = link_update(l, p->fd[1], p->fd[0]);
	query_attr(&q, net, BPF_FLOW_DISSECTOR, ids, 4);
	row("fd.update_and_query", r ? errname(errno) : describe_query(query(&q), &q, ids, 4, fdp, 2),
	    "cnt=1,ids=p1");
	/* bpf_netns_link_detach(): 0, and the list is empty afterwards. */
	r = link_detach(l);
	row("fd.link_detach", ans(r, false), "0");
	/* netns_bpf_prog_attach(): no link left on the list -> 0. */
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, 0, 0, 0);
	row("fd.legacy_attach_after_link_detach", ans(r, false), "0");
	/* bpf_netns_link_update_prog(): detached link -> -ENOLINK. */
	r = link_update(l, p->fd[1], -1);
	row("fd.update_detached_link", ans(r, false), "ENOLINK");
	/* bpf_netns_link_fill_info(): a detached link reads netns_ino 0. */
	row("fd.detached_link_info", describe_link(l, net, fdp, 2),
	    "type=5,netns_ino=0,attach_type=17,prog=p1");
	close(l);
	/* netns_bpf_prog_attach(): the same program twice -> -EINVAL. */
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, 0, 0, 0);
	row("fd.legacy_attach_same_prog", ans(r, false), "EINVAL");
	/* netns_bpf_prog_attach(): another program replaces it -> 0, query shows it. */
	r = prog_attach(p->fd[1], BPF_FLOW_DISSECTOR, 0, 0, 0);
	query_attr(&q, net, BPF_FLOW_DISSECTOR, ids, 4);
	row("fd.legacy_replace_and_query", r ? errname(errno) :
	    describe_query(query(&q), &q, ids, 4, fdp, 2), "cnt=1,ids=p1");
	/* netns_bpf_link_attach(): a directly attached program -> -EEXIST. */
	r = link_create(p->fd[0], net, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_while_legacy", ans(r, true), "EEXIST");
	/* netns_bpf_prog_attach(): target_fd must be 0 -> -EINVAL. */
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, net, 0, 0);
	row("fd.legacy_attach_target_fd", ans(r, false), "EINVAL");
	/* netns_bpf_prog_attach(): attach_flags must be 0 (BPF_F_ALLOW_OVERRIDE passes syscall.c). */
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, 0, BPF_F_ALLOW_OVERRIDE, 0);
	row("fd.legacy_attach_flags", ans(r, false), "EINVAL");
	/* netns_bpf_prog_attach(): replace_bpf_fd must be 0 -> -EINVAL. */
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, 0, 0, p->fd[1]);
	row("fd.legacy_attach_replace_fd", ans(r, false), "EINVAL");
	/* flow_dissector_bpf_prog_attach_check(): init_net while this netns has one -> -EEXIST. */
	enter_netns(init);
	r = prog_attach(p->fd[0], BPF_FLOW_DISSECTOR, 0, 0, 0);
	enter_netns(net);
	row("fd.legacy_attach_init_net_while_child_has_one", ans(r, false), "EEXIST");
	/* __netns_bpf_prog_detach(): another program than the attached one -> -ENOENT. */
	r = prog_detach(p->fd[0], BPF_FLOW_DISSECTOR, 0);
	row("fd.legacy_detach_wrong_prog", ans(r, false), "ENOENT");
	/* netns_bpf_prog_detach(): bpf_prog_get_type() of an sk_lookup program -> -EINVAL. */
	r = prog_detach(p->sk[0], BPF_FLOW_DISSECTOR, 0);
	row("fd.legacy_detach_sk_lookup_prog", ans(r, false), "EINVAL");
	/* netns_bpf_prog_detach(): target_fd must be 0 -> -EINVAL. */
	r = prog_detach(p->fd[1], BPF_FLOW_DISSECTOR, net);
	row("fd.legacy_detach_target_fd", ans(r, false), "EINVAL");
	/* __netns_bpf_prog_detach(): 0, then nothing attached -> -ENOENT. */
	r = prog_detach(p->fd[1], BPF_FLOW_DISSECTOR, 0);
	row("fd.legacy_detach", ans(r, false), "0");
	r = prog_detach(p->fd[1], BPF_FLOW_DISSECTOR, 0);
	row("fd.legacy_detach_again", ans(r, false), "ENOENT");
	query_attr(&q, net, BPF_FLOW_DISSECTOR, ids, 4);
	r = query(&q);
	row("fd.query_after_detach", describe_query(r, &q, ids, 4, fdp, 2), "cnt=0");
	/* Now init_net holds one (a link) and the others may not. */
	l = link_create(p->fd[0], init, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_init_net", ans(l < 0 ? l : dup(l), true), "fd");
	/* flow_dissector_bpf_prog_attach_check(): init_net has one -> -EEXIST, link and legacy. */
	r = link_create(p->fd[1], net, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_child_while_init_net_has_one", ans(r, true), "EEXIST");
	r = prog_attach(p->fd[1], BPF_FLOW_DISSECTOR, 0, 0, 0);
	row("fd.legacy_attach_child_while_init_net_has_one", ans(r, false), "EEXIST");
	/* Legacy detach in init_net of a link-attached program -> -EINVAL. */
	enter_netns(init);
	r = prog_detach(p->fd[0], BPF_FLOW_DISSECTOR, 0);
	enter_netns(net);
	row("fd.legacy_detach_init_net_link_prog", ans(r, false), "EINVAL");
	if (l >= 0)
		close(l);
	/* The init_net link released: a child may have one again. */
	l2 = link_create(p->fd[1], net, BPF_FLOW_DISSECTOR, 0);
	row("fd.link_child_after_init_net_link_closed", ans(l2, true), "fd");
	/* syscall.c bpf_prog_detach(): BPF_SK_LOOKUP has no legacy detach (default) -> -EINVAL. */
	r = prog_detach(p->sk[0], BPF_SK_LOOKUP, 0);
	row("legacy.detach_sk_lookup", ans(r, false), "EINVAL");
}

/* BPF_PROG_QUERY on BPF_SK_LOOKUP (netns_bpf_prog_query, __netns_bpf_prog_query). */
static void cases_query(const struct progs *p, int net)
{
	__u32 ids[64], small[1];
	union bpf_attr q;
	int links[3], i, r, sock, closed, uts, opath, empty;

	for (i = 0; i < 3; i++) {
		links[i] = link_create(p->sk[i], net, BPF_SK_LOOKUP, 0);
		if (links[i] < 0)
			die("sk_lookup link %d: %s", i, strerror(errno));
	}
	/* bpf_prog_array_copy_to_user(): more programs than prog_cnt -> -ENOSPC ... */
	small[0] = 0;
	query_attr(&q, net, BPF_SK_LOOKUP, small, 1);
	r = query(&q);
	row("query.cnt_too_small", ans(r, false), "ENOSPC");
	/* ... with the full count written back first, and the first id copied. */
	{
		char buf[64];

		snprintf(buf, sizeof(buf), "cnt=%u,first=%s", q.query.prog_cnt,
			 small[0] == prog_id(p->sk[0]) ? "p0" : "?");
		row("query.cnt_too_small_written", buf, "cnt=3,first=p0");
	}
	/* prog_cnt 0 with an ids buffer: count only, returns 0, buffer untouched. */
	ids[0] = 0xdead;
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 0);
	r = query(&q);
	{
		char buf[64];

		snprintf(buf, sizeof(buf), "%s,ids0=%s", describe_query(r, &q, ids, 0, p->sk, 3),
			 ids[0] == 0xdead ? "untouched" : "written");
		row("query.cnt_zero", buf, "cnt=3,ids0=untouched");
	}
	/* prog_ids NULL with a count: count only, 0. */
	query_attr(&q, net, BPF_SK_LOOKUP, NULL, 8);
	r = query(&q);
	row("query.ids_null", describe_query(r, &q, ids, 0, p->sk, 3), "cnt=3");
	/* Exactly enough room, in attach order. */
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	r = query(&q);
	row("query.exact", describe_query(r, &q, ids, 3, p->sk, 3), "cnt=3,ids=p0,p1,p2");
	/* More room than programs: 0, count 3. */
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 64);
	r = query(&q);
	row("query.large", describe_query(r, &q, ids, 64, p->sk, 3), "cnt=3,ids=p0,p1,p2");
	/* attach_flags is written (0) whatever the caller put there; revision is left alone. */
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	q.query.attach_flags = 0xdead;
	q.query.revision = 0x55;
	r = query(&q);
	{
		char buf[64];

		if (r)
			snprintf(buf, sizeof(buf), "%s", errname(errno));
		else
			snprintf(buf, sizeof(buf), "attach_flags=%u,revision=0x%llx",
				 q.query.attach_flags, (unsigned long long)q.query.revision);
		row("query.attach_flags_written", buf, "attach_flags=0,revision=0x55");
	}
	/* copy_to_user() of the ids to a bad address -> -EFAULT (after the count is written). */
	query_attr(&q, net, BPF_SK_LOOKUP, (__u32 *)8, 3);
	r = query(&q);
	row("query.ids_bad_address", ans(r, false), "EFAULT");
	/* netns_bpf_prog_query(): query_flags must be 0; BPF_F_QUERY_EFFECTIVE passes syscall.c. */
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	q.query.query_flags = BPF_F_QUERY_EFFECTIVE;
	row("query.flag_effective", ans(query(&q), false), "EINVAL");
	/* syscall.c bpf_prog_query(): unknown query flag -> -EINVAL. */
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	q.query.query_flags = 2;
	row("query.flag_unknown", ans(query(&q), false), "EINVAL");
	/* get_net_ns_by_fd() on fds that are no netns. */
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	opath = open("/proc/self/ns/net", O_PATH | O_CLOEXEC);
	if (sock < 0 || uts < 0 || opath < 0)
		die("query fds: %s", strerror(errno));
	query_attr(&q, sock, BPF_SK_LOOKUP, ids, 3);
	row("query.target_socket", ans(query(&q), false), "EINVAL");
	closed = dup(sock);	/* a number no fd has when the query runs */
	close(closed);
	query_attr(&q, closed, BPF_SK_LOOKUP, ids, 3);
	row("query.target_closed_fd", ans(query(&q), false), "EBADF");
	query_attr(&q, uts, BPF_SK_LOOKUP, ids, 3);
	row("query.target_uts_ns", ans(query(&q), false), "EINVAL");
	query_attr(&q, opath, BPF_SK_LOOKUP, ids, 3);
	row("query.target_netns_opath", ans(query(&q), false), "EBADF");
	query_attr(&q, links[0], BPF_SK_LOOKUP, ids, 3);
	row("query.target_link_fd", ans(query(&q), false), "EINVAL");
	/* to_netns_bpf_attach_type() is reached only for the two netns types: another is routed
	 * elsewhere by syscall.c; BPF_SK_LOOKUP on an empty netns: 0, count 0. */
	empty = new_netns();
	query_attr(&q, empty, BPF_SK_LOOKUP, ids, 3);
	r = query(&q);
	row("query.empty_netns", describe_query(r, &q, ids, 3, p->sk, 3), "cnt=0");
	/* BPF_FLOW_DISSECTOR on the same netns: the sk_lookup links are not counted there. */
	query_attr(&q, net, BPF_FLOW_DISSECTOR, ids, 3);
	r = query(&q);
	row("query.flow_dissector_type_separate", describe_query(r, &q, ids, 3, p->sk, 3), "cnt=0");
	close(empty);
	close(sock);
	close(uts);
	close(opath);

	/* Updates on live sk_lookup links (bpf_netns_link_update_prog). */
	/* The same program: bpf_prog_array_update_at() accepts it -> 0. */
	r = link_update(links[1], p->sk[1], p->sk[1]);
	row("update.same_prog", ans(r, false), "0");
	/* The program of another link (p2 also in the array): allowed -> 0, query p0,p2,p2. */
	r = link_update(links[1], p->sk[2], -1);
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	row("update.prog_of_another_link", r ? errname(errno) :
	    describe_query(query(&q), &q, ids, 3, p->sk, 3), "cnt=3,ids=p0,p2,p2");
	/* BPF_F_REPLACE with the link's program as old: -> 0. */
	r = link_update(links[1], p->sk[1], p->sk[2]);
	row("update.replace_right_old", ans(r, false), "0");
	/* A detached link (BPF_LINK_DETACH): old program checked before the netns -> -EPERM. */
	r = link_detach(links[2]);
	row("update.detached_wrong_old", r ? errname(errno) : ans(link_update(links[2], p->sk[0],
	    p->sk[0]), false), "EPERM");
	/* ... and the type before the netns -> -EINVAL. */
	r = link_update(links[2], p->fd[0], -1);
	row("update.detached_other_type", ans(r, false), "EINVAL");
	/* Live link info and fdinfo: netns_ino of this netns, attach_type BPF_SK_LOOKUP (36). */
	row("info.live_link", describe_link(links[0], net, p->sk, 3),
	    "type=5,netns_ino=self,attach_type=36,prog=p0");
	row("info.live_fdinfo", describe_fdinfo(links[0], net),
	    "link_type=netns,netns_ino=self,attach_type=36");
	/* A detached link: netns_ino 0 in both. */
	row("info.detached_fdinfo", describe_fdinfo(links[2], net),
	    "link_type=netns,netns_ino=0,attach_type=36");
	for (i = 0; i < 3; i++)
		close(links[i]);
	query_attr(&q, net, BPF_SK_LOOKUP, ids, 3);
	r = query(&q);
	row("query.after_close", describe_query(r, &q, ids, 3, p->sk, 3), "cnt=0");
}

/* Links whose netns was dismantled (pre_exit auto-detach). */
static void cases_dead_netns(const struct progs *p)
{
	const int fdp[2] = { p->fd[0], p->fd[1] };
	int dead, sk, fd, r;

	dead = new_netns();
	sk = link_create(p->sk[0], dead, BPF_SK_LOOKUP, 0);
	fd = link_create(p->fd[0], dead, BPF_FLOW_DISSECTOR, 0);
	if (sk < 0 || fd < 0)
		die("links in the netns to kill: %s", strerror(errno));
	close(dead);	/* the last reference: cleanup_net runs pre_exit in a worker */
	row("dead.auto_detached", wait_link_detached(sk) && wait_link_detached(fd) ? "yes" : "no",
	    "yes");
	/* bpf_netns_link_fill_info() / show_fdinfo(): netns_ino 0, the attach type kept. */
	row("dead.sk_lookup_link_info", describe_link(sk, -1, p->sk, 3),
	    "type=5,netns_ino=0,attach_type=36,prog=p0");
	row("dead.sk_lookup_fdinfo", describe_fdinfo(sk, -1),
	    "link_type=netns,netns_ino=0,attach_type=36");
	row("dead.flow_dissector_link_info", describe_link(fd, -1, fdp, 2),
	    "type=5,netns_ino=0,attach_type=17,prog=p0");
	row("dead.flow_dissector_fdinfo", describe_fdinfo(fd, -1),
	    "link_type=netns,netns_ino=0,attach_type=17");
	/* bpf_netns_link_update_prog(): old program, then type, then the netns -> EPERM first. */
	r = link_update(sk, p->sk[1], p->sk[1]);
	row("dead.update_wrong_old", ans(r, false), "EPERM");
	r = link_update(sk, p->fd[1], -1);
	row("dead.update_other_type", ans(r, false), "EINVAL");
	r = link_update(sk, p->sk[1], p->sk[0]);
	row("dead.update_right_old", ans(r, false), "ENOLINK");
	r = link_update(fd, p->fd[1], -1);
	row("dead.flow_dissector_update", ans(r, false), "ENOLINK");
	/* bpf_netns_link_detach() of an auto-detached link: release does nothing -> 0. */
	r = link_detach(fd);
	row("dead.flow_dissector_detach", ans(r, false), "0");
	/* The link's info is unchanged by the detach. */
	row("dead.flow_dissector_info_after_detach", describe_link(fd, -1, fdp, 2),
	    "type=5,netns_ino=0,attach_type=17,prog=p0");
	close(sk);
	close(fd);
}

/* ---- privileges ---- */

/* Kernel configuration (/proc/config.gz). */
static bool config_user_ns, config_unpriv_default_off;

struct priv_ctx {
	int sk, sk2, fdp;	/* programs made by the privileged parent */
	int link;		/* an sk_lookup link of the parent's netns, for this child */
	int parent_net;		/* fd of the parent's netns */
	__u32 sk_id;		/* id of sk, for BPF_PROG_GET_FD_BY_ID */
	int unpriv_disabled;	/* kernel.unprivileged_bpf_disabled */
	int sock;		/* (b) a socket to pass the bpffs context through */
};

static void drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		die("drop to 65534: %s", strerror(errno));
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/* The calls each child tries; prefix "a" or "b"; own is an fd of the child's netns. */
static void priv_calls(const char *who, const struct priv_ctx *c, int own)
{
	union bpf_attr q;
	struct bpf_link_info info;
	char id[64];
	__u32 ids[4];
	int r;

#define ID(s) (snprintf(id, sizeof(id), "%s.%s", who, s), id)
	/* bpf_prog_load(): unprivileged_bpf_disabled && !bpf_token_capable(NULL, CAP_BPF). */
	r = load_sk_lookup(-1);
	row(ID("load_sk_lookup"), ans(r, true), "EPERM");
	/* bpf_prog_load(): a socket filter is the unprivileged type, refused only by the sysctl. */
	r = load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, -1);
	row(ID("load_socket_filter"), ans(r, true), c->unpriv_disabled ? "EPERM" : "fd");
	/* link_create()/netns_bpf_link_create(): no capability check: an fd of the program and of
	 * the netns are the permission. */
	r = link_create(c->sk, own, BPF_SK_LOOKUP, 0);
	row(ID("link_create_own_netns"), ans(r, true), "fd");
	r = link_create(c->sk, c->parent_net, BPF_SK_LOOKUP, 0);
	row(ID("link_create_parent_netns"), ans(r, true), "fd");
	/* bpf_obj_get_info_by_fd(): no capability check for a link. */
	r = get_info(c->link, &info, sizeof(info));
	row(ID("link_info"), ans(r, false), "0");
	/* link_update(): no capability check. */
	r = link_update(c->link, c->sk2, c->sk);
	row(ID("link_update"), ans(r, false), "0");
	/* bpf_prog_query(): bpf_net_capable() = capable(CAP_NET_ADMIN) || capable(CAP_SYS_ADMIN),
	 * in init_user_ns, no token. */
	query_attr(&q, own, BPF_SK_LOOKUP, ids, 4);
	row(ID("query_own_netns"), ans(query(&q), false), "EPERM");
	query_attr(&q, c->parent_net, BPF_SK_LOOKUP, ids, 4);
	row(ID("query_parent_netns"), ans(query(&q), false), "EPERM");
	/* link_detach(): no capability check. */
	r = link_detach(c->link);
	row(ID("link_detach"), ans(r, false), "0");
	/* bpf_prog_attach()/netns_bpf_prog_attach(): no capability check; the current netns. */
	r = prog_attach(c->fdp, BPF_FLOW_DISSECTOR, 0, 0, 0);
	row(ID("legacy_attach_flow_dissector"), ans(r, false), "0");
	r = prog_detach(c->fdp, BPF_FLOW_DISSECTOR, 0);
	row(ID("legacy_detach_flow_dissector"), ans(r, false), "0");
	/* bpf_obj_get_next_id() / bpf_prog_get_fd_by_id(): capable(CAP_SYS_ADMIN). */
	memset(&q, 0, sizeof(q));
	row(ID("prog_get_next_id"), ans(sys_bpf(BPF_PROG_GET_NEXT_ID, &q), false), "EPERM");
	memset(&q, 0, sizeof(q));
	q.prog_id = c->sk_id;
	row(ID("prog_get_fd_by_id"), ans(sys_bpf(BPF_PROG_GET_FD_BY_ID, &q), true), "EPERM");
#undef ID
}

static void child_a(const struct priv_ctx *c, const char *who)
{
	char id[64];
	int own;

	drop_to_nobody();
	/* unshare(CLONE_NEWNET) needs CAP_SYS_ADMIN in the caller's user namespace. */
	snprintf(id, sizeof(id), "%s.unshare_netns", who);
	row(id, unshare(CLONE_NEWNET) ? errname(errno) : "0", "EPERM");
	own = open_netns();	/* its "own" netns is the parent's */
	priv_calls(who, c, own);
	exit(0);
}

static int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {}, b = 0;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {}, b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static void child_b(const struct priv_ctx *c)
{
	union bpf_attr a = {};
	char b = 0;
	int own, fs, mnt, bpffs, token, r, l;

	drop_to_nobody();
	/*
	 * kernel/user_namespace.c create_user_ns(); without CONFIG_USER_NS, Debian's
	 * unprivileged_userns_clone is the constant 0 and ksys_unshare() (kernel/fork.c) refuses an
	 * unprivileged caller with -EPERM. Then the rest of b cannot run: the parent is told so.
	 */
	r = unshare(CLONE_NEWUSER);
	row("b.unshare_user_as_65534", r ? errname(errno) : "0", config_user_ns ? "0" : "EPERM");
	if (r) {
		b = 0;
		if (write(c->sock, &b, 1) != 1)
			die("b: signal the parent");
		exit(0);
	}
	b = 1;
	if (write(c->sock, &b, 1) != 1 || read(c->sock, &b, 1) != 1 || b != 1)
		die("b: the parent did not map the user namespace");
	/* Root of the new user namespace: it may create a netns (and a mount ns) it owns. */
	row("b.unshare_netns", unshare(CLONE_NEWNET | CLONE_NEWNS) ? errname(errno) : "0", "0");
	own = open_netns();
	priv_calls("b", c, own);

	/*
	 * BPF token (kernel/bpf/token.c): a bpffs instance of this user namespace, with delegation
	 * options only a process capable in init_user_ns can set (bpf_parse_param()); the parent
	 * sets them on the context this child passes it.
	 */
	fs = fsopen("bpf", 0);
	if (fs < 0 || send_fd(c->sock, fs) || read(c->sock, &b, 1) != 1 || b != 2)
		die("b: bpffs context: %s", strerror(errno));
	mnt = fsmount(fs, 0, 0);
	if (mnt < 0)
		die("b: fsmount: %s", strerror(errno));
	/*
	 * fsmount() gives an O_PATH fd, which fdget() in bpf_token_create() ignores: open the root
	 * directory for real (read-only: a directory cannot be opened for writing, EISDIR).
	 */
	bpffs = openat(mnt, ".", O_RDONLY | O_DIRECTORY);
	if (bpffs < 0)
		die("b: open the bpffs root: %s", strerror(errno));
	a.token_create.bpffs_fd = bpffs;
	token = sys_bpf(BPF_TOKEN_CREATE, &a);
	/* bpf_token_create(): userns == the bpffs' one, ns_capable(CAP_BPF), not init_user_ns. */
	row("b.token_create", token < 0 ? errname(errno) : "fd", "fd");
	/* bpf_prog_load(): bpf_token_capable(token, CAP_BPF) = ns_capable(userns, CAP_BPF). */
	r = load_sk_lookup(token);
	row("b.token_load_sk_lookup", r < 0 ? errname(errno) : "fd", "fd");
	/* The token's program, linked in the child's netns and in the parent's: no check. */
	l = r < 0 ? -1 : link_create(r, own, BPF_SK_LOOKUP, 0);
	row("b.token_prog_link_own_netns", ans(l, true), "fd");
	l = r < 0 ? -1 : link_create(r, c->parent_net, BPF_SK_LOOKUP, 0);
	row("b.token_prog_link_parent_netns", ans(l, true), "fd");
	if (r >= 0)
		close(r);
	/* is_net_admin_prog_type(FLOW_DISSECTOR): bpf_token_capable(token, CAP_NET_ADMIN). */
	r = load_flow_dissector(token);
	row("b.token_load_flow_dissector", ans(r, true), "fd");
	/* bpf_prog_query(): bpf_net_capable() takes no token -> -EPERM still. */
	{
		union bpf_attr q;
		__u32 ids[4];

		query_attr(&q, own, BPF_SK_LOOKUP, ids, 4);
		row("b.token_query_own_netns", ans(query(&q), false), "EPERM");
	}
	exit(0);
}

static int read_int(const char *path)
{
	FILE *f = fopen(path, "r");
	int v;

	if (!f || fscanf(f, "%d", &v) != 1)
		die("read %s: %s", path, strerror(errno));
	fclose(f);
	return v;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die("write %s: %s", path, strerror(errno));
	close(fd);
}

static void wait_child(pid_t pid, const char *who)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		die("child %s failed (status 0x%x)", who, st);
}

/* Child a (as WHO) with a link of the parent's netns that it updates and detaches. */
static void run_child_a(struct priv_ctx *c, const char *who)
{
	pid_t pid;

	c->link = link_create(c->sk, c->parent_net, BPF_SK_LOOKUP, 0);
	if (c->link < 0)
		die("link for %s: %s", who, strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		child_a(c, who);
	wait_child(pid, who);
	close(c->link);
}

/* The privileged parent of the two children: runs in a netns of its own (NP). */
static void privileged_parent(const struct progs *p, int unpriv_disabled)
{
	struct priv_ctx c = {};
	union bpf_attr q;
	__u32 ids[4];
	int sv[2], fs, r;
	char path[64], b;
	pid_t pid;

	if (unshare(CLONE_NEWNET))
		die("unshare NP: %s", strerror(errno));
	c.parent_net = open_netns();
	c.sk = p->sk[0];
	c.sk2 = p->sk[1];
	c.fdp = p->fd[0];
	c.sk_id = prog_id(p->sk[0]);
	c.unpriv_disabled = unpriv_disabled;

	run_child_a(&c, "a");

	/*
	 * a2: the same as a under kernel.unprivileged_bpf_disabled=2 (refused, an admin may set it
	 * back to 0, which is done right after); when the value in force is not 0 it stays as is.
	 */
	if (!unpriv_disabled)
		write_file("/proc/sys/kernel/unprivileged_bpf_disabled", "2");
	c.unpriv_disabled = read_int("/proc/sys/kernel/unprivileged_bpf_disabled");
	run_child_a(&c, "a2");
	if (!unpriv_disabled)
		write_file("/proc/sys/kernel/unprivileged_bpf_disabled", "0");
	c.unpriv_disabled = unpriv_disabled;

	c.link = link_create(c.sk, c.parent_net, BPF_SK_LOOKUP, 0);
	if (c.link < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		die("link or socketpair for b: %s", strerror(errno));
	c.sock = sv[1];
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(sv[0]);
		child_b(&c);
	}
	close(sv[1]);
	/* Map root of b's user namespace to 65534. */
	if (read(sv[0], &b, 1) != 1)
		die("b did not report");
	if (b != 1) {	/* no user namespace: b reported and exited */
		wait_child(pid, "b");
		goto after_b;
	}
	snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
	write_file(path, "deny");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	write_file(path, "0 65534 1");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	write_file(path, "0 65534 1");
	b = 1;
	if (write(sv[0], &b, 1) != 1)
		die("signal b: %s", strerror(errno));
	/* Delegation options on b's bpffs context, then create the superblock. */
	fs = recv_fd(sv[0]);
	if (fs < 0)
		die("bpffs context from b");
	if (fsconfig(fs, FSCONFIG_SET_STRING, "delegate_cmds", "any", 0) ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "delegate_maps", "any", 0) ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "delegate_progs", "any", 0) ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "delegate_attachs", "any", 0) ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		die("bpffs delegation: %s", strerror(errno));
	close(fs);
	b = 2;
	if (write(sv[0], &b, 1) != 1)
		die("signal b: %s", strerror(errno));
	wait_child(pid, "b");
after_b:
	close(sv[0]);
	close(c.link);

	/* Nothing the children did stays in NP once they and the parent's links are gone. */
	query_attr(&q, c.parent_net, BPF_SK_LOOKUP, ids, 4);
	r = query(&q);
	row("priv.parent_netns_sk_lookup_after", describe_query(r, &q, ids, 0, NULL, 0), "cnt=0");
	query_attr(&q, c.parent_net, BPF_FLOW_DISSECTOR, ids, 4);
	r = query(&q);
	row("priv.parent_netns_flow_dissector_after", describe_query(r, &q, ids, 0, NULL, 0),
	    "cnt=0");
	exit(0);
}

/* ---- leaks ---- */

#define MAX_IDS 4096

static int list_ids(int cmd, __u32 *ids)
{
	union bpf_attr a = {};
	int n = 0;

	for (;;) {
		memset(&a, 0, sizeof(a));
		a.start_id = n ? ids[n - 1] : 0;
		if (sys_bpf(cmd, &a)) {
			if (errno == ENOENT)
				return n;
			die("get next id: %s", strerror(errno));
		}
		if (n == MAX_IDS)
			die("too many ids");
		ids[n++] = a.next_id;
	}
}

/* How many ids exist now that did not before. */
static int new_ids(int cmd, const __u32 *before, int nbefore)
{
	static __u32 now[MAX_IDS];
	int n = list_ids(cmd, now), i, j, extra = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nbefore; j++)
			if (now[i] == before[j])
				break;
		extra += j == nbefore;
	}
	return extra;
}

/* Whether every count of net_namespace objects was taken right after a shrink. */
static bool netns_shrunk = true;

/*
 * Active objects of the net_namespace slab cache, -1 if not found. SLUB counts the free objects of
 * the per-CPU slabs as active; a shrink first flushes those (flush_all()), so that the count is
 * the number of allocated struct net, provided the cache is not merged with another (slab_nomerge).
 */
static long netns_objs(void)
{
	char line[512], name[64];
	long active;
	FILE *f;
	int fd = open("/sys/kernel/slab/net_namespace/shrink", O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, "1", 1) != 1)
		netns_shrunk = false;
	if (fd >= 0)
		close(fd);
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", name, &active) == 2 && !strcmp(name, "net_namespace")) {
			fclose(f);
			return active;
		}
	fclose(f);
	return -1;
}

/*
 * cleanup_net() frees the namespaces it dismantled only at its next run (net_complete_free(),
 * defer_free_list), so the last one dismantled is always still allocated. To count in the same
 * state before and after, dismantle a throwaway netns and wait until its cleanup ran (its link
 * auto-detached): every earlier one is then freed, and the throwaway is the one left pending.
 */
static void netns_flush(void)
{
	int prog = load_sk_lookup(-1), t = new_netns(), l;

	if (prog < 0)
		die("flush program: %s", strerror(errno));
	l = link_create(prog, t, BPF_SK_LOOKUP, 0);
	if (l < 0)
		die("flush link: %s", strerror(errno));
	close(t);
	if (!wait_link_detached(l))
		die("the throwaway netns was not dismantled");
	close(l);
	close(prog);
	usleep(200 * 1000);	/* net_complete_free() follows pre_exit in the same work item */
}

/* Lines of the kernel log that report a splat. */
static int count_splats(void)
{
	static char buf[1 << 24];
	static const char * const marks[] = { "WARNING:", "BUG:", "Oops", "Call Trace",
		"UBSAN:", "KASAN:", "panicked", "refcount_t:", "list_del corruption" };
	int n = klogctl(3, buf, sizeof(buf) - 1), count = 0;
	char *line, *save;
	unsigned int i;

	if (n < 0)
		die("klogctl: %s", strerror(errno));
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			if (strstr(line, marks[i])) {
				count++;
				break;
			}
	return count;
}

static bool cmdline_has(const char *word)
{
	char buf[4096];
	int fd = open("/proc/cmdline", O_RDONLY), n;
	char *t, *save;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	for (t = strtok_r(buf, " \n", &save); t; t = strtok_r(NULL, " \n", &save))
		if (!strcmp(t, word))
			return true;
	return false;
}

/* Reads CONFIG_USER_NS and CONFIG_BPF_UNPRIV_DEFAULT_OFF from /proc/config.gz. */
static void read_config(void)
{
	char line[256];
	bool seen = false;
	FILE *f = popen("zcat /proc/config.gz", "r");

	if (!f)
		die("zcat /proc/config.gz: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		seen = true;
		if (!strcmp(line, "CONFIG_USER_NS=y\n"))
			config_user_ns = true;
		if (!strcmp(line, "CONFIG_BPF_UNPRIV_DEFAULT_OFF=y\n"))
			config_unpriv_default_off = true;
	}
	if (pclose(f) || !seen)
		die("cannot read /proc/config.gz (CONFIG_IKCONFIG_PROC)");
}

int main(void)
{
	static __u32 progs_before[MAX_IDS], links_before[MAX_IDS];
	int nprogs, nlinks, init, net, unpriv, pfd[2], splats, i, ncases;
	long ns_before, ns_after;
	struct progs p;
	char buf[4096], val[32];
	struct timespec t0, t;
	FILE *in;
	pid_t pid;

	if (geteuid())
		die("must run as root");
	setvbuf(stdout, NULL, _IONBF, 0);
	read_config();
	ncases = NCASES_BASE + (config_user_ns ? NCASES_B : 1);
	emit("# cases %d\n", ncases);

	splats = count_splats();
	nprogs = list_ids(BPF_PROG_GET_NEXT_ID, progs_before);
	nlinks = list_ids(BPF_LINK_GET_NEXT_ID, links_before);
	netns_flush();
	ns_before = netns_objs();
	unpriv = read_int("/proc/sys/kernel/unprivileged_bpf_disabled");
	snprintf(val, sizeof(val), "%d", unpriv);
	/* syscall.c: IS_BUILTIN(CONFIG_BPF_UNPRIV_DEFAULT_OFF) ? 2 : 0 at boot. */
	row("env.unprivileged_bpf_disabled", val, config_unpriv_default_off ? "2" : "0");
	/* Whether the kernel has user namespaces (child b and the BPF token need them). */
	row("env.config_user_ns", config_user_ns ? "y" : "n",
	    access("/proc/self/ns/user", F_OK) ? "n" : "y");

	/* The tool runs in a netns of its own; init is init_net (the guest's). */
	init = open_netns();
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	net = open_netns();
	lo_up();

	for (i = 0; i < 3; i++)
		p.sk[i] = load_sk_lookup(-1);
	for (i = 0; i < 2; i++)
		p.fd[i] = load_flow_dissector(-1);
	p.sf = load_ret(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, -1);
	if (p.sk[0] < 0 || p.sk[1] < 0 || p.sk[2] < 0 || p.fd[0] < 0 || p.fd[1] < 0 || p.sf < 0)
		die("loading the programs: %s", strerror(errno));

	cases_link_create(&p, net);
	cases_flow_dissector(&p, net, init);
	cases_query(&p, net);
	cases_dead_netns(&p);
	cases_assign();
	cases_test_run(p.sk[0]);

	/* Privilege cases: rows come through a pipe. */
	if (pipe2(pfd, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(pfd[0]);
		out_fd = pfd[1];
		privileged_parent(&p, unpriv);
	}
	close(pfd[1]);
	in = fdopen(pfd[0], "r");
	if (!in)
		die("fdopen: %s", strerror(errno));
	while (fgets(buf, sizeof(buf), in)) {
		if (!strchr(buf, '\n'))
			die("row from a child cut short");
		emit("%s", buf);
		rows++;
	}
	fclose(in);
	wait_child(pid, "privileged parent");

	/* Nothing leaked: every fd closed, then poll (freeing is deferred to RCU and workers). */
	for (i = 0; i < 3; i++)
		close(p.sk[i]);
	close(p.fd[0]);
	close(p.fd[1]);
	close(p.sf);
	close(net);
	enter_netns(init);
	close(init);
	/* Namespaces first (each flush makes a program and a link of its own), then the ids. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		netns_flush();
		ns_after = netns_objs();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (ns_after > ns_before && t.tv_sec - t0.tv_sec < 60);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int np = new_ids(BPF_PROG_GET_NEXT_ID, progs_before, nprogs);
		int nl = new_ids(BPF_LINK_GET_NEXT_ID, links_before, nlinks);

		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((!np && !nl) || t.tv_sec - t0.tv_sec > 60) {
			snprintf(val, sizeof(val), "%d", np);
			row("leak.prog_ids", val, "0");
			snprintf(val, sizeof(val), "%d", nl);
			row("leak.link_ids", val, "0");
			break;
		}
		usleep(100 * 1000);
	}
	/* More than before is a leak; fewer is not (an earlier namespace freed meanwhile). */
	if (ns_before < 0 || ns_after < 0)
		snprintf(val, sizeof(val), "unknown");
	else
		snprintf(val, sizeof(val), "%ld", ns_after > ns_before ? ns_after - ns_before : 0);
	row("leak.netns_slab_objects", val, "0");
	/* The count is exact only when net_namespace has a cache of its own, shrunk before. */
	row("leak.netns_count_exact", cmdline_has("slab_nomerge") && netns_shrunk ? "yes" : "no",
	    "yes");
	snprintf(val, sizeof(val), "%d", count_splats() - splats);
	row("kernel.splats", val, "0");

	emit("# end\n");
	if (rows != ncases) {
		fprintf(stderr, "bad_input: %d case rows, the tool defines %d\n", rows, ncases);
		return 1;
	}
	return 0;
}
