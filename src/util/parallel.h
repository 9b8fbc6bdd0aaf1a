/* parallel.h - run fn(i) for i in [0, n) on a few threads, for classify --threads.
 *
 * Items are handed out one at a time from a shared counter, so uneven articles balance
 * out. Each worker has an index in [0, nthreads) that selects its own scratch space
 * (a scorer, an output buffer); fn must touch nothing else that is shared and mutable.
 * Results are placed by item index, so output order never depends on timing. */
#ifndef TENOR_UTIL_PARALLEL_H
#define TENOR_UTIL_PARALLEL_H

#include <stddef.h>

typedef int (*tenor_parallel_fn)(size_t item, size_t worker, void *payload);

/* Returns 0, or an item's non-zero result (the first one seen; later items may still
 * have run), or TENOR_ENOMEM if its bookkeeping cannot be allocated; a thread that fails
 * to start leaves its share to the others. nthreads 0 or 1 runs in
 * the calling thread. */
int tenor_parallel_for(size_t nthreads, size_t n, tenor_parallel_fn fn, void *payload);

/* A run of fn that the caller joins later, so that it can do other work (I/O) while
 * the other threads work: tenor_parallel_start hands the items to new threads, workers
 * 1 to nthreads - 1, and returns at once; tenor_parallel_finish makes the caller
 * worker 0 until no item is left, waits for the others and returns what
 * tenor_parallel_for would. Worker 0's scratch space is the caller's between the two.
 * A tenor_parallel holds one run at a time. */
typedef struct tenor_parallel tenor_parallel; /* opaque */

/* On success *out is owned by the caller (tenor_parallel_free). Returns 0 or
 * TENOR_ENOMEM. nthreads 0 or 1 runs every item in tenor_parallel_finish. */
int  tenor_parallel_new(tenor_parallel **out, size_t nthreads);
void tenor_parallel_start(tenor_parallel *p, size_t n, tenor_parallel_fn fn, void *payload);
int  tenor_parallel_finish(tenor_parallel *p);
void tenor_parallel_free(tenor_parallel *p); /* NULL is a no-op; not between start and finish */

/* The number of online processors, at least 1. */
size_t tenor_cpu_count(void);

#endif
