/* harness.h - a minimal test harness: CHECK macros with file:line, a runner, and the
 * closing line "N passed, N failed" that CI reads. One executable per module. */
#ifndef TENOR_TEST_HARNESS_H
#define TENOR_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_failed_checks;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);    \
            harness_failed_checks++;                                                    \
        }                                                                               \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                              \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ != b_) {                                                                 \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__,   \
                    #a, a_, b_);                                                        \
            harness_failed_checks++;                                                    \
        }                                                                               \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                              \
    do {                                                                                \
        const char *a_ = (a), *b_ = (b);                                                \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                        \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__,         \
                    __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");              \
            harness_failed_checks++;                                                    \
        }                                                                               \
    } while (0)

#define CHECK_NEAR(a, b, eps) CHECK(fabs((double)(a) - (double)(b)) <= (eps))
#define CHECK_OK(call) CHECK_INT_EQ((call), 0)

/* Runs one test function and counts it as passed if it added no failed check. */
#define RUN(test, passed, failed)                                                       \
    do {                                                                                \
        int before_ = harness_failed_checks;                                            \
        test();                                                                         \
        if (harness_failed_checks == before_)                                           \
            (passed)++;                                                                 \
        else {                                                                          \
            (failed)++;                                                                 \
            fprintf(stderr, "FAILED: %s\n", #test);                                     \
        }                                                                               \
    } while (0)

#define HARNESS_REPORT(passed, failed)                                                  \
    (printf("%d passed, %d failed\n", (passed), (failed)), (failed) ? 1 : 0)

/* The tests' random numbers: a fixed LCG, so that every run checks the same cases. */
static inline unsigned lcg_next(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 16;
}

/* Writes fewer than max_pieces pieces, each drawn from pieces[0..npieces), into s (the
 * caller sizes it for max_pieces of the longest); returns the length written. */
static inline size_t random_pieces(char *s, const char *const *pieces, size_t npieces,
                                   size_t max_pieces, unsigned *state)
{
    size_t n = 0, count = lcg_next(state) % max_pieces;
    for (size_t k = 0; k < count; k++) {
        const char *p = pieces[lcg_next(state) % npieces];
        memcpy(s + n, p, strlen(p));
        n += strlen(p);
    }
    return n;
}

#endif
