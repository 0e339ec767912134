// SPDX-License-Identifier: GPL-2.0
/*
 * fail_nth: allocation-failure injection on the BPF netns attach points (sk_lookup, flow_dissector)
 * with /proc/thread-self/fail-nth (fail_nth.bpf.c has the programs).
 *
 *   fail_nth BPF_OBJ PASS OP SWEEP OUT.jsonl
 *   fail_nth list			(or OP = list: the operation names, one a line)
 *
 * Runs as root in a test VM whose kernel has CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_DEBUG_FS; the guest sets up failslab and fail_page_alloc in debugfs for the pass
 * (PASS, slab or page, and SWEEP, a number, only label the records). BPF_OBJ is fail_nth.bpf.o.
 *
 * For OP, attempts nth = 1, 2, ... up to MAX_NTH, each in a fresh network namespace (lo up): set up
 * the operation's preconditions (links, programs attached the legacy way), write nth to fail-nth,
 * make the operation's one system call (a raw bpf(2) or close(2): nothing else runs while armed),
 * read fail-nth back (0: a failure was injected) and disarm. Then check what user space sees:
 *  - a failure is ENOMEM; nothing injected means success; a success is the whole success state;
 *  - BPF_PROG_QUERY of the netns for BPF_SK_LOOKUP and BPF_FLOW_DISSECTOR lists the programs
 *    expected for the outcome, in order;
 *  - each link the tool holds: BPF_OBJ_GET_INFO_BY_FD (type netns, netns inode, or 0 once detached,
 *    attach type, program) and /proc/self/fdinfo agree with the expectation;
 *  - sk_lookup operations: one UDP datagram to 127.0.0.1:TRAFFIC_PORT in the netns is received and
 *    the programs that ran are the expected ones, in order (a dummy program left in the run array
 *    by a failed release must pass and not show);
 *  - after a successful release (sk-detach, sk-close-mid): updating the last attached link to p4
 *    and creating a link of p2 work, and the query and the traffic follow;
 *  - where the injected failure landed: the fexit programs on should_failslab() and
 *    should_fail_alloc_page() record each failure injected in this thread with its kernel stack
 *    (symbolized with /proc/kallsyms); an injection without a record is a problem; one on
 *    bpf_prog_array_alloc() counts its NULL returns (prog_array_failed), as its frame is not in
 *    the stack (it tail-calls the allocator);
 *  - the kernel log of the attempt: the fault-injection reports (FAULT_INJECTION: forcing a
 *    failure, its name line and its dump_stack()) are expected, any other line is a problem;
 *  - after the teardown (every fd of the attempt closed) the number of BPF program ids, of link
 *    ids and of net_namespace slab objects come back to their values at start (within 60 s).
 * control-map-create is the page pass's control: BPF_MAP_CREATE of a 1 MB array (vmalloc'd pages),
 * an operation known to allocate pages, where the attach point's operations allocate none directly.
 * The sweep ends with the first attempt in which nothing was injected (end: true when it
 * succeeded); MAX_NTH attempts without that is a problem.
 *
 * Output: one JSON object a line per attempt appended to OUT.jsonl:
 *   {"pass":"slab","op":"sk-create-nth","sweep":1,"nth":3,"injected":true,"ret":-1,"errno":"ENOMEM",
 *    "sites":[{"kind":"slab","cache":"kmalloc-64","size":64,"gfp":"0xcc0","order":null,
 *              "stack":["bpf_prog_..._fexit_failslab+0x../0x..", ...]}],
 *    "query_sk":["p1","p2"],"query_fd":[],"traffic":["p1","p2"],"followup":null,
 *    "kmsg":["FAULT_INJECTION: forcing a failure.", ...],"problems":[],"wait_ms":120,"end":false}
 * (sites: kind page has cache and size null and order a number; traffic is null for the flow
 * dissector operations; followup is {"query_sk":[..],"traffic":[..]} after a successful release;
 * ret is the raw return value of the call: a link fd, 0 or -1), and on stdout one line per attempt:
 *   OP nth=N injected=yes|no ret=R errno=E|- sites=S problems=P
 * Problems are listed in the record and on stderr. Exit status 0 when the sweep ended without a
 * problem, 1 when an attempt had a problem (or a precondition could not be set up: the sweep stops
 * there), 2 with a message on stderr when it could not run (arguments, object, fail-nth, kallsyms,
 * the net_namespace slab directory). FAIL_NTH_DEBUG=1 in the environment shows libbpf's messages.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
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
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define MAX_NTH		300
#define TRAFFIC_PORT	7100
#define TRAFFIC_WAIT_MS	2000
#define SETTLE_POLL_MS	100
#define SETTLE_MAX_MS	60000
#define BASELINE_MS	3000		/* how long the start waits for the flush netns's cleanup */
#define MAX_IDS		8
#define MAX_LINKS	8
#define MAX_SITES	8
#define MAX_PROBLEMS	64
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define SLAB_DIR	"/sys/kernel/slab/net_namespace"
#define SK_PASS		1

/* As in fail_nth.bpf.c. */
#define NR_TAGS		5
#define MAX_FRAMES	40
#define CACHE_NAME_LEN	64
enum { KIND_SLAB = 1, KIND_PAGE = 2 };

struct fn_state {
	__u64 hits[NR_TAGS];
	__u64 order[NR_TAGS];
	__u64 seq;
	__u64 lost;
	__u64 prog_array_null;
};

struct fn_event {
	__u32 kind;
	__u32 gfp;
	__u32 size;
	__u32 order;
	__s64 stack_len;
	char cache[CACHE_NAME_LEN];
	__u64 stack[MAX_FRAMES];
};

/* The programs: p1..p4 (sk_lookup, tags 1..4), f1, f2 (flow_dissector). */
enum { P1, P2, P3, P4, F1, F2, NR_PROGS };
static const char *const prog_names[NR_PROGS] = { "p1", "p2", "p3", "p4", "f1", "f2" };
static const char *const prog_syms[NR_PROGS] = {
	"sk_p1", "sk_p2", "sk_p3", "sk_p4", "fd_p1", "fd_p2",
};

enum {
	OP_SK_CREATE_FIRST, OP_SK_CREATE_NTH, OP_FD_LINK_CREATE, OP_SK_UPDATE, OP_SK_DETACH,
	OP_SK_CLOSE_MID, OP_SK_CLOSE_ONLY, OP_SK_QUERY, OP_FD_ATTACH, OP_FD_ATTACH_REPLACE,
	OP_FD_DETACH, OP_SK_TEST_RUN, OP_CONTROL_MAP, NR_OPS
};
static const char *const op_names[NR_OPS] = {
	"sk-create-first", "sk-create-nth", "fd-link-create", "sk-update", "sk-detach",
	"sk-close-mid", "sk-close-only", "sk-query", "fd-attach", "fd-attach-replace",
	"fd-detach", "sk-test-run", "control-map-create",
};

/* A link the attempt made: its fd (-1 once closed), program, attach type, whether attached. */
struct lnk {
	int fd;
	int prog;
	__u32 type;
	bool attached;
};

struct site {
	struct fn_event ev;
};

/* One attempt: the netns, what is expected in it, the armed call and what came of it. */
struct attempt {
	int nth;
	int ns;				/* fd of the attempt's netns */
	__u32 ino;			/* its inode number */
	struct lnk links[MAX_LINKS];
	int nlinks;
	int legacy;			/* flow dissector attached the legacy way, or -1 */
	int map_fd;			/* control-map-create's map, or -1 */

	/* the armed call, prepared before arming */
	bool is_close;
	int close_fd;
	int cmd;
	union bpf_attr attr;
	__u32 op_ids[MAX_IDS];
	struct bpf_sk_lookup ctx_in, ctx_out;

	/* outcome */
	long ret;
	int err;
	bool injected;
	struct site sites[MAX_SITES];
	int nsites, sites_dropped;
	int prog_array_failed;		/* NULL returns of bpf_prog_array_alloc() in the call */
	__u32 query_sk[MAX_IDS], query_fd[MAX_IDS];
	int nquery_sk, nquery_fd;	/* -1: the query failed */
	int traffic[NR_TAGS], ntraffic;	/* -1: not checked */
	bool followup;
	__u32 fu_query_sk[MAX_IDS];
	int fu_nquery_sk;
	int fu_traffic[NR_TAGS], fu_ntraffic;
	char **kmsg;
	int nkmsg;
	char *problems[MAX_PROBLEMS];
	int nproblems;
	long wait_ms;
	bool end;
};

struct counts {
	long progs, links, nets;
};

struct ksym {
	unsigned long long addr;
	char *name;
	char *mod;			/* "[module]", or NULL */
};

static int op = -1;
static const char *pass_name;
static long sweep;
static int fail_fd, kmsg_fd, orig_ns;
static bool debug;
static struct bpf_object *obj;
static int prog_fd[NR_PROGS];
static __u32 prog_id[NR_PROGS];
static int bss_fd;
static struct ring_buffer *rb;
static struct attempt *cur;		/* the attempt the ring buffer callback fills */
static struct ksym *ksyms;
static size_t nksyms;
static struct counts baseline;

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "fail_nth: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return debug || level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static const char *errname(int err)
{
	static char buf[32];
	const char *s = err > 0 ? strerrorname_np(err) : NULL;

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "errno%d", err);
	return buf;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void problem(struct attempt *a, const char *fmt, ...)
{
	char *s;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	fprintf(stderr, "fail_nth: %s nth=%d: %s\n", op_names[op], a->nth, s);
	if (a->nproblems < MAX_PROBLEMS)
		a->problems[a->nproblems++] = s;
	else
		free(s);
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static void enter_ns(int fd, const char *what)
{
	if (setns(fd, CLONE_NEWNET))
		die("setns (%s): %s", what, strerror(errno));
}

static const char *prog_name_of_id(__u32 id)
{
	static char buf[4][24];
	static int slot;

	for (int i = 0; i < NR_PROGS; i++)
		if (prog_id[i] == id)
			return prog_names[i];
	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "id%u", id);
	return buf[slot];
}

/* ---- JSON ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die("out of memory");
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char *s;
	int n;
	va_list ap;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("out of memory");
	sb_add(b, s, n);
	free(s);
}

/* A JSON string: quote and backslash escaped, control characters (and DEL) as \u00XX. */
static void sb_str(struct sbuf *b, const char *s)
{
	char esc[8];

	if (!s) {
		sb_add(b, "null", 4);
		return;
	}
	sb_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = c;
			sb_add(b, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			sb_add(b, esc, 6);
		} else {
			sb_add(b, (const char *)&c, 1);
		}
	}
	sb_add(b, "\"", 1);
}

static void sb_ids(struct sbuf *b, const __u32 *ids, int n)
{
	if (n < 0) {
		sb_add(b, "null", 4);
		return;
	}
	sb_add(b, "[", 1);
	for (int i = 0; i < n; i++) {
		if (i)
			sb_add(b, ",", 1);
		sb_str(b, prog_name_of_id(ids[i]));
	}
	sb_add(b, "]", 1);
}

static void sb_tags(struct sbuf *b, const int *tags, int n)
{
	if (n < 0) {
		sb_add(b, "null", 4);
		return;
	}
	sb_add(b, "[", 1);
	for (int i = 0; i < n; i++) {
		if (i)
			sb_add(b, ",", 1);
		sb_str(b, prog_names[tags[i] - 1]);
	}
	sb_add(b, "]", 1);
}

/* ---- kallsyms ---- */

static int ksym_cmp(const void *x, const void *y)
{
	const struct ksym *a = x, *b = y;

	/* by name among aliases: the same one is picked on every kernel */
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The text symbols of /proc/kallsyms (module ones with " [module]"), sorted by address. */
static void load_kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], mod[256], type;
	unsigned long long addr;
	size_t cap = 0;
	bool nonzero = false;

	if (!f)
		die("/proc/kallsyms: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%llx %c %255s %255s", &addr, &type, name, mod);

		if (n < 3)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (addr)
			nonzero = true;
		if (nksyms == cap) {
			cap = cap ? cap * 2 : 65536;
			ksyms = realloc(ksyms, cap * sizeof(*ksyms));
			if (!ksyms)
				die("out of memory");
		}
		ksyms[nksyms].addr = addr;
		ksyms[nksyms].name = strdup(name);
		ksyms[nksyms].mod = n == 4 ? strdup(mod) : NULL;
		if (!ksyms[nksyms].name || (n == 4 && !ksyms[nksyms].mod))
			die("out of memory");
		nksyms++;
	}
	fclose(f);
	if (!nksyms || !nonzero)
		die("/proc/kallsyms shows no addresses (kptr_restrict? not root?): "
		    "cannot symbolize stacks");
	qsort(ksyms, nksyms, sizeof(*ksyms), ksym_cmp);
}

/* addr as "name+0xoff/0xsize" ("name+0xoff/0xsize [module]"), or "0x..." outside every symbol. */
static void symbolize(unsigned long long addr, char *out, size_t len)
{
	size_t lo = 0, hi = nksyms, i, j;
	const char *mod;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		snprintf(out, len, "0x%llx", addr);
		return;
	}
	for (i = lo - 1; i && ksyms[i - 1].addr == ksyms[i].addr; i--)
		;			/* the first alias by name */
	for (j = i + 1; j < nksyms && ksyms[j].addr == ksyms[i].addr; j++)
		;
	mod = ksyms[i].mod;
	if (j < nksyms)
		snprintf(out, len, "%s+0x%llx/0x%llx%s%s", ksyms[i].name, addr - ksyms[i].addr,
			 ksyms[j].addr - ksyms[i].addr, mod ? " " : "", mod ? mod : "");
	else
		snprintf(out, len, "%s+0x%llx%s%s", ksyms[i].name, addr - ksyms[i].addr,
			 mod ? " " : "", mod ? mod : "");
}

/* ---- counts ---- */

static long count_ids(int (*next)(__u32, __u32 *))
{
	__u32 id = 0;
	long n = 0;

	while (!next(id, &id))
		n++;
	return n;
}

/* net_namespace objects in use: the cache is shrunk first, which flushes free objects per CPU. */
static long slab_nets(void)
{
	char buf[128];
	long v = -1;
	int fd = open(SLAB_DIR "/shrink", O_WRONLY);
	ssize_t n;

	if (fd < 0)
		die(SLAB_DIR "/shrink: %s", strerror(errno));
	if (write(fd, "1", 1) != 1)
		die("shrinking the net_namespace cache: %s", strerror(errno));
	close(fd);
	fd = open(SLAB_DIR "/objects", O_RDONLY);
	if (fd < 0)
		die(SLAB_DIR "/objects: %s", strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		die("reading " SLAB_DIR "/objects: %s", n < 0 ? strerror(errno) : "empty");
	buf[n] = '\0';
	if (sscanf(buf, "%ld", &v) != 1)
		die("unexpected " SLAB_DIR "/objects: %s", buf);
	return v;
}

static struct counts counts_now(void)
{
	struct counts c = {
		.progs = count_ids(bpf_prog_get_next_id),
		.links = count_ids(bpf_link_get_next_id),
		.nets = slab_nets(),
	};

	return c;
}

/*
 * The kernel frees a struct net one cleanup round late (net_complete_free()): the last netns
 * cleaned up stays allocated until the next cleanup. The baseline is taken with exactly one such
 * netns, the one made here, as after every attempt it is the attempt's: a netns is made and
 * dropped, and the count is the lowest seen while its cleanup frees the one before it.
 */
static long baseline_nets(void)
{
	long first, v, min;
	long t0;

	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	enter_ns(orig_ns, "back from the flush netns");
	first = min = slab_nets();
	for (t0 = now_ms(); now_ms() - t0 < BASELINE_MS; sleep_ms(SETTLE_POLL_MS)) {
		v = slab_nets();
		if (v < min)
			min = v;
		if (v < first)
			break;
	}
	return min;
}

/* ---- set-up ---- */

static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

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

/* A fresh netns with lo up, left again at once: its fd and inode number in a. */
static void make_netns(struct attempt *a)
{
	struct stat stbuf;

	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	a->ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (a->ns < 0)
		die("/proc/thread-self/ns/net: %s", strerror(errno));
	lo_up();
	enter_ns(orig_ns, "back from the attempt's netns");
	if (fstat(a->ns, &stbuf))
		die("fstat of the netns fd: %s", strerror(errno));
	a->ino = stbuf.st_ino;
}

static long link_create(struct attempt *a, int prog, __u32 type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd[prog];
	attr.link_create.target_fd = a->ns;
	attr.link_create.attach_type = type;
	return sys_bpf(BPF_LINK_CREATE, &attr);
}

static void add_link(struct attempt *a, int fd, int prog, __u32 type)
{
	if (a->nlinks == MAX_LINKS)
		die("too many links");
	a->links[a->nlinks++] = (struct lnk){
		.fd = fd, .prog = prog, .type = type, .attached = true,
	};
}

/* An sk_lookup link of prog on the attempt's netns (unarmed); false (a problem) when it failed. */
static bool pre_link(struct attempt *a, int prog)
{
	long fd = link_create(a, prog, BPF_SK_LOOKUP);

	if (fd < 0) {
		problem(a, "setup: BPF_LINK_CREATE %s: %s", prog_names[prog], errname(errno));
		return false;
	}
	add_link(a, fd, prog, BPF_SK_LOOKUP);
	return true;
}

/* The flow dissector attached the legacy way (it acts on the caller's netns). */
static bool pre_legacy(struct attempt *a, int prog)
{
	union bpf_attr attr;
	long r;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.attach_bpf_fd = prog_fd[prog];
	attr.attach_type = BPF_FLOW_DISSECTOR;
	enter_ns(a->ns, "the attempt's netns, legacy attach");
	r = sys_bpf(BPF_PROG_ATTACH, &attr);
	err = errno;
	enter_ns(orig_ns, "back from the attempt's netns");
	if (r) {
		problem(a, "setup: BPF_PROG_ATTACH %s: %s", prog_names[prog], errname(err));
		return false;
	}
	a->legacy = prog;
	return true;
}

/* The operation's preconditions, then its call prepared in a (attr and buffers written: no page
 * fault of them while armed).
 */
static bool setup(struct attempt *a)
{
	union bpf_attr *at = &a->attr;

	memset(at, 0, sizeof(*at));
	memset(a->op_ids, 0, sizeof(a->op_ids));
	memset(&a->ctx_out, 0, sizeof(a->ctx_out));
	a->is_close = false;
	switch (op) {
	case OP_SK_CREATE_FIRST:
		break;
	case OP_SK_CREATE_NTH:
	case OP_SK_UPDATE:
		if (!pre_link(a, P1) || !pre_link(a, P2))
			return false;
		break;
	case OP_SK_DETACH:
	case OP_SK_CLOSE_MID:
	case OP_SK_QUERY:
		if (!pre_link(a, P1) || !pre_link(a, P2) || !pre_link(a, P3))
			return false;
		break;
	case OP_SK_CLOSE_ONLY:
		if (!pre_link(a, P1))
			return false;
		break;
	case OP_FD_ATTACH_REPLACE:
	case OP_FD_DETACH:
		if (!pre_legacy(a, F1))
			return false;
		break;
	}

	switch (op) {
	case OP_SK_CREATE_FIRST:
	case OP_SK_CREATE_NTH:
	case OP_FD_LINK_CREATE:
		a->cmd = BPF_LINK_CREATE;
		at->link_create.prog_fd = prog_fd[op == OP_SK_CREATE_FIRST ? P1 :
						  op == OP_SK_CREATE_NTH ? P3 : F1];
		at->link_create.target_fd = a->ns;
		at->link_create.attach_type = op == OP_FD_LINK_CREATE ? BPF_FLOW_DISSECTOR :
								       BPF_SK_LOOKUP;
		break;
	case OP_SK_UPDATE:
		a->cmd = BPF_LINK_UPDATE;
		at->link_update.link_fd = a->links[1].fd;
		at->link_update.new_prog_fd = prog_fd[P3];
		break;
	case OP_SK_DETACH:
		a->cmd = BPF_LINK_DETACH;
		at->link_detach.link_fd = a->links[1].fd;
		break;
	case OP_SK_CLOSE_MID:
		a->is_close = true;
		a->close_fd = a->links[1].fd;
		break;
	case OP_SK_CLOSE_ONLY:
		a->is_close = true;
		a->close_fd = a->links[0].fd;
		break;
	case OP_SK_QUERY:
		a->cmd = BPF_PROG_QUERY;
		at->query.target_fd = a->ns;
		at->query.attach_type = BPF_SK_LOOKUP;
		at->query.prog_ids = (__u64)(unsigned long)a->op_ids;
		at->query.prog_cnt = MAX_IDS;
		break;
	case OP_FD_ATTACH:
	case OP_FD_ATTACH_REPLACE:
		a->cmd = BPF_PROG_ATTACH;
		at->attach_bpf_fd = prog_fd[op == OP_FD_ATTACH ? F1 : F2];
		at->attach_type = BPF_FLOW_DISSECTOR;
		break;
	case OP_FD_DETACH:
		a->cmd = BPF_PROG_DETACH;
		at->attach_bpf_fd = prog_fd[F1];
		at->attach_type = BPF_FLOW_DISSECTOR;
		break;
	case OP_SK_TEST_RUN:
		a->cmd = BPF_PROG_TEST_RUN;
		memset(&a->ctx_in, 0, sizeof(a->ctx_in));
		a->ctx_in.family = AF_INET;
		a->ctx_in.protocol = IPPROTO_TCP;
		a->ctx_in.remote_ip4 = htonl(INADDR_LOOPBACK);
		a->ctx_in.remote_port = htons(40000);
		a->ctx_in.local_ip4 = htonl(INADDR_LOOPBACK);
		a->ctx_in.local_port = TRAFFIC_PORT;
		at->test.prog_fd = prog_fd[P1];
		at->test.ctx_in = (__u64)(unsigned long)&a->ctx_in;
		at->test.ctx_size_in = sizeof(a->ctx_in);
		at->test.ctx_out = (__u64)(unsigned long)&a->ctx_out;
		at->test.ctx_size_out = sizeof(a->ctx_out);
		at->test.repeat = 1;
		break;
	case OP_CONTROL_MAP:
		/*
		 * The control: not an attach point operation, but one known to allocate pages, so
		 * that the page pass shows it reaches the page allocator (1 MB of values: vmalloc'd
		 * by bpf_map_area_alloc(), order-0 pages).
		 */
		a->cmd = BPF_MAP_CREATE;
		at->map_type = BPF_MAP_TYPE_ARRAY;
		at->key_size = 4;
		at->value_size = 4096;
		at->max_entries = 256;
		break;
	}
	return true;
}

static bool legacy_op(void)
{
	return op == OP_FD_ATTACH || op == OP_FD_ATTACH_REPLACE || op == OP_FD_DETACH;
}

static bool sk_op(void)
{
	return op != OP_FD_LINK_CREATE && op != OP_CONTROL_MAP && !legacy_op();
}

/* ---- the armed call ---- */

static struct fn_state read_state(void);

/*
 * Arms fail-nth with nth, makes the one call, reads fail-nth back and disarms. Between the write
 * that arms and the read nothing but the call runs (no libbpf, no allocation of ours, buffers
 * already touched).
 */
static void armed_call(struct attempt *a)
{
	char arm[16], back[16] = "", zero[] = "0";
	int n = snprintf(arm, sizeof(arm), "%d", a->nth), werr = 0, rerr = 0;
	__u64 pa_before = read_state().prog_array_null;
	ssize_t w, r = -1, z;
	long ret;
	int err = 0;

	w = pwrite(fail_fd, arm, n, 0);
	if (w != n) {
		werr = w < 0 ? errno : EIO;
		z = pwrite(fail_fd, zero, 1, 0);	/* in case part of it went */
		die("arming %s with %s: %s%s", FAIL_NTH, arm, strerror(werr),
		    z == 1 ? "" : " (and disarming failed)");
	}
	if (a->is_close)
		ret = close(a->close_fd);
	else
		ret = syscall(__NR_bpf, a->cmd, &a->attr, sizeof(a->attr));
	if (ret < 0)
		err = errno;
	r = pread(fail_fd, back, sizeof(back) - 1, 0);
	if (r < 0)
		rerr = errno;
	z = pwrite(fail_fd, zero, 1, 0);
	if (z != 1)
		die("disarming %s: %s", FAIL_NTH, strerror(errno));
	if (r <= 0)
		die("reading %s back: %s", FAIL_NTH, r < 0 ? strerror(rerr) : "empty");
	back[r] = '\0';
	a->prog_array_failed = read_state().prog_array_null - pa_before;
	a->ret = ret;
	a->err = err;
	a->injected = strtoul(back, NULL, 10) == 0;
}

/* ---- ring buffer ---- */

static int on_event(void *ctx, void *data, size_t size)
{
	if (!cur)
		return 0;
	if (size < sizeof(struct fn_event) || cur->nsites == MAX_SITES) {
		cur->sites_dropped++;
		return 0;
	}
	memcpy(&cur->sites[cur->nsites++].ev, data, sizeof(struct fn_event));
	return 0;
}

static struct fn_state read_state(void)
{
	struct fn_state s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(bss_fd, &zero, &s))
		die("reading .bss: %s", strerror(errno));
	return s;
}

/* ---- /dev/kmsg ---- */

static void add_kmsg(struct attempt *a, const char *line)
{
	char **k = realloc(a->kmsg, (a->nkmsg + 1) * sizeof(*k));

	if (!k)
		die("out of memory");
	a->kmsg = k;
	a->kmsg[a->nkmsg] = strdup(line);
	if (!a->kmsg[a->nkmsg])
		die("out of memory");
	a->nkmsg++;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * Whether line continues a fault-injection report (its name line, dump_stack()'s lines, among them
 * the user registers x86 prints where the trace reaches the system call entry: RIP, Code, RSP,
 * then the general registers three a line).
 */
static bool fi_continuation(const char *l)
{
	static const char *const regs[] = { "RIP: ", "Code: ", "RSP: ", "RAX: ", "RDX: ", "RBP: ",
					    "R10: ", "R13: " };

	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (starts(l, regs[i]))
			return true;
	return starts(l, "name failslab, interval") || starts(l, "name fail_page_alloc, ") ||
	       (starts(l, "CPU: ") && strstr(l, "Comm: ")) || starts(l, "Tainted: ") ||
	       starts(l, "Hardware name: ") || starts(l, "Call Trace:") || l[0] == ' ' ||
	       starts(l, "<TASK>") || starts(l, "</TASK>") || starts(l, " ? ");
}

/*
 * Lines of the kernel that are not about the code under test, kept in the record: the random pool
 * saying it is ready (once a boot, minutes into a TCG guest without an entropy source), and what
 * the debug kernel prints for every new netns until then: NET_NS_REFCNT_TRACKER names a debugfs file
 * after the netns' address printed with %p, which is "(____ptrval____)" while the pool is not ready,
 * so every netns after the first finds its name taken. And the clocksource watchdog giving up one
 * reading: under TCG a vCPU can be descheduled between the watchdog's reads of two clocks (seen
 * 2026-12-07 on the debug kernel: "clocksource: Watchdog remote CPU 1 read timed out", "clocksource:
 * Watchdog hpet read timed out. Readout sequence took: 168630ns"); it retries later and changes
 * nothing. A clocksource marked unstable is another message, and stays a problem.
 */
static bool known_noise(const char *l)
{
	return (!strcmp(l, "random: crng init done") ||
		starts(l, "debugfs: 'net_refcnt@(____ptrval____)' already exists in 'ref_tracker'") ||
		starts(l, "debugfs: 'net_notrefcnt@(____ptrval____)' already exists in 'ref_tracker'") ||
		(starts(l, "clocksource: Watchdog ") && strstr(l, " read timed out")));
}

/* "fail_dump: N callbacks suppressed": the ratelimit of the fault-injection reports. */
static bool fi_suppressed(const char *l)
{
	int n, end = 0;

	return sscanf(l, "fail_dump: %d callbacks suppressed%n", &n, &end) == 1 && end &&
	       !l[end];
}

/*
 * The kernel log records since the last read (the end of the previous attempt, or the start), one
 * entry per line of text (\xNN escapes of /dev/kmsg undone), classified: the lines of
 * fault-injection reports are expected, every other line is a problem. Read after the teardown, so
 * that what the attempt's set-up, checks and netns cleanup logged is the attempt's too.
 */
static void read_kmsg(struct attempt *a)
{
	char rec[8192], text[8192];
	bool in_block = false;
	ssize_t n;

	for (;;) {
		char *p, *e, *t = text, *line;

		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			die("/dev/kmsg: %s", strerror(errno));
		}
		rec[n] = '\0';
		p = strchr(rec, ';');
		if (!p)
			continue;
		p++;
		e = strchr(p, '\n');
		if (e)
			*e = '\0';
		for (; *p; p++) {
			unsigned int c;

			if (p[0] == '\\' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			    isxdigit((unsigned char)p[3]) && sscanf(p + 2, "%2x", &c) == 1) {
				*t++ = c ? c : ' ';
				p += 3;
			} else {
				*t++ = *p;
			}
		}
		*t = '\0';
		for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			add_kmsg(a, line);
			if (strstr(line, "FAULT_INJECTION: forcing a failure.")) {
				in_block = true;
			} else if (fi_suppressed(line) || known_noise(line)) {
				in_block = false;
			} else if (in_block && fi_continuation(line)) {
				;
			} else {
				in_block = false;
				problem(a, "kmsg: %s", line);
			}
		}
	}
}

/* ---- checks ---- */

static const char *type_name(__u32 type)
{
	return type == BPF_SK_LOOKUP ? "sk_lookup" : "flow_dissector";
}

/* BPF_PROG_QUERY of the attempt's netns: the count, or -1 (and a problem) when it failed. */
static int query(struct attempt *a, __u32 type, __u32 *ids, const char *when)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	memset(ids, 0, MAX_IDS * sizeof(*ids));
	attr.query.target_fd = a->ns;
	attr.query.attach_type = type;
	attr.query.prog_ids = (__u64)(unsigned long)ids;
	attr.query.prog_cnt = MAX_IDS;
	if (sys_bpf(BPF_PROG_QUERY, &attr)) {
		problem(a, "%squery %s: %s", when, type_name(type), errname(errno));
		return -1;
	}
	if (attr.query.prog_cnt > MAX_IDS) {
		problem(a, "%squery %s: %u programs", when, type_name(type), attr.query.prog_cnt);
		return MAX_IDS;
	}
	return attr.query.prog_cnt;
}

/* The programs expected in the netns for type, in order: the attached links' (in the order they
 * were made, as the kernel's list) and the one attached the legacy way.
 */
static int expected(struct attempt *a, __u32 type, int *progs)
{
	int n = 0;

	for (int i = 0; i < a->nlinks; i++)
		if (a->links[i].fd >= 0 && a->links[i].attached && a->links[i].type == type)
			progs[n++] = a->links[i].prog;
	if (type == BPF_FLOW_DISSECTOR && a->legacy >= 0)
		progs[n++] = a->legacy;
	return n;
}

static void list_names(char *out, size_t len, const int *progs, int n)
{
	size_t off = 0;

	out[0] = '\0';
	for (int i = 0; i < n && off < len; i++)
		off += snprintf(out + off, len - off, "%s%s", i ? "," : "", prog_names[progs[i]]);
}

static void id_names(char *out, size_t len, const __u32 *ids, int n)
{
	size_t off = 0;

	out[0] = '\0';
	for (int i = 0; i < n && off < len; i++)
		off += snprintf(out + off, len - off, "%s%s", i ? "," : "",
				prog_name_of_id(ids[i]));
}

static void check_query(struct attempt *a, __u32 type, __u32 *ids, int n, const char *when)
{
	int want[MAX_IDS + 1], nwant = expected(a, type, want);
	char got_s[128], want_s[128];
	bool same = n == nwant;

	if (n < 0)
		return;
	for (int i = 0; same && i < n; i++)
		same = ids[i] == prog_id[want[i]];
	if (same)
		return;
	id_names(got_s, sizeof(got_s), ids, n);
	list_names(want_s, sizeof(want_s), want, nwant);
	problem(a, "%squery %s: [%s], expected [%s]", when, type_name(type), got_s, want_s);
}

/* The value of "key:\t" in /proc/self/fdinfo/fd, or -1. */
static long long fdinfo_value(int fd, const char *key)
{
	char path[64], line[256];
	long long v = -1;
	size_t kl = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':' && line[kl + 1] == '\t') {
			v = strtoll(line + kl + 2, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static void check_links(struct attempt *a, const char *when)
{
	for (int i = 0; i < a->nlinks; i++) {
		struct lnk *l = &a->links[i];
		struct bpf_link_info info;
		__u32 len = sizeof(info), ino = l->attached ? a->ino : 0;
		long long v;

		if (l->fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (bpf_link_get_info_by_fd(l->fd, &info, &len)) {
			problem(a, "%slink L%d info: %s", when, i + 1, errname(errno));
			continue;
		}
		if (info.type != BPF_LINK_TYPE_NETNS)
			problem(a, "%slink L%d: type %u, not netns", when, i + 1, info.type);
		if (info.netns.netns_ino != ino)
			problem(a, "%slink L%d: netns_ino %u, expected %u", when, i + 1,
				info.netns.netns_ino, ino);
		if (info.netns.attach_type != l->type)
			problem(a, "%slink L%d: attach_type %u, expected %u", when, i + 1,
				info.netns.attach_type, l->type);
		if (info.prog_id != prog_id[l->prog])
			problem(a, "%slink L%d: program %s, expected %s", when, i + 1,
				prog_name_of_id(info.prog_id), prog_names[l->prog]);
		v = fdinfo_value(l->fd, "netns_ino");
		if (v != ino)
			problem(a, "%slink L%d: fdinfo netns_ino %lld, expected %u", when, i + 1, v,
				ino);
		v = fdinfo_value(l->fd, "attach_type");
		if (v != l->type)
			problem(a, "%slink L%d: fdinfo attach_type %lld, expected %u", when, i + 1, v,
				l->type);
	}
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	return fd;
}

/*
 * One datagram to 127.0.0.1:TRAFFIC_PORT in the attempt's netns, the programs' counters zeroed
 * before: the tags of the programs that ran, by the order they ran in, into tags (their count is
 * returned); problems when it was not received or a program ran more than once. Then the list is
 * compared with the expected sk_lookup programs.
 */
static int traffic(struct attempt *a, int *tags, const char *when)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(TRAFFIC_PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int rx, tx, n = 0, want[MAX_IDS + 1], nwant;
	struct pollfd pfd;
	struct fn_state s;
	__u32 zero = 0;
	char buf[8];
	bool got = false, same;

	s = read_state();
	memset(s.hits, 0, sizeof(s.hits));
	memset(s.order, 0, sizeof(s.order));
	s.seq = 0;
	if (bpf_map_update_elem(bss_fd, &zero, &s, BPF_ANY))
		die("zeroing the counters: %s", strerror(errno));

	enter_ns(a->ns, "the attempt's netns, traffic");
	rx = udp_socket();
	tx = udp_socket();
	if (bind(rx, (struct sockaddr *)&to, sizeof(to))) {
		problem(a, "%straffic: bind 127.0.0.1:%d: %s", when, TRAFFIC_PORT, errname(errno));
	} else if (sendto(tx, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) != 1) {
		problem(a, "%straffic: sendto: %s", when, errname(errno));
	} else {
		pfd = (struct pollfd){ .fd = rx, .events = POLLIN };
		if (poll(&pfd, 1, TRAFFIC_WAIT_MS) == 1 &&
		    recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 1)
			got = true;
		else
			problem(a, "%straffic: the datagram was not received", when);
	}
	close(rx);
	close(tx);
	enter_ns(orig_ns, "back from the attempt's netns");

	s = read_state();
	for (int tag = 1; tag < NR_TAGS; tag++) {
		if (s.hits[tag] > 1)
			problem(a, "%straffic: %s ran %llu times", when, prog_names[tag - 1],
				(unsigned long long)s.hits[tag]);
		if (s.hits[tag])
			tags[n++] = tag;
	}
	for (int i = 1; i < n; i++)		/* by order of the runs */
		for (int j = i; j > 0 && s.order[tags[j]] < s.order[tags[j - 1]]; j--) {
			int t = tags[j];

			tags[j] = tags[j - 1];
			tags[j - 1] = t;
		}
	if (!got)
		return n;
	nwant = expected(a, BPF_SK_LOOKUP, want);
	same = n == nwant;
	for (int i = 0; same && i < n; i++)
		same = tags[i] == want[i] + 1;
	if (!same) {
		char got_s[128], want_s[128];
		int progs[NR_TAGS];

		for (int i = 0; i < n; i++)
			progs[i] = tags[i] - 1;
		list_names(got_s, sizeof(got_s), progs, n);
		list_names(want_s, sizeof(want_s), want, nwant);
		problem(a, "%straffic: ran [%s], expected [%s]", when, got_s, want_s);
	}
	return n;
}

/* What the operation's outcome changes in the expectation (the state before it is the set-up). */
static void apply_outcome(struct attempt *a)
{
	bool ok = a->ret >= 0;

	if (a->is_close) {
		/* close() releases the fd whatever it returns */
		for (int i = 0; i < a->nlinks; i++)
			if (a->links[i].fd == a->close_fd) {
				a->links[i].fd = -1;
				a->links[i].attached = false;
			}
		return;
	}
	if (!ok)
		return;
	switch (op) {
	case OP_SK_CREATE_FIRST:
		add_link(a, a->ret, P1, BPF_SK_LOOKUP);
		break;
	case OP_SK_CREATE_NTH:
		add_link(a, a->ret, P3, BPF_SK_LOOKUP);
		break;
	case OP_FD_LINK_CREATE:
		add_link(a, a->ret, F1, BPF_FLOW_DISSECTOR);
		break;
	case OP_CONTROL_MAP:
		a->map_fd = a->ret;
		break;
	case OP_SK_UPDATE:
		a->links[1].prog = P3;
		break;
	case OP_SK_DETACH:
		a->links[1].attached = false;
		break;
	case OP_FD_ATTACH:
		a->legacy = F1;
		break;
	case OP_FD_ATTACH_REPLACE:
		a->legacy = F2;
		break;
	case OP_FD_DETACH:
		a->legacy = -1;
		break;
	case OP_SK_QUERY:
		if (a->attr.query.prog_cnt != 3 || a->op_ids[0] != prog_id[P1] ||
		    a->op_ids[1] != prog_id[P2] || a->op_ids[2] != prog_id[P3]) {
			char got_s[128];

			id_names(got_s, sizeof(got_s), a->op_ids,
				 a->attr.query.prog_cnt > MAX_IDS ? MAX_IDS : a->attr.query.prog_cnt);
			problem(a, "the query returned prog_cnt %u [%s], expected 3 [p1,p2,p3]",
				a->attr.query.prog_cnt, got_s);
		}
		break;
	case OP_SK_TEST_RUN:
		if (a->attr.test.retval != SK_PASS)
			problem(a, "the test run returned retval %u, expected %d (SK_PASS)",
				a->attr.test.retval, SK_PASS);
		if (a->ctx_out.family != AF_INET || a->ctx_out.protocol != IPPROTO_TCP)
			problem(a, "the test run's ctx_out has family %u protocol %u, expected %d %d",
				a->ctx_out.family, a->ctx_out.protocol, AF_INET, IPPROTO_TCP);
		break;
	}
}

/* After a successful release: the last attached link updated to p4 and a new link of p2 work. */
static void followup(struct attempt *a)
{
	const char *when = "follow-up: ";
	union bpf_attr attr;
	int last = -1;
	long fd;

	a->followup = true;
	for (int i = 0; i < a->nlinks; i++)
		if (a->links[i].fd >= 0 && a->links[i].attached && a->links[i].type == BPF_SK_LOOKUP)
			last = i;
	if (last >= 0) {
		memset(&attr, 0, sizeof(attr));
		attr.link_update.link_fd = a->links[last].fd;
		attr.link_update.new_prog_fd = prog_fd[P4];
		if (sys_bpf(BPF_LINK_UPDATE, &attr))
			problem(a, "%supdating L%d to p4: %s", when, last + 1, errname(errno));
		else
			a->links[last].prog = P4;
	}
	fd = link_create(a, P2, BPF_SK_LOOKUP);
	if (fd < 0)
		problem(a, "%screating a link of p2: %s", when, errname(errno));
	else
		add_link(a, fd, P2, BPF_SK_LOOKUP);
	a->fu_nquery_sk = query(a, BPF_SK_LOOKUP, a->fu_query_sk, when);
	check_query(a, BPF_SK_LOOKUP, a->fu_query_sk, a->fu_nquery_sk, when);
	check_links(a, when);
	a->fu_ntraffic = traffic(a, a->fu_traffic, when);
}

static void check_state(struct attempt *a)
{
	if (a->ret < 0 && a->err != ENOMEM)
		problem(a, "errno %s not ENOMEM", errname(a->err));
	if (a->ret < 0 && !a->injected)
		problem(a, "failed (%s) while nothing was injected", errname(a->err));
	if (a->injected && !a->nsites)
		problem(a, "injected but no site recorded");
	if (!a->injected && a->nsites)
		problem(a, "%d sites recorded but nothing injected", a->nsites);
	if (a->nsites > 1)
		problem(a, "%d sites recorded for one injection", a->nsites);
	if (a->sites_dropped)
		problem(a, "%d site records not kept", a->sites_dropped);
	if (a->prog_array_failed && !a->injected)
		problem(a, "bpf_prog_array_alloc() returned NULL %d times with nothing injected",
			a->prog_array_failed);
	for (int i = 0; i < a->nsites; i++)
		if (a->sites[i].ev.stack_len <= 0)
			problem(a, "site %d: no stack (bpf_get_stack: %lld)", i,
				(long long)a->sites[i].ev.stack_len);

	apply_outcome(a);
	a->nquery_sk = query(a, BPF_SK_LOOKUP, a->query_sk, "");
	check_query(a, BPF_SK_LOOKUP, a->query_sk, a->nquery_sk, "");
	a->nquery_fd = query(a, BPF_FLOW_DISSECTOR, a->query_fd, "");
	check_query(a, BPF_FLOW_DISSECTOR, a->query_fd, a->nquery_fd, "");
	check_links(a, "");
	a->ntraffic = sk_op() ? traffic(a, a->traffic, "") : -1;
	if ((op == OP_SK_DETACH || op == OP_SK_CLOSE_MID) && a->ret >= 0)
		followup(a);
}

/* Every fd of the attempt closed, then the counts back to the baseline (or a problem). */
static void teardown(struct attempt *a)
{
	struct counts c;
	long t0;

	for (int i = 0; i < a->nlinks; i++)
		if (a->links[i].fd >= 0) {
			close(a->links[i].fd);
			a->links[i].fd = -1;
		}
	if (a->map_fd >= 0)
		close(a->map_fd);
	a->map_fd = -1;
	close(a->ns);
	a->ns = -1;
	t0 = now_ms();
	for (;;) {
		c = counts_now();
		if (c.progs == baseline.progs && c.links == baseline.links && c.nets == baseline.nets)
			break;
		if (now_ms() - t0 >= SETTLE_MAX_MS) {
			if (c.progs != baseline.progs)
				problem(a, "teardown: %ld BPF program ids after %d s, %ld at start",
					c.progs, SETTLE_MAX_MS / 1000, baseline.progs);
			if (c.links != baseline.links)
				problem(a, "teardown: %ld BPF link ids after %d s, %ld at start",
					c.links, SETTLE_MAX_MS / 1000, baseline.links);
			if (c.nets != baseline.nets)
				problem(a, "teardown: %ld net_namespace slab objects after %d s, "
					"%ld at start", c.nets, SETTLE_MAX_MS / 1000, baseline.nets);
			break;
		}
		sleep_ms(SETTLE_POLL_MS);
	}
	a->wait_ms = now_ms() - t0;
}

/* ---- records ---- */

static void write_record(struct attempt *a, int out)
{
	struct sbuf b = { 0 };
	char frame[320];

	sb_add(&b, "{\"pass\":", 8);
	sb_str(&b, pass_name);
	sb_add(&b, ",\"op\":", 6);
	sb_str(&b, op_names[op]);
	sb_printf(&b, ",\"sweep\":%ld,\"nth\":%d,\"injected\":%s,\"prog_array_failed\":%d,"
		  "\"ret\":%ld,\"errno\":", sweep, a->nth, a->injected ? "true" : "false",
		  a->prog_array_failed, a->ret);
	sb_str(&b, a->ret < 0 ? errname(a->err) : NULL);
	sb_add(&b, ",\"sites\":[", 10);
	for (int i = 0; i < a->nsites; i++) {
		struct fn_event *e = &a->sites[i].ev;
		int frames = e->stack_len > 0 ? e->stack_len / 8 : 0;

		sb_printf(&b, "%s{\"kind\":\"%s\",\"cache\":", i ? "," : "",
			  e->kind == KIND_SLAB ? "slab" : "page");
		if (e->kind == KIND_SLAB) {
			e->cache[CACHE_NAME_LEN - 1] = '\0';
			sb_str(&b, e->cache);
			sb_printf(&b, ",\"size\":%u,\"gfp\":\"0x%x\",\"order\":null", e->size,
				  e->gfp);
		} else {
			sb_printf(&b, "null,\"size\":null,\"gfp\":\"0x%x\",\"order\":%u", e->gfp,
				  e->order);
		}
		sb_add(&b, ",\"stack\":[", 10);
		for (int f = 0; f < frames && f < MAX_FRAMES; f++) {
			symbolize(e->stack[f], frame, sizeof(frame));
			if (f)
				sb_add(&b, ",", 1);
			sb_str(&b, frame);
		}
		sb_add(&b, "]}", 2);
	}
	sb_add(&b, "],\"query_sk\":", 13);
	sb_ids(&b, a->query_sk, a->nquery_sk);
	sb_add(&b, ",\"query_fd\":", 12);
	sb_ids(&b, a->query_fd, a->nquery_fd);
	sb_add(&b, ",\"traffic\":", 11);
	sb_tags(&b, a->traffic, a->ntraffic);
	sb_add(&b, ",\"followup\":", 12);
	if (a->followup) {
		sb_add(&b, "{\"query_sk\":", 12);
		sb_ids(&b, a->fu_query_sk, a->fu_nquery_sk);
		sb_add(&b, ",\"traffic\":", 11);
		sb_tags(&b, a->fu_traffic, a->fu_ntraffic);
		sb_add(&b, "}", 1);
	} else {
		sb_add(&b, "null", 4);
	}
	sb_add(&b, ",\"kmsg\":[", 9);
	for (int i = 0; i < a->nkmsg; i++) {
		if (i)
			sb_add(&b, ",", 1);
		sb_str(&b, a->kmsg[i]);
	}
	sb_add(&b, "],\"problems\":[", 14);
	for (int i = 0; i < a->nproblems; i++) {
		if (i)
			sb_add(&b, ",", 1);
		sb_str(&b, a->problems[i]);
	}
	sb_printf(&b, "],\"wait_ms\":%ld,\"end\":%s}\n", a->wait_ms, a->end ? "true" : "false");
	if (write(out, b.s, b.len) != (ssize_t)b.len)
		die("writing the record: %s", strerror(errno));
	free(b.s);

	printf("%s nth=%d injected=%s ret=%ld errno=%s sites=%d problems=%d\n", op_names[op], a->nth,
	       a->injected ? "yes" : "no", a->ret, a->ret < 0 ? errname(a->err) : "-", a->nsites,
	       a->nproblems);
	fflush(stdout);
}

static void free_attempt(struct attempt *a)
{
	for (int i = 0; i < a->nkmsg; i++)
		free(a->kmsg[i]);
	free(a->kmsg);
	for (int i = 0; i < a->nproblems; i++)
		free(a->problems[i]);
}

/* ---- start ---- */

static void need_btf_func(const struct btf *btf, const char *name)
{
	if (btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) < 0)
		die("the kernel's BTF has no function %s (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC "
		    "off?): cannot record where failures land", name);
}

static void load_object(const char *path)
{
	struct bpf_map *rodata, *bss, *events;
	struct bpf_program *p;
	struct btf *btf;
	size_t size;
	__u32 *tid;

	btf = btf__load_vmlinux_btf();
	if (!btf)
		die("loading the kernel's BTF: %s", strerror(errno));
	need_btf_func(btf, "should_failslab");
	need_btf_func(btf, "should_fail_alloc_page");
	need_btf_func(btf, "bpf_prog_array_alloc");
	btf__free(btf);

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("open %s: %s", path, strerror(errno));
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	if (!rodata)
		die("%s: no .rodata", path);
	tid = bpf_map__initial_value(rodata, &size);
	if (!tid || size != sizeof(*tid))
		die("%s: .rodata is not just target_tid (%zu bytes)", path, size);
	*tid = gettid();
	if (bpf_object__load(obj))
		die("loading %s: %s (a missing fexit target means the kernel lacks it)", path,
		    strerror(errno));
	for (int i = 0; i < NR_PROGS; i++) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);

		p = bpf_object__find_program_by_name(obj, prog_syms[i]);
		if (!p)
			die("%s: no program %s", path, prog_syms[i]);
		prog_fd[i] = bpf_program__fd(p);
		memset(&info, 0, sizeof(info));
		if (bpf_prog_get_info_by_fd(prog_fd[i], &info, &len))
			die("info of %s: %s", prog_syms[i], strerror(errno));
		prog_id[i] = info.id;
	}
	for (int i = 0; i < 3; i++) {
		static const char *const names[] = { "fexit_failslab", "fexit_fail_page",
						     "fexit_prog_array_alloc" };
		const char *name = names[i];

		p = bpf_object__find_program_by_name(obj, name);
		if (!p)
			die("%s: no program %s", path, name);
		if (!bpf_program__attach(p))
			die("attaching %s: %s", name, strerror(errno));
	}
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!bss || bpf_map__value_size(bss) != sizeof(struct fn_state))
		die("%s: .bss is not struct fn_state", path);
	bss_fd = bpf_map__fd(bss);
	events = bpf_object__find_map_by_name(obj, "events");
	if (!events)
		die("%s: no map events", path);
	rb = ring_buffer__new(bpf_map__fd(events), on_event, NULL, NULL);
	if (!rb)
		die("ring buffer: %s", strerror(errno));
}

static void usage(void)
{
	fprintf(stderr, "usage: fail_nth BPF_OBJ slab|page OP SWEEP OUT.jsonl\n"
		"       fail_nth list\n");
	exit(2);
}

static void list_ops(void)
{
	for (int i = 0; i < NR_OPS; i++)
		printf("%s\n", op_names[i]);
	exit(0);
}

int main(int argc, char **argv)
{
	bool bad = false, ended = false;
	struct stat stbuf;
	char *end;
	int out;

	if (argc == 2 && !strcmp(argv[1], "list"))
		list_ops();
	if (argc >= 4 && !strcmp(argv[3], "list"))
		list_ops();
	if (argc != 6)
		usage();
	pass_name = argv[2];
	if (strcmp(pass_name, "slab") && strcmp(pass_name, "page"))
		die("PASS must be slab or page, not '%s'", pass_name);
	for (int i = 0; i < NR_OPS; i++)
		if (!strcmp(argv[3], op_names[i]))
			op = i;
	if (op < 0)
		die("unknown operation '%s' (fail_nth list: the operations)", argv[3]);
	errno = 0;
	sweep = strtol(argv[4], &end, 10);
	if (!*argv[4] || *end || sweep < 0 || errno)
		die("SWEEP must be a number, not '%s'", argv[4]);
	debug = getenv("FAIL_NTH_DEBUG") && *getenv("FAIL_NTH_DEBUG") == '1';
	libbpf_set_print(libbpf_print);

	fail_fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (fail_fd < 0)
		die("%s: %s (a kernel without CONFIG_FAULT_INJECTION?)", FAIL_NTH, strerror(errno));
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd < 0 || lseek(kmsg_fd, 0, SEEK_END) < 0)
		die("/dev/kmsg: %s", strerror(errno));
	if (stat(SLAB_DIR, &stbuf))
		die(SLAB_DIR ": %s (the guest must boot with slab_nomerge)", strerror(errno));
	orig_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (orig_ns < 0)
		die("/proc/thread-self/ns/net: %s", strerror(errno));
	out = open(argv[5], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0)
		die("%s: %s", argv[5], strerror(errno));

	load_object(argv[1]);
	load_kallsyms();		/* after attaching: with the programs' and trampolines' */
	/*
	 * Nothing of ours may fault while armed (a page fault's allocations would take the injected
	 * failure, in the page pass an OOM): every page of the process is locked in, those mapped
	 * later too, and fail-nth is read and written once before the first attempt.
	 */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		die("mlockall: %s", strerror(errno));
	{
		char buf[16];
		ssize_t r = pread(fail_fd, buf, sizeof(buf) - 1, 0);

		if (r <= 0 || pwrite(fail_fd, "0", 1, 0) != 1)
			die("%s: %s", FAIL_NTH, r ? strerror(errno) : "empty");
	}
	baseline.nets = baseline_nets();
	baseline.progs = count_ids(bpf_prog_get_next_id);
	baseline.links = count_ids(bpf_link_get_next_id);

	for (int nth = 1; nth <= MAX_NTH && !ended; nth++) {
		struct attempt a;

		memset(&a, 0, sizeof(a));
		a.nth = nth;
		a.legacy = -1;
		a.map_fd = -1;
		a.nquery_sk = a.nquery_fd = a.ntraffic = a.fu_nquery_sk = a.fu_ntraffic = -1;
		make_netns(&a);
		if (!setup(&a)) {
			ended = true;		/* a problem: the sweep stops */
		} else {
			ring_buffer__consume(rb);	/* nothing of an earlier attempt left */
			if (legacy_op())
				enter_ns(a.ns, "the attempt's netns, legacy attach");
			armed_call(&a);
			if (legacy_op())
				enter_ns(orig_ns, "back from the attempt's netns");
			cur = &a;
			ring_buffer__consume(rb);
			cur = NULL;
			check_state(&a);
			if (!a.injected) {
				/* nothing more to inject: the sweep is over */
				ended = true;
				a.end = a.ret >= 0;
			}
		}
		teardown(&a);
		read_kmsg(&a);
		if (nth == MAX_NTH && !ended)
			problem(&a, "sweep did not end: something was injected at every nth up to %d",
				MAX_NTH);
		if (a.nproblems)
			bad = true;
		write_record(&a, out);
		free_attempt(&a);
	}
	close(out);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return bad ? 1 : 0;
}
