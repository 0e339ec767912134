#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks of make test (no VM): the series exports and re-applies with git am, every patch passes
# checkpatch.pl, the Rust sources are rustfmt-clean, and the patched bpf_doc.py generator behaves
# (pipeline/tests/bpf_doc_test.py), and reports how much of the series patches/checked proves to build
# (shown, never failed). Each check writes "PASS|FAIL <suite>: <case>" lines, and "EXPECT <suite>
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

# 4. Which objects serve sk_lookup. With the Rust implementation selected, none of the C definitions of the
#    program type may be compiled into net/core/filter.o (local or global); the c variant still has them.
C_ONLY="sk_lookup_func_proto sk_lookup_is_valid_access sk_lookup_convert_ctx_access bpf_sk_lookup_assign
bpf_sk_lookup_assign_proto sk_lookup_verifier_ops"
#    Every function of the C implementation that C calls or users trace stays a C function of its name on
#    rust, in a glue object built only with the Rust choice, whose whole body is endbr64, the call to
#    __fentry__ (a NOP until ftrace patches it) and a jump to the Rust function of the same name with _rust
#    appended (GLUE: the object that defines it on c, then the name). Five cases each: on rust the c object
#    lacks it, the glue object defines it (in vmlinux), the Rust object defines NAME_rust (in vmlinux), and
#    the glue's body is that tail call; on c the c object defines it.
GLUE="net/ipv4/inet_hashtables.o:inet_lookup_run_sk_lookup net/ipv6/inet6_hashtables.o:inet6_lookup_run_sk_lookup
net/core/filter.o:bpf_sk_lookup_assign net/core/filter.o:sk_lookup_func_proto
net/core/filter.o:sk_lookup_is_valid_access net/core/filter.o:sk_lookup_convert_ctx_access
net/bpf/test_run.o:bpf_prog_test_run_sk_lookup
kernel/bpf/net_namespace.o:netns_bpf_prog_query kernel/bpf/net_namespace.o:netns_bpf_prog_attach
kernel/bpf/net_namespace.o:netns_bpf_prog_detach kernel/bpf/net_namespace.o:netns_bpf_link_create
kernel/bpf/net_namespace.o:netns_bpf_pernet_init kernel/bpf/net_namespace.o:netns_bpf_pernet_pre_exit
kernel/bpf/net_namespace.o:bpf_netns_link_release kernel/bpf/net_namespace.o:bpf_netns_link_dealloc
kernel/bpf/net_namespace.o:bpf_netns_link_detach kernel/bpf/net_namespace.o:bpf_netns_link_update_prog
kernel/bpf/net_namespace.o:bpf_netns_link_fill_info kernel/bpf/net_namespace.o:bpf_netns_link_show_fdinfo"
#    The glue object of each c object, and the Rust object its functions call.
declare -A GLUE_OBJ=([net/ipv4/inet_hashtables.o]=net/core/sk_lookup_glue.o
	[net/ipv6/inet6_hashtables.o]=net/core/sk_lookup_glue.o [net/core/filter.o]=net/core/sk_lookup_glue.o
	[net/bpf/test_run.o]=net/core/sk_lookup_glue.o [kernel/bpf/net_namespace.o]=kernel/bpf/netns_bpf_glue.o)
declare -A RUST_OBJ=([net/core/sk_lookup_glue.o]=net/core/sk_lookup.o
	[kernel/bpf/netns_bpf_glue.o]=kernel/bpf/netns_bpf.o)
#    The ops tables stay C, in the glue objects on rust (TABLES: c object:name): three cases each, as above.
TABLES="net/core/filter.o:sk_lookup_verifier_ops kernel/bpf/net_namespace.o:bpf_netns_link_ops"
#    The socket lookups call the run loop through the C names; on rust their objects define neither.
RUN_CALLERS="net/ipv4/inet_hashtables.o:inet_lookup_run_sk_lookup net/ipv4/udp.o:inet_lookup_run_sk_lookup
net/ipv6/inet6_hashtables.o:inet6_lookup_run_sk_lookup net/ipv6/udp.o:inet6_lookup_run_sk_lookup"
#    What filter.c shares with the Rust BPF abstractions: global only where those are built (rust), local in
#    filter.o otherwise (c), so that the C choice's objects are what they were before the series.
SHARED="bpf_sk_base_func_proto bpf_sk_release_proto"
#    The same for what test_run.c shares with the Rust test runs.
SHARED_TEST_RUN="bpf_ctx_init bpf_ctx_finish bpf_test_finish"
echo "EXPECT symbols $(($(wc -w <<<"$C_ONLY") + 5 * $(wc -w <<<"$GLUE") + 3 * $(wc -w <<<"$TABLES") +
	2 * $(wc -w <<<"$RUN_CALLERS") + 2 * $(wc -w <<<"$SHARED") + 2 * $(wc -w <<<"$SHARED_TEST_RUN")))" >>"$cases"
# syms OBJ [FLAG]: the symbols the object OBJ (relative to the cache) defines, or with FLAG --undefined-only
# refers to without defining, one per line; empty when llvm-nm cannot read OBJ (said on stderr), which
# fails every case that needs it.
syms() {
	nm_typed "$@" | awk '{print $2}'
}
# nm_typed OBJ [FLAG]: as syms, with each symbol's nm type first ("T name", "t name", "U name").
nm_typed() {
	in_root llvm-nm "${2:---defined-only}" "$SKL_IN/$1" 2>"$H/nm.err" | awk '{print $(NF-1), $NF}' ||
		echo "    llvm-nm $1: $(head -n1 "$H/nm.err")" >&2
}
# expect MODE WHERE SYMS NAME...: a case per NAME, on the symbol list SYMS (WHERE says whose). MODE defines
# or calls: SYMS (defined, or undefined: referred to) has NAME; lacks or nocall: SYMS has neither NAME nor a
# local copy the compiler made of it (NAME.cold, NAME.llvm.123, ...).
expect() {
	local mode=$1 where=$2 list=$3 s ok; shift 3
	local -A yes=([defines]="defines" [calls]="calls" [lacks]="has no" [nocall]="does not call")
	local -A no=([defines]="lacks" [calls]="does not call" [lacks]="still has" [nocall]="calls")
	for s; do
		case $mode in
		defines|calls) grep -qx "$s" <<<"$list" && ok=1 || ok=;;
		lacks|nocall) grep -qE "^$s(\.[0-9a-z_.]+)?\$" <<<"$list" && ok= || ok=1;;
		esac
		if [ -z "$list" ]; then
			record FAIL "symbols: $where cannot be read (for $s)"
		elif [ -n "$ok" ]; then
			record PASS "symbols: $where ${yes[$mode]} $s"
		else
			record FAIL "symbols: $where ${no[$mode]} $s"
		fi
	done
}
# binding BIND WHERE OBJ NAME...: a case per NAME: OBJ (relative to the cache) defines NAME, as a local symbol
# (BIND local: nm type in lower case) or a global one (global: upper case), and not also the other way.
binding() {
	local bind=$1 where=$2 types s t; shift 2
	types=$(nm_typed "$1")
	shift
	for s; do
		t=$(awk -v s="$s" '$2 == s { print $1 }' <<<"$types" | sort -u | tr -d '\n')
		if [ -z "$types" ]; then
			record FAIL "symbols: $where cannot be read (for $s)"
		elif [ -z "$t" ]; then
			record FAIL "symbols: $where does not define $s"
		elif { [ "$bind" = local ] && [[ $t =~ ^[a-z]+$ ]]; } || { [ "$bind" = global ] && [[ $t =~ ^[A-Z]+$ ]]; }; then
			record PASS "symbols: $where defines $s as a $bind symbol ($t)"
		else
			record FAIL "symbols: $where defines $s with nm type $t, not as a $bind symbol"
		fi
	done
}
# both LIST1 LIST2: the symbols in both lists (defined by an object and linked into vmlinux).
both() { [ -n "$1" ] && [ -n "$2" ] && comm -12 <(sort -u <<<"$1") <(sort -u <<<"$2"); }
# glue_body OBJ NAME: NAME's instructions in OBJ (relative to the cache), one per line, with the symbol a
# call or jump goes to in place of its address ("endbr64", "callq __fentry__", "jmp foo"); without the
# alignment padding (nop, int3) that follows its last instruction when another function comes next.
glue_body() {
	in_root llvm-objdump -dr --no-show-raw-insn "$SKL_IN/$1" 2>>"$H/nm.err" | awk -v f="<$2>:" '
		$2 == f { on = 1; next }
		on && (/^$/ || /^[0-9a-f]+ <.*>:$/) { exit }
		on && /R_X86_64_/ { sub(/-0x4$/, "", $3); sub(/ 0x[0-9a-f]+ <[^>]*>$/, "", i[n]); i[n] = i[n] " " $3; next }
		on && /^ *[0-9a-f]+:/ { $1 = ""; l = substr($0, 2); gsub(/[ \t]+/, " ", l); i[++n] = l }
		END {
			while (n > 0 && i[n] ~ /^(nop|int3)( |$)/) n--
			for (k = 1; k <= n; k++) print i[k]
		}'
}

if ! grep -q '^CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/build-rust/.config" 2>/dev/null; then
	record FAIL "symbols: build-rust/.config does not select CONFIG_BPF_SK_LOOKUP_RUST"
fi
vmlinux=$(syms build-rust/vmlinux)
expect lacks "rust net/core/filter.o" "$(syms build-rust/net/core/filter.o)" $C_ONLY
# syms_of VARIANT OBJ: syms of build-VARIANT/OBJ.
syms_of() { syms "build-$1/$2"; }
for g in $GLUE; do
	o=${g%%:*} name=${g#*:}
	glue=${GLUE_OBJ[$o]} rust_o=${RUST_OBJ[${GLUE_OBJ[$o]}]} rust=${g#*:}_rust
	expect lacks "rust $o" "$(syms_of rust "$o")" "$name"
	expect defines "c $o" "$(syms_of c "$o")" "$name"
	expect defines "rust $glue (in vmlinux)" "$(both "$(syms_of rust "$glue")" "$vmlinux")" "$name"
	expect defines "rust $rust_o (in vmlinux)" "$(both "$(syms_of rust "$rust_o")" "$vmlinux")" "$rust"
	body=$(glue_body "build-rust/$glue" "$name" | tr '\n' ';')
	if [ "$body" = "endbr64;callq __fentry__;jmp $rust;" ]; then
		record PASS "symbols: rust $name is C glue: endbr64, the __fentry__ call, a tail call to $rust"
	else
		record FAIL "symbols: rust $name in $glue is not endbr64, __fentry__, jmp $rust: '$body'"
	fi
done
for t in $TABLES; do
	o=${t%%:*} name=${t#*:}
	expect lacks "rust $o" "$(syms_of rust "$o")" "$name"
	expect defines "c $o" "$(syms_of c "$o")" "$name"
	expect defines "rust ${GLUE_OBJ[$o]} (in vmlinux)" "$(both "$(syms_of rust "${GLUE_OBJ[$o]}")" "$vmlinux")" "$name"
done
for c in $RUN_CALLERS; do
	o=${c%%:*} s=${c#*:}
	expect lacks "rust $o" "$(syms_of rust "$o")" "$s"
	expect calls "rust $o" "$(syms "build-rust/$o" --undefined-only)" "$s"
done
binding local "c net/core/filter.o" build-c/net/core/filter.o $SHARED
binding global "rust net/core/filter.o" build-rust/net/core/filter.o $SHARED
binding local "c net/bpf/test_run.o" build-c/net/bpf/test_run.o $SHARED_TEST_RUN
binding global "rust net/bpf/test_run.o" build-rust/net/bpf/test_run.o $SHARED_TEST_RUN

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

# 8. The unsafe parts of kernel::bpf's API: each function that once let safe code free a program a run array
#    still ran is refused to safe callers by the compiler, with the error code its snippet names, and the
#    snippet's control compiles (pipeline/unsafe-api/check.sh, against the rust build's kernel crate).
SKL_O=rust in_root bash "$SKL_REPO_IN/pipeline/unsafe-api/check.sh" "$SKL_IN/${H#"$SKL_CACHE"/}/unsafe-api" \
	>"$H/unsafe-api.log" 2>&1
grep -E '^(PASS|FAIL|EXPECT) ' "$H/unsafe-api.log" >>"$cases"
grep -E '^FAIL ' "$H/unsafe-api.log" | sed 's/^/    /' >&2
grep -qE '^(PASS|FAIL) ' "$H/unsafe-api.log" || {
	record FAIL "unsafe-api: the check printed no result (see $H/unsafe-api.log)"
	tail -5 "$H/unsafe-api.log" >&2
}

# 9. How much of the series patches/checked proves to build (make check-series records it): shown in the
#    closing lines, never a failure here; records that cannot be read are (series_records.py refuses them).
trees=$(for c in $(git -C "$SKL_CACHE/tree" rev-list --reverse baseline..series); do
	git -C "$SKL_CACHE/tree" rev-parse "$c^{tree}"; done)
python3 "$SKL_TOP/pipeline/series_records.py" status "$SKL_TOP/patches/checked" "$(series_inputs)" \
	"$(series_toolchain)" $trees >"$H/series-built" 2>&1 || cat "$H/series-built" >&2

in_root python3 "$SKL_REPO_IN/pipeline/report.py" host "$SKL_IN/${H#"$SKL_CACHE"/}/cases" \
	"$SKL_REPO_IN/patches/series" "$SKL_IN/${H#"$SKL_CACHE"/}/summary.json" \
	"$SKL_IN/${H#"$SKL_CACHE"/}/series-built"
