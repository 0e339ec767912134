// SPDX-License-Identifier: GPL-2.0

#include <linux/ipv6.h>
#include <linux/sock_diag.h>
#include <net/sock.h>

#ifdef CONFIG_NET

__rust_helper bool rust_helper_sk_is_refcounted(struct sock *sk)
{
	return sk_is_refcounted(sk);
}

__rust_helper bool rust_helper_sk_is_tcp(const struct sock *sk)
{
	return sk_is_tcp(sk);
}

__rust_helper bool rust_helper_sk_is_udp(const struct sock *sk)
{
	return sk_is_udp(sk);
}

__rust_helper u64 rust_helper_sock_gen_cookie(struct sock *sk)
{
	return sock_gen_cookie(sk);
}

__rust_helper bool rust_helper_ipv6_only_sock(const struct sock *sk)
{
	return ipv6_only_sock(sk);
}

#endif
