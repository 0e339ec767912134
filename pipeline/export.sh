#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# export.sh [REV]: write a branch of the assembled tree back into this repo, the inverse of tree.sh.
#
# For reworking the series as a whole (reordering, squashing, editing a new file that a later patch
# changes): rebase in $SKL_CACHE/tree (default REV: the tree's HEAD), then run this. It rewrites
# patches/series, the patch files (each commit's diff without the new files it adds, which the series
# line names) and the overlay (every new file as the last commit leaves it). A patch whose message and
# diff did not change keeps its file as it is (its Date line included); files of patches that left the
# series are removed. tree.sh then re-assembles the same tree from the repo, which make test checks.
set -eu
. "$(dirname "$0")/lib.sh"
T=$SKL_CACHE/tree
g() { git -C "$T" "$@"; }
rev=${1:-HEAD}
g rev-parse -q --verify "$rev^{commit}" >/dev/null || die "$rev: no such revision in $T"
g merge-base --is-ancestor baseline "$rev" || die "$rev does not descend from the tree's baseline"
[ -z "$(g status --porcelain --untracked-files=no)" ] || die "$T has uncommitted changes: commit them first"

overlay_dirs="rust net include tools scripts Documentation kernel"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
series=$SKL_TOP/patches/series
# Existing patch files by subject, to keep their names and, when unchanged, their bytes.
declare -A by_subject
for f in "$SKL_TOP"/patches/[0-9]*.patch; do
	s=$(git mailinfo /dev/null /dev/null <"$f" | sed -n 's/^Subject: //p')
	by_subject[$s]=$(basename "$f")
done

# same OLD C: whether patch file OLD still makes commit C: the same author, subject and message, and
# applied onto C's parent (with the new files C adds) the same tree. Header hash, date, subject
# wrapping, index lines, context and a trailing signature do not matter.
same() {
	local old=$1 c=$2 f
	git mailinfo "$work/a.msg" "$work/a.diff" <"$old" | grep -v '^Date: ' >"$work/a.info" || return 1
	g format-patch -q --zero-commit --no-signature --stdout "$c^..$c" |
		git mailinfo "$work/b.msg" /dev/null | grep -v '^Date: ' >"$work/b.info"
	cmp -s "$work/a.info" "$work/b.info" && cmp -s "$work/a.msg" "$work/b.msg" || return 1
	(
		export GIT_INDEX_FILE=$work/index
		g read-tree "$c^"
		if grep -q '^diff --git ' "$work/a.diff"; then
			(cd "$T" && git apply --cached "$work/a.diff") 2>/dev/null || exit 1
		fi
		for f in $new; do g update-index --add --cacheinfo "100644,$(g rev-parse "$c:$f"),$f"; done
		[ "$(g write-tree)" = "$(g rev-parse "$c^{tree}")" ]
	)
}

k=0
: >"$work/series"
grep '^#' "$series" >"$work/series" || true
for c in $(g rev-list --reverse "baseline..$rev"); do
	k=$((k + 1))
	subject=$(g log -1 --format=%s "$c")
	# New files: added by this commit, under the overlay's top-level dirs.
	new=$(g diff-tree --no-commit-id --root -r --diff-filter=A --name-only "$c" -- $overlay_dirs)
	excl=()
	for f in $new; do excl+=(":(exclude)$f"); done
	# The range, not -1: limited to paths, -1 would pick the last commit that touches them.
	g format-patch -q --zero-commit --no-signature --stdout "$c^..$c" -- . "${excl[@]}" >"$work/p"
	if ! grep -q '^diff --git ' "$work/p"; then
		# Only new files: no diff of its own, the message alone.
		g format-patch -q --zero-commit --no-signature --stdout "$c^..$c" >"$work/full"
		sed '/^---$/q' "$work/full" >"$work/p"
	fi
	old=${by_subject[$subject]:-}
	name=$(printf '%04d-%s' "$k" "${old#[0-9][0-9][0-9][0-9]-}")
	[ -n "$old" ] || name=$(printf '%04d-%s.patch' "$k" "$(g log -1 --format=%f "$c" | cut -c1-52)")
	# Unchanged in substance: keep the old bytes.
	if [ -n "$old" ] && same "$SKL_TOP/patches/$old" "$c"; then
		cp "$SKL_TOP/patches/$old" "$work/$name"
	else
		cp "$work/p" "$work/$name"
		echo "[export] $name: written"
	fi
	echo "$name" $new >>"$work/series"
	for f in $new; do
		mkdir -p "$work/overlay/$(dirname "$f")"
	done
done
[ "$k" -gt 0 ] || die "no commits between baseline and $rev"

# The overlay: each new file as $rev leaves it; files the series no longer adds are removed.
for f in $(cd "$SKL_TOP" && git ls-files -- $overlay_dirs); do
	g cat-file -e "$rev:$f" 2>/dev/null || { git -C "$SKL_TOP" rm -q "$f"; echo "[export] $f: removed"; }
done
for f in $(awk '!/^#/ { for (i = 2; i <= NF; i++) print $i }' "$work/series"); do
	mkdir -p "$SKL_TOP/$(dirname "$f")"
	g show "$rev:$f" >"$SKL_TOP/$f.new"
	if cmp -s "$SKL_TOP/$f.new" "$SKL_TOP/$f"; then rm "$SKL_TOP/$f.new"; else mv "$SKL_TOP/$f.new" "$SKL_TOP/$f"; echo "[export] $f: written"; fi
done

# The patches: replace the old set.
for f in "$SKL_TOP"/patches/[0-9]*.patch; do
	[ -f "$work/$(basename "$f")" ] || { git -C "$SKL_TOP" rm -q "$f"; echo "[export] patches/$(basename "$f"): removed"; }
done
cp "$work"/[0-9]*.patch "$SKL_TOP/patches/"
cp "$work/series" "$series"
echo "[export] $k commits of $rev written to patches/ and the overlay; check with: git -C $SKL_TOP status"
