#!/usr/bin/env bash
# Renders `tenor classify --format html` of examples/article.txt in headless Chromium
# and checks that a non-trivial screenshot came out. Exit 77 (skipped) without
# /usr/bin/chromium. Needs TENOR (the binary) and SOURCE (the source tree).
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "skipped: no $CHROMIUM"; exit 77; }
TMP=$(mktemp -d /tmp/tenor-html-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
"$TENOR" classify --format html --explain 3 "$SOURCE/examples/article.txt" >"$TMP/report.html" || {
    echo "FAILED: classify --format html"; exit 1; }
# Self-contained: nothing fetched from outside the page, no script.
if grep -Eqi 'https?:|<script|<link|@import|src=' "$TMP/report.html"; then
    echo "FAILED: the page refers to outside resources or has a script"; exit 1
fi
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/profile" --screenshot="$TMP/out.png" --window-size=1000,1400 \
    "file://$TMP/report.html" >"$TMP/log" 2>&1
size=$(stat -c %s "$TMP/out.png" 2>/dev/null || echo 0)
# A blank 1000x1400 page compresses to a few kB; the report is far larger.
if [ "$(head -c 8 "$TMP/out.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ] ||
   [ "$size" -lt 30000 ]; then
    echo "FAILED: no screenshot, or a near-empty one ($size bytes)"; cat "$TMP/log"; exit 1
fi
[ -n "${TENOR_KEEP_SCREENSHOT:-}" ] && cp "$TMP/out.png" "$TENOR_KEEP_SCREENSHOT"
echo "1 passed, 0 failed ($size bytes)"
