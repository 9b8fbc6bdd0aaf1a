#!/usr/bin/env bash
# Reliability checks (issue #6): what people really feed tenor, and what goes wrong
# around it. Huge input stays within bounded memory; junk input gets a clear `tenor:`
# message and the documented exit code; a train that is killed, or that meets a full
# disk, leaves the bundle already at --output byte-for-byte as it was and no temporary
# files behind (the next train sweeps up after a killed one); readers running while
# train replaces a bundle see the old model or the new one, never a mix.
# Needs TENOR (the binary), TESTS (this tests/ folder), SHIM (tests/fault_shim.c
# built as a shared library) and ALLOC_SHIM (tests/alloc_shim.c, likewise).
# SANITIZE=ON (an ASan build) scales the big input down and skips the memory bound,
# which ASan's own overhead would break, and the failed allocations (ASan keeps its
# own malloc).
set -u
TMP=$(mktemp -d /tmp/tenor-rel-XXXXXX)
cleanup() {
    jobs -p | xargs -r kill 2>/dev/null
    [ -n "${MNT:-}" ] && umount "$MNT" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
DATA="$TESTS/data"
SANITIZE=${SANITIZE:-OFF}
case "$SANITIZE" in ON|on|1|TRUE|true) SANITIZE=1 ;; *) SANITIZE=0 ;; esac
# An ASan tenor refuses to start unless its runtime is first in the library list.
export ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0
passed=0 failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
check() { # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
json_ok() { # file, python expression over `docs` (the JSONL documents)
    python3 - "$1" "$2" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
digest() { # a bundle's file names and contents, for byte-for-byte comparison
    (cd "$1" && ls -A && cat -- *) | md5sum
}
no_temp() { # parent directory: no staging or temporary directories left in it
    ! ls -A "$1" | grep -q '^\.tenor-'
}

"$TENOR" train -q --output "$TMP/toy" --min-df 1 --folds 3 "$DATA/toy.tsv" || exit 1

# ---- huge input: a 50 MB paragraph with no newline ------------------------
mb=50
[ "$SANITIZE" = 1 ] && mb=5
python3 - "$TMP/big.txt" "$mb" "$DATA/toy.tsv" <<'PY'
import random, sys
words = open(sys.argv[3], encoding="utf-8").read().split()
rnd, out, n, want = random.Random(1), [], 0, int(sys.argv[2]) << 20
while n < want:
    w = rnd.choice(words); out.append(w); n += len(w) + 1
open(sys.argv[1], "w", encoding="utf-8").write(" ".join(out)[:want])
PY
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$TMP/peak" "$TENOR" classify --model "$TMP/toy" "$TMP/big.txt" \
        >"$TMP/big.out" 2>"$TMP/err"
else
    "$TENOR" classify --model "$TMP/toy" "$TMP/big.txt" >"$TMP/big.out" 2>"$TMP/err"
fi
code=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
check "a ${mb} MB paragraph classifies (exit $code)" test "$code" = 0
check "as one paragraph" json_ok "$TMP/big.out" 'len(docs) == 1 and len(docs[0]["paragraphs"]) == 1'
if [ "$SANITIZE" = 0 ] && [ -s "$TMP/peak" ]; then
    peak=$(tail -1 "$TMP/peak")
    echo "reliability: ${mb} MB paragraph: ${secs} s, peak ${peak} KB" >&2
    check "in under 1 GB peak memory (${peak} KB)" test "$peak" -lt 1048576
    check "in seconds (${secs} s)" test "$(echo "$secs < 60" | bc)" = 1
fi

# Over the paragraph limit (64 MiB): refused with a message, not killed by the OS.
if [ "$SANITIZE" = 0 ]; then
    python3 -c "import sys; sys.stdout.write('word ' * (13 * 1024 * 1024 + 1))" >"$TMP/huge.txt"
    printf 'Shares rose.\n' >"$TMP/small.txt"
    "$TENOR" classify --model "$TMP/toy" "$TMP/huge.txt" "$TMP/small.txt" >"$TMP/out" 2>"$TMP/err"
    code=$?
    check "a paragraph over 64 MiB fails the run (exit $code)" test "$code" = 1
    check "with a message naming the file and paragraph" \
        grep -q "^tenor: .*huge.txt: paragraph 1 is longer than" "$TMP/err"
    check "and the other inputs are still classified" json_ok "$TMP/out" \
        '[d["id"].endswith("small.txt") for d in docs] == [True]'
    rm -f "$TMP/huge.txt"
    # The same paragraph on a JSONL line (its reader skips the check for shorter lines).
    python3 -c "import sys; sys.stdout.write('{\"paragraphs\": [\"' + 'word ' * (13 << 20) +
        'word \"]}\n{\"id\": \"small\", \"paragraphs\": [\"Shares rose.\"]}\n')" >"$TMP/huge.jsonl"
    "$TENOR" classify --model "$TMP/toy" "$TMP/huge.jsonl" >"$TMP/out" 2>"$TMP/err"
    code=$?
    check "a JSONL paragraph over 64 MiB fails the run (exit $code)" test "$code" = 1
    check "with a message naming the line and paragraph" \
        grep -q "^tenor: .*huge.jsonl:1: paragraph 1 is longer than" "$TMP/err"
    check "and the next line is still classified" json_ok "$TMP/out" \
        '[d["id"] for d in docs] == ["small"]'
    rm -f "$TMP/huge.jsonl"
fi
rm -f "$TMP/big.txt" "$TMP/big.out"

# Over the JSONL line limit (256 MiB): that line is skipped with a message (without
# being held whole in memory), the lines after it are still classified.
if [ "$SANITIZE" = 0 ]; then
    python3 -c "
import sys
w = sys.stdout.write
w('{\"id\": \"long\", \"text\": \"' + 'word ' * (52 * 1024 * 1024) + '\"}\n')
w('{\"id\": \"after\", \"text\": \"Shares rose.\"}\n')" >"$TMP/long.jsonl"
    "$TENOR" classify --model "$TMP/toy" --threads 2 "$TMP/long.jsonl" >"$TMP/out" 2>"$TMP/err"
    code=$?
    check "a JSONL line over 256 MiB fails the run (exit $code)" test "$code" = 1
    check "with a message naming the file and line" \
        grep -q "^tenor: .*long.jsonl:1: line longer than" "$TMP/err"
    check "and the next line is still classified" json_ok "$TMP/out" '[d["id"] for d in docs] == ["after"]'
    rm -f "$TMP/long.jsonl"
fi

# ---- junk input ------------------------------------------------------------
classify() { # args...: runs classify on the toy model, sets code, out and err
    "$TENOR" classify --model "$TMP/toy" "$@" >"$TMP/out" 2>"$TMP/err"
    code=$?
}

python3 -c "
import random, sys
r = random.Random(6)
sys.stdout.buffer.write(bytes([0x80]) + bytes(r.randrange(256) for _ in range(1 << 20)))
" >"$TMP/junk.bin"
classify "$TMP/junk.bin"
check "binary junk is read as text and repaired (exit $code)" test "$code" = 0
check "with a warning naming the file and first bad byte" \
    grep -q '^tenor: warning: .*junk.bin: replaced [0-9]* invalid UTF-8 sequences with U+FFFD (first at byte offset 0)' "$TMP/err"
check "and valid JSON out" json_ok "$TMP/out" 'len(docs) == 1'

printf 'The team\0won\0\0the match.\n\nShares\0rose.\n' >"$TMP/nul.txt"
classify "$TMP/nul.txt"
check "NUL bytes are white space (exit $code)" test "$code" = 0
check "and never reach the output" json_ok "$TMP/out" \
    '[p["text"] for p in docs[0]["paragraphs"]] == ["The team won the match.", "Shares rose."]'

printf '<div class="story"><p>The striker <b>scored</b> a late goal.</p>\n<p>Shares&nbsp;rose.</p></div>\n' >"$TMP/frag.html"
classify "$TMP/frag.html"
check "an HTML fragment is classified as plain text (exit $code)" test "$code" = 0
check "tags and all, one paragraph per line" json_ok "$TMP/out" \
    'len(docs[0]["paragraphs"]) == 2 and docs[0]["paragraphs"][0]["text"].startswith("<div")'

printf '{"id": "a", "text": "The team won."}\n{"id": "b", "text": "Shares ro' >"$TMP/cut.jsonl"
classify "$TMP/cut.jsonl"
check "JSONL cut off mid-line fails the run (exit $code)" test "$code" = 1
check "naming the file and line" grep -q '^tenor: .*cut.jsonl:2: malformed JSON at column' "$TMP/err"
check "after classifying the whole lines" json_ok "$TMP/out" '[d["id"] for d in docs] == ["a"]'

: >"$TMP/empty.txt"
classify "$TMP/empty.txt"
check "an empty file is an article with no paragraphs (exit $code)" test "$code" = 0
check "and no message" test ! -s "$TMP/err"

python3 -c "print('[' * 100000)" >"$TMP/deep.json"
classify --input-format json "$TMP/deep.json"
check "deeply nested JSON is refused, not a stack overflow (exit $code)" test "$code" = 1
check "with the file and offset" grep -q '^tenor: .*deep.json: malformed JSON at byte offset' "$TMP/err"

classify "$TMP/no-such-file.txt"
check "a missing input fails (exit $code)" test "$code" = 1
check "naming it" grep -q '^tenor: .*no-such-file.txt: cannot open' "$TMP/err"

"$TENOR" train -q --output "$TMP/junkmodel" "$TMP/junk.bin" >"$TMP/out" 2>"$TMP/err"
code=$?
check "training on binary junk fails (exit $code)" test "$code" = 1
check "naming the file, line and byte" grep -q '^tenor: .*junk.bin:1: invalid UTF-8 at byte offset 0' "$TMP/err"
printf '{"text": "The team won.", "label": "sport"}\n{"text": "Shares ro' >"$TMP/cut_train.jsonl"
"$TENOR" train -q --output "$TMP/junkmodel" "$TMP/cut_train.jsonl" >"$TMP/out" 2>"$TMP/err"
code=$?
check "training on JSONL cut off mid-line fails (exit $code)" test "$code" = 1
check "naming the file and line" grep -q '^tenor: .*cut_train.jsonl:2: not a JSON object' "$TMP/err"
check "and leaves nothing behind" bash -c "! ls -A '$TMP' | grep -q 'junkmodel\|^\.tenor-'"

# ---- corrupt bundles on the command line -----------------------------------
cp -r "$TMP/toy" "$TMP/half"
head -c 1000 "$TMP/toy/weights.bin" >"$TMP/half/weights.bin" # a model copied half-way
"$TENOR" classify --model "$TMP/half" "$TMP/empty.txt" >"$TMP/out" 2>"$TMP/err"
code=$?
check "a half-copied bundle is refused (exit $code)" test "$code" = 1
check "naming the bundle and file" grep -q "^tenor: .*half: weights.bin has the wrong size" "$TMP/err"

# ---- kill -9 during train ---------------------------------------------------
python3 - "$TMP/large.tsv" <<'PY'
import random, sys
r = random.Random(7)
labels = ["alpha", "beta", "gamma", "delta", "epsilon"]
words = ["".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 9)))
         for _ in range(5000)]
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        l = r.randrange(5)
        f.write(labels[l] + "\t" + " ".join(words[(l * 1000 + r.randrange(1500)) % 5000]
                                            for _ in range(40)) + "\n")
PY
mkdir -p "$TMP/kill"
cp -r "$TMP/toy" "$TMP/kill/model"
before=$(digest "$TMP/kill/model")
wait_for() { # condition command...: polls for up to 30 s
    for _ in $(seq 1 300); do "$@" && return 0; sleep 0.1; done
    return 1
}
staging_exists() { ls -A "$TMP/kill" | grep -q '^\.tenor-tmp-model\.'; }
staging_has_file() { ls -A "$TMP"/kill/.tenor-tmp-model.*/ 2>/dev/null | grep -q .; }
for delay in 0.3 1.5; do
    "$TENOR" train -q --c auto --output "$TMP/kill/model" "$TMP/large.tsv" 2>/dev/null &
    pid=$!
    wait_for staging_exists
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    check "train killed after ${delay}s leaves the bundle byte-for-byte" \
        test "$(digest "$TMP/kill/model")" = "$before"
done
# While writing: a slow disk (the shim) holds train inside its writes.
LD_PRELOAD=$SHIM TENOR_FAULT_SLOW_MS=400 "$TENOR" train -q --output "$TMP/kill/model" \
    --min-df 1 --folds 3 "$DATA/toy.tsv" 2>/dev/null &
pid=$!
wait_for staging_has_file
sleep 0.2
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "train killed while writing leaves the bundle byte-for-byte" \
    test "$(digest "$TMP/kill/model")" = "$before"
check "a killed train leaves its staging directories behind" staging_exists
"$TENOR" train -q --output "$TMP/kill/model" "$DATA/empty.tsv" 2>/dev/null
check "the next train (even a failing one) removes them" no_temp "$TMP/kill"
check "and still leaves the bundle alone" test "$(digest "$TMP/kill/model")" = "$before"
# Never anything that is not tenor's own staging directory of a dead train.
mkdir -p "$TMP/kill/.tenor-tmp-model.1.abcdef" "$TMP/kill/.tenor-tmp-model.x" \
         "$TMP/kill/.tenor-tmp-other.999999999.abcdef"
sleep 1000 & live=$!
mkdir -p "$TMP/kill/.tenor-tmp-model.$live.abcdef"
"$TENOR" train -q --output "$TMP/kill/model" "$DATA/empty.tsv" 2>/dev/null
check "directories of live processes and other names are kept" test -d "$TMP/kill/.tenor-tmp-model.1.abcdef" \
    -a -d "$TMP/kill/.tenor-tmp-model.x" -a -d "$TMP/kill/.tenor-tmp-other.999999999.abcdef" \
    -a -d "$TMP/kill/.tenor-tmp-model.$live.abcdef"
kill "$live" 2>/dev/null; wait "$live" 2>/dev/null
rm -rf "$TMP/kill"/.tenor-tmp-*

# ---- a full disk --------------------------------------------------------------
mkdir -p "$TMP/full"
cp -r "$TMP/toy" "$TMP/full/model"
before=$(digest "$TMP/full/model")
vocab=$(stat -c %s "$TMP/toy/vocab.tsv")
weights=$(stat -c %s "$TMP/toy/weights.bin")
for limit in 0 100 $((vocab + 10)) $((vocab + weights + 10)); do
    LD_PRELOAD=$SHIM TENOR_FAULT_WRITE_LIMIT=$limit "$TENOR" train -q --output "$TMP/full/model" \
        --min-df 1 --folds 3 "$DATA/toy.tsv" >"$TMP/out" 2>"$TMP/err"
    code=$?
    check "train on a disk full after $limit bytes fails (exit $code)" test "$code" = 1
    check "saying so, naming the file" grep -q '^tenor: .*: write failed: No space left on device' "$TMP/err"
    check "leaving the bundle byte-for-byte" test "$(digest "$TMP/full/model")" = "$before"
    check "and no temporary files" no_temp "$TMP/full"
done
LD_PRELOAD=$SHIM TENOR_FAULT_FSYNC=1 "$TENOR" train -q --output "$TMP/full/model" \
    --min-df 1 --folds 3 "$DATA/toy.tsv" >"$TMP/out" 2>"$TMP/err"
code=$?
check "a failing fsync fails train (exit $code)" test "$code" = 1
check "saying so" grep -q '^tenor: .*: write failed: Input/output error' "$TMP/err"
check "leaving the bundle byte-for-byte and no temporary files" \
    test "$(digest "$TMP/full/model")" = "$before" -a -z "$(ls -A "$TMP/full" | grep '^\.tenor-')"

# ---- out of memory while saving -------------------------------------------------
# Each of the last allocations of a train (saving the bundle: vocabulary, weights,
# manifest) fails in turn: train must fail with a message and leave the bundle as it
# was, never exit 0 with a manifest that lost a key. (Earlier ones include libsvm's and
# liblinear's, which do not check malloc: README, "Limits".) ASan has its own malloc.
if [ "$SANITIZE" = 0 ]; then
    mkdir -p "$TMP/oom"
    cp -r "$TMP/toy" "$TMP/oom/model"
    before=$(digest "$TMP/oom/model")
    LD_PRELOAD=$ALLOC_SHIM TENOR_FAULT_ALLOC_COUNT="$TMP/allocs" "$TENOR" train -q \
        --output "$TMP/oom/model" --name toy --min-df 1 --folds 3 "$DATA/toy.tsv"
    total=$(cat "$TMP/allocs")
    check "a train that succeeds writes the same bundle again" test "$(digest "$TMP/oom/model")" = "$before"
    failures=0 bad_runs=0
    for ((n = total - 150; n <= total; n++)); do
        LD_PRELOAD=$ALLOC_SHIM TENOR_FAULT_ALLOC_AT=$n "$TENOR" train -q --output "$TMP/oom/model" \
            --name toy --min-df 1 --folds 3 "$DATA/toy.tsv" >/dev/null 2>"$TMP/err"
        code=$?
        [ "$code" = 1 ] && failures=$((failures + 1))
        if [ "$code" -gt 1 ] || [ "$(digest "$TMP/oom/model")" != "$before" ] ||
            { [ "$code" = 1 ] && ! grep -q '^tenor: .*out of memory' "$TMP/err"; }; then
            bad_runs=$((bad_runs + 1))
            echo "allocation $n of $total: exit $code, $(head -c 200 "$TMP/err")" >&2
        fi
        rm -rf "$TMP/oom"/.tenor-*
    done
    check "out of memory while saving: every run fails cleanly or succeeds whole ($bad_runs bad)" \
        test "$bad_runs" = 0
    check "and the sweep reached the save ($failures of 151 runs failed)" test "$failures" -gt 100
fi

# A real small file system, where this user may mount one (root in CI containers).
MNT="$TMP/tmpfs"
mkdir -p "$MNT"
if mount -t tmpfs -o size=64k tenor-test "$MNT" 2>/dev/null; then
    "$TENOR" train -q --output "$MNT/model" --min-df 1 --folds 3 "$DATA/toy.tsv"
    before=$(digest "$MNT/model")
    # Fill what is left but a few KB, so the next bundle cannot fit beside the old one.
    avail=$(( $(stat -f -c '%a * %S' "$MNT") ))
    head -c $((avail - 4096)) /dev/zero >"$MNT/filler" 2>/dev/null
    "$TENOR" train -q --output "$MNT/model" --min-df 1 --folds 3 "$DATA/toy.tsv" \
        >"$TMP/out" 2>"$TMP/err"
    code=$?
    check "train onto a full tmpfs fails (exit $code)" test "$code" = 1
    check "saying so" grep -q '^tenor: .*No space left on device' "$TMP/err"
    check "leaving the bundle byte-for-byte" test "$(digest "$MNT/model")" = "$before"
    check "and no temporary files" no_temp "$MNT"
    umount "$MNT"
    MNT=
else
    echo "reliability: cannot mount a tmpfs here; the full-disk checks used the shim only" >&2
fi

# ---- readers while train replaces the bundle ----------------------------------
sed 's/^sport\t/athletics\t/; s/^business\t/economy\t/' "$DATA/toy.tsv" >"$TMP/toy_b.tsv"
"$TENOR" train -q --output "$TMP/live" --min-df 1 --folds 3 "$DATA/toy.tsv" || exit 1
printf 'The striker scored a late goal.\n\nShares rose after the bank reported profits.\n' \
    >"$TMP/article.txt"
readers=3
mkdir -p "$TMP/seen"
for r in $(seq 1 $readers); do
    (
        n=0
        while [ ! -e "$TMP/stop" ]; do
            n=$((n + 1))
            "$TENOR" classify --model "$TMP/live" "$TMP/article.txt" >"$TMP/seen/$r.$n.out" \
                2>"$TMP/seen/$r.$n.err"
            echo $? >"$TMP/seen/$r.$n.code"
        done
    ) &
done
swaps=0
for i in $(seq 1 10); do
    file="$DATA/toy.tsv"
    [ $((i % 2)) = 1 ] && file="$TMP/toy_b.tsv"
    "$TENOR" train -q --output "$TMP/live" --min-df 1 --folds 3 "$file" && swaps=$((swaps + 1))
done
touch "$TMP/stop"
wait
python3 - "$TMP/seen" >"$TMP/verdict" <<'PY'
import glob, json, os, sys
a, b = ["business", "politics", "sport"], ["athletics", "economy", "politics"]
runs, bad, seen = 0, [], set()
for code_file in glob.glob(os.path.join(sys.argv[1], "*.code")):
    base = code_file[:-5]
    code = open(code_file).read().strip()
    if not code:
        continue  # the last run of a reader, stopped before it finished
    runs += 1
    if code != "0":
        bad.append("exit %s: %s" % (code, open(base + ".err").read().strip()))
        continue
    d = json.loads(open(base + ".out").read())
    keys = [sorted(p["live"]["scores"]) for p in d["paragraphs"]]
    keys.append(sorted(d["summary"]["live"]["scores"]))
    if all(k == a for k in keys):
        seen.add("a")
    elif all(k == b for k in keys):
        seen.add("b")
    else:
        bad.append("mixed labels: %s" % keys)
print(runs, "".join(sorted(seen)))
for line in bad[:5]:
    print(line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
verdict=$?
read -r runs models <"$TMP/verdict"
echo "reliability: $runs classify runs across $swaps bundle swaps, saw models '$models'" >&2
check "train replaced the bundle $swaps/10 times while readers ran" test "$swaps" = 10
check "readers ran ($runs classify runs) and saw both models ($models)" \
    test "$runs" -ge $((readers * 5)) -a "$models" = ab
check "every reader saw the old model or the new one, never a mix or an error" test "$verdict" = 0
check "and no temporary files" no_temp "$TMP"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
