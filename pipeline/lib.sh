# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for the sk_lookup-rs pipeline. Sourced, not run.
#
# Everything the pipeline produces lives under $SKL_CACHE (default ~/.cache/sk-lookup-rs), outside the clone:
#   root/          Debian trixie build root (toolchain, virtme-ng, QEMU, linux-source-7.3; make check-arch
#                  adds arm64 as a foreign architecture: setup-arm64.sh)
#   rootfs-arm64/  the arm64 guests' root file system (setup-arm64.sh), demo-arm64/ their tools
#   tree/          the assembled kernel: git repo of the pinned source (tag "baseline") with the series
#                  committed on top (branch "series", checked out)
#   build-<v>/     kbuild O= dir of variant <v> (c | rust | debug | ..., see check_variant)
#   selftests-<v>/ BPF selftests built against variant <v>
#   results-<v>/   raw outputs and summary.json of the last VM run of variant <v>
#   logs/          full logs of every long step
set -o pipefail

SKL_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SKL_CACHE=${SKL_CACHE:-$HOME/.cache/sk-lookup-rs}
SKL_ROOT=$SKL_CACHE/root
SKL_LOGS=$SKL_CACHE/logs
# Inside the build root, the cache is bind-mounted at this path.
SKL_IN=/skl
# ... and this repo at this one.
SKL_REPO_IN=/skl-repo
mkdir -p "$SKL_LOGS"
# Parallel jobs of every build: all cores, plus one to cover I/O waits (SKL_JOBS overrides).
SKL_JOBS=${SKL_JOBS:-$(($(nproc) + 1))}

die() { echo "error: $*" >&2; exit 1; }
# A command failing where set -e ends the script is a failure no check of the script expected: say which
# and where instead of ending silently (scripts without set -e, such as host-checks.sh, are not affected).
trap 'case $- in *e*) echo "error: ${BASH_SOURCE[0]##*/} line $LINENO: '"'"'$BASH_COMMAND'"'"' failed (status $?)" >&2;; esac' ERR

# One pipeline run per cache at a time: the first script of a run takes the lock, the scripts it starts
# inherit it (SKL_LOCKED). Processes left running by a run (a guest under its time-out) keep holding it.
if [ "${SKL_LOCKED:-}" != "$SKL_CACHE" ]; then
	exec 9>>"$SKL_CACHE/.lock"
	if ! flock -n 9; then
		die "another run of the pipeline is using $SKL_CACHE (pid $(cat "$SKL_CACHE/.lock.pid" 2>/dev/null || echo '?'): $(tr '\0' ' ' </proc/"$(cat "$SKL_CACHE/.lock.pid" 2>/dev/null)"/cmdline 2>/dev/null)); wait for it to finish or stop it, or use another SKL_CACHE"
	fi
	echo $$ >"$SKL_CACHE/.lock.pid"
	export SKL_LOCKED=$SKL_CACHE
fi

# The pinned kernel source: Debian's 7.3.4 with Debian's patches.
KSRC_PKG=linux-source-7.3
KSRC_VER=7.3.4-1~bpo13+1
KSRC_TARBALL=/usr/src/linux-source-7.3.tar.xz

note() { echo "  $*"; }

# step "N/M" "what" "~estimate": announce a long step.
step() { echo "[$1] $2${3:+ ($3)}"; }

# show_log_tail LOG [N]: the last N (30) lines of a log, indented, on stderr.
show_log_tail() { tail -n "${2:-30}" "$1" | sed 's/^/    | /' >&2; }

# run_logged LOG CMD...: run a command with its output in LOG. On failure print the log's tail and fail.
run_logged() {
	local log=$1; shift
	echo "      log: $log"
	if ! "$@" >"$log" 2>&1; then
		echo "error: step failed, last lines of $log:" >&2
		show_log_tail "$log" 40
		return 1
	fi
}

need_root() {
	[ "$(id -u)" = 0 ] || die "this must run as root (debootstrap, chroot and mounts need it)"
}

have_root() { [ -f "$SKL_ROOT/.skl-ready" ]; }

# in_root CMD...: run CMD inside the build root, in a private mount namespace, so that the bind mounts
# (/proc, /sys, /dev, /dev/pts and the cache) vanish with the namespace whatever happens, Ctrl-C included.
# Its stdin is /dev/null: nothing in the build root may wait on a question (a new Kconfig symbol); only
# SKL_INTERACTIVE=1 (make shell) keeps the terminal.
# With SKL_O=<variant> set, that variant's build dir is also mounted at /skl/build: every variant builds at
# the same path, so one variant's build dir can seed another's (see kernel.sh) and stay incremental.
in_root() {
	have_root || die "build root missing: run 'make setup' first"
	unshare --mount --propagation private -- /bin/bash -c '
		set -e
		r=$1; c=$2; t=$3; o=$4; i=$5; shift 5
		mount -t proc proc "$r/proc"
		mount --rbind /sys "$r/sys"
		mount --rbind /dev "$r/dev"
		mkdir -p "$r/skl" "$r/skl-repo"
		mount --bind "$c" "$r/skl"
		mount --bind "$t" "$r/skl-repo"
		if [ -n "$o" ]; then
			mkdir -p "$c/build-$o" "$r/skl/build"
			mount --bind "$c/build-$o" "$r/skl/build"
		fi
		[ -n "$i" ] || exec </dev/null
		exec chroot "$r" /usr/bin/env -i HOME=/root TERM="${i:-dumb}" LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
	' in_root "$SKL_ROOT" "$SKL_CACHE" "$SKL_TOP" "${SKL_O:-}" "${SKL_INTERACTIVE:+${TERM:-xterm}}" "$@"
}

# Variants: the same tree, one Kconfig choice apart (c, rust), and the rust variant with the kernel's
# debugging options (debug: make test-debug; make fail-nth adds c-debug, the c variant with the same). The
# config matrix (make check-configs) adds c-noipv6 and rust-noipv6 (CONFIG_IPV6=n) and noinet
# (CONFIG_INET=n, neither implementation; build only). make check-arch builds c and rust for arm64 (arm64-c,
# arm64-rust: the same fragments plus arm64.config, cross-built with ARCH=arm64).
check_variant() {
	case "$1" in
	c|rust|debug|c-debug|c-noipv6|rust-noipv6|noinet|c-rt|rust-rt|arm64-c|arm64-rust) ;;
	*) die "unknown variant '$1' (expected: c, rust or debug; make fail-nth adds c-debug; make check-configs c-noipv6, rust-noipv6, noinet; make check-rt c-rt, rust-rt; make check-arch arm64-c, arm64-rust)";;
	esac
}

# variant_configs VARIANT: the config fragments (names in pipeline/config/) that make the variant, in the
# order they are merged. Every kernel that boots starts with the same three, SKL_BOOT_CONFIGS; the series
# check leaves out test.config.
SKL_BOOT_CONFIGS="tiny.config test.config base.config"
variant_configs() {
	local boot=$SKL_BOOT_CONFIGS
	case "$1" in
	debug) echo "$boot rust.config debug.config";;
	c-debug) echo "$boot c.config debug.config";;
	c-noipv6|rust-noipv6) echo "$boot ${1%-noipv6}.config noipv6.config";;
	c-rt|rust-rt) echo "$boot ${1%-rt}.config rt.config";;
	noinet) echo "$boot noinet.config";;
	arm64-c|arm64-rust) echo "$boot ${1#arm64-}.config arm64.config";;
	check-c|check-rust) echo "tiny.config base.config ${1#check-}.config check-nodebuginfo.config";;
	*) echo "$boot $1.config";;
	esac
}

# variant_seed VARIANT: the variant whose build dir may seed VARIANT's when VARIANT's is missing or lags
# (kernel.sh): one that differs from it by a few config options. None for c-rt, and none from c or rust
# for debug or c-debug: their options (lockdep, sanitizers, PREEMPT_RT) change nearly every object. debug
# and c-debug are one Kconfig choice apart: each seeds the other.
variant_seed() {
	case "$1" in
	c) echo rust;;
	rust|c-noipv6|noinet) echo c;;
	rust-noipv6) echo c-noipv6;;
	rust-rt) echo c-rt;;
	debug) echo c-debug;;
	c-debug) echo debug;;
	arm64-c) echo arm64-rust;;
	arm64-rust) echo arm64-c;;
	esac
}

# variant_arch VARIANT: the architecture VARIANT is built for (kbuild's ARCH): x86 (the host's) but for
# make check-arch's arm64-c and arm64-rust. Cross-building needs no other compiler: LLVM=1's clang, lld and
# rustc are cross compilers, and the kernel builds Rust's core for the target from rust-src.
variant_arch() { case "$1" in arm64-*) echo arm64;; *) echo x86;; esac; }
# kmake_arch VARIANT: the ARCH= argument every make in VARIANT's build dir needs ("" on x86, the default).
# One make without it (a config target, an M= module build) would reconfigure an arm64 dir for x86.
kmake_arch() { [ "$(variant_arch "$1")" = x86 ] || echo "ARCH=$(variant_arch "$1")"; }
# variant_image VARIANT: the image QEMU boots, relative to the build dir; its name is its make target.
variant_image() {
	case "$(variant_arch "$1")" in
	arm64) echo arch/arm64/boot/Image;;
	*) echo arch/x86/boot/bzImage;;
	esac
}
# variant_shared_configs VARIANT: the fragments every kernel of VARIANT's architecture merges (kernel.sh's
# shared inputs: a change to one reaches most objects).
variant_shared_configs() {
	case "$(variant_arch "$1")" in
	arm64) echo "$SKL_BOOT_CONFIGS arm64.config";;
	*) echo "$SKL_BOOT_CONFIGS";;
	esac
}

# seed_wanted TREE WANT MINE OTHER_HEAD OTHER_BUILT: whether kernel.sh should replace a build dir by a copy
# of the other variant's before building WANT ("<tree commit> <shared inputs>", see kernel.sh). MINE is the
# record of the dir's last complete build ("" if none; a one-field record from before the shared inputs
# were recorded counts as matching them); OTHER_HEAD and OTHER_BUILT are the commit of the other dir's last
# complete build and its record. Seed only from a dir built complete from WANT, and only when this one
# lags behind by a change most of the kernel sees: none built yet, other shared inputs (a fragment of
# SKL_BOOT_CONFIGS, the toolchain), an unknown commit, or headers most of the kernel includes. Smaller
# lags are cheaper to build in place. TREE is the assembled tree's git repository.
seed_wanted() {
	local head=${2%% *} built=${3%% *} shared=""
	[ "$4" = "$head" ] && [ "$5" = "$2" ] && [ "$3" != "$2" ] || return 1
	case "$3" in *" "*) shared=${3#* };; esac
	[ -n "$built" ] || return 0
	[ -z "$shared" ] || [ "$shared" = "${2#* }" ] || return 0
	git -C "$1" cat-file -e "$built^{commit}" 2>/dev/null || return 0
	git -C "$1" diff --name-only "$built" "$head" | grep -q '^include/\|^arch/[^/]*/include/'
}

# wanted_options FRAGMENT...: the option lines of the fragments, the last one of each option only (a later
# fragment overrides an earlier one, as merge_config.sh does), in order of first appearance.
wanted_options() {
	cat "$@" | grep -E '^CONFIG_|^# CONFIG_.* is not set' | awk '
		{ o = ($1 == "#") ? $2 : substr($0, 1, index($0, "=") - 1)
		  if (!(o in last)) order[++n] = o
		  last[o] = $0 }
		END { for (i = 1; i <= n; i++) print last[order[i]] }'
}

# kconfig_script SRC O VARIANT: the commands (for sh -c inside the build root) that make VARIANT's .config in
# O from the source tree SRC: tinyconfig, then the variant's fragments merged in (variant_configs), then
# olddefconfig. One definition for kernel.sh, check-configs.sh and the series check.
kconfig_script() {
	local mk="make -C $1 O=$2 LLVM=1" f frags="" a
	a=$(kmake_arch "$3"); mk="$mk${a:+ $a}"
	for f in $(variant_configs "$3"); do frags="$frags $SKL_REPO_IN/pipeline/config/$f"; done
	printf '%s\n' "$mk tinyconfig" \
		"cd $1 && scripts/kconfig/merge_config.sh -m -O $2 $2/.config$frags" \
		"$mk olddefconfig"
}
# copy_aside SRC DST: replace DST by a copy of the directory SRC, made aside and renamed into place, so that
# an interrupted copy is never taken for DST.
copy_aside() {
	rm -rf "$2.copying"
	cp -a "$1" "$2.copying"
	rm -rf "$2"
	mv "$2.copying" "$2"
}

# vm_boot_args VARIANT: the vng arguments of every guest boot of VARIANT (kernel at /skl/build, needs
# SKL_O): the accelerator probed once by vm.sh ($SKL_CACHE/accel; TCG until then), 2 vCPUs, 2 GB, a log
# buffer that holds a debug kernel's dmesg, and no udev (skl_noudev=1, see pipeline/root/virtme-init.patch):
# the guests need none of it, it costs a normal boot 6 s, and a KASAN kernel's coldplug outlasts
# virtme-init's 'udevadm settle'. x86 guests run on the build root itself (virtme-ng's default: the host's
# / read-only), so /skl and /skl-repo are there. arm64 guests run under TCG on the arm64 root file system
# of setup-arm64.sh ($SKL_CACHE/rootfs-arm64), with /skl and /skl-repo exported read-only (GUEST=HOST: a
# plain path would be taken inside the root) and a CPU of QEMU's "max" model with its
# implementation-defined pointer authentication: virtme-ng's cortex-a57 has no PAuth or BTI, which the
# kernel and its JIT use, and the architected QARMA algorithm makes TCG crawl. QEMU takes the last -cpu,
# and virtme-ng puts --qemu-opts last.
vm_boot_args() {
	local kvm=--disable-kvm img="-r $SKL_IN/build/$(variant_image "$1")"
	local all="--user root --cpus 2 --memory 2G --append log_buf_len=16M --append skl_noudev=1"
	if [ "$(variant_arch "$1")" = arm64 ]; then
		echo "$img --arch arm64 --root $SKL_IN/rootfs-arm64 $kvm --rodir $SKL_IN=$SKL_IN" \
			"--rodir $SKL_REPO_IN=$SKL_REPO_IN $all --qemu-opts=-cpu --qemu-opts=max,pauth-impdef=on"
		return
	fi
	[ "$(cat "$SKL_CACHE/accel" 2>/dev/null)" = kvm ] && kvm=
	echo "$img $kvm $all"
}

# guest_dir VARIANT NAME: where the guest of VARIANT sees $SKL_CACHE/NAME, a results dir of guest_run: at
# the same path on x86; on arm64 under /tmp, since /skl is exported read-only there and virtme-ng mounts
# writable dirs before read-only ones (a writable /skl/NAME would be hidden), and takes a guest path only
# where it exists in the build root or under one of its overlays (/tmp is one).
guest_dir() {
	if [ "$(variant_arch "$1")" = arm64 ]; then echo "/tmp/skl-$2"; else echo "$SKL_IN/$2"; fi
}

# build_testmod VARIANT NAME: bpf_testmod.ko for the kernel now in VARIANT's build dir, from the selftests
# sources in $SKL_CACHE/selftests-NAME/src (modules must match the kernel that loads them, version string
# included); log testmod-NAME.log. Used by selftests.sh and check-configs.sh.
build_testmod() {
	note "building bpf_testmod.ko against the $1 kernel"
	run_logged "$SKL_LOGS/testmod-$2.log" env SKL_O="$1" bash "$SKL_TOP/pipeline/in-root.sh" \
		make -C "$SKL_IN/tree" O="$SKL_IN/build" LLVM=1 $(kmake_arch "$1") -j"$SKL_JOBS" \
		M="$SKL_IN/selftests-$2/src/tools/testing/selftests/bpf/test_kmods" modules ||
		die "building bpf_testmod.ko for $2 failed"
}

# guest_run VARIANT NAME GUEST_COMMAND [vng args...]: boot VARIANT (vm.sh) with $SKL_CACHE/NAME made afresh
# and writable in the guest (at $(guest_dir VARIANT NAME)), log $SKL_LOGS/vm-NAME.log (a / in NAME becomes -). The guest
# command must end by writing NAME/finished; when it did not, say so with the log's tail and return 1.
guest_run() {
	local v=$1 name=$2 cmd=$3; shift 3
	local log=$SKL_LOGS/vm-${name//\//-}.log
	rm -rf "${SKL_CACHE:?}/$name"; mkdir -p "$SKL_CACHE/$name"
	local rw=$SKL_IN/$name guest
	guest=$(guest_dir "$v" "$name")
	[ "$guest" = "$rw" ] || rw="$guest=$rw"
	bash "$SKL_TOP/pipeline/vm.sh" "$v" "$log" "$cmd" --rwdir "$rw" "$@" || true
	if [ ! -f "$SKL_CACHE/$name/finished" ]; then
		echo "error: the $v guest did not finish its run; last lines of $log:" >&2
		show_log_tail "$log"
		return 1
	fi
}

# checkpatch.pl's options for every patch of the series (make test's host checks and make lint): --strict,
# without the two checks that cannot work on the assembled tree. UNKNOWN_COMMIT_ID looks Fixes: hashes up in
# the tree's history, which is one baseline commit (the release tarball); the hashes were checked against
# upstream, and checkpatch still checks the tags' form. FILE_PATH_CHANGES asks whether MAINTAINERS covers
# every added file, which host-checks.sh answers with get_maintainer.pl.
CHECKPATCH_ARGS="--strict --ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES"

# selftests_for VARIANT [NAME [FROM]]: the selftests' binaries built against variant FROM (default c) with a
# bpf_testmod.ko built for the kernel now in VARIANT's build dir, in $SKL_CACHE/selftests-NAME (NAME
# defaults to VARIANT), with the sk_lookup test's source, whose subtests the report counts: for the
# kernels of make check-configs and make check-rt, which share another kernel's test binaries.
selftests_for() {
	local v=$1 name=${2:-$1} from=${3:-c} K=tools/testing/selftests/bpf/test_kmods
	local S=$SKL_CACHE/selftests-$name P=tools/testing/selftests/bpf/prog_tests
	rm -rf "$S"; mkdir -p "$S/src/$K" "$S/src/$P"
	cp -a "$SKL_CACHE/selftests-$from/out" "$S/out"
	cp -p "$SKL_CACHE/selftests-$from/src/$K"/{Makefile,*.c,*.h} "$S/src/$K/"
	cp -p "$SKL_CACHE/selftests-$from/src/$P/sk_lookup.c" "$S/src/$P/"
	build_testmod "$v" "$name"
	cp -p "$S/src/$K/bpf_testmod.ko" "$S/out/"
}

# wanted_y FRAGMENT...: the CONFIG_X=y options the fragments (paths, merged in this order) ask for in the end:
# a later "# CONFIG_X is not set" or CONFIG_X=n takes back an earlier CONFIG_X=y, as merge_config.sh does.
wanted_y() {
	sed -nE 's/^(CONFIG_[A-Z0-9_]+)=y$/\1 y/p; s/^(CONFIG_[A-Z0-9_]+)=n$/\1 n/p; s/^# (CONFIG_[A-Z0-9_]+) is not set$/\1 n/p' "$@" |
		awk '{ v[$1] = $2 } END { for (k in v) if (v[k] == "y") print k "=y" }' | sort
}
# inputs_hash FILE...: hash of the files that define a step's inputs, to skip work whose inputs did not
# change; a missing file is an error, not an empty input.
inputs_hash() {
	local f
	for f in "$@"; do [ -f "$f" ] || die "inputs_hash: $f missing"; done
	cat "$@" | sha256sum | cut -c1-16
}
# The toolchain a build used: the package versions of the build root (written by setup.sh).
toolchain_hash() { inputs_hash "$SKL_ROOT/.skl-versions"; }
# ... and for what is built against arm64 libraries (selftests, tools): also those of setup-arm64.sh.
toolchain_hash_arm64() { inputs_hash "$SKL_ROOT/.skl-versions" "$SKL_ROOT/.skl-versions-arm64"; }
# The make arguments that cross-build user space (the selftests, libbpf, the tools' Makefiles) for arm64:
# LLVM=1's clang with --target=aarch64-linux-gnu (tools/scripts/Makefile.include derives it from
# CROSS_COMPILE, which names binutils-aarch64-linux-gnu for the rest).
ARM64_TOOLS_MAKE="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- LLVM=1"

# make check-series builds each commit reproducibly, so that the sha256 of its vmlinux, recorded in
# patches/checked, is the same on any machine with the same toolchain and can be checked by rebuilding:
# these make arguments fix the banner's date, user, host and build number (the source and object paths
# are the same in every build: /skl/check-tree and /skl/build-series/CHOICE), and
# config/check-nodebuginfo.config leaves out the debug info.
SERIES_MAKE="KBUILD_BUILD_TIMESTAMP='Mon Dec  7 00:00:00 UTC 2026' KBUILD_BUILD_USER=sk-lookup-rs KBUILD_BUILD_HOST=check-series KBUILD_BUILD_VERSION=1 bzImage modules"
# series_inputs: what makes a series build's .config and build command (the fragments, kconfig_script,
# SERIES_MAKE); a record of patches/checked holds for these inputs only.
series_inputs() {
	local f
	{ for f in $(variant_configs check-rust) $(variant_configs check-c); do
		cat "$SKL_TOP/pipeline/config/$f" || die "config/$f missing"; done
	  declare -f kconfig_script; echo "$SERIES_MAKE"; } | sha256sum | cut -c1-16
}
# series_toolchain: the compilers of a series build (their Debian versions in .skl-versions); not the
# build root's other tools (QEMU, virtme-ng, rustfmt), which change no vmlinux.
SERIES_COMPILERS="rustc rust-src bindgen clang-19 lld-19 llvm-19 libclang-19-dev pahole"
series_toolchain() {
	local p v out=""
	[ -f "$SKL_ROOT/.skl-versions" ] || die "no $SKL_ROOT/.skl-versions: run 'make setup' first"
	for p in $SERIES_COMPILERS; do
		v=$(awk -v p="$p" '$1 == p { print $2 }' "$SKL_ROOT/.skl-versions")
		[ -n "$v" ] || die "$SKL_ROOT/.skl-versions does not name $p"
		out="$out$p $v
"
	done
	printf '%s' "$out" | sha256sum | cut -c1-16
}
