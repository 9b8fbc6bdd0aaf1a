/* c_numbers.h - numbers formatted with a decimal point, whatever the locale.
 *
 * CSS, JSON and tables need "48.2", not "48,2". The CLI never calls setlocale, but a
 * program using the library may: formatting switches this thread to the C locale's
 * numbers (uselocale) and back. */
#ifndef TENOR_UTIL_C_NUMBERS_H
#define TENOR_UTIL_C_NUMBERS_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* vsnprintf with the C locale's numbers; the program's locale is given back. */
int tenor_vsnprintf_c(char *s, size_t n, const char *fmt, va_list ap);

/* snprintf with the C locale's numbers. */
int tenor_snprintf_c(char *s, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the decimal digits of a so that they end just before `end`; returns where they
 * start (at most 20 bytes before end). By hand, not snprintf: classify writes several
 * numbers per paragraph and reads one per JSONL line. */
char *tenor_format_u64(char *end, unsigned long long a);

/* Room for any number tenor_format_4dp writes. */
#define TENOR_4DP_MAX 40

/* v rounded to 4 decimals (llround(v * 10000), half away from zero), shortest form
 * ("0.25", "1", "-0.0312"), into out[TENOR_4DP_MAX]; "null" when not finite; %.17g
 * from 1e14, where the fixed-point form would overflow. Not NUL-terminated; returns
 * the length. */
size_t tenor_format_4dp_any(char *out, double v);

/* The digit pairs "00" to "99". */
extern const char tenor_digit_pairs[];

/* tenor_format_4dp_any, with the usual number, a probability, written inline: 0 <= v < 9
 * has one integer digit and no sign. */
static inline size_t tenor_format_4dp(char *out, double v)
{
    if (!(v >= 0.0 && v < 9.0)) /* NaN too */
        return tenor_format_4dp_any(out, v);
    double x = v * 10000.0;
    unsigned r = (unsigned)x; /* x < 90000 */
    r += x - (double)r >= 0.5; /* round half away from zero, as tenor_format_4dp_any */
    unsigned ip = r / 10000u, fp = r % 10000u;
    out[0] = (char)('0' + ip);
    if (!fp)
        return 1;
    unsigned hi = fp / 100u, lo = fp % 100u;
    out[1] = '.';
    memcpy(out + 2, tenor_digit_pairs + 2 * hi, 2);
    memcpy(out + 4, tenor_digit_pairs + 2 * lo, 2);
    return lo ? 5 + (lo % 10u != 0) : 3 + (hi % 10u != 0); /* no trailing zero */
}

#endif
