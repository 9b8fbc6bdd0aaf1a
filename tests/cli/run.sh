#!/usr/bin/env bash
# CLI tests: golden cases (tests/cli/<case>.args with optional .in, .out, .err, .errgrep,
# .code) and scripted end-to-end checks of train, classify, evaluate and inspect.
# Needs TENOR (the binary) and TESTS (this tests/ folder); python3 checks JSON shapes.
set -u
TMP=$(mktemp -d /tmp/tenor-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
DATA="$TESTS/data"
export TMP DATA
passed=0 failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }

# ---- golden cases --------------------------------------------------------
for args_file in "$TESTS"/cli/*.args; do
    case_name=${args_file%.args}
    name=$(basename "$case_name")
    args=$(cat "$args_file")
    stdin=/dev/null
    [ -f "$case_name.in" ] && stdin="$case_name.in"
    eval "\"\$TENOR\" $args" <"$stdin" >"$TMP/out" 2>"$TMP/err"
    code=$?
    want_code=0
    [ -f "$case_name.code" ] && want_code=$(cat "$case_name.code")
    fail=""
    [ "$code" = "$want_code" ] || fail="exit $code, expected $want_code"
    if [ -f "$case_name.out" ] && ! cmp -s "$TMP/out" "$case_name.out"; then
        fail="$fail; stdout differs"; diff "$case_name.out" "$TMP/out" >&2
    fi
    if [ -f "$case_name.err" ] && ! cmp -s "$TMP/err" "$case_name.err"; then
        fail="$fail; stderr differs"; diff "$case_name.err" "$TMP/err" >&2
    fi
    if [ -f "$case_name.errgrep" ] && ! grep -qF -f "$case_name.errgrep" "$TMP/err"; then
        fail="$fail; stderr lacks $(cat "$case_name.errgrep")"; cat "$TMP/err" >&2
    fi
    # Every error is reported on stderr, and nothing but results goes to stdout.
    if [ "$want_code" != 0 ] && ! grep -q '^tenor: ' "$TMP/err"; then
        fail="$fail; no 'tenor: ' message on stderr"
    fi
    if [ -z "$fail" ]; then ok; else bad "$name: $fail"; fi
done

# ---- scripted checks -----------------------------------------------------
check() { # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}

json_ok() { # file, python expression over `docs` (list of parsed JSON documents)
    python3 - "$1" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    docs = [json.loads(text)]
except json.JSONDecodeError:
    docs = [json.loads(l) for l in text.splitlines() if l.strip()]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

"$TENOR" train -q --output "$TMP/toy" --min-df 1 --folds 3 "$DATA/toy.tsv" 2>"$TMP/err"
check "train on the toy corpus" test -f "$TMP/toy/manifest.json"
"$TENOR" train -q --output "$TMP/toy2" --name toy --min-df 1 --folds 3 "$DATA/toy.tsv"
check "training twice gives identical bundles" cmp -s "$TMP/toy/weights.bin" "$TMP/toy2/weights.bin"
check "the default name is the output directory's" grep -q '"name":[[:space:]]*"toy"' "$TMP/toy/manifest.json"

"$TENOR" train --output "$TMP/progress" --min-df 1 --folds 3 "$DATA/toy.tsv" >"$TMP/out" 2>"$TMP/err"
check "train prints nothing on stdout" test ! -s "$TMP/out"
check "train reports progress and held-out metrics on stderr" grep -q 'held-out' "$TMP/err"

printf 'The striker scored a late goal and the team won the match.\n\nShares rose after the bank reported higher profits.\n' >"$TMP/article.txt"
"$TENOR" classify --model "$TMP/toy" --format json "$TMP/article.txt" >"$TMP/out.json"
check "classify prints a JSON array with two paragraphs" json_ok "$TMP/out.json" \
    'isinstance(docs[0], list) and len(docs[0][0]["paragraphs"]) == 2'
check "paragraph labels come from the model" json_ok "$TMP/out.json" \
    'docs[0][0]["paragraphs"][0]["toy"]["label"] == "sport" and docs[0][0]["paragraphs"][1]["toy"]["label"] == "business"'
check "paragraphs carry index, text, boilerplate and scores" json_ok "$TMP/out.json" \
    'all(set(p) >= {"index", "text", "boilerplate", "toy"} and abs(sum(p["toy"]["scores"].values()) - 1) < 1e-3 for p in docs[0][0]["paragraphs"])'
check "the summary counts paragraphs and has the head" json_ok "$TMP/out.json" \
    'docs[0][0]["summary"]["paragraphs"] == 2 and docs[0][0]["summary"]["scored"] == 2 and "label" in docs[0][0]["summary"]["toy"]'

"$TENOR" classify --model "$TMP/toy" --format jsonl --explain 2 "$TMP/article.txt" "$TMP/article.txt" >"$TMP/out.jsonl"
check "jsonl gives one line per article" test "$(wc -l <"$TMP/out.jsonl")" = 2
check "--explain lists words per head, strongest first" json_ok "$TMP/out.jsonl" \
    'all(len(p["evidence"]["toy"]) <= 2 and "evidence" not in p["toy"] and all(isinstance(e["term"], str) and not e["term"].isdigit() and e["weight"] > 0 for e in p["evidence"]["toy"]) for d in docs for p in d["paragraphs"]) and docs[0]["paragraphs"][0]["evidence"]["toy"][0]["weight"] >= docs[0]["paragraphs"][0]["evidence"]["toy"][-1]["weight"]'

printf '{"id": "a1", "title": "T", "paragraphs": ["The team won the match.", "Profits rose."]}\n{"id": 7, "text": "Parliament voted on the law."}\n' >"$TMP/in.jsonl"
"$TENOR" classify --model "$TMP/toy" <"$TMP/in.jsonl" >"$TMP/out.jsonl"
check "JSONL from stdin keeps ids and order" json_ok "$TMP/out.jsonl" \
    '[d["id"] for d in docs] == ["a1", "7"] and docs[0]["title"] == "T" and len(docs[0]["paragraphs"]) == 2'

printf '[{"id": "x", "text": "The team won."}, {"id": "y", "text": "Shares fell."}]' | "$TENOR" classify --model "$TMP/toy" --format json >"$TMP/out.json"
check "a JSON array gives an array of articles" json_ok "$TMP/out.json" '[d["id"] for d in docs[0]] == ["x", "y"]'

printf '{"id": "ok", "text": "The team won."}\n{"id": broken\n{"id": "after", "text": "Shares fell."}\n' >"$TMP/bad.jsonl"
"$TENOR" classify --model "$TMP/toy" --input-format jsonl "$TMP/bad.jsonl" >"$TMP/out.jsonl" 2>"$TMP/err"
code=$?
check "a malformed JSONL line fails the run (exit 1)" test "$code" = 1
check "the error names the file and line" grep -q 'bad.jsonl:2: malformed JSON' "$TMP/err"
check "the good lines around it are still classified" json_ok "$TMP/out.jsonl" '[d["id"] for d in docs] == ["ok", "after"]'

printf '{"id": "cut", "text": "The prime minister met the pres\n{"id": "after", "text": "Shares fell."}\n' >"$TMP/badfirst.jsonl"
"$TENOR" classify --model "$TMP/toy" "$TMP/badfirst.jsonl" >"$TMP/out.jsonl" 2>"$TMP/err"
code=$?
check "a broken first JSONL line costs only itself (exit 1, the rest classified)" \
    test "$code" = 1 -a "$(grep -c '"id":"after"' "$TMP/out.jsonl")" = 1
check "and is named" grep -q 'badfirst.jsonl:1: malformed JSON' "$TMP/err"

printf '[Updated 14:00] The team won the match.\n\nShares fell.\n' >"$TMP/bracket.txt"
"$TENOR" classify --model "$TMP/toy" --format json "$TMP/bracket.txt" >"$TMP/out.json"
check "a .txt file is text, whatever its first character" json_ok "$TMP/out.json" \
    'len(docs[0][0]["paragraphs"]) == 2'
printf '\377\376T\000h\000e\000 \000t\000e\000a\000m\000\n\000' >"$TMP/utf16.txt"
"$TENOR" classify --model "$TMP/toy" "$TMP/utf16.txt" "$TMP/bracket.txt" >"$TMP/out.jsonl" 2>"$TMP/err"
code=$?
check "UTF-16 input is named and skipped, the next file read (exit 1)" \
    test "$code" = 1 -a "$(wc -l <"$TMP/out.jsonl")" = 1
check "and the message says how to convert it" grep -q 'utf16.txt: UTF-16 text; convert it to UTF-8' "$TMP/err"
printf '\342\200\234I just spoke to the team.\n' | iconv -f UTF-8 -t UTF-16LE >"$TMP/le.txt"
"$TENOR" classify --model "$TMP/toy" "$TMP/le.txt" >/dev/null 2>"$TMP/err"
check "UTF-16LE without a byte-order mark, opening on a curly quote, is named" \
    grep -q 'le.txt: UTF-16LE text; convert it to UTF-8 (iconv -f UTF-16LE' "$TMP/err"
printf '{"id": "a", "text": "The team won."}\n' >"$TMP/feed.txt"
"$TENOR" classify --model "$TMP/toy" "$TMP/feed.txt" >/dev/null 2>"$TMP/err"
check "a .txt file of JSONL is read as text, with a note saying so" \
    grep -q 'note: .*feed.txt starts like JSON but is read as text' "$TMP/err"
"$TENOR" classify --model "$TMP/toy" "$TMP/bracket.txt" >/dev/null 2>"$TMP/err"
check "but '[Updated 14:00] ...' gets no note" test ! -s "$TMP/err"
cp "$TMP/bracket.txt" "$TMP/bracket"
"$TENOR" classify --model "$TMP/toy" "$TMP/bracket" >/dev/null 2>"$TMP/err"
check "text read as JSON by its first character gets a hint" grep -q 'input-format text' "$TMP/err"

printf 'Caf\xe9 society: the team won the match.\n' >"$TMP/latin1.txt"
"$TENOR" classify --model "$TMP/toy" "$TMP/latin1.txt" >"$TMP/out.jsonl" 2>"$TMP/err"
check "invalid UTF-8 in an article is repaired, not fatal" test $? = 0
check "the repair is reported with its byte offset" grep -q 'latin1.txt: replaced 1 invalid UTF-8 sequence with U+FFFD (first at byte offset 3)' "$TMP/err"

: >"$TMP/empty.txt"
"$TENOR" classify --model "$TMP/toy" --format json "$TMP/empty.txt" >"$TMP/out.json"
check "an empty article has no paragraphs and a null summary label" json_ok "$TMP/out.json" \
    'docs[0][0]["paragraphs"] == [] and docs[0][0]["summary"]["toy"]["label"] is None'

"$TENOR" classify --model "$TMP/toy" --format text "$TMP/article.txt" >"$TMP/out.txt"
check "the text format is at most 100 columns" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/out.txt")" -le 100
check "the text format has no colour when not on a terminal" bash -c "! grep -q $'\x1b' '$TMP/out.txt'"

"$TENOR" classify --model "$TMP/toy" "$TMP/article.txt" >/dev/full 2>"$TMP/err"
check "writing to a full disk fails with exit 1" test $? = 1
check "and says so" grep -q 'tenor: writing output failed' "$TMP/err"

for i in $(seq 1 2000); do printf '{"id": "%d", "text": "The team won the match."}\n' "$i"; done >"$TMP/many.jsonl"
"$TENOR" classify --model "$TMP/toy" "$TMP/many.jsonl" 2>"$TMP/err" | head -1 >/dev/null
check "a closed pipe ends quietly" test ! -s "$TMP/err"
(trap '' PIPE; "$TENOR" classify --model "$TMP/toy" "$TMP/many.jsonl" 2>"$TMP/err" | head -1 >/dev/null)
check "a closed pipe ends quietly with SIGPIPE ignored too" test ! -s "$TMP/err"
printf '{"id": "a",\n{"id": "b", "text": "The team won the match."}\n' |
    "$TENOR" classify --model "$TMP/toy" >"$TMP/out" 2>"$TMP/err"
check "a first JSONL record cut after a comma is skipped and the rest streamed" \
    test "$(grep -c '"id":"b"' "$TMP/out")" = 1 -a "$(cat "$TMP/err")" = "tenor: stdin:1: malformed JSON at column 12"

for i in $(seq 1 150); do printf '{"id": "a%d", "paragraphs": ["The team won match %d.", "Shares rose %d points."]}\n' "$i" "$i" "$i"; done >"$TMP/order.jsonl"
"$TENOR" classify --model "$TMP/toy" --threads 1 "$TMP/order.jsonl" >"$TMP/t1.jsonl"
"$TENOR" classify --model "$TMP/toy" --threads 3 "$TMP/order.jsonl" >"$TMP/t3.jsonl"
check "--threads gives byte-identical output" cmp -s "$TMP/t1.jsonl" "$TMP/t3.jsonl"
check "in input order" json_ok "$TMP/t3.jsonl" '[d["id"] for d in docs] == ["a%d" % i for i in range(1, 151)]'
# Lines are parsed on the worker threads: a malformed line and a repaired one must be
# reported, numbered and skipped exactly as on one thread, in every output format.
printf '{"id":"a","text":"Talks in Geneva."}\n{bad json\n{"id":"b","text":"caf\xe9 prices rose."}\n\n{"id":"c","text":"The match ended."}\n' >"$TMP/mixed.jsonl"
for fmt in jsonl json text html; do
    "$TENOR" classify --model "$TMP/toy" --threads 1 --format "$fmt" "$TMP/mixed.jsonl" "$TMP/mixed.jsonl" >"$TMP/m1.out" 2>"$TMP/m1.err"
    "$TENOR" classify --model "$TMP/toy" --threads 3 --format "$fmt" "$TMP/mixed.jsonl" "$TMP/mixed.jsonl" >"$TMP/m3.out" 2>"$TMP/m3.err"
    check "bad and repaired lines on 3 threads: same $fmt output as on 1" cmp -s "$TMP/m1.out" "$TMP/m3.out"
    check "and the same messages ($fmt)" cmp -s "$TMP/m1.err" "$TMP/m3.err"
done
check "the messages name the bad line and the repair" grep -q 'mixed.jsonl:2: malformed JSON' "$TMP/m3.err"
check "... and the repair's offset" grep -q 'first at byte offset 68' "$TMP/m3.err"

# Inputs of different formats in one run keep their articles and order on any threads.
printf 'Parliament passed the budget.\n\nShares rose.\n' >"$TMP/mix.txt"
printf '{"id": "j1", "text": "The team won."}\n{"id": "j2", "text": "Shares fell."}\n' >"$TMP/mix.jsonl"
"$TENOR" classify --model "$TMP/toy" --threads 3 "$TMP/mix.jsonl" "$TMP/mix.txt" "$TMP/mix.jsonl" "$TMP/mix.txt" >"$TMP/mix.out"
check "text and JSONL inputs mixed on 3 threads: every article once, in order" json_ok "$TMP/mix.out" \
    '[d["id"].split("/")[-1] for d in docs] == ["j1", "j2", "mix.txt", "j1", "j2", "mix.txt"]'

# A stream: the first article's result must come out while the input is still open
# (tail -f | tenor classify), even with half of the next line read, on one thread and on
# several.
for threads in 1 3; do
    rm -f "$TMP/fifo" && mkfifo "$TMP/fifo"
    ("$TENOR" classify --model "$TMP/toy" --threads "$threads" <"$TMP/fifo" >"$TMP/stream.out" &)
    exec 9>"$TMP/fifo"
    printf '{"id": "first", "text": "The team won the match."}\n{"id": "sec' >&9 # and half a line
    for _ in $(seq 1 100); do [ -s "$TMP/stream.out" ] && break; sleep 0.05; done
    check "a streamed article is answered before the input ends ($threads threads)" grep -q '"first"' "$TMP/stream.out"
    exec 9>&-
done
"$TENOR" classify --model "$TMP/toy" --threads 3 --format json "$TMP/article.txt" "$TMP/article.txt" >"$TMP/t3.json"
check "several threads still make one JSON array" json_ok "$TMP/t3.json" 'len(docs[0]) == 2'

"$TENOR" evaluate --model "$TMP/toy" --format json "$DATA/toy_test.tsv" >"$TMP/eval.json"
check "evaluate gives the documented JSON" json_ok "$TMP/eval.json" \
    'set(docs[0]) >= {"n", "accuracy", "micro_f1", "macro_f1", "labels", "confusion"} and docs[0]["n"] == 6 and set(docs[0]["labels"]["sport"]) == {"precision", "recall", "f1", "support"}'
check "the toy model gets most held-out toy examples right" json_ok "$TMP/eval.json" 'docs[0]["accuracy"] >= 0.8'
"$TENOR" evaluate --model "$TMP/toy" "$DATA/toy_test.tsv" >"$TMP/eval.txt"
sed 's/^sport\t/Sport\t/' "$DATA/toy_test.tsv" >"$TMP/gold_case.tsv"
"$TENOR" evaluate --model "$TMP/toy" "$TMP/gold_case.tsv" >/dev/null 2>"$TMP/err"
check "evaluate warns of a gold label the bundle does not have" \
    grep -q "warning: gold label 'Sport' is not one of the bundle's" "$TMP/err"
{ cat "$DATA/toy.tsv"; printf 'sprot\tThe striker scored in the final.\n'; } >"$TMP/typo.tsv"
"$TENOR" train -q --output "$TMP/typo" --min-df 1 --folds 3 "$TMP/typo.tsv" 2>"$TMP/err"
check "train warns of a label with one example" \
    grep -q "warning: label 'sprot' has only one example" "$TMP/err"
check "and trains all the same" test -f "$TMP/typo/manifest.json"
awk -F'\t' 'NR > 1 { print $2 "\t" $1 }' "$DATA/toy.tsv" >"$TMP/swapped.tsv"
"$TENOR" train -q --output "$TMP/swapped" --min-df 1 --folds 3 "$TMP/swapped.tsv" 2>"$TMP/err"
check "train warns when labels look like text (swapped columns)" \
    grep -q "labels for 36 examples: is every line 'labels<TAB>text'" "$TMP/err"
check "evaluate's table has the metrics" grep -q '^macro-F1' "$TMP/eval.txt"
cp "$DATA/toy_test.tsv" "$TMP/gold.tsv"
"$TENOR" evaluate --model "$TMP/toy" --predictions "$TMP/gold.tsv" "$TMP/gold.tsv" >/dev/null 2>"$TMP/err"
code=$?
check "--predictions never overwrites a labelled file (exit 2)" \
    test "$code" = 2 -a "$(cmp "$TMP/gold.tsv" "$DATA/toy_test.tsv" && echo same)" = same
"$TENOR" evaluate --model "$TMP/toy" --predictions /dev/stdout "$DATA/toy_test.tsv" >"$TMP/out" 2>"$TMP/err"
code=$?
check "--predictions refuses stdout by any name (exit 2)" \
    test "$code" = 2 -a ! -s "$TMP/out" -a "$(grep -c "is stdout, where the metrics go" "$TMP/err")" = 1
if [ -w /dev/full ]; then
    "$TENOR" evaluate --model "$TMP/toy" --predictions /dev/full "$DATA/toy_test.tsv" >/dev/null 2>"$TMP/err"
    code=$?
    check "--predictions to a full disk says so (exit 1)" \
        test "$code" = 1 -a "$(grep -c "/dev/full: writing failed" "$TMP/err")" -ge 1
fi
"$TENOR" evaluate --model "$TMP/toy" --predictions "$TMP/pred.jsonl" "$DATA/toy_test.tsv" >/dev/null
check "--predictions writes one line per example, consistent with the metrics" json_ok "$TMP/pred.jsonl" \
    '[d["example"] for d in docs] == list(range(1, 7)) and all(d["file"].endswith("toy_test.tsv") and d["correct"] == (d["gold"] == d["predicted"]) and set(d["scores"]) == {"business", "politics", "sport"} for d in docs) and abs(sum(d["correct"] for d in docs) / 6 - json.load(open(sys.argv[1].replace("pred.jsonl", "eval.json")))["accuracy"]) < 1e-9'

"$TENOR" inspect "$TMP/toy" --top 3 >"$TMP/inspect.txt"
check "inspect shows labels and strongest terms" grep -q '^sport:' "$TMP/inspect.txt"
cp -r "$TMP/toy" "$TMP/damaged" && printf 'x' >>"$TMP/damaged/weights.bin"
"$TENOR" inspect --manifest "$TMP/damaged" >"$TMP/out" 2>"$TMP/err"
code=$?
check "inspect --manifest shows a bundle that does not load, and says why (exit 1)" \
    test "$code" = 1 -a "$(json_ok "$TMP/out" 'docs[0]["name"] == "toy"' && echo ok)" = ok \
    -a "$(grep -c 'weights.bin' "$TMP/err")" = 1

"$TENOR" train -q --output "$TMP/ctx" --min-df 1 --folds 3 --context-weight 0.5 \
    --context-prior 1 --context-sharpness 1.5 "$DATA/toy.tsv"
"$TENOR" inspect "$TMP/ctx" >"$TMP/inspect.txt"
check "train --context-prior reaches the bundle, and inspect shows it" \
    grep -q '^context:   weight 0.5, sharpness 1.5, prior 1 ' "$TMP/inspect.txt"

cp -r "$TMP/toy" "$TMP/keep" && before=$(cat "$TMP/keep"/* | md5sum)
"$TENOR" train -q --output "$TMP/keep" "$DATA/empty.tsv" 2>/dev/null
check "failed training exits 1" test $? = 1
check "and leaves the existing bundle byte-for-byte" test "$(cat "$TMP/keep"/* | md5sum)" = "$before"
check "and no temporary directory behind" bash -c "! ls -A '$TMP' | grep -q tenor-tmp"

"$TENOR" train -q --output "$TMP/multi" --min-df 1 --folds 3 "$DATA/toy_multi.jsonl"
printf 'The minister agreed tariffs on steel imports in trade talks.\n' | "$TENOR" classify --model "$TMP/multi" >"$TMP/out.jsonl"
check "a multi-label model can select several labels" json_ok "$TMP/out.jsonl" \
    'set(docs[0]["paragraphs"][0]["multi"]["labels"]) <= {"politics", "trade"} and "trade" in docs[0]["paragraphs"][0]["multi"]["labels"]'

"$TENOR" classify --model "$TMP/toy" --model "$TMP/multi" --format json "$TMP/article.txt" >"$TMP/out.json"
check "several --model heads appear under their names" json_ok "$TMP/out.json" \
    'all("toy" in p and "multi" in p for p in docs[0][0]["paragraphs"])'

"$TENOR" help classify >"$TMP/help.txt"
check "help goes to stdout" grep -q 'Usage: tenor classify' "$TMP/help.txt"

if [ -f "$SOURCE/models/section/manifest.json" ]; then
    (cd "$TMP" && "$TENOR" classify --format json "$SOURCE/examples/article.txt") >"$TMP/out.json"
    check "without --model, the shipped models load from any directory" json_ok "$TMP/out.json" \
        '{"section", "tone"} <= set(docs[0][0]["summary"])'
    TENOR_MODELS="$TMP/nowhere" "$TENOR" classify "$TMP/article.txt" >/dev/null 2>"$TMP/err"
    check "TENOR_MODELS overrides the models directory" grep -q 'nowhere' "$TMP/err"
fi
mkdir -p "$TMP/models" && cp -r "$TMP/toy" "$TMP/models/toy" && cp -r "$TMP/toy" "$TMP/models/toy.bak"
TENOR_MODELS="$TMP/models" "$TENOR" classify "$TMP/article.txt" >/dev/null 2>"$TMP/err"
code=$?
check "two bundles of one name in the models directory: a data error naming the fix (exit 1)" \
    test "$code" = 1 -a "$(grep -c 'move or rename one' "$TMP/err")" = 1
TENOR_MODELS="$TMP/toy" "$TENOR" classify "$TMP/article.txt" >/dev/null 2>"$TMP/err"
check "TENOR_MODELS naming a bundle, not a directory of them, says so" \
    grep -q 'it is a bundle itself: pass it as --model DIR' "$TMP/err"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
