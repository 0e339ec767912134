#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks of make test (no VM): the series exports and re-applies with git am, every patch passes
# checkpatch.pl, the Rust sources are rustfmt-clean, and the patched bpf_doc.py generator behaves
# (pipeline/tests/bpf_doc_test.py). Each check writes "PASS|FAIL <suite>: <case>" lines, and "EXPECT <suite>
# <n>" where it defines its count, to DIR/cases; report.py host turns them into DIR/summary.json and fails a
# suite that did not report or reported fewer cases than expected.
set -u
. "$(dirname "$0")/lib.sh"
H=${1:?results dir}
mkdir -p "$H"
cases=$H/cases
: >"$cases"
record() { echo "$1 $2" >>"$cases"; [ "$1" = PASS ] || echo "    FAIL $2" >&2; }

# 1. The series, exported as a user would take it.
if out=$(bash "$SKL_TOP/pipeline/series.sh" export "$SKL_CACHE/series-out" 2>&1); then
	record PASS "series: export + git am onto baseline"
	echo "  $out"
	# 2. checkpatch.pl on every patch (the cover letter excluded), with CHECKPATCH_ARGS (lib.sh: two checks
	#    cannot work here; the MAINTAINERS one is replaced by the check after this loop).
	for p in "$SKL_CACHE/series-out"/0*.patch; do
		case "$p" in *0000-cover-letter.patch) continue;; esac
		if in_root perl "$SKL_IN/tree/scripts/checkpatch.pl" --root="$SKL_IN/tree" $CHECKPATCH_ARGS --quiet \
			"$SKL_IN/series-out/${p##*/}" >"$H/checkpatch-${p##*/}.log" 2>&1; then
			record PASS "checkpatch ${p##*/}"
		else
			record FAIL "checkpatch ${p##*/} (see $H/checkpatch-${p##*/}.log)"
			sed 's/^/      /' "$H/checkpatch-${p##*/}.log" | head -20 >&2
		fi
	done
	# Every file the series adds is covered by a MAINTAINERS section (other than THE REST, which covers all).
	added=$(cat "$SKL_CACHE/series-out"/0*.patch | grep -B1 '^new file mode' | sed -n 's#^diff --git a/\(.*\) b/.*#\1#p' | sort -u)
	[ -n "$added" ] || record FAIL "series: no added file found in the exported patches"
	for f in $added; do
		sections=$(in_root sh -c "cd $SKL_IN/tree && perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats \
			--m --nol --nor --sections -f $f" 2>&1 | grep -v '^[[:space:]]' | grep -v '^[A-Z]:' |
			grep -v '^THE REST$' | grep . | tr '\n' ';' || true)
		if [ -n "$sections" ]; then
			record PASS "series: $f has a MAINTAINERS section ($sections)"
		else
			record FAIL "series: $f has no MAINTAINERS section but THE REST"
		fi
	done
else
	record FAIL "series: export + git am onto baseline"
	echo "$out" | tail -5 >&2
fi

# 3. rustfmt over the tree's Rust sources (make rustfmtcheck in the rust build dir).
if [ ! -f "$SKL_CACHE/build-rust/.config" ]; then
	record FAIL "rustfmtcheck: no rust build dir ($SKL_CACHE/build-rust/.config missing)"
elif SKL_O=rust in_root make -s -C "$SKL_IN/tree" O="$SKL_IN/build" LLVM=1 rustfmtcheck >"$H/rustfmt.log" 2>&1; then
	record PASS "rustfmtcheck"
else
	record FAIL "rustfmtcheck (see $H/rustfmt.log)"
	head -20 "$H/rustfmt.log" >&2
fi

# 4. Which object serves the sk_lookup program type. With the Rust implementation selected, none of the
#    C definitions may be compiled into net/core/filter.o (local or global), and the Rust object defines
#    the symbols C refers to; the c variant still has them in filter.o. An object that cannot be read
#    fails every case that needs it.
C_ONLY="sk_lookup_func_proto sk_lookup_is_valid_access sk_lookup_convert_ctx_access bpf_sk_lookup_assign
bpf_sk_lookup_assign_proto sk_lookup_verifier_ops"
RUST_DEFINES="sk_lookup_verifier_ops bpf_sk_lookup_assign"
#    The run loop: the socket lookups call it through inet_lookup_run_sk_lookup() (TCP and UDP over IPv4)
#    and inet6_lookup_run_sk_lookup() (over IPv6), test runs through bpf_sk_lookup_run_array(). On rust the
#    Rust object defines all three and the objects of the hooks and of test runs only refer to them; on c
#    the hash table objects define the first two and nothing has the third.
RUN_LOOP="inet_lookup_run_sk_lookup inet6_lookup_run_sk_lookup bpf_sk_lookup_run_array"
RUN_CALLERS="net/ipv4/inet_hashtables.o:inet_lookup_run_sk_lookup net/ipv4/udp.o:inet_lookup_run_sk_lookup
net/ipv6/inet6_hashtables.o:inet6_lookup_run_sk_lookup net/ipv6/udp.o:inet6_lookup_run_sk_lookup
net/bpf/test_run.o:bpf_sk_lookup_run_array"
#    The netns attach point: on rust kernel/bpf/netns_bpf.o defines its entry points (the four the bpf()
#    syscall calls, the two pernet operations net_namespace.c registers) and net_namespace.o defines none
#    of them nor the link operations; on c net_namespace.o has them all.
NETNS_EXPORTS="netns_bpf_prog_query netns_bpf_prog_attach netns_bpf_prog_detach netns_bpf_link_create
netns_bpf_pernet_init netns_bpf_pernet_pre_exit"
NETNS_C_ONLY="netns_bpf_prog_query netns_bpf_prog_attach netns_bpf_prog_detach netns_bpf_link_create
bpf_netns_link_release bpf_netns_link_update_prog bpf_netns_link_fill_info bpf_netns_link_ops"
echo "EXPECT symbols $(($(wc -w <<<"$C_ONLY") + 2 * $(wc -w <<<"$RUST_DEFINES") + $(wc -w <<<"$RUN_LOOP") +
	$(wc -w <<<"$RUN_CALLERS") + 3 + $(wc -w <<<"$NETNS_EXPORTS") + 2 * $(wc -w <<<"$NETNS_C_ONLY")))" >>"$cases"
# syms OBJ VAR [FLAG]: the symbols OBJ defines (or, with FLAG --undefined-only, refers to without defining),
# into VAR; fails when llvm-nm cannot read OBJ.
syms() {
	local out
	out=$(in_root llvm-nm "${3:---defined-only}" "$SKL_IN/$1" 2>"$H/nm.err") && [ -n "$out" ] ||
		{ echo "    llvm-nm $1: $(head -n1 "$H/nm.err")" >&2; return 1; }
	printf -v "$2" '%s' "$(awk '{print $NF}' <<<"$out")"
}
if ! grep -q '^CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/build-rust/.config" 2>/dev/null; then
	record FAIL "symbols: build-rust/.config does not select CONFIG_BPF_SK_LOOKUP_RUST"
elif ! syms build-rust/net/core/sk_lookup.o rs || ! syms build-rust/net/core/filter.o fs ||
	! syms build-rust/vmlinux vs; then
	record FAIL "symbols: an object of the rust build cannot be read"
else
	for s in $C_ONLY; do
		grep -qE "^$s(\.[0-9a-z_.]+)?\$" <<<"$fs" && record FAIL "symbols: rust filter.o still has $s" ||
			record PASS "symbols: rust filter.o has no $s"
	done
	for s in $RUST_DEFINES $RUN_LOOP; do
		if grep -qx "$s" <<<"$rs" && grep -qx "$s" <<<"$vs"; then
			record PASS "symbols: $s defined by the Rust object, linked into vmlinux"
		else
			record FAIL "symbols: $s not defined by net/core/sk_lookup.o or not in vmlinux"
		fi
	done
fi
for c in $RUN_CALLERS; do
	o=${c%%:*} s=${c#*:}
	if ! syms "build-rust/$o" d || ! syms "build-rust/$o" u --undefined-only; then
		record FAIL "symbols: build-rust/$o cannot be read"
	elif ! grep -qx "$s" <<<"$d" && grep -qx "$s" <<<"$u"; then
		record PASS "symbols: rust $o calls $s without defining it"
	else
		record FAIL "symbols: rust $o defines $s, or does not call it"
	fi
done
if ! syms build-c/net/core/filter.o cs; then
	record FAIL "symbols: build-c/net/core/filter.o cannot be read"
else
	for s in $RUST_DEFINES; do
		grep -qx "$s" <<<"$cs" && record PASS "symbols: c filter.o defines $s" ||
			record FAIL "symbols: c filter.o lacks $s"
	done
fi
for c in net/ipv4/inet_hashtables.o:inet_lookup_run_sk_lookup net/ipv6/inet6_hashtables.o:inet6_lookup_run_sk_lookup; do
	o=${c%%:*} s=${c#*:}
	if ! syms "build-c/$o" d; then
		record FAIL "symbols: build-c/$o cannot be read"
	else
		grep -qx "$s" <<<"$d" && record PASS "symbols: c $o defines $s" || record FAIL "symbols: c $o lacks $s"
	fi
done
if ! syms build-rust/kernel/bpf/netns_bpf.o nd || ! syms build-rust/kernel/bpf/net_namespace.o nc ||
	! syms build-rust/vmlinux vs; then
	record FAIL "symbols: the rust build's netns objects cannot be read"
else
	for s in $NETNS_EXPORTS; do
		if grep -qx "$s" <<<"$nd" && grep -qx "$s" <<<"$vs"; then
			record PASS "symbols: $s defined by kernel/bpf/netns_bpf.o, linked into vmlinux"
		else
			record FAIL "symbols: $s not defined by kernel/bpf/netns_bpf.o or not in vmlinux"
		fi
	done
	for s in $NETNS_C_ONLY; do
		grep -qE "^$s(\.[0-9a-z_.]+)?\$" <<<"$nc" && record FAIL "symbols: rust net_namespace.o still has $s" ||
			record PASS "symbols: rust net_namespace.o has no $s"
	done
fi
if ! syms build-c/kernel/bpf/net_namespace.o nc; then
	record FAIL "symbols: build-c/kernel/bpf/net_namespace.o cannot be read"
else
	for s in $NETNS_C_ONLY; do
		grep -qE "^$s(\.[0-9a-z_.]+)?\$" <<<"$nc" && record PASS "symbols: c net_namespace.o defines $s" ||
			record FAIL "symbols: c net_namespace.o lacks $s"
	done
fi
if ! syms build-c/net/bpf/test_run.o d || ! syms build-c/net/bpf/test_run.o u --undefined-only; then
	record FAIL "symbols: build-c/net/bpf/test_run.o cannot be read"
elif grep -qx bpf_sk_lookup_run_array <<<"$d$u"; then
	record FAIL "symbols: c test_run.o refers to bpf_sk_lookup_run_array"
else
	record PASS "symbols: c test_run.o runs its own loop (no bpf_sk_lookup_run_array)"
fi

# 5. The sk_lookup documentation renders without a warning (plain docutils: Sphinx is not installed).
if in_root python3 -m docutils --halt=warning "$SKL_IN/tree/Documentation/bpf/prog_sk_lookup.rst" /dev/null \
	>"$H/docutils.log" 2>&1; then
	record PASS "docs: Documentation/bpf/prog_sk_lookup.rst renders with docutils, no warning"
else
	record FAIL "docs: Documentation/bpf/prog_sk_lookup.rst (see $H/docutils.log)"
	head -10 "$H/docutils.log" >&2
fi

# 6. make rust-analyzer covers the Rust program type (rust-project.json names its crate root).
if ! grep -q '^CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/build-rust/.config" 2>/dev/null; then
	record FAIL "rust-analyzer: build-rust/.config does not select CONFIG_BPF_SK_LOOKUP_RUST"
elif SKL_O=rust in_root make -s -C "$SKL_IN/tree" O="$SKL_IN/build" LLVM=1 rust-analyzer \
	>"$H/rust-analyzer.log" 2>&1 &&
	grep -q '"root_module": "[^"]*net/core/sk_lookup.rs"' "$SKL_CACHE/build-rust/rust-project.json"; then
	record PASS "rust-analyzer: rust-project.json has the net/core/sk_lookup.rs crate"
else
	record FAIL "rust-analyzer: net/core/sk_lookup.rs missing from rust-project.json (see $H/rust-analyzer.log)"
fi

# 7. The bpf_doc.py generator, patched vs. baseline: 16 fixed cases + 1 per overloaded helper
#    (bpf_sk_assign), each a PASS/FAIL line; its exit status and its own closing count must agree.
echo "EXPECT bpf_doc 17" >>"$cases"
base=$SKL_CACHE/bpfdoc-baseline
rm -rf "$base"; mkdir -p "$base"
git -C "$SKL_CACHE/tree" archive baseline scripts/bpf_doc.py include/uapi/linux/bpf.h \
	tools/include/uapi/linux/bpf.h tools/lib/bpf | tar -x -C "$base"
in_root python3 "$SKL_REPO_IN/pipeline/tests/bpf_doc_test.py" --baseline "$SKL_IN/bpfdoc-baseline" \
	--patched "$SKL_IN/tree" --rst2man rst2man >"$H/bpf_doc.log" 2>&1
bpf_doc_rc=$?
grep -E '^(PASS|FAIL) ' "$H/bpf_doc.log" | sed 's/^\(PASS\|FAIL\) /\1 bpf_doc: /' >>"$cases"
grep '^FAIL ' "$H/bpf_doc.log" | sed 's/^/    /' >&2
p=$(grep -c '^PASS ' "$H/bpf_doc.log"); f=$(grep -c '^FAIL ' "$H/bpf_doc.log")
grep -qx "$p passed, $f failed" "$H/bpf_doc.log" ||
	record FAIL "bpf_doc: its closing line does not say '$p passed, $f failed' (cut short? see $H/bpf_doc.log)"
[ $bpf_doc_rc = "$([ "$f" = 0 ] && echo 0 || echo 1)" ] ||
	record FAIL "bpf_doc: exit status $bpf_doc_rc with $f failed cases (see $H/bpf_doc.log)"

in_root python3 "$SKL_REPO_IN/pipeline/report.py" host "$SKL_IN/${H#"$SKL_CACHE"/}/cases" \
	"$SKL_REPO_IN/patches/series" "$SKL_IN/${H#"$SKL_CACHE"/}/summary.json"
