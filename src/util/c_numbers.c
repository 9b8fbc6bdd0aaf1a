/* c_numbers.c - see c_numbers.h. */
#define _GNU_SOURCE /* newlocale, uselocale (POSIX 2008) */
#include "util/c_numbers.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* (locale_t)0 if it could not be made: the program's numbers, then. */
static locale_t c_numbers;
static pthread_once_t c_numbers_once = PTHREAD_ONCE_INIT;

static void make_c_numbers(void)
{
    c_numbers = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

int tenor_vsnprintf_c(char *s, size_t n, const char *fmt, va_list ap)
{
    pthread_once(&c_numbers_once, make_c_numbers);
    locale_t before = c_numbers ? uselocale(c_numbers) : (locale_t)0;
    int len = vsnprintf(s, n, fmt, ap);
    if (before)
        uselocale(before);
    return len;
}

int tenor_snprintf_c(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = tenor_vsnprintf_c(s, n, fmt, ap);
    va_end(ap);
    return len;
}

char *tenor_format_u64(char *end, unsigned long long a)
{
    do {
        *--end = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    return end;
}

/* llround(x) for |x| < 2^63, inline: the libm call was a quarter of a number's cost.
 * x - t, the fraction cut off, is exact. */
static long long round_half_away(double x)
{
    long long t = (long long)x;
    double frac = x - (double)t;
    return t + (frac >= 0.5) - (frac <= -0.5);
}

const char tenor_digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                 "25262728293031323334353637383940414243444546474849"
                                 "50515253545556575859606162636465666768697071727374"
                                 "75767778798081828384858687888990919293949596979899";

/* By hand, not snprintf: several numbers per paragraph of classify's output, most of
 * them probabilities (an integer part of 0 or 1), which tenor_format_4dp writes inline. */
size_t tenor_format_4dp_any(char *out, double v)
{
    if (!isfinite(v)) {
        memcpy(out, "null", 4);
        return 4;
    }
    if (fabs(v) >= 1e14)
        return (size_t)tenor_snprintf_c(out, TENOR_4DP_MAX, "%.17g", v);
    long long r = round_half_away(v * 10000.0);
    unsigned long long a = r < 0 ? (unsigned long long)(-(r + 1)) + 1u : (unsigned long long)r;
    unsigned long long ip = a / 10000u;
    unsigned fp = (unsigned)(a % 10000u);
    size_t len = 0;
    if (r < 0)
        out[len++] = '-';
    if (ip < 10) {
        out[len++] = (char)('0' + ip);
    } else {
        char digits[24], *first = tenor_format_u64(digits + sizeof digits, ip);
        size_t nd = (size_t)(digits + sizeof digits - first);
        memcpy(out + len, first, nd);
        len += nd;
    }
    if (fp) {
        out[len] = '.';
        memcpy(out + len + 1, tenor_digit_pairs + 2 * (fp / 100), 2);
        memcpy(out + len + 3, tenor_digit_pairs + 2 * (fp % 100), 2);
        len += 5;
        while (out[len - 1] == '0') /* fp > 0: stops at a digit, before the point */
            len--;
    }
    return len;
}
