// SPDX-License-Identifier: GPL-2.0
/*
 * The C functions of the Rust netns attach point (kernel/bpf/netns_bpf.rs).
 *
 * Each keeps the name, arguments and return value of the function of
 * kernel/bpf/net_namespace.c it stands for, and tail-calls the Rust function
 * of the same name with _rust appended, so that what users trace on a kernel
 * with the C implementation works unchanged (see net/core/sk_lookup_glue.c).
 * The link operations table stays here too, with C functions in it: links
 * call them indirectly, and they call Rust directly.
 */
#include <linux/bpf.h>
#include <linux/bpf-netns.h>

static void bpf_netns_link_release(struct bpf_link *link)
{
	bpf_netns_link_release_rust(link);
}

static void bpf_netns_link_dealloc(struct bpf_link *link)
{
	bpf_netns_link_dealloc_rust(link);
}

static int bpf_netns_link_detach(struct bpf_link *link)
{
	return bpf_netns_link_detach_rust(link);
}

static int bpf_netns_link_update_prog(struct bpf_link *link,
				      struct bpf_prog *new_prog,
				      struct bpf_prog *old_prog)
{
	return bpf_netns_link_update_prog_rust(link, new_prog, old_prog);
}

static int bpf_netns_link_fill_info(const struct bpf_link *link,
				    struct bpf_link_info *info)
{
	return bpf_netns_link_fill_info_rust(link, info);
}

static void bpf_netns_link_show_fdinfo(const struct bpf_link *link,
				       struct seq_file *seq)
{
	bpf_netns_link_show_fdinfo_rust(link, seq);
}

const struct bpf_link_ops bpf_netns_link_ops = {
	.release = bpf_netns_link_release,
	.dealloc = bpf_netns_link_dealloc,
	.detach = bpf_netns_link_detach,
	.update_prog = bpf_netns_link_update_prog,
	.fill_link_info = bpf_netns_link_fill_info,
	.show_fdinfo = bpf_netns_link_show_fdinfo,
};

int netns_bpf_prog_query(const union bpf_attr *attr,
			 union bpf_attr __user *uattr)
{
	return netns_bpf_prog_query_rust(attr, uattr);
}

int netns_bpf_prog_attach(const union bpf_attr *attr, struct bpf_prog *prog)
{
	return netns_bpf_prog_attach_rust(attr, prog);
}

int netns_bpf_prog_detach(const union bpf_attr *attr, enum bpf_prog_type ptype)
{
	return netns_bpf_prog_detach_rust(attr, ptype);
}

int netns_bpf_link_create(const union bpf_attr *attr, struct bpf_prog *prog)
{
	return netns_bpf_link_create_rust(attr, prog);
}

int netns_bpf_pernet_init(struct net *net)
{
	return netns_bpf_pernet_init_rust(net);
}

void netns_bpf_pernet_pre_exit(struct net *net)
{
	netns_bpf_pernet_pre_exit_rust(net);
}
