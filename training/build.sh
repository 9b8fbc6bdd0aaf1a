#!/usr/bin/env bash
# Rebuilds one shipped model bundle from the shared corpora, deterministically:
#   training/build.sh section|tone DATA_DIR [OUT_DIR]
# DATA_DIR is ../shared/data (never copied into the repo); OUT_DIR defaults to
# models/<name>. Prepares the TSVs with prepare.py in a temporary directory, trains
# with the settings below, and prints the held-out evaluation of the new bundle.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=${1:?usage: training/build.sh section|tone DATA_DIR [OUT_DIR]}
data=${2:?usage: training/build.sh section|tone DATA_DIR [OUT_DIR]}
out=${3:-$here/../models/$name}
tenor=${TENOR:-$here/../build/tenor}
[ -x "$tenor" ] || { echo "build tenor first (cmake -S . -B build && cmake --build build), or set TENOR" >&2; exit 1; }

case $name in
section) settings=(--class-weight balanced --max-features 100000) ;;
tone) settings=(--max-features 100000) ;;
*) echo "unknown model '$name': expected section or tone" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/tenor-build-XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/prepare.py" "$name" --data "$data" --out "$work" >&2
"$tenor" train --output "$out" --name "$name" --seed 1 "${settings[@]}" "$work/train.tsv"
for heldout in "$work"/heldout*.tsv; do
    echo "== $(basename "$heldout") ($(wc -l <"$heldout") rows, never trained on)"
    "$tenor" evaluate --model "$out" "$heldout" | sed -n '/^examples/,/^macro-F1/p'
done
