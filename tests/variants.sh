#!/usr/bin/env bash
# Label variants through the CLI: train on toy.tsv plus wire-style sport rows labelled
# sport~wire, then classify, evaluate and inspect see what README.md says they do.
# Needs TENOR (the binary) and TESTS (this directory).
set -u
TMP=$(mktemp -d /tmp/tenor-variants-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failed=0
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

cp "$TESTS/data/toy.tsv" "$TMP/train.tsv"
printf 'sport~wire\t%s\n' "SOCCER - RESULTS OF ENGLISH LEAGUE MATCHES ON SATURDAY" \
    "TENNIS - RESULTS FROM THE OPEN ON TUESDAY" "CRICKET - SCOREBOARD ON THE FIRST DAY" \
    "GOLF - LEADING SCORES AFTER THE SECOND ROUND" >>"$TMP/train.tsv"
"$TENOR" train -q --folds 3 --min-df 1 --output "$TMP/m" "$TMP/train.tsv" || fail "train"

# classify reports the label, never the class
out=$(echo "RUGBY - RESULTS OF SUNDAY MATCHES IN THE CUP" |
      "$TENOR" classify --model "$TMP/m" --explain 2 --format jsonl)
case $out in *'"label":"sport"'*) ;; *) fail "classify: $out" ;; esac
case $out in *'~'*) fail "classify shows a class: $out" ;; esac

# evaluate counts a gold variant as its label (12 sport + 1 sport~wire = 13)
printf 'sport~wire\tHOCKEY - RESULTS OF THE LEAGUE ON FRIDAY\n' >"$TMP/gold.tsv"
grep -v -e '~' -e '^label' "$TESTS/data/toy.tsv" >>"$TMP/gold.tsv"
"$TENOR" evaluate --model "$TMP/m" "$TMP/gold.tsv" >"$TMP/eval" 2>"$TMP/eval.err" ||
    fail "evaluate"
grep -Eq '^sport +[0-9.]+ +[0-9.]+ +[0-9.]+ +13$' "$TMP/eval" || fail "evaluate: $(cat "$TMP/eval")"
grep -q "not one of the bundle's" "$TMP/eval.err" && fail "evaluate warned of a variant"

# gold variants of a label the bundle lacks count together, under the label's name
printf 'news~a\tThe mayor opened a library.\nnews~b\tA storm closed the roads.\n' >"$TMP/unknown.tsv"
"$TENOR" evaluate --model "$TMP/m" "$TMP/unknown.tsv" >"$TMP/eval" 2>/dev/null
grep -Eq '^news +.* 2$' "$TMP/eval" || fail "unknown variants: $(cat "$TMP/eval")"
grep -q '~' "$TMP/eval" && fail "evaluate shows a variant: $(cat "$TMP/eval")"

# inspect lists the classes
"$TENOR" inspect "$TMP/m" | grep -q '^classes: .*sport~wire' || fail "inspect lists no classes"

# multi-label data cannot have variants: a clear error, no bundle
printf 'sport~wire,sport\tA wire result and a match report.\n' >>"$TMP/train.tsv"
if "$TENOR" train -q --folds 3 --min-df 1 --output "$TMP/multi" "$TMP/train.tsv" 2>"$TMP/err"; then
    fail "multi-label variants accepted"
fi
grep -q 'single-label' "$TMP/err" || fail "no reason given: $(cat "$TMP/err")"
[ -e "$TMP/multi" ] && fail "a bundle was written"

# variants of one label only: nothing to choose between
printf 'sport~a\tThe team won the match.\nsport~b\tThe club lost the cup final.\n' >"$TMP/one.tsv"
if "$TENOR" train -q --folds 2 --min-df 1 --output "$TMP/one" "$TMP/one.tsv" 2>"$TMP/err"; then
    fail "a bundle of one label accepted"
fi
grep -q 'at least two labels' "$TMP/err" || fail "no reason given: $(cat "$TMP/err")"

[ "$failed" -eq 0 ] && echo "1 passed, 0 failed"
exit "$((failed > 0))"
