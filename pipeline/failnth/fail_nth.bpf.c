// SPDX-License-Identifier: GPL-2.0
/*
 * BPF programs of fail_nth (fail_nth.c): allocation-failure injection on the netns attach points.
 *
 * Attached by user space to the attempt's netns (never dropping, never assigning a socket):
 *   sk_p1 .. sk_p4   sk_lookup: each counts its runs in st.hits[tag] and stores the run's rank in
 *                    st.order[tag] (st.seq counts the runs of all four); tag 1..4; always SK_PASS
 *   fd_p1, fd_p2     flow_dissector: BPF_OK (only attached, never needed to run)
 * Attached to the kernel's fault-injection decisions (mm/failslab.c, mm/fail_page_alloc.c):
 *   fexit_failslab   fexit on should_failslab(s, gfpflags): when it returned non-zero (a failure
 *                    injected) in the thread target_tid, an event with the cache's name and object
 *                    size, the gfp flags and the kernel stack
 *   fexit_fail_page  fexit on should_fail_alloc_page(gfp_mask, order): the same for a page
 *                    allocation (gfp flags, order, stack)
 * The events go to the ring buffer events; an event that does not fit is counted in st.lost.
 * target_tid (.rodata) is set by user space before loading. The layout of st (the only variable of
 * .bss) and of struct fn_event is mirrored in fail_nth.c: keep both in sync.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define NR_TAGS		5		/* tags 1..4; 0 unused */
#define MAX_FRAMES	40
#define CACHE_NAME_LEN	64

enum { KIND_SLAB = 1, KIND_PAGE = 2 };

typedef unsigned int gfp_t;
typedef _Bool bool;

/* The kernel type read by fexit_failslab, relocated by CO-RE against the running kernel. */
struct kmem_cache {
	const char *name;
	unsigned int object_size;
} __attribute__((preserve_access_index));

struct fn_state {
	__u64 hits[NR_TAGS];
	__u64 order[NR_TAGS];
	__u64 seq;
	__u64 lost;
	__u64 prog_array_null;		/* NULL returns of bpf_prog_array_alloc() in target_tid */
};

struct fn_event {
	__u32 kind;
	__u32 gfp;
	__u32 size;			/* slab: the cache's object size */
	__u32 order;			/* page: the order */
	__s64 stack_len;		/* bytes of stack filled, or bpf_get_stack()'s error */
	char cache[CACHE_NAME_LEN];	/* slab: the cache's name */
	__u64 stack[MAX_FRAMES];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

const volatile __u32 target_tid;

struct fn_state st;

/* Sequential runs (one lookup at a time): no atomics needed. */
static __always_inline int record(int tag)
{
	if (tag < 1 || tag >= NR_TAGS)
		return SK_PASS;
	st.hits[tag]++;
	st.order[tag] = ++st.seq;
	return SK_PASS;
}

SEC("sk_lookup")
int sk_p1(struct bpf_sk_lookup *ctx)
{
	return record(1);
}

SEC("sk_lookup")
int sk_p2(struct bpf_sk_lookup *ctx)
{
	return record(2);
}

SEC("sk_lookup")
int sk_p3(struct bpf_sk_lookup *ctx)
{
	return record(3);
}

SEC("sk_lookup")
int sk_p4(struct bpf_sk_lookup *ctx)
{
	return record(4);
}

SEC("flow_dissector")
int fd_p1(struct __sk_buff *skb)
{
	return BPF_OK;
}

SEC("flow_dissector")
int fd_p2(struct __sk_buff *skb)
{
	return BPF_OK;
}

static __always_inline int ours(void)
{
	return (__u32)bpf_get_current_pid_tgid() == target_tid;
}

SEC("fexit/should_failslab")
int BPF_PROG(fexit_failslab, struct kmem_cache *s, gfp_t gfpflags, int ret)
{
	struct fn_event *e;

	if (!ret || !ours())
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&st.lost, 1);
		return 0;
	}
	e->kind = KIND_SLAB;
	e->gfp = gfpflags;
	e->size = BPF_CORE_READ(s, object_size);
	e->order = 0;
	if (bpf_probe_read_kernel_str(e->cache, sizeof(e->cache), BPF_CORE_READ(s, name)) < 0)
		e->cache[0] = '\0';
	e->stack_len = bpf_get_stack(ctx, e->stack, sizeof(e->stack), 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * ret is a bool: only the low byte of the saved return register is defined, so test that byte of
 * ctx[2] rather than the whole 64-bit slot that BPF_PROG's conversion to bool would compare.
 */
SEC("fexit/should_fail_alloc_page")
int BPF_PROG(fexit_fail_page, gfp_t gfp_mask, unsigned int order, bool ret)
{
	struct fn_event *e;

	if (!(__u8)ctx[2] || !ours())
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&st.lost, 1);
		return 0;
	}
	e->kind = KIND_PAGE;
	e->gfp = gfp_mask;
	e->size = 0;
	e->order = order;
	e->cache[0] = '\0';
	e->stack_len = bpf_get_stack(ctx, e->stack, sizeof(e->stack), 0);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * bpf_prog_array_alloc() returns kzalloc()'s result directly, a tail call: its frame is gone from the
 * stack of a failure injected there, which names its caller. Count its NULL returns instead, so that
 * a failure of the run array's allocation is known as such.
 */
SEC("fexit/bpf_prog_array_alloc")
int BPF_PROG(fexit_prog_array_alloc, __u32 prog_cnt, gfp_t flags, void *ret)
{
	if (!ret && ours())
		st.prog_array_null++;
	return 0;
}

char _license[] SEC("license") = "GPL";
