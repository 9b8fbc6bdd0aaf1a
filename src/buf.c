/* buf.c - growable byte buffer (see tenor/buf.h). */
#define _GNU_SOURCE /* newlocale, uselocale (POSIX 2008) */
#include "tenor/buf.h"

#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/error.h"
#include "util/alloc.h"

int tenor_buf_reserve(tenor_buf *b, size_t extra)
{
    size_t need;
    if (!tenor_add_size(b->len, extra, &need) || !tenor_add_size(need, 1, &need))
        return TENOR_ENOMEM;
    void *items = b->data;
    int rc = tenor_grow(&items, &b->cap, need, 1);
    b->data = items;
    return rc;
}

int tenor_buf_append(tenor_buf *b, const void *data, size_t len)
{
    /* Most appends fit (the writers append many small pieces): reserve only if not. */
    if (b->cap - b->len <= len) { /* also when nothing is allocated yet: cap 0 */
        int rc = tenor_buf_reserve(b, len);
        if (rc)
            return rc;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int tenor_buf_putc(tenor_buf *b, char c)
{
    return tenor_buf_append(b, &c, 1);
}

/* The C locale's numbers for this thread, whatever the program set with setlocale:
 * CSS and tables need "48.2", not "48,2" (the CLI never sets a locale; a program using
 * the library may). (locale_t)0 if it could not be made: the program's, then. */
static locale_t c_numbers;
static pthread_once_t c_numbers_once = PTHREAD_ONCE_INIT;

static void make_c_numbers(void)
{
    c_numbers = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

int tenor_buf_printf(tenor_buf *b, const char *fmt, ...)
{
    pthread_once(&c_numbers_once, make_c_numbers);
    locale_t before = c_numbers ? uselocale(c_numbers) : (locale_t)0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    int rc = n < 0 ? TENOR_EINVAL : tenor_buf_reserve(b, (size_t)n);
    if (!rc) {
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
    }
    if (before)
        uselocale(before);
    return rc;
}

void tenor_buf_clear(tenor_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void tenor_buf_free(tenor_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
