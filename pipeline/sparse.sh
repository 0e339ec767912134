#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sparse for make lint: trixie's sparse 0.6.4 cannot check Linux 7.3 (it does not know __typeof_unqual__,
# so the kernel's scripts/checker-valid.sh refuses it and C=2 silently checks nothing). Debian's next
# sparse, 0.6.5~rc1 (forky and sid), can: this builds it from Debian's own source of that version (the
# upstream tarball of source package 0.6.5~rc1-2, pinned by the sha256 its .dsc gives) into the build root
# as /usr/local/bin/sparse, which comes first in PATH. Its binary package cannot be installed on trixie
# (it depends on forky's libxml2-16); sparse itself needs no library (no c2xml, sparse-llvm, semind).
set -eu
. "$(dirname "$0")/lib.sh"
VER=0.6.5~rc1
TAR=sparse_$VER.orig.tar.gz
SHA=3ac8855ec7f3ab92f325be0f64347ccc2b10f8b4d7c2906783ee8e2bdab3f0de
URL=${SKL_MIRROR:-http://deb.debian.org/debian}/pool/main/s/sparse/$TAR
have_root || die "build root missing: run 'make setup' first"
if [ "$(cat "$SKL_ROOT/usr/local/share/skl-sparse" 2>/dev/null)" = "$VER $SHA" ]; then
	exit 0
fi
step sparse "building Debian's sparse $VER from source into the build root" "~1 min"
src=$SKL_CACHE/sparse-src
mkdir -p "$src"
if ! echo "$SHA  $src/$TAR" | sha256sum -c --quiet - >/dev/null 2>&1; then
	rm -f "$src/$TAR.part"
	curl -fsS -m 300 -o "$src/$TAR.part" "$URL" || die "could not download $URL"
	echo "$SHA  $src/$TAR.part" | sha256sum -c --quiet - >/dev/null 2>&1 ||
		die "$URL does not have the sha256 of Debian's source package sparse 0.6.5~rc1-2 ($SHA)"
	mv "$src/$TAR.part" "$src/$TAR"
fi
run_logged "$SKL_LOGS/sparse-build.log" in_root sh -c "set -e
	rm -rf /tmp/sparse-build && mkdir /tmp/sparse-build && cd /tmp/sparse-build
	tar xzf $SKL_IN/sparse-src/$TAR --strip-components=1
	make -j$SKL_JOBS PREFIX=/usr/local HAVE_LLVM=no HAVE_LIBXML=no HAVE_SQLITE=no HAVE_GTK=no sparse
	install -m 755 sparse /usr/local/bin/sparse
	cd / && rm -rf /tmp/sparse-build" || die "building sparse $VER failed"
mkdir -p "$SKL_ROOT/usr/local/share"
echo "$VER $SHA" >"$SKL_ROOT/usr/local/share/skl-sparse"
note "sparse $VER in /usr/local/bin (it reports itself as $(in_root sparse --version), the last release tag)"
