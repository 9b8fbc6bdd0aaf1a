/* c_numbers.c - see c_numbers.h. */
#define _GNU_SOURCE /* newlocale, uselocale (POSIX 2008) */
#include "util/c_numbers.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>

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
