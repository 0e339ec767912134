// SPDX-License-Identifier: GPL-2.0
/*
 * ctx_table: the verifier's view of struct bpf_sk_lookup, as a table, for a differential test of two
 * kernels (the C and the Rust implementation of the sk_lookup program type).
 *
 * For every byte offset in [-8, sizeof(struct bpf_sk_lookup) + 8), every access size 1/2/4/8 and every
 * kind of access (load, sign-extending load, store from register, store immediate, atomic add), it loads
 * a minimal BPF_PROG_TYPE_SK_LOOKUP program doing that one access and prints one row:
 *
 *   <op> <off> <size> accept|reject errno=<E> msg=<last verifier log line> [v4=<val> v6=<val>]
 *   xlated <op> <off> <size> <instructions after the kernel's rewrite, hex>
 *
 * For accepted loads, a second program stores the loaded value into an array map, and
 * BPF_PROG_TEST_RUN runs it on a known IPv4 and a known IPv6 context: the row then carries the values
 * read ("ptr" where the verifier refuses to store the loaded pointer). xlated rows are for review: the
 * two implementations may differ there without being wrong.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#define LOG_SIZE (1 << 16)
static char log_buf[LOG_SIZE];

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

enum op { LDX, LDSX, STX, ST, ATOMIC, NR_OPS };
static const char *const op_names[NR_OPS] = { "ldx", "ldsx", "stx", "st", "atomic" };

static int size_code(int size)
{
	switch (size) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	default: return BPF_DW;
	}
}

/* The access under test, with r6 = ctx, r7 = the loaded value (or 0 stored). */
static struct bpf_insn access_insn(enum op op, int off, int size)
{
	int sz = size_code(size);

	switch (op) {
	case LDX: return INSN(BPF_LDX | BPF_MEM | sz, 7, 6, off, 0);
	case LDSX: return INSN(BPF_LDX | BPF_MEMSX | sz, 7, 6, off, 0);
	case STX: return INSN(BPF_STX | BPF_MEM | sz, 6, 7, off, 0);
	case ST: return INSN(BPF_ST | BPF_MEM | sz, 6, 0, off, 0);
	default: return INSN(BPF_STX | BPF_ATOMIC | sz, 6, 7, off, BPF_ADD);
	}
}

/* Last meaningful line of the verifier log (the reason of a rejection). */
static const char *last_log_line(void)
{
	static char line[256];
	char *p, *end = log_buf + strlen(log_buf);

	line[0] = 0;
	while (end > log_buf) {
		while (end > log_buf && end[-1] == '\n')
			end--;
		p = end;
		while (p > log_buf && p[-1] != '\n')
			p--;
		if (end > p && strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17)) {
			snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
			break;
		}
		end = p;
	}
	return line;
}

static int load(const struct bpf_insn *insns, int n, int *err)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_SK_LOOKUP,
		    .log_buf = log_buf, .log_size = LOG_SIZE, .log_level = 1);
	int fd;

	log_buf[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SK_LOOKUP, NULL, "GPL", insns, n, &opts);
	*err = fd < 0 ? errno : 0;
	if (fd >= 0)
		log_buf[0] = 0;	/* an accepted program has no reason to print */
	return fd;
}

static void print_xlated(int fd, const char *op, int off, int size)
{
	struct bpf_insn xl[64];
	struct bpf_prog_info info = { .xlated_prog_len = sizeof(xl), .xlated_prog_insns = (__u64)(unsigned long)xl };
	__u32 len = sizeof(info);
	unsigned int i;

	if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
		printf("xlated %s %d %d unavailable errno=%d\n", op, off, size, errno);
		return;
	}
	printf("xlated %s %d %d", op, off, size);
	for (i = 0; i < info.xlated_prog_len / sizeof(xl[0]) && i < 64; i++)
		printf(" %02x:%x:%x:%d:%d", xl[i].code, xl[i].dst_reg, xl[i].src_reg, xl[i].off, xl[i].imm);
	printf("\n");
}

static void fill_ctx(struct bpf_sk_lookup *ctx, int v6)
{
	static const __u8 rip6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x11, 0x22, 0x33, 0x44,
				       0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc };
	static const __u8 lip6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xf1, 0xe2, 0xd3, 0xc4,
				       0xb5, 0xa6, 0x97, 0x88, 0x79, 0x6a, 0x5b, 0x4c };

	memset(ctx, 0, sizeof(*ctx));
	ctx->remote_port = htons(0x1234);
	ctx->local_port = 0x5678;
	/* Distinct bytes, so that a narrow load of any part of it reads something of its own: test
	 * runs take ingress_ifindex since the series' test-run fix (before, anything but 0 was EINVAL).
	 */
	ctx->ingress_ifindex = 0x0a0b0c0d;
	if (v6) {
		ctx->family = AF_INET6;
		ctx->protocol = IPPROTO_UDP;
		memcpy(ctx->remote_ip6, rip6, 16);
		memcpy(ctx->local_ip6, lip6, 16);
	} else {
		ctx->family = AF_INET;
		ctx->protocol = IPPROTO_TCP;
		ctx->remote_ip4 = htonl(0xc0000201);	/* 192.0.2.1 */
		ctx->local_ip4 = htonl(0xc6336401);	/* 198.51.100.1 */
	}
}

/* Run the value program on one context; the loaded value comes back through the array map. */
static void print_value(int prog, int map, int v6)
{
	struct bpf_sk_lookup ctx;
	LIBBPF_OPTS(bpf_test_run_opts, topts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));
	__u64 val = 0xdeadbeefdeadbeefULL;
	__u32 key = 0;

	fill_ctx(&ctx, v6);
	bpf_map_update_elem(map, &key, &val, BPF_ANY);
	if (bpf_prog_test_run_opts(prog, &topts)) {
		printf(" %s=run-errno-%d", v6 ? "v6" : "v4", errno);
		return;
	}
	bpf_map_lookup_elem(map, &key, &val);
	printf(" %s=%#llx", v6 ? "v6" : "v4", (unsigned long long)val);
}

static void value_row(enum op op, int off, int size, int map)
{
	struct bpf_insn p[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),		/* r6 = ctx */
		access_insn(op, off, size),				/* r7 = *(ctx + off) */
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),		/* key = 0 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1, 0),
		INSN(BPF_STX | BPF_MEM | BPF_DW, 0, 7, 0, 0),		/* *value = r7 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1),		/* SK_PASS */
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	int err, fd = load(p, sizeof(p) / sizeof(p[0]), &err);

	if (fd < 0) {
		printf(" value=%s", strstr(log_buf, "leaks addr") ? "ptr" : "unloadable");
		return;
	}
	print_value(fd, map, 0);
	print_value(fd, map, 1);
	close(fd);
}

int main(void)
{
	int map, op, off, size, fd, err;
	const int sizes[] = { 1, 2, 4, 8 };
	const int end = (int)sizeof(struct bpf_sk_lookup);

	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ctx_table", 4, 8, 1, NULL);
	if (map < 0) {
		perror("ctx_table: bpf_map_create");
		return 1;
	}
	printf("# sizeof(struct bpf_sk_lookup) = %d\n", end);
	for (op = 0; op < NR_OPS; op++)
		for (off = -8; off < end + 8; off++)
			for (size = 0; size < 4; size++) {
				struct bpf_insn p[] = {
					INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
					INSN(BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 0),
					access_insn(op, off, sizes[size]),
					INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1),
					INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
				};

				fd = load(p, 5, &err);
				printf("%s %d %d %s errno=%d msg=%s", op_names[op], off, sizes[size],
				       fd >= 0 ? "accept" : "reject", err, last_log_line());
				if (fd >= 0 && (op == LDX || op == LDSX))
					value_row(op, off, sizes[size], map);
				printf("\n");
				if (fd >= 0) {
					print_xlated(fd, op_names[op], off, sizes[size]);
					close(fd);
				}
			}
	return 0;
}
