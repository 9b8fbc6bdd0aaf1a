/* token_hash_internal.h - tenor_token_hash (tokenizer.h), inline for the two files that
 * hash in bulk: the tokenizer, every token, and the vocabulary, every term of a bundle as
 * it loads. */
#ifndef TENOR_TOKEN_HASH_INTERNAL_H
#define TENOR_TOKEN_HASH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/swar.h"


static inline uint64_t hash_block(uint64_t h, uint64_t x)
{
    h = (h ^ x) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 32);
}

/* The last r <= 8 bytes of a token as a native word, zero-filled: the value memcpy into a
 * zeroed word gives, without a call to memcpy for a length known only at run time (on
 * little-endian hosts: two overlapping loads, or three bytes). */
static inline uint64_t tail_word(const char *s, size_t r)
{
    uint64_t x = 0;
    if (!TENOR_LITTLE_ENDIAN) {
        memcpy(&x, s, r);
        return x;
    }
    const unsigned char *p = (const unsigned char *)s;
    if (r >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + r - 4, 4);
        return lo | (uint64_t)hi << (8 * (r - 4));
    }
    if (r > 0)
        x = p[0] | (uint64_t)p[r / 2] << (8 * (r / 2)) | (uint64_t)p[r - 1] << (8 * (r - 1));
    return x;
}

/* tenor_token_hash; `padded`: 8 bytes may be read from where the last block starts, so
 * on little-endian hosts one load and a mask make it. */
static inline __attribute__((always_inline)) uint64_t token_hash(const char *s, size_t len,
                                                                 bool padded)
{
    uint64_t h = 0xcbf29ce484222325ull ^ len, x;
    for (; len > 8; s += 8, len -= 8) {
        memcpy(&x, s, 8);
        h = hash_block(h, x);
    }
    if (TENOR_LITTLE_ENDIAN && padded) {
        memcpy(&x, s, 8);
        x &= len == 8 ? UINT64_MAX : (1ull << (8 * len)) - 1;
    } else {
        x = tail_word(s, len);
    }
    h = hash_block(h, x) * 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 33);
}

#if TENOR_SSE2
/* token_hash of the first len bytes of x, 1 <= len <= 16, the bytes from len on zero:
 * the same value, from a register. */
static inline uint64_t token_hash16(__m128i x, size_t len)
{
    uint64_t lo = (uint64_t)_mm_cvtsi128_si64(x),
             hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
    uint64_t h = hash_block(0xcbf29ce484222325ull ^ len, lo);
    h = len > 8 ? hash_block(h, hi) : h;
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 33);
}
#endif

#endif
