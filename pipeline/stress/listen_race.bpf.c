// SPDX-License-Identifier: GPL-2.0
/*
 * listen_race: widen one window of a listener's close(), to show what a connection completing its
 * handshake inside it sees (listen_race.c).
 *
 * __tcp_close() sets sk_shutdown = SHUTDOWN_MASK, then moves the listener from LISTEN to CLOSE
 * (tcp_set_state()), then drains its accept queue (inet_csk_listen_stop()). widen runs on entry to
 * tcp_set_state() when the listener on the target port leaves LISTEN, and spins there for 50 ms:
 * meanwhile the listener is still LISTEN, with SEND_SHUTDOWN set. fin keeps the kernel stack of the
 * first FIN a socket on the target port sends (fentry/tcp_send_fin), to name the path that sent it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define TCP_LISTEN	10
#define TCP_CLOSE	7

struct sock_common {
	__u16 skc_num;
	volatile unsigned char skc_state;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
} __attribute__((preserve_access_index));

#define TARGET_PORT	7900		/* listen_race.c's PORT */
#define DELAY_NS	50000000ULL

#define FRAMES		12		/* listen_race.c's FRAMES */

/* One object in .bss, so that listen_race.c reads it with this layout. */
struct {
	__u64 widened;		/* listeners whose close() was held */
	__u64 fins;		/* FINs sent by sockets on the target port */
	__u64 stack[FRAMES];	/* the kernel stack of the first of them */
	__s64 stack_len;
} res;

static long spin(__u64 i, void *end)
{
	return bpf_ktime_get_ns() >= *(__u64 *)end;
}

SEC("fentry/tcp_set_state")
int widen(unsigned long long *ctx)
{
	struct sock *sk = (struct sock *)ctx[0];
	__u64 end;

	if ((int)ctx[1] != TCP_CLOSE || BPF_CORE_READ(sk, __sk_common.skc_state) != TCP_LISTEN ||
	    BPF_CORE_READ(sk, __sk_common.skc_num) != TARGET_PORT)
		return 0;
	end = bpf_ktime_get_ns() + DELAY_NS;
	bpf_loop(1 << 23, spin, &end, 0);
	__sync_fetch_and_add(&res.widened, 1);
	return 0;
}

SEC("fentry/tcp_send_fin")
int fin(unsigned long long *ctx)
{
	struct sock *sk = (struct sock *)ctx[0];

	if (BPF_CORE_READ(sk, __sk_common.skc_num) != TARGET_PORT)
		return 0;
	if (__sync_fetch_and_add(&res.fins, 1) == 0)
		res.stack_len = bpf_get_stack(ctx, res.stack, sizeof(res.stack), 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
