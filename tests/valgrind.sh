#!/usr/bin/env bash
# Runs every unit-test executable, the fuzz-corpus replays and a set of CLI commands
# (success and failure paths) under valgrind memcheck: any memory error or definite
# leak fails. Needs TENOR (the binary), BIN (the build's tests/ directory with the
# test_* and fuzz_replay_* programs) and TESTS (this tests/ folder). Skips (77) when
# valgrind is missing or the build uses sanitizers (SANITIZE=ON), which valgrind cannot
# run. Also usable by hand: TENOR=build/tenor BIN=build/tests TESTS=tests tests/valgrind.sh
set -u
command -v valgrind >/dev/null || { echo "valgrind: not installed; skipped" >&2; exit 77; }
case "${SANITIZE:-OFF}" in ON|on|1|TRUE|true)
    echo "valgrind: sanitizer build; skipped" >&2; exit 77 ;; esac
TMP=$(mktemp -d /tmp/tenor-vg-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
DATA="$TESTS/data"
passed=0 failed=0
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=yes)

run() { # expected exit code, description, command...: the command under valgrind
    local want=$1 what=$2; shift 2
    "${VG[@]}" --log-file="$TMP/vg.log" "$@" >"$TMP/out" 2>"$TMP/err" <"${STDIN:-/dev/null}"
    local code=$?
    if [ "$code" = 99 ] || [ -s "$TMP/vg.log" ]; then
        failed=$((failed + 1)); echo "FAILED (memcheck): $what" >&2; cat "$TMP/vg.log" >&2
    elif [ "$code" != "$want" ]; then
        failed=$((failed + 1)); echo "FAILED: $what: exit $code, expected $want" >&2
        tail -5 "$TMP/err" >&2
    else
        passed=$((passed + 1))
    fi
}

for t in "$BIN"/test_*; do
    [ -x "$t" ] && run 0 "$(basename "$t")" "$t"
done
for name in article dataset text bundle boilerplate; do
    [ -x "$BIN/fuzz_replay_$name" ] &&
        run 0 "fuzz_replay_$name" "$BIN/fuzz_replay_$name" "$TESTS/fuzz/corpus/$name" \
            "$TESTS/fuzz/regressions/$name"
done

T="$TENOR"
run 0 "train" "$T" train -q --output "$TMP/toy" --min-df 1 --folds 3 "$DATA/toy.tsv"
run 0 "train multi-label" "$T" train -q --output "$TMP/multi" --min-df 1 --folds 3 \
    "$DATA/toy_multi.jsonl"
printf 'The striker scored a late goal.\n\nShares rose after the bank reported profits.\n' \
    >"$TMP/a.txt"
printf '{"id": 1, "text": "The team won."}\n{"id": broken\n{"id": 3, "paragraphs": ["Shares fell."]}\n' \
    >"$TMP/a.jsonl"
printf 'Caf\xe9 \0 <b>society</b>\n' >"$TMP/junk.txt"
run 0 "classify text" "$T" classify --model "$TMP/toy" --model "$TMP/multi" --explain 3 \
    --format json "$TMP/a.txt" "$TMP/junk.txt"
run 0 "classify table" "$T" classify --model "$TMP/toy" --format text "$TMP/a.txt"
run 1 "classify JSONL with a bad line" "$T" classify --model "$TMP/toy" "$TMP/a.jsonl"
STDIN="$TMP/a.jsonl" run 1 "classify stdin" "$T" classify --model "$TMP/toy" -
run 1 "classify a missing file" "$T" classify --model "$TMP/toy" "$TMP/none.txt"
run 1 "classify with a missing model" "$T" classify --model "$TMP/none" "$TMP/a.txt"
run 0 "evaluate" "$T" evaluate --model "$TMP/toy" --format json "$DATA/toy_test.tsv"
run 0 "inspect" "$T" inspect "$TMP/toy" --top 3
run 1 "train on bad UTF-8" "$T" train -q --output "$TMP/bad" "$DATA/bad_utf8.tsv"
run 1 "train on no data" "$T" train -q --output "$TMP/toy" "$DATA/empty.tsv"
run 2 "usage error" "$T" classify --explain x

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
