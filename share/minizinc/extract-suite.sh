#!/bin/sh
# Copies the MiniZinc instances a selection lists (one "MODEL.mzn [DATA ...]" a line, paths in a git
# repository, # comments) out of that repository into OUT, with the files each model includes from
# its own folder, and writes OUT/instances.txt, the manifest `softprop bench --only minizinc --suite
# OUT` reads. REPO is a git directory (a bare mirror works: files are read with git show).
#   share/minizinc/extract-suite.sh REPO share/minizinc/benchmark-selection.txt OUT
set -e
if [ $# -ne 3 ]; then echo "usage: $0 REPO SELECTION OUT" >&2; exit 1; fi
repo=$1
selection=$2
out=$3
mkdir -p "$out"
: > "$out/instances.txt"
get() {
  [ -f "$out/$1" ] && return 0
  mkdir -p "$out/$(dirname "$1")"
  git -C "$repo" show "HEAD:$1" > "$out/$1"
}
grep -v '^\s*\(#\|$\)' "$selection" | while read -r model data; do
  get "$model"
  for inc in $(sed -n 's/^include "\([^"]*\)".*/\1/p' "$out/$model"); do
    f=$(dirname "$model")/$inc
    if git -C "$repo" cat-file -e "HEAD:$f" 2>/dev/null; then get "$f"; fi
  done
  for d in $data; do get "$d"; done
  echo "$model $data" | sed 's/ *$//' >> "$out/instances.txt"
done
echo "$(wc -l < "$out/instances.txt") instances in $out"
