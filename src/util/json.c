/* json.c - see json.h. */
#include "util/json.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/error.h"

long tenor_json_hex4(const char *p, size_t avail)
{
    if (avail < 4)
        return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The value of the escape "\uXXXX" at s[i], or -1 if there is none there. */
static long escape_at(const char *s, size_t len, size_t i)
{
    if (i + 2 > len || s[i] != '\\' || s[i + 1] != 'u')
        return -1;
    return tenor_json_hex4(s + i + 2, len - i - 2);
}

int tenor_json_tame_escapes(char **out, const char *s, size_t len)
{
    *out = NULL;
    for (size_t i = 0; i < len; i++) {
        /* Straight to the next backslash: most text has few, and this runs on every line. */
        const char *bs = memchr(s + i, '\\', len - i);
        if (!bs)
            break;
        i = (size_t)(bs - s);
        long v = escape_at(s, len, i);
        if (v < 0) {
            i++; /* another escape, such as \\ or \": its second byte is not a start */
            continue;
        }
        const char *with = NULL;
        if (v == 0) {
            with = "0020";
        } else if (v >= 0xD800 && v <= 0xDBFF) {
            long low = escape_at(s, len, i + 6);
            if (low >= 0xDC00 && low <= 0xDFFF)
                i += 6; /* a pair: both are fine */
            else
                with = "fffd";
        } else if (v >= 0xDC00 && v <= 0xDFFF) {
            with = "fffd"; /* a low surrogate not after a high one */
        }
        if (with) {
            if (!*out) { /* the first: copy, then edit the copy from here on */
                if (!(*out = malloc(len)))
                    return TENOR_ENOMEM;
                memcpy(*out, s, len);
            }
            memcpy(*out + i + 2, with, 4);
        }
        i += 5;
    }
    return 0;
}

/* ---- telling a failed malloc from bad input --------------------------------- */

static _Thread_local bool alloc_failed;

static void *watched_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        alloc_failed = true;
    return p;
}

void tenor_json_hooks_install(void)
{
    cJSON_Hooks hooks = {watched_malloc, free};
    cJSON_InitHooks(&hooks);
}

cJSON *tenor_json_parse(const char *s, size_t len, size_t *end, int *status)
{
    char *tamed;
    if (tenor_json_tame_escapes(&tamed, s, len)) {
        *status = TENOR_ENOMEM;
        return NULL;
    }
    const char *text = tamed ? tamed : s, *stop = NULL;
    alloc_failed = false;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &stop, 0);
    if (end)
        *end = stop ? (size_t)(stop - text) : len;
    *status = root ? 0 : alloc_failed ? TENOR_ENOMEM : TENOR_EFORMAT;
    free(tamed);
    return root;
}
