#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the kernel tree: the pinned linux-source-7.3 as a git repo (tag "baseline"), plus the commits of
# patches/series, each built from its patch (changes to existing files) and the new files it names, taken
# from this repo's kernel overlay (rust/, net/, include/, ...). The result is branch "series" checked out in
# $SKL_CACHE/tree. Commits are made with git plumbing against a scratch index, so files whose content does
# not change keep their mtime and kbuild stays incremental.
set -eu
. "$(dirname "$0")/lib.sh"

SRC=$SKL_CACHE/tree
SERIES=$SKL_TOP/patches/series
export GIT_AUTHOR_DATE="2026-11-25T00:00:00Z" GIT_COMMITTER_DATE="2026-11-25T00:00:00Z"
export GIT_COMMITTER_NAME="sk-lookup-rs pipeline" GIT_COMMITTER_EMAIL="pipeline@sk-lookup-rs.invalid"
g() { git -C "$SRC" "$@"; }

if ! g rev-parse -q --verify refs/tags/baseline >/dev/null 2>&1; then
	have_root || die "build root missing: run 'make setup' first"
	tarball=$SKL_ROOT$KSRC_TARBALL
	[ -f "$tarball" ] || die "$tarball missing: the build root has no $KSRC_PKG; run 'make setup'"
	step unpack "unpacking the pinned $KSRC_PKG $KSRC_VER into $SRC as a git repo" "~3 min, once"
	rm -rf "$SRC.partial"
	mkdir -p "$SRC.partial"
	run_logged "$SKL_LOGS/unpack.log" sh -c "
		tar -xJf '$tarball' -C '$SRC.partial' --strip-components=1 &&
		cd '$SRC.partial' && git init -q -b baseline-branch &&
		git config user.name 'sk-lookup-rs pipeline' && git config user.email pipeline@sk-lookup-rs.invalid &&
		git config gc.auto 0 && git add -A -f &&
		git commit -q -m 'Linux 7.3.4 as Debian ships it ($KSRC_PKG $KSRC_VER)' && git tag baseline" ||
		die "unpacking the kernel source failed"
	mv "$SRC.partial" "$SRC"
fi

[ -f "$SERIES" ] || die "$SERIES missing"

# The tree is made from patches/ and the overlay at every run: an edit made in it would be either built
# without being in the repo or lost at the next assembly. Neither happens silently: stop and say where it
# belongs.
dirty=$(g status --porcelain --untracked-files=all --ignored=matching -- . ':(exclude).skl*')
if [ -n "$dirty" ]; then
	echo "error: the assembled tree $SRC has local changes:" >&2
	head -n 20 <<<"$dirty" | sed 's/^/    /' >&2
	[ "$(wc -l <<<"$dirty")" -le 20 ] || echo "    ... ($(wc -l <<<"$dirty") paths)" >&2
	cat >&2 <<EOF
  The tree is re-assembled from this repo's patches/ and overlay at every run. Move the changes into the
  repo first (a new file to its overlay path in $SKL_TOP, a change to an existing kernel file into its
  patch: README, "Change and re-test"), or discard them:
    git -C $SRC reset -q --hard && git -C $SRC clean -fdx -e '/.skl*'
EOF
	exit 1
fi
note "assembling the patch series onto the baseline"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export GIT_INDEX_FILE=$work/index
# First every patch's message and diff, so that the version of a new file an entry adds can be derived
# from the later entries' changes to it (new_file_blob).
declare -a name files_of
n=0
while read -r patch files; do
	case "$patch" in ''|'#'*) continue;; esac
	n=$((n + 1))
	pf=$SKL_TOP/patches/$patch
	[ -f "$pf" ] || die "series entry $n: $pf does not exist"
	# Author, subject and body from the patch itself.
	g mailinfo "$work/$n.msg" "$work/$n.patch" <"$pf" >"$work/$n.info" || die "$patch: not a git format-patch file"
	name[n]=$patch files_of[n]=$files
done <"$SERIES"

# new_file_blob K FILE: the blob of the new file FILE as entry K adds it. The overlay holds the file as the
# whole series leaves it; a later entry may change it with a diff (a module list that grows patch by patch,
# say), so entry K's version is the overlay's with those later diffs undone, last first.
new_file_blob() {
	local k=$1 f=$2 j tmp=$work/undo
	rm -rf "$tmp"; mkdir -p "$tmp/$(dirname "$f")"
	cp "$SKL_TOP/$f" "$tmp/$f"
	for ((j = n; j > k; j--)); do
		grep -qxF "diff --git a/$f b/$f" "$work/$j.patch" || continue
		(cd "$tmp" && git apply -R --include="$f" --whitespace=nowarn "$work/$j.patch") ||
			die "${name[j]} changes $f, but that change does not undo from the overlay's $f (series entry $j)"
	done
	g hash-object -w --path="$f" "$tmp/$f"
}

g read-tree baseline
head=$(g rev-parse baseline)
for ((k = 1; k <= n; k++)); do
	patch=${name[k]}
	author=$(sed -n 's/^Author: //p' "$work/$k.info"); email=$(sed -n 's/^Email: //p' "$work/$k.info")
	subject=$(sed -n 's/^Subject: //p' "$work/$k.info")
	[ -n "$subject" ] || die "$patch: no Subject"
	# A patch whose change is all new files (listed in the series) has no diff of its own.
	if grep -q "^diff --git " "$work/$k.patch"; then
		(cd "$SRC" && git apply --cached --whitespace=nowarn "$work/$k.patch") ||
			die "$patch does not apply (series entry $k)"
	fi
	for f in ${files_of[k]}; do
		[ -f "$SKL_TOP/$f" ] || die "$patch names new file $f, which is not in the repo"
		if g cat-file -e "baseline:$f" 2>/dev/null; then
			die "$patch names $f as new, but the kernel already has it: change it with a patch instead"
		fi
		blob=$(new_file_blob "$k" "$f")
		mode=100644; [ -x "$SKL_TOP/$f" ] && mode=100755
		g update-index --add --cacheinfo "$mode,$blob,$f"
	done
	tree=$(g write-tree)
	head=$( { echo "$subject"; echo; cat "$work/$k.msg"; } |
		GIT_AUTHOR_NAME="$author" GIT_AUTHOR_EMAIL="$email" g commit-tree "$tree" -p "$head")
	note "$(printf '%02d' "$k") $subject"
done
unset GIT_INDEX_FILE

# Every new file in the overlay must belong to some commit, and the series must leave it exactly as the
# overlay has it: nothing is silently left out of the tree or changed on the way.
for f in $(cd "$SKL_TOP" && git ls-files -- rust net include tools scripts Documentation kernel 2>/dev/null); do
	g cat-file -e "$head:$f" 2>/dev/null || die "$f is in the overlay but no series entry introduces it"
	[ "$(g rev-parse "$head:$f")" = "$(g hash-object --path="$f" "$SKL_TOP/$f")" ] ||
		die "the series leaves $f different from the overlay's version"
done

if [ "$(g rev-parse -q --verify HEAD || true)" != "$head" ]; then
	# Only files that differ between the old and the new commit are rewritten.
	g checkout -q -f -B series "$head"
fi
echo "[tree] $SRC at $(g rev-parse --short HEAD) ($n commits on baseline)"
