// SPDX-License-Identifier: GPL-2.0
/*
 * rt_delete: what PREEMPT_RT changes for sk_lookup programs that modify a SOCKMAP (rt_delete.bpf.c).
 *
 *   rt_delete BPF_OBJ
 *
 * In a network namespace of its own (lo up), with two UDP sockets in a SOCKMAP (key 0 on 127.0.0.1,
 * bound to a port of its own; key 1 put back before every run):
 *  - testrun: BPF_PROG_TEST_RUN of the program, REPEAT runs per call, CALLS calls; each call must
 *    return 0 with retval SK_PASS and delete key 1 (counted by the program);
 *  - steered: the program attached to the namespace; DGRAMS datagrams to 127.0.0.1:DEL_PORT (bound by
 *    nobody) must each be received by the key 0 socket, and each lookup must delete key 1.
 * Prints one line per check, "row NAME ok" or "row NAME FAIL: why"; exit status 0 when every check was
 * made (the verdicts are the rows), 2 with a message on stderr when it could not run. The kernel's
 * verdict on the context the program ran in is in its log: the guest's dmesg suite fails on a report
 * (on PREEMPT_RT, "sleeping function called from invalid context" if a program ran non-preemptible).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define DEL_PORT	7010
#define SRV_PORT	7011
#define REPEAT		100
#define CALLS		20
#define DGRAMS		20
#define SK_PASS		1

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "rt_delete: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int udp_socket(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	a.sin_port = htons(port);
	if (port && bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	return fd;
}

static void lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr))
		die("lo flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		die("lo up");
	close(fd);
}

static int put_back(int map, int fd)
{
	__u32 key = 1;
	__u64 value = fd;

	return bpf_map_update_elem(map, &key, &value, BPF_ANY);
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, args) : 0;
}

int main(int argc, char **argv)
{
	int map, prog, srv, victim, cli, netns, i, failed_calls = 0, bad_retval = 0, first_errno = 0;
	__u64 deleted_before, deleted_after, runs_before, runs_after;
	struct bpf_sk_lookup ctx;
	struct bpf_object *obj;
	struct bpf_map *bss;
	struct bpf_link *link;
	char buf[8];
	__u32 zero = 0;
	__u64 value;
	int received = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: rt_delete BPF_OBJ\n");
		return 2;
	}
	/*
	 * Every byte zero first: a test run refuses a context whose bytes after ingress_ifindex (the
	 * struct's tail padding) are not, and an initialiser leaves padding undefined (gcc happened to
	 * zero it, clang, which builds this tool for arm64, does not).
	 */
	memset(&ctx, 0, sizeof(ctx));
	ctx.family = AF_INET;
	ctx.protocol = IPPROTO_UDP;
	ctx.remote_ip4 = htonl(INADDR_LOOPBACK);
	ctx.local_ip4 = htonl(INADDR_LOOPBACK);
	ctx.remote_port = htons(40000);
	ctx.local_port = DEL_PORT;
	libbpf_set_print(quiet);
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET)");
	lo_up();
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		die("loading the object");
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "del_then_pass"));
	map = bpf_map__fd(bpf_object__find_map_by_name(obj, "socks"));
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (prog < 0 || map < 0 || !bss)
		die("finding the program and its maps");
	srv = udp_socket(SRV_PORT);
	victim = udp_socket(SRV_PORT + 1);
	value = srv;
	if (bpf_map_update_elem(map, &zero, &value, BPF_ANY))
		die("putting the server socket in the SOCKMAP");

#define BSS(field) ({ __u64 _v[3]; if (bpf_map_lookup_elem(bpf_map__fd(bss), &zero, _v)) die("reading .bss"); _v[field]; })
	/* .bss: runs, deleted, assigned, in declaration order. */
	runs_before = BSS(0);
	deleted_before = BSS(1);
	for (i = 0; i < CALLS; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
			    .repeat = REPEAT);

		if (put_back(map, victim))
			die("putting key 1 back");
		if (bpf_prog_test_run_opts(prog, &opts)) {
			if (!failed_calls++)
				first_errno = errno;
		}
		else if (opts.retval != SK_PASS)
			bad_retval++;
	}
	runs_after = BSS(0);
	deleted_after = BSS(1);
	if (failed_calls || bad_retval)
		printf("row testrun FAIL: %d calls failed (the first with %s), %d returned another verdict\n",
		       failed_calls, failed_calls ? strerror(first_errno) : "-", bad_retval);
	else if (runs_after - runs_before != (__u64)CALLS * REPEAT || deleted_after - deleted_before != CALLS)
		printf("row testrun FAIL: %llu runs (expected %d), %llu deletions (expected %d)\n",
		       runs_after - runs_before, CALLS * REPEAT, deleted_after - deleted_before, CALLS);
	else
		printf("row testrun ok\n");

	netns = open("/proc/self/ns/net", O_RDONLY);
	if (netns < 0)
		die("opening /proc/self/ns/net");
	link = bpf_program__attach_netns(bpf_object__find_program_by_name(obj, "del_then_pass"), netns);
	if (!link)
		die("attaching the program to the namespace");
	cli = udp_socket(0);
	deleted_before = BSS(1);
	for (i = 0; i < DGRAMS; i++) {
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(DEL_PORT),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		struct pollfd p = { .fd = srv, .events = POLLIN };

		if (put_back(map, victim))
			die("putting key 1 back");
		if (sendto(cli, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) != 1)
			die("sendto");
		if (poll(&p, 1, 5000) == 1 && recv(srv, buf, sizeof(buf), 0) == 1)
			received++;
	}
	deleted_after = BSS(1);
	if (received != DGRAMS || deleted_after - deleted_before < DGRAMS)
		printf("row steered FAIL: %d of %d datagrams received, %llu deletions\n", received, DGRAMS,
		       deleted_after - deleted_before);
	else
		printf("row steered ok\n");
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
