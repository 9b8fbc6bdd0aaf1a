#!/usr/bin/env bash
# libsvm vs liblinear inside tenor train: wall time, peak memory and test accuracy on
# R8 and 20 Newsgroups (message bodies), same features, C=1. Decides `--solver auto`.
#   bench/solvers.sh DATA_DIR   (DATA_DIR = ../shared/data; needs build/tenor, python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:?usage: bench/solvers.sh DATA_DIR}
tenor=${TENOR:-$here/../build/tenor}
work=$(mktemp -d /tmp/tenor-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

r=$data/topic/reuters21578
awk -F'\t' 'NR > 1 { print $2 "\t" $3 ". " $4 }' "$r/r8_train.tsv" >"$work/r8_train.tsv"
awk -F'\t' 'NR > 1 { print $2 "\t" $3 ". " $4 }' "$r/r8_test.tsv" >"$work/r8_test.tsv"
python3 - "$data/topic/20newsgroups/docs.jsonl" "$work" <<'PY'
import json, sys
src, work = sys.argv[1], sys.argv[2]
out = {s: open(f"{work}/ng_{s}.jsonl", "w") for s in ("train", "test")}
for line in open(src, encoding="utf-8"):
    d = json.loads(line)
    out[d["split"]].write(json.dumps({"text": d["body"], "label": d["label"]}) + "\n")
PY
for k in 500 1000 3000; do head -n $k "$work/r8_train.tsv" >"$work/r8_${k}_train.tsv"; done

printf '%-10s %-10s %8s %9s %10s %9s\n' corpus solver examples seconds peak_MB accuracy
# libsvm with 5-fold calibration costs ~6 x labels dual solves; past a few thousand
# examples that is minutes (R8, 5485: not run here), so the large sets use liblinear only.
for corpus in r8_500 r8_1000 r8_3000 r8 ng; do
    ext=tsv; [ $corpus = ng ] && ext=jsonl
    test=$work/${corpus%_*}_test.$ext
    solvers="liblinear libsvm"; case $corpus in r8|ng) solvers=liblinear ;; esac
    for solver in $solvers; do
        /usr/bin/time -f '%e %M' -o "$work/time" \
            "$tenor" train -q --solver $solver --c 1 --output "$work/m" "$work/${corpus}_train.$ext"
        read -r secs kb <"$work/time"
        acc=$("$tenor" evaluate --model "$work/m" --format json "$test" |
              python3 -c 'import json, sys; print(round(json.load(sys.stdin)["accuracy"], 4))')
        n=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["training"]["examples"])' "$work/m/manifest.json")
        printf '%-10s %-10s %8s %9s %10s %9s\n' $corpus $solver "$n" "$secs" $((kb / 1024)) "$acc"
    done
done
