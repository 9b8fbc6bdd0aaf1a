#!/usr/bin/env bash
# Classify one JSONL of articles twice -- once with a single `tenor classify`, once split
# over several processes with GNU parallel --pipe -- and check that the two outputs are
# byte-identical and in the same order. Exit 0 if they are, 1 if not, 77 (skipped, for
# ctest's SKIP_RETURN_CODE) if GNU parallel is not installed.
#
#   bench/parallel.sh [ARTICLES.jsonl]
#
# Without an argument, 1,000 articles are generated from the repository's examples/ (no
# external data needed). Every article must carry an "id": an article without one is
# named after its line number *within the block a process received* (stdin:3), which
# differs between the two runs. Environment: TENOR (binary; default build/tenor),
# JOBS (processes, default 4), N (articles per block, default 100), MODELS (default: every
# bundle in models/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
tenor=${TENOR:-$root/build/tenor}
jobs=${JOBS:-4}
n=${N:-100}

if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "parallel.sh: GNU parallel not found, skipped" >&2
    exit 77
fi
[ -x "$tenor" ] || { echo "parallel.sh: no tenor binary at $tenor (set TENOR)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tenor-parallel-XXXXXX")
trap 'rm -rf "$work"' EXIT

models=()
for m in ${MODELS:-"$root"/models/*/}; do
    [ -f "$m/manifest.json" ] && models+=(--model "${m%/}")
done
[ ${#models[@]} -gt 0 ] || { echo "parallel.sh: no model bundles found" >&2; exit 1; }

input=${1:-}
if [ -z "$input" ]; then
    input=$work/articles.jsonl
    # 1,000 articles from examples/*.txt: paragraphs rotated and cut so that articles
    # differ, half given as "paragraphs", half as "text" (tenor splits it).
    python3 - "$root/examples" "$input" <<'PY'
import glob, json, sys
src, out = sys.argv[1], sys.argv[2]
paras = []
for path in sorted(glob.glob(src + "/*.txt")):
    text = open(path, encoding="utf-8").read()
    paras += [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
with open(out, "w", encoding="utf-8") as f:
    for i in range(1000):
        k = i % len(paras)
        ps = (paras[k:] + paras[:k])[: 1 + i % max(1, len(paras))]
        if i % 2:
            obj = {"id": f"a{i}", "title": f"Article {i}", "paragraphs": ps}
        else:
            obj = {"id": i, "text": "\n\n".join(ps)}
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")
PY
fi

args=(classify --format jsonl --input-format jsonl "${models[@]}")
"$tenor" "${args[@]}" <"$input" >"$work/one.jsonl"
# -k keeps the blocks' output in input order; -N whole lines per block, so no article is
# ever cut in two; --halt now,fail=1 makes any failing process fail the whole run.
parallel --pipe -k -N "$n" -j "$jobs" --halt now,fail=1 "$tenor" "${args[@]}" \
    <"$input" >"$work/many.jsonl"

lines=$(wc -l <"$input")
if cmp "$work/one.jsonl" "$work/many.jsonl"; then
    echo "parallel.sh: OK: $lines articles, 1 process and $jobs processes x $n-article blocks give byte-identical output ($(wc -c <"$work/one.jsonl") bytes)"
else
    echo "parallel.sh: FAIL: outputs differ ($lines articles)" >&2
    exit 1
fi
