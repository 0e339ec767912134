#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The arm64 additions of make check-arch, on top of make setup's build root (pipeline/setup.sh):
#   1. arm64 as a foreign dpkg architecture of the build root, with what cross-building user space and
#      booting arm64 need: qemu-system-arm, binutils for aarch64 (the selftests' objcopy), the arm64 C
#      library, libgcc, the libraries the selftests link (libelf, zlib, libzstd, and libcrypto for bpftool
#      and sign-file, libcap for bpftool, as on x86), and mmdebstrap. Each
#      :arm64 library is Multi-Arch: same and must have the version of its installed amd64 twin: the
#      installation is simulated first and refused if it would upgrade or remove any package, so that the
#      x86 toolchain (and every x86 build stamp, see toolchain_hash) stays as it is. The versions go to
#      .skl-versions-arm64, which only arm64 builds hash.
#   2. The arm64 root file system the guests boot ($SKL_CACHE/rootfs-arm64), made offline:
#      `mmdebstrap --variant=extract` unpacks arm64 packages without running any of their code (this
#      machine has no binfmt_misc to run arm64 maintainer scripts, and TCG would make a first-boot
#      `dpkg --configure` slow); what the maintainer scripts would have done and the guests need is done
#      here by hand: passwd/group, poweroff, mount points (no loader cache is needed: Debian's loader
#      searches the multiarch dirs). virtme-ng's init comes from the build root, the tests from /skl.
# Idempotent: skipped when the package list and this script are unchanged.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
have_root || die "no build root: run 'make setup' first"

MIRROR=${SKL_MIRROR:-http://deb.debian.org/debian}
# Cross-building and booting: name, or name:arm64 for the foreign libraries.
PKGS="qemu-system-arm binutils-aarch64-linux-gnu mmdebstrap libc6-dev:arm64 libgcc-14-dev:arm64
libelf-dev:arm64 zlib1g-dev:arm64 libzstd-dev:arm64 libssl-dev:arm64 libcap-dev:arm64"
# The guests' root file system: a shell, the tools the guest scripts call (mount, ip, sysctl, timeout,
# dmesg, seq, zcat for /proc/config.gz, ...), busybox for poweroff, and the libraries the test binaries load.
ROOTFS_PKGS="base-files base-passwd bash dash coreutils util-linux mount grep sed mawk findutils diffutils
procps iproute2 kmod hostname gzip busybox-static libc6 libelf1t64 zlib1g libzstd1 libgcc-s1 libssl3t64 libcap2"
hash=$(cat "$0" | sha256sum | cut -c1-16)
R=$SKL_CACHE/rootfs-arm64

if [ "$(cat "$SKL_ROOT/.skl-ready-arm64" 2>/dev/null)" = "$hash" ] && [ -f "$R/.skl-ready" ] &&
	[ "$(cat "$R/.skl-ready")" = "$hash" ]; then
	echo "[setup-arm64] up to date: $SKL_ROOT (arm64 packages), $R"
	cat "$SKL_ROOT/.skl-versions-arm64"
	exit 0
fi
rm -f "$SKL_ROOT/.skl-ready-arm64"

note "adding arm64 to the build root's dpkg architectures, updating the package lists (~1 min)"
run_logged "$SKL_LOGS/setup-arm64-update.log" in_root sh -c \
	'dpkg --add-architecture arm64 && apt-get update' || die "adding arm64 to the build root failed"
# Simulate first: an :arm64 library newer than its installed amd64 twin would upgrade the twin.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -s --no-install-recommends $PKGS \
	>"$SKL_LOGS/setup-arm64-simulate.log" 2>&1 ||
	{ show_log_tail "$SKL_LOGS/setup-arm64-simulate.log" 20; die "the arm64 packages cannot be installed in the build root"; }
changed=$(grep -E '^(Inst [^ ]+ \[|Remv )' "$SKL_LOGS/setup-arm64-simulate.log" || true)
[ -z "$changed" ] || die "installing the arm64 packages would change installed packages of the x86 toolchain:
$changed
(the mirror has moved on since 'make setup': run 'make distclean' and set up afresh, or pin the mirror with SKL_MIRROR)"
note "installing $(echo $PKGS | wc -w) arm64 packages into the build root (~2 min)"
run_logged "$SKL_LOGS/setup-arm64-install.log" in_root env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends $PKGS || die "installing the arm64 packages failed"
{
	echo "[setup-arm64] installed (Debian revisions):"
	for p in $PKGS; do echo "  $p $(in_root dpkg-query -W -f='${Version}' "$p")"; done
} >"$SKL_ROOT/.skl-versions-arm64.new"
mv "$SKL_ROOT/.skl-versions-arm64.new" "$SKL_ROOT/.skl-versions-arm64"

note "making the arm64 root file system $R with mmdebstrap --variant=extract (~1 min)"
rm -rf "$R.partial"
run_logged "$SKL_LOGS/setup-arm64-rootfs.log" in_root mmdebstrap --mode=root --variant=extract \
	--architectures=arm64 --include="$(echo $ROOTFS_PKGS | tr ' ' ,)" \
	trixie "$SKL_IN/rootfs-arm64.partial" "$MIRROR" || die "making the arm64 root file system failed"
P=$R.partial
# What base-passwd's and busybox's maintainer scripts would do, and what virtme-ng needs of a root.
cp "$P/usr/share/base-passwd/passwd.master" "$P/etc/passwd"
cp "$P/usr/share/base-passwd/group.master" "$P/etc/group"
: >"$P/etc/fstab"
echo skl-arm64 >"$P/etc/hostname"
ln -sf ../bin/busybox "$P/usr/sbin/poweroff"
rm -rf "$P/var/run" "$P/var/lock"
ln -s /run "$P/var/run"
ln -s /run/lock "$P/var/lock"
# What virtme-init mounts over or copies (a mount needs its target): the files of /etc it replaces, and the
# dirs of virtme-ng's overlays that base-files alone does not make.
: >"$P/etc/shadow"
: >"$P/etc/sudoers"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$P/etc/hosts"
mkdir -p "$P/etc/lvm" "$P/srv" "$P/opt" "$P/home"
# Mount points: the root is exported read-only, so are /skl and /skl-repo; the results dirs are writable
# under /tmp, an overlay (see vm_boot_args and guest_dir in lib.sh).
mkdir -p "$P/skl" "$P/skl-repo" "$P/run" "$P/tmp" "$P/var/tmp" "$P/root"
for f in usr/bin/bash usr/bin/busybox usr/lib/ld-linux-aarch64.so.1 usr/sbin/ip usr/bin/timeout usr/sbin/sysctl \
	usr/bin/dmesg usr/lib/aarch64-linux-gnu/libelf.so.1 usr/lib/aarch64-linux-gnu/libzstd.so.1; do
	[ -e "$P/$f" ] || die "the arm64 root file system lacks /$f"
done
file -L "$P/usr/bin/bash" | grep -q 'ARM aarch64' || die "/usr/bin/bash of the arm64 root is not an arm64 binary"
echo "$hash" >"$P/.skl-ready"
rm -rf "$R"
mv "$P" "$R"
echo "$hash" >"$SKL_ROOT/.skl-ready-arm64"
cat "$SKL_ROOT/.skl-versions-arm64"
echo "[setup-arm64] arm64 root file system: $R ($(du -sh "$R" | cut -f1))"
