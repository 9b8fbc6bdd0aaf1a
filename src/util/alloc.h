/* alloc.h - overflow-checked size arithmetic and a growth helper for arrays.
 *
 * Every allocation size in tenor that depends on input goes through these, so an
 * overflowed product becomes TENOR_ENOMEM rather than a short buffer. */
#ifndef TENOR_UTIL_ALLOC_H
#define TENOR_UTIL_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* *out = a * b; false on overflow. */
static inline bool tenor_mul_size(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b)
        return false;
    *out = a * b;
    return true;
}

/* *out = a + b; false on overflow. */
static inline bool tenor_add_size(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

/* malloc(n * size) with the product checked; NULL on overflow or failure. */
void *tenor_alloc_array(size_t n, size_t size);

/* calloc that also returns NULL for a zero-sized request made non-zero. */
void *tenor_calloc_array(size_t n, size_t size);

/* Grows *items (of *cap elements of `size` bytes) to hold at least `need` elements,
 * doubling. Leaves *items intact on failure. Returns 0 or TENOR_ENOMEM. */
int tenor_grow(void **items, size_t *cap, size_t need, size_t size);

/* strdup of (s, len) with a terminating NUL; NULL on failure. */
char *tenor_strndup(const char *s, size_t len);

#endif
