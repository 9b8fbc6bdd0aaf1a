/* parallel.h - run fn(i) for i in [0, n) on a few threads, for classify --threads.
 *
 * Items are handed out one at a time from a shared counter, so uneven articles balance
 * out. Each worker has an index in [0, nthreads) that selects its own scratch space
 * (a scorer, an output buffer); fn must touch nothing else that is shared and mutable.
 * Results are placed by item index, so output order never depends on timing. */
#ifndef TENOR_UTIL_PARALLEL_H
#define TENOR_UTIL_PARALLEL_H

#include <stddef.h>

/* Returns 0, or an item's non-zero result (the first one seen; later items may still
 * have run), or TENOR_ENOMEM if its bookkeeping cannot be allocated; a thread that fails
 * to start leaves its share to the others. nthreads 0 or 1 runs in
 * the calling thread. */
int tenor_parallel_for(size_t nthreads, size_t n,
                       int (*fn)(size_t item, size_t worker, void *payload), void *payload);

/* The number of online processors, at least 1. */
size_t tenor_cpu_count(void);

#endif
