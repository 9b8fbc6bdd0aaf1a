#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each
# for SECONDS (default 30) from its seed corpus in tests/fuzz/corpus/<target>/ plus
# the past findings in tests/fuzz/regressions/<target>/. New interesting inputs go to
# a scratch corpus, never into the source tree. Fails on any crash, leak, timeout or
# out-of-memory; the reproducer is left in build-fuzz/findings/<target>/ (copy it to
# tests/fuzz/regressions/<target>/ once fixed, and the fuzz_regressions test replays it).
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (env: BUILD_DIR, JOBS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(article dataset text bundle boilerplate)
build=${BUILD_DIR:-$root/build-fuzz}

cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTENOR_FUZZ=ON -DTENOR_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# libFuzzer ends with _Exit, so fuzz_bundle's scratch directory is kept in here.
export TMPDIR="$build/tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
status=0
for t in "${targets[@]}"; do
    work="$build/corpus/$t" findings="$build/findings/$t"
    mkdir -p "$work" "$findings"
    echo "== fuzz_$t for ${seconds}s"
    if ! "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" \
            "$work" "$here/corpus/$t" "$here/regressions/$t" >"$build/fuzz_$t.log" 2>&1; then
        echo "FAILED: fuzz_$t (log: $build/fuzz_$t.log, reproducer in $findings/)" >&2
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$build/fuzz_$t.log" | head -20 >&2 || true
        status=1
    else
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz_$t.log" |
            tr '\n' ' ' || true
        echo
    fi
done
rm -rf "$TMPDIR"
exit $status
