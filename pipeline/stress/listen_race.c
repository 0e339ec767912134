// SPDX-License-Identifier: GPL-2.0
/*
 * listen_race: what a TCP connection whose handshake completes while its listener is being closed sees.
 * Plain sockets on 127.0.0.1, no sk_lookup program: the kernel's TCP code alone.
 *
 *   listen_race [-n] OBJ [ROUNDS]
 *
 * Each round makes a listener, closes it from a second thread and, while that close() runs, connects to
 * it again and again, nobody accepting. Each attempt ends as:
 *   refused   the SYN met no listener (RST to the SYN)
 *   reset     the connection was established, then reset (the child forgotten by the closing listener)
 *   eof       established, then a FIN (read() returns 0), nothing sent before it
 *   epipe     established, then a FIN and a reset (the RST arrives in CLOSE_WAIT: EPIPE)
 *   timedout  nothing within 2 s
 * With OBJ's programs attached (without -n), the window in __tcp_close() between setting sk_shutdown and
 * leaving LISTEN lasts 50 ms instead of a few instructions, and the kernel stack of the first FIN a
 * socket on the port sent is printed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ksyms.h"

#define PORT 7900
#define FRAMES 12	/* listen_race.bpf.c's FRAMES */

enum { O_REFUSED, O_RESET, O_EOF, O_EPIPE, O_TIMEDOUT, O_OTHER, NR_O };
static const char *const names[NR_O] = { "refused", "reset", "eof", "epipe", "timedout", "other" };
static unsigned long long out[NR_O];
static volatile int closing_done;

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "listen_race: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *closer(void *arg)
{
	sleep_ms(5);
	if (close((int)(long)arg))
		die("close listener");
	closing_done = 1;
	return NULL;
}

static int attempt(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct pollfd pfd;
	int fd, err = 0;
	socklen_t len = sizeof(err);
	char c;
	ssize_t r;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) && errno != EINPROGRESS) {
		err = errno;
	} else {
		pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
		if (poll(&pfd, 1, 2000) == 0)
			err = ETIMEDOUT;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
			die("SO_ERROR");
		if (!err) {
			pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
			if (poll(&pfd, 1, 2000) == 0) {
				err = ETIMEDOUT;
			} else {
				r = read(fd, &c, 1);
				err = r == 0 ? ENODATA : r < 0 ? errno : EPROTO;
			}
		}
	}
	close(fd);
	switch (err) {
	case ECONNREFUSED: return O_REFUSED;
	case ECONNRESET: return O_RESET;
	case ENODATA: return O_EOF;
	case EPIPE: return O_EPIPE;
	case ETIMEDOUT: return O_TIMEDOUT;
	default:
		fprintf(stderr, "listen_race: attempt ended with %s\n", strerror(err));
		return O_OTHER;
	}
}

int main(int argc, char **argv)
{
	int widen = 1, rounds = 20, i, one = 1, l, o;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct bpf_object *obj = NULL;
	struct bpf_link *link = NULL, *fin_link = NULL;
	pthread_t t;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		widen = 0;
		argv++, argc--;
	}
	if (argc < 2 || argc > 3 || (argc == 3 && (rounds = atoi(argv[2])) <= 0)) {
		fprintf(stderr, "usage: listen_race [-n] OBJ [ROUNDS]\n");
		return 2;
	}
	if (widen) {
		obj = bpf_object__open_file(argv[1], NULL);
		if (!obj || bpf_object__load(obj))
			die("load the BPF object");
		link = bpf_program__attach(bpf_object__find_program_by_name(obj, "widen"));
		fin_link = bpf_program__attach(bpf_object__find_program_by_name(obj, "fin"));
		if (!link || !fin_link)
			die("attach fentry/tcp_set_state and fentry/tcp_send_fin");
		ksyms_load();
	}
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < rounds; i++) {
		l = socket(AF_INET, SOCK_STREAM, 0);
		if (l < 0)
			die("socket");
		setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(l, (struct sockaddr *)&sin, sizeof(sin)) || listen(l, 128))
			die("bind/listen");
		closing_done = 0;
		if (pthread_create(&t, NULL, closer, (void *)(long)l))
			die("pthread_create");
		sleep_ms(10);
		do {
			o = attempt();
			out[o]++;
		} while (!closing_done);
		pthread_join(t, NULL);
	}
	printf("listen_race: %d rounds, window %s:", rounds, widen ? "widened to 50 ms" : "as it is");
	for (o = 0; o < NR_O; o++)
		printf(" %s=%llu", names[o], out[o]);
	if (widen) {
		struct {	/* listen_race.bpf.c's res */
			__u64 widened, fins, stack[FRAMES];
			__s64 stack_len;
		} bss;
		__u32 zero = 0;

		if (bpf_map_lookup_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, ".bss")), &zero, &bss))
			die("read the .bss map");
		printf("; closes held: %llu; FINs from port %d: %llu", (unsigned long long)bss.widened, PORT,
		       (unsigned long long)bss.fins);
		if (bss.fins) {
			printf("\nlisten_race: the first FIN was sent from:");
			for (i = 0; i < bss.stack_len / 8 && i < FRAMES; i++)
				ksym_print(bss.stack[i]);
			if (bss.stack_len < 0)
				printf(" (bpf_get_stack: %lld)", (long long)bss.stack_len);
		}
		bpf_link__destroy(fin_link);
		bpf_link__destroy(link);
		bpf_object__close(obj);
	}
	printf("\n");
	return 0;
}
