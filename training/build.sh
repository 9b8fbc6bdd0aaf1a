#!/usr/bin/env bash
# Rebuilds one shipped model bundle from the shared corpora, deterministically:
#   training/build.sh section|tone|topic DATA_DIR [OUT_DIR]
# DATA_DIR is ../shared/data (never copied into the repo); OUT_DIR defaults to
# models/<name>. Prepares the TSVs with prepare.py in a temporary directory, trains
# with the settings below, and prints the held-out evaluation of the new bundle.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=${1:?usage: training/build.sh section|tone|topic DATA_DIR [OUT_DIR]}
data=${2:?usage: training/build.sh section|tone|topic DATA_DIR [OUT_DIR]}
out=${3:-$here/../models/$name}
tenor=${TENOR:-$here/../build/tenor}
[ -x "$tenor" ] || { echo "build tenor first (cmake -S . -B build && cmake --build build), or set TENOR" >&2; exit 1; }

case $name in
section) settings=(--class-weight balanced --max-features 100000 --context-weight 0.6 --context-prior 2 --context-sharpness 2.5 --summary-sharpness 2) ;;
tone) settings=(--max-features 100000) ;;
topic)
    # Multi-label world-affairs topics (training/README.md, "## topic"), in two stages:
    # a core model on the world_affairs training documents labels the weak-label
    # paragraphs and the unlabelled pool, then the final model trains on the core set
    # + weak labels U predictions + confident pool predictions (self-training).
    settings=(--ngrams 1)
    work=$(mktemp -d /tmp/tenor-build-XXXXXX)
    trap 'rm -rf "$work"' EXIT
    python3 "$here/prepare_topic.py" --data "$data" --out "$work" >&2
    "$tenor" train --quiet --output "$work/core" --name topic --seed 1 "${settings[@]}" "$work/core.tsv"
    for part in weak pool; do
        if [ -f "$work/$part.jsonl" ]; then
            "$tenor" classify --model "$work/core" --input-format jsonl --format jsonl "$work/$part.jsonl" >"$work/$part.out"
        fi
    done
    python3 "$here/prepare_topic.py" --data "$data" --out "$work" --finish >&2
    "$tenor" train --output "$out" --name topic --seed 1 "${settings[@]}" "$work/train.tsv"
    for heldout in "$work"/heldout.tsv "$work"/heldout_random.tsv; do
        echo "== $(basename "$heldout") ($(wc -l <"$heldout") world_affairs items from held-out documents, never trained on)"
        "$tenor" evaluate --model "$out" "$heldout"
    done
    exit 0
    ;;
*) echo "unknown model '$name': expected section, tone or topic" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/tenor-build-XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/prepare.py" "$name" --data "$data" --out "$work" >&2
"$tenor" train --output "$out" --name "$name" --seed 1 "${settings[@]}" "$work/train.tsv"
# held-out evaluation (never trained on): macro-F1, accuracy, ECE, reliability tables
TENOR=$tenor python3 "$here/evaluate.py" "$name" --model "$out" --prep "$work"
