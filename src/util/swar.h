/* swar.h - eight bytes of article text at a time in a 64-bit word, for the scans that
 * find runs of letters (the tokenizer, the boilerplate scan).
 *
 * Finding the first byte of a word in memory order from a mask needs little-endian
 * words; on other hosts the scans take their byte-by-byte paths. */
#ifndef TENOR_UTIL_SWAR_H
#define TENOR_UTIL_SWAR_H

#include <stdint.h>

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

#endif
