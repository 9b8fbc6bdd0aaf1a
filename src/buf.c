/* buf.c - growable byte buffer (see tenor/buf.h). */
#include "tenor/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/error.h"
#include "util/alloc.h"
#include "util/c_numbers.h"

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

int tenor_buf_append_growing(tenor_buf *b, const void *data, size_t len)
{
    int rc = tenor_buf_reserve(b, len);
    if (rc)
        return rc;
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

/* With the C locale's numbers (c_numbers.h): CSS and tables need a decimal point.
 * Formatted straight into the spare room, which usually holds it: a second pass (and
 * a second locale switch) only when it must grow. */
int tenor_buf_printf(tenor_buf *b, const char *fmt, ...)
{
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = tenor_vsnprintf_c(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return TENOR_EINVAL;
    if ((size_t)n >= room) {
        int rc = tenor_buf_reserve(b, (size_t)n);
        if (rc) {
            if (b->data)
                b->data[b->len] = '\0'; /* undo a cut-off write into the room */
            return rc;
        }
        va_start(ap, fmt);
        tenor_vsnprintf_c(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
    return 0;
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
