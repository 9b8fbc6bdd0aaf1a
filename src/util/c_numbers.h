/* c_numbers.h - numbers formatted with a decimal point, whatever the locale.
 *
 * CSS, JSON and tables need "48.2", not "48,2". The CLI never calls setlocale, but a
 * program using the library may: formatting switches this thread to the C locale's
 * numbers (uselocale) and back. */
#ifndef TENOR_UTIL_C_NUMBERS_H
#define TENOR_UTIL_C_NUMBERS_H

#include <stdarg.h>
#include <stddef.h>

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
size_t tenor_format_4dp(char *out, double v);

#endif
