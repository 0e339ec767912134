#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks of make test (no VM): the series exports and re-applies with git am, every patch passes
# checkpatch.pl, the Rust sources are rustfmt-clean, and the patched bpf_doc.py generator behaves
# (pipeline/tests/bpf_doc_test.py). Writes DIR/summary.json in the format of pipeline/report.py.
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
	# 2. checkpatch.pl on every patch (the cover letter excluded).
	for p in "$SKL_CACHE/series-out"/0*.patch; do
		case "$p" in *0000-cover-letter.patch) continue;; esac
		if in_root perl "$SKL_IN/tree/scripts/checkpatch.pl" --root="$SKL_IN/tree" --strict --quiet \
			"$SKL_IN/series-out/${p##*/}" >"$H/checkpatch-${p##*/}.log" 2>&1; then
			record PASS "checkpatch ${p##*/}"
		else
			record FAIL "checkpatch ${p##*/} (see $H/checkpatch-${p##*/}.log)"
			sed 's/^/      /' "$H/checkpatch-${p##*/}.log" | head -20 >&2
		fi
	done
else
	case "$out" in
	*"series is empty"*) echo "  series empty: nothing to export or checkpatch";;
	*) record FAIL "series: export + git am onto baseline"; echo "$out" | tail -5 >&2;;
	esac
fi

# 3. rustfmt over the tree's Rust sources (make rustfmtcheck in the rust build dir).
if [ -f "$SKL_CACHE/build-rust/.config" ]; then
	if SKL_O=rust in_root make -s -C "$SKL_IN/tree" O="$SKL_IN/build" LLVM=1 rustfmtcheck >"$H/rustfmt.log" 2>&1; then
		record PASS "rustfmtcheck"
	else
		record FAIL "rustfmtcheck (see $H/rustfmt.log)"
		head -20 "$H/rustfmt.log" >&2
	fi
fi

# 4. Which object serves the sk_lookup program type. With the Rust implementation selected, none of the
#    C definitions may be compiled into net/core/filter.o (local or global), and the Rust object defines
#    the symbols C refers to; the c variant still has them in filter.o.
C_ONLY="sk_lookup_func_proto sk_lookup_is_valid_access sk_lookup_convert_ctx_access bpf_sk_lookup_assign
bpf_sk_lookup_assign_proto sk_lookup_verifier_ops"
RUST_DEFINES="sk_lookup_verifier_ops bpf_sk_lookup_assign"
syms() { in_root llvm-nm --defined-only "$1" 2>/dev/null | awk '{print $3}'; }
if grep -q '^CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/build-rust/.config" 2>/dev/null; then
	rs=$(syms "$SKL_IN/build-rust/net/core/sk_lookup.o")
	fs=$(syms "$SKL_IN/build-rust/net/core/filter.o")
	vs=$(syms "$SKL_IN/build-rust/vmlinux")
	for s in $C_ONLY; do
		grep -qE "^$s(\.[0-9a-z_.]+)?\$" <<<"$fs" && record FAIL "symbols: rust filter.o still has $s" ||
			record PASS "symbols: rust filter.o has no $s"
	done
	for s in $RUST_DEFINES; do
		if grep -qx "$s" <<<"$rs" && grep -qx "$s" <<<"$vs"; then
			record PASS "symbols: $s defined by the Rust object, linked into vmlinux"
		else
			record FAIL "symbols: $s not defined by net/core/sk_lookup.o or not in vmlinux"
		fi
	done
	cs=$(syms "$SKL_IN/build-c/net/core/filter.o")
	for s in $RUST_DEFINES; do
		grep -qx "$s" <<<"$cs" && record PASS "symbols: c filter.o defines $s" ||
			record FAIL "symbols: c filter.o lacks $s"
	done
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
if grep -q '^CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/build-rust/.config" 2>/dev/null; then
	if SKL_O=rust in_root make -s -C "$SKL_IN/tree" O="$SKL_IN/build" LLVM=1 rust-analyzer \
		>"$H/rust-analyzer.log" 2>&1 &&
		grep -q '"root_module": "[^"]*net/core/sk_lookup.rs"' "$SKL_CACHE/build-rust/rust-project.json"; then
		record PASS "rust-analyzer: rust-project.json has the net/core/sk_lookup.rs crate"
	else
		record FAIL "rust-analyzer: net/core/sk_lookup.rs missing from rust-project.json (see $H/rust-analyzer.log)"
	fi
fi

# 7. The bpf_doc.py generator, patched vs. baseline.
if [ -f "$SKL_TOP/pipeline/tests/bpf_doc_test.py" ]; then
	base=$SKL_CACHE/bpfdoc-baseline
	rm -rf "$base"; mkdir -p "$base"
	git -C "$SKL_CACHE/tree" archive baseline scripts/bpf_doc.py include/uapi/linux/bpf.h \
		tools/include/uapi/linux/bpf.h tools/lib/bpf | tar -x -C "$base"
	in_root python3 "$SKL_REPO_IN/pipeline/tests/bpf_doc_test.py" --baseline "$SKL_IN/bpfdoc-baseline" \
		--patched "$SKL_IN/tree" --rst2man rst2man >"$H/bpf_doc.log" 2>&1
	grep -E '^(PASS|FAIL) ' "$H/bpf_doc.log" | sed 's/^\(PASS\|FAIL\) /\1 bpf_doc: /' >>"$cases"
	grep -q '^FAIL ' "$H/bpf_doc.log" && grep '^FAIL ' "$H/bpf_doc.log" | sed 's/^/    /' >&2
	grep -qE '^(PASS|FAIL) ' "$H/bpf_doc.log" || record FAIL "bpf_doc: the test printed no result (see $H/bpf_doc.log)"
fi

in_root python3 - "$SKL_IN/${H#$SKL_CACHE/}/cases" "$SKL_IN/${H#$SKL_CACHE/}/summary.json" <<'PY'
import json, sys
suites = {}
for line in open(sys.argv[1]):
    res, name = line.rstrip("\n").split(" ", 1)
    key = name.split(":")[0].split(" ")[0]
    s = suites.setdefault(key, {"name": key, "passed": 0, "failed": 0, "skipped": 0, "notes": []})
    if res == "PASS":
        s["passed"] += 1
    else:
        s["failed"] += 1
        s["notes"].append(name)
for s in suites.values():
    print("  [host] %-20s %3d passed, %d failed  %s" % (s["name"], s["passed"], s["failed"],
                                                     "FAIL" if s["failed"] else "ok"))
json.dump({"variant": "host", "suites": list(suites.values())}, open(sys.argv[2], "w"), indent=1)
sys.exit(1 if any(s["failed"] for s in suites.values()) else 0)
PY
