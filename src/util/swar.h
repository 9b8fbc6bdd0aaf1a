/* swar.h - eight bytes of article text at a time in a 64-bit word, and sixteen in an
 * SSE2 register (simd.h), for the scans that find runs of letters (the tokenizer, the
 * boilerplate scan).
 *
 * Finding the first byte of a word in memory order from a mask needs little-endian
 * words; on other hosts the scans take their byte-by-byte paths. */
#ifndef TENOR_UTIL_SWAR_H
#define TENOR_UTIL_SWAR_H

#include <stdint.h>

#include "util/simd.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TENOR_LITTLE_ENDIAN 1
#else
#define TENOR_LITTLE_ENDIAN 0
#endif

/* 0x80 in each byte of x that is an ASCII letter, exactly (no carries between bytes:
 * "determine if a word has a byte between m and n", Bit Twiddling Hacks). */
static inline uint64_t tenor_swar_letters(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t y = (x | 0x20 * ones) & 0x7F * ones; /* folded; bytes from 0x80 fail on ~x */
    return ((127 + 'z' + 1) * ones - y) & ~x & (y + (127 - ('a' - 1)) * ones) & 0x80 * ones;
}

#if TENOR_SSE2
/* Bit b set for each byte b of x that is an ASCII letter: the bytes tenor_swar_letters
 * finds, sixteen at a time (folded, then a - z moved to the bottom of the signed range,
 * where one compare finds them). */
static inline unsigned tenor_sse2_letters(__m128i x)
{
    __m128i y = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x80 - 'a'));
    return (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(y, _mm_set1_epi8(-128 + 26)));
}

/* Bit b set for each byte b of x that is an ASCII digit, or from 0x80. */
static inline unsigned tenor_sse2_digits_high(__m128i x)
{
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x80 - '0')),
                                   _mm_set1_epi8(-128 + 10)); /* as for the letters */
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(x, digit));
}

/* Bit b set for each byte b of x that is c. */
static inline unsigned tenor_sse2_bytes(__m128i x, char c)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}

/* The 64 bytes at p as bit masks, bit b for byte b: ASCII letters; ASCII digits and
 * bytes from 0x80; and each of three bytes a scan looks for (the plain-word scans of
 * the tokenizer and the boilerplate scan). */
typedef struct {
    uint64_t letter, digit_high, byte[3];
} tenor_masks64;

static inline tenor_masks64 tenor_masks64_at(const char *p, char c0, char c1, char c2)
{
    tenor_masks64 m = {0, 0, {0, 0, 0}};
    for (unsigned k = 0; k < 64; k += 16) {
        __m128i x = tenor_load16(p + k);
        m.letter |= (uint64_t)tenor_sse2_letters(x) << k;
        m.digit_high |= (uint64_t)tenor_sse2_digits_high(x) << k;
        m.byte[0] |= (uint64_t)tenor_sse2_bytes(x, c0) << k;
        m.byte[1] |= (uint64_t)tenor_sse2_bytes(x, c1) << k;
        m.byte[2] |= (uint64_t)tenor_sse2_bytes(x, c2) << k;
    }
    return m;
}
#endif

#endif
