/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between skl_stress.bpf.c and skl_stress.c: the steered port ranges, the map slots and the
 * indices of the counters the BPF programs keep.
 */
#ifndef SKL_STRESS_H
#define SKL_STRESS_H

/* Traffic netns: 0 = "skl-sa", 1 = "skl-sb". */
#define NR_NS		2
/* Steered destination ports of netns i: [port_base(i), port_base(i) + RANGE_LEN); no socket is bound there. */
#define PORT_BASE_0	7000
#define PORT_BASE_1	8000
#define RANGE_LEN	64
/* The steered sockets are bound to 127.0.0.1:(port_base + BOUND_OFF + slot). */
#define BOUND_OFF	200
/* Steered sockets per protocol and netns; a port picks slot (port % SLOTS). Map key: ns * SLOTS + slot. */
#define SLOTS		2
/* Port of the datagrams sent in the short-lived netns: nothing is bound there and nothing steers it. */
#define CHURN_PORT	9000
/* First 8 bytes of every stress datagram's payload. */
#define STRESS_MAGIC	0x534b4c5354524553ULL	/* "SKLSTRES" */
/* The next 8: (sender << SEQ_SENDER_SHIFT) | n, n counting up from 0 per sender (0, 1: the UDP
 * senders of the traffic netns, 2: the netns churn). The drop tracer keeps one bit per datagram.
 */
#define NR_SENDERS		3
#define SEQ_SENDER_SHIFT	56
#define SEQ_BITS		24	/* at most 2^24 datagrams per sender */

/* Drop counters: one row per destination (netns 0, netns 1, other) and drop reason. */
#define NR_BUCKETS	3
#define NR_REASONS	512

enum stress_stat {
	ST_STEER_RUNS,		/* runs of the steering programs */
	ST_STEER_ASSIGNED,	/* bpf_sk_assign() selected a socket */
	ST_STEER_EEXIST,	/* an earlier program had selected one already (no F_REPLACE) */
	ST_STEER_ESOCKTNOSUPPORT, /* the socket was closing (a listener no longer in LISTEN) */
	ST_STEER_ASSIGN_ERR,	/* bpf_sk_assign() failed otherwise */
	ST_STEER_NOSK,		/* the map slot was empty (socket being replaced) */
	ST_PASS_RUNS,		/* runs of the passing program */
	ST_NET_CREATED,		/* copy_net_ns() made a netns (tracked until its struct net is freed) */
	ST_NET_FREED,		/* a tracked struct net was freed */
	ST_NET_TRACK_FULL,	/* the tracking map was full: tracking is incomplete */
	ST_NET_REUSED,		/* a new struct net at the address of one whose free was not seen */
	ST_DROP_SEEN,		/* kfree_skb events of stress datagrams */
	ST_DROP_OTHER_PROTO,	/* UDP drops that were no stress datagram (not counted) */
	ST_DROP_DUP,		/* a stress drop seen again by another copy of the tracer (not counted) */
	ST_DROP_BAD_SEQ,	/* a stress datagram with a sequence number out of range */
	NR_STATS
};

/*
 * The last FIN and the last active reset the server side of a steered TCP connection sent (its local
 * port in a steered range), by 4-tuple (addresses in network order, ports in host order): the client
 * prints them beside an attempt that saw a FIN without the server's byte, to name the kernel path that
 * closed a connection user space never accepted.
 */
#define TCP_TRACE_FRAMES	12
enum { TCP_EV_FIN, TCP_EV_RST, NR_TCP_EV };

struct tcp_trace_key {
	__u32 laddr;
	__u32 raddr;
	__u16 lport;
	__u16 rport;
};

struct tcp_trace_ev {
	__u64 ts;		/* bpf_ktime_get_ns(), CLOCK_MONOTONIC; 0: none seen */
	__s64 stack_len;	/* bytes of stack[] filled, or bpf_get_stack()'s error */
	__u64 stack[TCP_TRACE_FRAMES];
	__u32 state;		/* sk_state when it was sent */
	__u32 orphan;		/* no struct socket: never accepted, or closed by user space */
};

struct tcp_trace_val {
	struct tcp_trace_ev ev[NR_TCP_EV];
};

#endif
