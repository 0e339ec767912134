#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Create (or refresh) the Debian trixie build root with the pinned toolchain and the pinned kernel source.
# Idempotent: a finished root with the same package list is left alone.
set -eu
. "$(dirname "$0")/lib.sh"
need_root

MIRROR=${SKL_MIRROR:-http://deb.debian.org/debian}

# Free disk, up front: a cold cache grows to ~22 GB (build root 3, tree 2, two kernel build dirs 8 each,
# selftests 1); a warm one needs room for incremental builds and logs.
need_gb=25; [ -d "$SKL_CACHE/build-c" ] && [ -d "$SKL_CACHE/build-rust" ] && need_gb=5
free_gb=$(($(df -Pk "$SKL_CACHE" | awk 'NR == 2 {print $4}') / 1024 / 1024))
[ "$free_gb" -ge "$need_gb" ] ||
	die "only $free_gb GB free on the file system of $SKL_CACHE; this run needs about $need_gb GB (free space, or point SKL_CACHE elsewhere)"

# Pinned by upstream version: "package  version-regex". The exact Debian revision found is printed.
PINNED="
rustc           ^1\.85\.
rust-src        ^1\.85\.
rustfmt         ^1\.85\.
rust-clippy     ^1\.85\.
bindgen         ^0\.71\.
clang-19        ^1:19\.
lld-19          ^1:19\.
llvm-19         ^1:19\.
libclang-19-dev ^1:19\.
pahole          ^1\.30
$KSRC_PKG ^$(echo "$KSRC_VER" | sed 's/[.~+]/\\&/g')\$
"
# Unpinned helpers (build deps, VM, selftest deps, make bench's plot, make lint's Sphinx; its sparse: pipeline/sparse.sh).
PLAIN="build-essential bc bison flex libelf-dev libssl-dev openssl libcap-dev zlib1g-dev libzstd-dev pkg-config
python3 python3-docutils python3-ply cpio kmod xz-utils zstd rsync git quilt virtme-ng qemu-system-x86 busybox-static
iproute2 udev systemd-sysv procps ca-certificates file gnuplot-nox fonts-dejavu-core python3-sphinx python3-yaml"
LIST_HASH=$(echo "$PINNED $PLAIN" | sha256sum | cut -c1-16)

# virtme-ng's bash init (PID 1 of every guest), patched by pipeline/root/virtme-init.patch so that skl_noudev=1
# on the kernel command line boots without udev (vm_boot_args in lib.sh says when). dpkg-divert keeps the
# packaged script beside it as virtme-init.distrib, and an upgrade of virtme-ng lands there. Done on every
# run, from the .distrib: a root set up before the patch existed, or with an older patch, gets this one.
install_guest_init() {
	local f=/usr/lib/python3/dist-packages/virtme/guest/virtme-init
	in_root dpkg-divert --local --rename --divert "$f.distrib" --add "$f" >"$SKL_LOGS/divert.log" 2>&1 ||
		die "dpkg-divert of virtme-ng's $f failed: $(cat "$SKL_LOGS/divert.log")"
	in_root sh -c "cp $f.distrib $f.skl-new && patch --quiet --no-backup-if-mismatch $f.skl-new \
		/skl-repo/pipeline/root/virtme-init.patch" >"$SKL_LOGS/virtme-init-patch.log" 2>&1 ||
		die "pipeline/root/virtme-init.patch does not apply to virtme-ng $(in_root dpkg-query -W -f='${Version}' virtme-ng)'s virtme-init: $(cat "$SKL_LOGS/virtme-init-patch.log")"
	chmod 755 "$SKL_ROOT$f.skl-new"
	if cmp -s "$SKL_ROOT$f.skl-new" "$SKL_ROOT$f"; then
		rm "$SKL_ROOT$f.skl-new"
	else
		mv "$SKL_ROOT$f.skl-new" "$SKL_ROOT$f"
		echo "[setup] installed the patched virtme-init (pipeline/root/virtme-init.patch)"
	fi
}

if have_root && [ "$(cat "$SKL_ROOT/.skl-ready")" = "$LIST_HASH" ]; then
	echo "[setup] build root up to date: $SKL_ROOT"
	cat "$SKL_ROOT/.skl-versions"
	install_guest_init
	exit 0
fi

log=$SKL_LOGS/setup.log
: >"$log"
if [ ! -x "$SKL_ROOT/usr/bin/apt-get" ]; then
	step 1/3 "bootstrapping a Debian trixie build root in $SKL_ROOT" "~2 min"
	if ! command -v debootstrap >/dev/null; then
		run_logged "$SKL_LOGS/host-apt.log" sh -c 'apt-get update && apt-get install -y debootstrap' ||
			die "could not install debootstrap on the host"
	fi
	rm -rf "$SKL_ROOT.partial"
	run_logged "$log" debootstrap --variant=minbase --include=ca-certificates trixie "$SKL_ROOT.partial" "$MIRROR" ||
		die "debootstrap of trixie from $MIRROR failed"
	mv "$SKL_ROOT.partial" "$SKL_ROOT"
fi
cat >"$SKL_ROOT/etc/apt/sources.list" <<SRC
deb $MIRROR trixie main
deb $MIRROR trixie-updates main
deb $MIRROR trixie-backports main
deb http://deb.debian.org/debian-security trixie-security main
SRC
# Allow in_root before the ready stamp exists.
echo pending >"$SKL_ROOT/.skl-ready"
trap '[ "$(cat "$SKL_ROOT/.skl-ready" 2>/dev/null)" = pending ] && rm -f "$SKL_ROOT/.skl-ready"' EXIT

step 2/3 "resolving pinned versions" "~1 min"
run_logged "$SKL_LOGS/apt-update.log" in_root apt-get update || die "apt-get update in the build root failed"
# An earlier set-up interrupted inside dpkg leaves packages half-configured: finish or repair that first.
run_logged "$SKL_LOGS/dpkg-repair.log" in_root env DEBIAN_FRONTEND=noninteractive sh -c \
	'dpkg --configure -a && apt-get install -y -f' || die "repairing the build root's dpkg state failed"
specs=""
while read -r pkg re; do
	[ -n "$pkg" ] || continue
	ver=$(in_root apt-cache madison "$pkg" | awk -F' *\\| *' '{print $2}' | grep -E "$re" | head -n1 || true)
	[ -n "$ver" ] || die "pinned package $pkg (version matching $re) is not available from $MIRROR; available: $(in_root apt-cache madison "$pkg" | awk -F' *\\| *' '{print $2}' | tr '\n' ' ')"
	specs="$specs $pkg=$ver"
done <<<"$PINNED"

step 3/3 "installing the toolchain, virtme-ng, QEMU and the kernel source into the build root" "~3 min"
run_logged "$log" in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	$specs $PLAIN || die "package installation in the build root failed"
# Unversioned names for the LLVM tools (kbuild LLVM=1 and the selftests call clang, ld.lld, llvm-*).
in_root sh -c 'for t in /usr/lib/llvm-19/bin/*; do n=${t##*/}; [ -e /usr/local/bin/$n ] || ln -s $t /usr/local/bin/$n; done'

{
	echo "[setup] installed (Debian revisions):"
	for s in $specs; do
		p=${s%%=*}
		echo "  $p $(in_root dpkg-query -W -f='${Version}' "$p")"
	done
	echo "  virtme-ng $(in_root dpkg-query -W -f='${Version}' virtme-ng)"
	echo "  qemu-system-x86 $(in_root dpkg-query -W -f='${Version}' qemu-system-x86)"
} >"$SKL_ROOT/.skl-versions"
cat "$SKL_ROOT/.skl-versions"
install_guest_init
echo "$LIST_HASH" >"$SKL_ROOT/.skl-ready"
