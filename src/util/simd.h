/* simd.h - whether byte scans may use SSE2, which every x86-64 processor has.
 *
 * Scans over article text (UTF-8 checks, white-space clean-up, JSON escaping) take 16
 * bytes at a time with SSE2 and keep a portable path that finds the same bytes.
 * Building with TENOR_NO_SIMD takes the portable paths (tests build both). */
#ifndef TENOR_UTIL_SIMD_H
#define TENOR_UTIL_SIMD_H

#if defined(__SSE2__) && defined(__GNUC__) && !defined(TENOR_NO_SIMD)
#define TENOR_SSE2 1
#include <emmintrin.h>

/* The 16 bytes at p (any alignment). */
static inline __m128i tenor_load16(const char *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* The index of the lowest set bit of a movemask result, m != 0. */
static inline unsigned tenor_first_bit(int m)
{
    return (unsigned)__builtin_ctz((unsigned)m);
}
#else
#define TENOR_SSE2 0
#endif

#endif
