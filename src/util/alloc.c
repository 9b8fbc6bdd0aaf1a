/* alloc.c - checked allocation helpers (see alloc.h). */
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "tenor/error.h"

void *tenor_alloc_array(size_t n, size_t size)
{
    size_t bytes;
    if (!tenor_mul_size(n, size, &bytes))
        return NULL;
    return malloc(bytes ? bytes : 1);
}

void *tenor_calloc_array(size_t n, size_t size)
{
    size_t bytes;
    if (!tenor_mul_size(n, size, &bytes))
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

int tenor_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return TENOR_ENOMEM;
        ncap *= 2;
    }
    size_t bytes;
    if (!tenor_mul_size(ncap, size, &bytes))
        return TENOR_ENOMEM;
    void *p = realloc(*items, bytes);
    if (!p)
        return TENOR_ENOMEM;
    *items = p;
    *cap = ncap;
    return 0;
}

char *tenor_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
