/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel text symbols from /proc/kallsyms, to name the frames of stacks that BPF programs record
 * (bpf_get_stack()). Shared by skl_stress.c and listen_race.c; static functions, one user per program.
 */
#ifndef SKL_KSYMS_H
#define SKL_KSYMS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ksym {
	unsigned long long addr;
	char *name;
};
static struct ksym *ksyms;
static size_t nr_ksyms;

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Read /proc/kallsyms once (not thread-safe: call it before the threads start); empty when unreadable. */
static inline void ksyms_load(void)
{
	static bool loaded;
	unsigned long long addr;
	size_t cap = 0;
	char name[256], type;
	FILE *f;

	if (loaded)
		return;
	loaded = true;
	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return;
	while (fscanf(f, "%llx %c %255s%*[^\n]", &addr, &type, name) == 3) {
		if (type != 't' && type != 'T')
			continue;
		if (nr_ksyms == cap) {
			struct ksym *n = realloc(ksyms, (cap = cap ? 2 * cap : 65536) * sizeof(*ksyms));

			if (!n)
				break;
			ksyms = n;
		}
		ksyms[nr_ksyms].addr = addr;
		ksyms[nr_ksyms].name = strdup(name);
		if (!ksyms[nr_ksyms].name)
			break;
		nr_ksyms++;
	}
	fclose(f);
	qsort(ksyms, nr_ksyms, sizeof(*ksyms), ksym_cmp);
}

/* The symbol addr lies in (the last one at or below it), or NULL. */
static inline const struct ksym *ksym_find(unsigned long long addr)
{
	size_t lo = 0, hi = nr_ksyms;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return nr_ksyms && ksyms[lo].addr <= addr ? &ksyms[lo] : NULL;
}

static inline void ksym_print(unsigned long long addr)
{
	const struct ksym *k = ksym_find(addr);

	if (k)
		printf(" %s+0x%llx", k->name, addr - k->addr);
	else
		printf(" 0x%llx", addr);
}

/* Whether one of the n frames of stack lies in the function called name. */
static inline bool stack_has(const unsigned long long *stack, int n, const char *name)
{
	const struct ksym *k;
	int i;

	for (i = 0; i < n; i++) {
		k = ksym_find(stack[i]);
		if (k && !strcmp(k->name, name))
			return true;
	}
	return false;
}

#endif
