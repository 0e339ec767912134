# SPDX-License-Identifier: GPL-2.0
# sk-lookup-rs: BPF sk_lookup in Rust, as a patch series on Linux 7.3.4.
# This Makefile is the project's entry point; the kernel's own Makefile lives in the assembled tree.
# All outputs go to $(SKL_CACHE) (default ~/.cache/sk-lookup-rs), outside this clone.

SHELL := /bin/bash
P := pipeline
export SKL_CACHE ?= $(HOME)/.cache/sk-lookup-rs

.PHONY: help setup tree kernel-c kernel-rust kernel-debug selftests-c selftests-rust selftests-debug \
	vmtest-c vmtest-rust vmtest-debug test test-harness test-debug stress fail-nth check-configs check-rt check-arch bench run shell series check-series lint clean distclean

# The targets share one cache: never run two at once (the scripts also take a lock on the cache, so two
# make invocations exclude each other with a message).
.NOTPARALLEL:

help:
	@echo "sk-lookup-rs: BPF sk_lookup in Rust on Linux 7.3.4 (cache: $(SKL_CACHE))"
	@echo
	@echo "  make run            build what is missing, boot the rust kernel, demo sk_lookup use cases"
	@echo "  make test           build both variants (c, rust), run every suite, print 'N passed, N failed'"
	@echo "  make test-debug     the rust variant with KASAN, lockdep, kmemleak, UBSAN (config/debug.config): every suite (not in CI)"
	@echo "  make stress         DURATION=180 s of attach/detach/netns churn under traffic, on the debug kernel (not in CI)"
	@echo "  make fail-nth       c and rust (debug options): every allocation of the netns link paths failed in turn (not in CI)"
	@echo "  make check-configs  CONFIG_IPV6=n (c, rust, and c without the IPV6=n fix) booted, INET=n built (not in CI)"
	@echo "  make check-rt       c and rust on PREEMPT_RT with lockdep, every suite, and c with the RT fix undone (not in CI)"
	@echo "  make check-arch     c and rust cross-built for arm64, booted under qemu-system-aarch64: the sk_lookup suites (not in CI)"
	@echo "  make bench          c vs rust, instructions per lookup under QEMU -icount (bench/results/DATE)"
	@echo "  make test-harness   the pipeline's own tests: every checker fed good and bad evidence (seconds)"
	@echo "  make lint           slow lints: CLIPPY=1, rustdoc, checkpatch --strict, W=1 + sparse vs baseline, htmldocs"
	@echo
	@echo "  make setup          Debian trixie build root with the pinned toolchain and kernel source"
	@echo "  make tree           assemble the kernel tree: baseline + patches/series"
	@echo "  make kernel-c       build the C variant (kernel-rust: the Rust variant, kernel-debug: Rust + debug options)"
	@echo "  make selftests-c    build the BPF selftests against it (selftests-rust likewise)"
	@echo "  make vmtest-c       boot it and run the suites (vmtest-rust likewise)"
	@echo "  make shell          boot a built kernel (SKL_VARIANT=rust|c|debug) with an interactive root shell"
	@echo "  make series         export the series as git format-patch files + cover letter"
	@echo "  make check-series   build every commit of the series, both Kconfig choices, recorded in patches/checked (resumable)"
	@echo "  make clean          remove build outputs (keeps the build root and the unpacked source)"
	@echo "  make distclean      remove the whole cache"

setup:
	@bash $(P)/setup.sh

tree: setup
	@bash $(P)/tree.sh

kernel-c kernel-rust kernel-debug: kernel-%: tree
	@bash $(P)/kernel.sh $*

selftests-c selftests-rust selftests-debug: selftests-%: kernel-%
	@bash $(P)/selftests.sh $*

vmtest-c vmtest-rust vmtest-debug: vmtest-%: selftests-%
	@bash $(P)/vmtest.sh $*

test:
	@bash $(P)/test.sh

test-harness:
	@python3 $(P)/tests/test_harness.py

test-debug:
	@bash $(P)/test.sh debug

stress:
	@bash $(P)/stress.sh

fail-nth:
	@bash $(P)/failnth.sh

check-configs:
	@bash $(P)/check-configs.sh

check-rt:
	@bash $(P)/check-rt.sh

check-arch:
	@bash $(P)/check-arch.sh

bench:
	@bash $(P)/bench.sh

run:
	@bash $(P)/run.sh

shell:
	@bash $(P)/shell.sh

series: tree
	@bash $(P)/series.sh export

check-series: tree
	@bash $(P)/series.sh check

lint: tree
	@bash $(P)/lint.sh

clean:
	rm -rf $(SKL_CACHE)/build-* $(SKL_CACHE)/selftests-* $(SKL_CACHE)/results-* $(SKL_CACHE)/demo-*

distclean:
	rm -rf $(SKL_CACHE)
