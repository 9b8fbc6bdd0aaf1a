/* buf.h - a growable byte buffer, always NUL-terminated when non-empty.
 *
 * Used for file contents, normalised text and output assembly. Owns its bytes;
 * tenor_buf_free releases them and leaves an empty buffer. */
#ifndef TENOR_BUF_H
#define TENOR_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} tenor_buf;

#define TENOR_BUF_INIT {NULL, 0, 0}

int tenor_buf_reserve(tenor_buf *b, size_t extra); /* 0 or TENOR_ENOMEM */

/* tenor_buf_append when the room left is too small: grows, then appends. */
int tenor_buf_append_growing(tenor_buf *b, const void *data, size_t len);

/* Appends (data, len); 0 or TENOR_ENOMEM. Inline: writers append many small pieces,
 * and most fit in the room left. */
static inline int tenor_buf_append(tenor_buf *b, const void *data, size_t len)
{
    if (b->cap - b->len <= len) /* also when nothing is allocated yet: cap 0 */
        return tenor_buf_append_growing(b, data, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}
int tenor_buf_putc(tenor_buf *b, char c);
int tenor_buf_printf(tenor_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void tenor_buf_clear(tenor_buf *b); /* keeps the storage */
void tenor_buf_free(tenor_buf *b);

#endif
