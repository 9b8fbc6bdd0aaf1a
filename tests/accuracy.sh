#!/usr/bin/env bash
# Accuracy on held-out standard splits of the shared corpora (../shared/data): train on
# the train split, evaluate on the test split, never the other way round. Skips (exit
# 77) when the data is absent. Needs TENOR and DATA.
set -u
R="$DATA/topic/reuters21578"
if [ ! -f "$R/r8_train.tsv" ] || [ ! -f "$R/modapte90_test.tsv" ]; then
    echo "shared data not found at $DATA: skipping accuracy checks"
    exit 77
fi
TMP=$(mktemp -d /tmp/tenor-acc-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

# Columns: newid, label(s), title, body; the text is "title. body".
to_tsv() { awk -F'\t' 'NR > 1 { print $2 "\t" $3 ". " $4 }' "$1"; }

metric() { # bundle, test file, JSON key
    "$TENOR" evaluate --model "$1" --format json "$2" |
        python3 -c "import json, sys; print(json.load(sys.stdin)['$3'])"
}

at_least() { # name, value, floor
    if python3 -c "import sys; sys.exit(0 if float('$2') >= float('$3') else 1)"; then
        echo "ok: $1 = $2 (>= $3)"; passed=$((passed + 1))
    else
        echo "FAILED: $1 = $2, below $3"; failed=$((failed + 1))
    fi
}

to_tsv "$R/r8_train.tsv" >"$TMP/r8_train.tsv"
to_tsv "$R/r8_test.tsv" >"$TMP/r8_test.tsv"
"$TENOR" train -q --output "$TMP/r8" "$TMP/r8_train.tsv"
at_least "R8 test accuracy" "$(metric "$TMP/r8" "$TMP/r8_test.tsv" accuracy)" 0.970

to_tsv "$R/modapte90_train.tsv" >"$TMP/ma_train.tsv"
to_tsv "$R/modapte90_test.tsv" >"$TMP/ma_test.tsv"
"$TENOR" train -q --output "$TMP/modapte" "$TMP/ma_train.tsv"
at_least "ModApte-90 test micro-F1" "$(metric "$TMP/modapte" "$TMP/ma_test.tsv" micro_f1)" 0.85

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
