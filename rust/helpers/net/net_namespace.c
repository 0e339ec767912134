// SPDX-License-Identifier: GPL-2.0

#include <net/net_namespace.h>

#ifdef CONFIG_NET

__rust_helper struct net *rust_helper_get_net(struct net *net)
{
	return get_net(net);
}

__rust_helper struct net *rust_helper_maybe_get_net(struct net *net)
{
	return maybe_get_net(net);
}

__rust_helper void rust_helper_put_net(struct net *net)
{
	put_net(net);
}

__rust_helper int rust_helper_check_net(const struct net *net)
{
	return check_net(net);
}

/* Without network namespaces, get_net_ns_by_fd() is an inline stub. */
#ifndef CONFIG_NET_NS
__rust_helper struct net *rust_helper_get_net_ns_by_fd(int fd)
{
	return get_net_ns_by_fd(fd);
}
#endif

#endif /* CONFIG_NET */
