/* test_util.c - the small utilities: checksums, checked sizes, buffers, parallel_for. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/buf.h"
#include "util/alloc.h"
#include "util/c_numbers.h"
#include "util/crc32.h"
#include "util/json.h"
#include "util/parallel.h"

static void crc32_matches_zlib(void)
{
    /* Reference values from zlib.crc32. */
    CHECK_INT_EQ(tenor_crc32(0, "", 0), 0);
    CHECK_INT_EQ(tenor_crc32(0, "hello", 5), 0x3610a686u);
    CHECK_INT_EQ(tenor_crc32(0, "123456789", 9), 0xcbf43926u);
    /* Continuing a checksum equals checksumming the concatenation. */
    CHECK_INT_EQ(tenor_crc32(tenor_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
    /* Past eight bytes (the sliced loop), at odd lengths and offsets: zlib's values. */
    unsigned char big[1000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)((i * 131 + 7) % 256);
    CHECK_INT_EQ(tenor_crc32(0, big, 1000), 0x1ed57bb9u);
    CHECK_INT_EQ(tenor_crc32(0, big, 333), 0xea23c3b0u);
    CHECK_INT_EQ(tenor_crc32(0, big + 5, 995), 0xe610be24u);
    CHECK_INT_EQ(tenor_crc32(tenor_crc32(0, big, 333), big + 333, 667), 0x1ed57bb9u);
}

static void size_helpers_catch_overflow(void)
{
    size_t out = 0;
    CHECK(!tenor_mul_size(SIZE_MAX / 2 + 1, 2, &out));
    CHECK(tenor_mul_size(1000, 1000, &out) && out == 1000000);
    CHECK(!tenor_add_size(SIZE_MAX, 1, &out));
    CHECK(tenor_alloc_array(SIZE_MAX / 4, 8) == NULL);
}

static void buf_appends_formats_and_stays_terminated(void)
{
    tenor_buf b = TENOR_BUF_INIT;
    CHECK_OK(tenor_buf_append(&b, "abc", 3));
    CHECK_OK(tenor_buf_printf(&b, "-%d-", 42));
    CHECK_OK(tenor_buf_putc(&b, 'z'));
    CHECK_STR_EQ(b.data, "abc-42-z");
    CHECK_INT_EQ(b.len, 8);
    tenor_buf_clear(&b);
    CHECK_STR_EQ(b.data, "");
    tenor_buf_free(&b);
    CHECK(b.data == NULL && b.len == 0);
}

typedef struct {
    size_t out[1000];
    int fail_at;
} work;

static int square(size_t item, size_t worker, void *payload)
{
    work *w = payload;
    (void)worker;
    if ((int)item == w->fail_at)
        return -42;
    w->out[item] = item * item;
    return 0;
}

/* Appends that fit go without a reserve: pieces of every size up to past the
 * capacity, and an empty append to an empty buffer, keep contents and the NUL. */
static void buf_appends_across_growth_stay_exact(void)
{
    tenor_buf b = TENOR_BUF_INIT;
    CHECK_OK(tenor_buf_append(&b, "", 0));
    CHECK(b.data != NULL && b.len == 0 && b.data[0] == '\0');
    char want[4096];
    size_t n = 0;
    for (size_t piece = 1; n + piece < sizeof want; piece++) {
        char chunk[128];
        for (size_t i = 0; i < piece % sizeof chunk; i++)
            chunk[i] = (char)('a' + (n + i) % 26);
        size_t len = piece % sizeof chunk;
        memcpy(want + n, chunk, len);
        n += len;
        CHECK_OK(tenor_buf_append(&b, chunk, len));
        CHECK(b.len == n && b.cap > b.len && b.data[b.len] == '\0');
    }
    CHECK(memcmp(b.data, want, n) == 0);
    tenor_buf_free(&b);
}

/* A program using the library may set a locale whose decimal mark is a comma; the
 * numbers tenor formats (CSS widths, tables) keep the point. Needs such a locale
 * (.ci/run generates de_DE.UTF-8); said and skipped without one. */
static void buf_printf_keeps_the_decimal_point_under_any_locale(void)
{
    locale_t de = newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", (locale_t)0);
    if (!de) {
        fprintf(stderr, "  skipped: no de_DE.UTF-8 locale (localedef -i de_DE -f UTF-8 "
                        "de_DE.UTF-8)\n");
        return;
    }
    locale_t before = uselocale(de);
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    CHECK_STR_EQ(probe, "1,5"); /* the comma locale is in force */
    tenor_buf b = TENOR_BUF_INIT;
    CHECK_OK(tenor_buf_printf(&b, "width:%.1f%%", 48.3));
    CHECK_STR_EQ(b.data, "width:48.3%");
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    CHECK_STR_EQ(probe, "1,5"); /* and still is: the caller's locale is given back */
    uselocale(before);
    freelocale(de);
    tenor_buf_free(&b);
}

/* (in, expected out); out NULL: nothing to change, no copy. */
static void json_escapes_tamed_are_nul_and_lone_surrogates_only(void)
{
    static const char *const cases[][2] = {
        {"{\"text\": \"a\\u0000b\"}", "{\"text\": \"a\\u0020b\"}"},
        {"\"cut \\ud83d\"", "\"cut \\ufffd\""},
        {"\"\\uDC00 then \\uD83D\\uDE00\"", "\"\\ufffd then \\uD83D\\uDE00\""},
        {"\"\\ud83d\\u0041 \\u0000\"", "\"\\ufffd\\u0041 \\u0020\""},
        {"\"\\ud83d", "\"\\ufffd"},                /* cut at the end: no pair */
        {"\"\\ud83d\\ude00 \\u00e9 \\n\"", NULL}, /* a pair, others, plain escapes */
        {"\"\\\\u0000\"", NULL},                     /* an escaped backslash, then text */
        {"\"\\u00\"", NULL},                           /* too short to be an escape */
        {"\"a\\\\\\u0000\"", "\"a\\\\\\u0020\""},   /* an escaped backslash, then one */
        {"\"a\", \"b\\", NULL},                       /* a backslash last */
        {"", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *in = cases[k][0], *want = cases[k][1];
        char unset, *out = &unset;
        CHECK_OK(tenor_json_tame_escapes(&out, in, strlen(in)));
        if (!want) {
            CHECK(out == NULL);
        } else {
            CHECK(out != NULL);
            if (out)
                CHECK(memcmp(out, want, strlen(in)) == 0 && strlen(want) == strlen(in));
        }
        free(out);
    }
}

/* What tenor_format_4dp must write, by its documented rule, printed by printf. */
static void format_4dp_reference(char *out, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(out, n, "null");
        return;
    }
    if (fabs(v) >= 1e14) {
        snprintf(out, n, "%.17g", v);
        return;
    }
    long long r = llround(v * 10000.0);
    unsigned long long a = r < 0 ? 0ull - (unsigned long long)r : (unsigned long long)r;
    int len = snprintf(out, n, "%s%llu.%04llu", r < 0 ? "-" : "", a / 10000, a % 10000);
    while (out[len - 1] == '0')
        out[--len] = '\0';
    if (out[len - 1] == '.')
        out[--len] = '\0';
}

static int format_4dp_mismatch(double v)
{
    char want[64], got[TENOR_4DP_MAX + 1];
    format_4dp_reference(want, sizeof want, v);
    size_t len = tenor_format_4dp(got, v);
    got[len] = '\0';
    if (strcmp(got, want) == 0)
        return 0;
    fprintf(stderr, "tenor_format_4dp(%.17g): \"%s\", want \"%s\"\n", v, got, want);
    return 1;
}

/* Every 4-decimal value within +-3 and its neighbours on both sides and at the halves
 * between (where rounding turns), then random values of every size up to past 1e14. */
static void format_4dp_matches_printf(void)
{
    int bad = 0;
    for (long k = -30000; k <= 30000 && bad < 5; k++)
        for (int half = 0; half < 2; half++) {
            double v = ((double)k + 0.5 * half) / 10000.0;
            bad += format_4dp_mismatch(v) + format_4dp_mismatch(nextafter(v, INFINITY)) +
                   format_4dp_mismatch(nextafter(v, -INFINITY));
        }
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200000 && bad < 5; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double mant = (double)(x >> 11) / 9007199254740992.0;
        bad += format_4dp_mismatch((x & 1 ? -mant : mant) * pow(10.0, (double)(i % 22 - 6)));
    }
    static const double special[] = {0.0, -0.0, 1e14, -1e14, 99999999999999.99, 1e300,
                                     5e-5, -5e-5, 4.9999999999999996e-05, NAN, INFINITY,
                                     -INFINITY};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        bad += format_4dp_mismatch(special[i]);
    CHECK_INT_EQ(bad, 0);
}

static void parallel_for_fills_every_item_in_place(void)
{
    for (size_t threads = 0; threads <= 4; threads++) {
        work *w = calloc(1, sizeof *w);
        w->fail_at = -1;
        CHECK_OK(tenor_parallel_for(threads, 1000, square, w));
        size_t bad = 0;
        for (size_t i = 0; i < 1000; i++)
            bad += w->out[i] != i * i;
        CHECK_INT_EQ(bad, 0);
        free(w);
    }
}

static void parallel_for_returns_an_items_error(void)
{
    work *w = calloc(1, sizeof *w);
    w->fail_at = 500;
    CHECK_INT_EQ(tenor_parallel_for(3, 1000, square, w), -42);
    CHECK_INT_EQ(tenor_parallel_for(1, 1000, square, w), -42);
    free(w);
    CHECK(tenor_cpu_count() >= 1);
}

/* One pool, reused for runs of several sizes (none, fewer than its threads, many):
 * every item of a run is done once finish returns, and an item's error comes back. */
static void parallel_start_finish_runs_every_item_once(void)
{
    for (size_t threads = 0; threads <= 4; threads++) {
        tenor_parallel *p = NULL;
        CHECK_OK(tenor_parallel_new(&p, threads));
        work *w = calloc(1, sizeof *w);
        w->fail_at = -1;
        for (size_t n = 0; n <= 1000; n += 250) {
            memset(w->out, 0, sizeof w->out);
            tenor_parallel_start(p, n, square, w);
            CHECK_OK(tenor_parallel_finish(p));
            size_t bad = 0;
            for (size_t i = 0; i < 1000; i++)
                bad += w->out[i] != (i < n ? i * i : 0);
            CHECK_INT_EQ(bad, 0);
        }
        w->fail_at = 3;
        tenor_parallel_start(p, 10, square, w);
        CHECK_INT_EQ(tenor_parallel_finish(p), -42);
        free(w);
        tenor_parallel_free(p);
    }
    tenor_parallel_free(NULL);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(crc32_matches_zlib, passed, failed);
    RUN(size_helpers_catch_overflow, passed, failed);
    RUN(buf_appends_formats_and_stays_terminated, passed, failed);
    RUN(buf_appends_across_growth_stay_exact, passed, failed);
    RUN(buf_printf_keeps_the_decimal_point_under_any_locale, passed, failed);
    RUN(json_escapes_tamed_are_nul_and_lone_surrogates_only, passed, failed);
    RUN(format_4dp_matches_printf, passed, failed);
    RUN(parallel_for_fills_every_item_in_place, passed, failed);
    RUN(parallel_start_finish_runs_every_item_once, passed, failed);
    RUN(parallel_for_returns_an_items_error, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
