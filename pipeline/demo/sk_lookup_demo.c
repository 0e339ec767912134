// SPDX-License-Identifier: GPL-2.0
/*
 * Loader, server and client of the sk_lookup demo (see sk_lookup_demo.bpf.c).
 *
 *   sk_lookup_demo serve OBJ READY_FILE   set up the sockets, load and attach the program to this
 *                                         netns, touch READY_FILE, answer until SIGTERM (or 120 s)
 *   sk_lookup_demo client tcp|udp ADDR PORT
 *                                         connect (or send one datagram), print the server's answer
 *                                         ("<socket> <local address it saw>") or the error
 *
 * Every answer names the socket that received the connection or datagram and the local address the
 * packet was sent to, so the client sees which socket the lookup picked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

enum { RANGE_TCP, RANGE_UDP, PORTS_TCP, PORTS_UDP, BOUND_TCP, NR_SERVER_SOCKS };

static const char *const sock_names[NR_SERVER_SOCKS] = {
	"range-tcp", "range-udp", "ports-tcp", "ports-udp", "bound-tcp",
};

struct demo_config {
	__u32 range_net;
	__u32 range_mask;
	__u32 ports_addr;
	__u32 range_port;
	__u32 drop_port;
};

#define RANGE_NET	"192.0.2.0"
#define RANGE_MASK	"255.255.255.0"
#define PORTS_ADDR	"198.51.100.1"
#define RANGE_PORT	80
#define DROP_PORT	8080

static void fail(const char *what)
{
	fprintf(stderr, "sk_lookup_demo: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int server_socket(int type, const char *addr, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd;

	fd = socket(AF_INET, type, 0);
	if (fd < 0)
		fail("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (type == SOCK_DGRAM && (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
				   setsockopt(fd, IPPROTO_IP, IP_RECVORIGDSTADDR, &one, sizeof(one))))
		fail("IP_PKTINFO / IP_RECVORIGDSTADDR");
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		fail("bind");
	if (type == SOCK_STREAM && listen(fd, 16))
		fail("listen");
	return fd;
}

static void answer_tcp(int lfd, const char *name)
{
	struct sockaddr_in local;
	socklen_t len = sizeof(local);
	char buf[128], a[INET_ADDRSTRLEN];
	int fd;

	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return;
	getsockname(fd, (struct sockaddr *)&local, &len);
	inet_ntop(AF_INET, &local.sin_addr, a, sizeof(a));
	snprintf(buf, sizeof(buf), "%s %s:%d\n", name, a, ntohs(local.sin_port));
	if (write(fd, buf, strlen(buf)) < 0)
		perror("write");
	close(fd);
}

static void answer_udp(int fd, const char *name)
{
	char data[64], buf[128], a[INET_ADDRSTRLEN];
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(struct sockaddr_in))];
	struct sockaddr_in peer, orig = {};
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = {
		.msg_name = &peer, .msg_namelen = sizeof(peer), .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct in_pktinfo pi = {};
	struct cmsghdr *c;

	if (recvmsg(fd, &msg, 0) < 0)
		return;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_ORIGDSTADDR)
			memcpy(&orig, CMSG_DATA(c), sizeof(orig));
	}
	/* The destination the client used, address and port, as the datagram carried it. */
	inet_ntop(AF_INET, &orig.sin_addr, a, sizeof(a));
	snprintf(buf, sizeof(buf), "%s %s:%d\n", name, a, ntohs(orig.sin_port));
	/*
	 * Answer from the address the datagram was sent to. The source port is the socket's own (a UDP
	 * socket cannot answer from a port it is not bound to), so the client's socket is unconnected.
	 */
	iov.iov_base = buf;
	iov.iov_len = strlen(buf);
	msg.msg_controllen = CMSG_SPACE(sizeof(pi));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(pi));
	pi.ipi_spec_dst = pi.ipi_addr;
	pi.ipi_ifindex = 0;
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
	if (sendmsg(fd, &msg, 0) < 0)
		perror("sendmsg");
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

static int serve(const char *obj_path, const char *ready)
{
	struct demo_config cfg = { .range_port = RANGE_PORT, .drop_port = DROP_PORT };
	int fds[NR_SERVER_SOCKS], i, netns, map_fd, zero = 0;
	struct pollfd pfd[NR_SERVER_SOCKS];
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_link *link;
	time_t deadline = time(NULL) + 120;

	/* The steered sockets are bound to loopback ports nobody sends to: only sk_lookup reaches them. */
	fds[RANGE_TCP] = server_socket(SOCK_STREAM, "127.0.0.1", 10080);
	fds[RANGE_UDP] = server_socket(SOCK_DGRAM, "127.0.0.1", 10080);
	fds[PORTS_TCP] = server_socket(SOCK_STREAM, "127.0.0.1", 10099);
	fds[PORTS_UDP] = server_socket(SOCK_DGRAM, "127.0.0.1", 10099);
	/* A regular socket on the drop port: the program refuses the prefix, other addresses reach it. */
	fds[BOUND_TCP] = server_socket(SOCK_STREAM, "0.0.0.0", DROP_PORT);

	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj)
		fail("opening the BPF object");
	if (bpf_object__load(obj))
		fail("loading the BPF object (is this a kernel with BPF sk_lookup?)");
	map_fd = bpf_object__find_map_fd_by_name(obj, "socks");
	for (i = RANGE_TCP; i <= PORTS_UDP; i++) {
		__u64 v = fds[i];

		if (bpf_map_update_elem(map_fd, &i, &v, BPF_ANY))
			fail("adding a socket to the sockmap");
	}
	inet_pton(AF_INET, RANGE_NET, &cfg.range_net);
	inet_pton(AF_INET, RANGE_MASK, &cfg.range_mask);
	inet_pton(AF_INET, PORTS_ADDR, &cfg.ports_addr);
	if (bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, "config"), &zero, &cfg, BPF_ANY))
		fail("writing the config map");

	netns = open("/proc/self/ns/net", O_RDONLY);
	if (netns < 0)
		fail("opening /proc/self/ns/net");
	prog = bpf_object__find_program_by_name(obj, "steer");
	link = bpf_program__attach_netns(prog, netns);
	if (!link)
		fail("attaching to the network namespace (BPF_LINK_CREATE, BPF_SK_LOOKUP)");

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	close(open(ready, O_CREAT | O_WRONLY, 0644));
	for (i = 0; i < NR_SERVER_SOCKS; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	while (!stop && time(NULL) < deadline) {
		if (poll(pfd, NR_SERVER_SOCKS, 500) <= 0)
			continue;
		for (i = 0; i < NR_SERVER_SOCKS; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			if (i == RANGE_UDP || i == PORTS_UDP)
				answer_udp(fds[i], sock_names[i]);
			else
				answer_tcp(fds[i], sock_names[i]);
		}
	}
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}

static int client(const char *proto, const char *addr, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = 3 };
	int udp = !strcmp(proto, "udp");
	char buf[128] = "";
	ssize_t n;
	int fd;

	if (!udp && strcmp(proto, "tcp")) {
		fprintf(stderr, "sk_lookup_demo: protocol must be tcp or udp, not '%s'\n", proto);
		return 2;
	}
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "sk_lookup_demo: '%s' is not an IPv4 address\n", addr);
		return 2;
	}
	fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (fd < 0)
		fail("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/* UDP answers come from the steered socket's port: wait for them on an unconnected socket. */
	if (udp ? sendto(fd, "hello", 5, 0, (struct sockaddr *)&sin, sizeof(sin)) < 0 :
		  connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		goto err;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		goto err;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("%s\n", buf);
	return 0;
err:
	printf("error %s\n", errno == ECONNREFUSED ? "ECONNREFUSED" :
	       errno == EAGAIN ? "timeout" : strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "serve"))
		return serve(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: %s serve OBJ READY_FILE | client tcp|udp ADDR PORT\n", argv[0]);
	return 2;
}
