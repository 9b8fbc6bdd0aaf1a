/* parallel.c - a fan-out of POSIX threads over an atomic item counter (see parallel.h).
 *
 * Threads are started per call: classify calls this once per batch of articles, and
 * thread start-up (tens of microseconds) is small next to scoring a batch. */
#include "util/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "tenor/error.h"

typedef struct {
    int (*fn)(size_t, size_t, void *);
    void *payload;
    size_t n;
    atomic_size_t next;
    atomic_int status;
} shared_work;

typedef struct {
    shared_work *work;
    size_t worker;
} worker_arg;

static void *worker_main(void *p)
{
    worker_arg *a = p;
    shared_work *w = a->work;
    for (;;) {
        size_t i = atomic_fetch_add(&w->next, 1);
        if (i >= w->n || atomic_load(&w->status) != 0)
            break;
        int rc = w->fn(i, a->worker, w->payload);
        if (rc) {
            int expected = 0;
            atomic_compare_exchange_strong(&w->status, &expected, rc);
        }
    }
    return NULL;
}

int tenor_parallel_for(size_t nthreads, size_t n,
                       int (*fn)(size_t item, size_t worker, void *payload), void *payload)
{
    if (nthreads > n)
        nthreads = n;
    if (nthreads <= 1) {
        for (size_t i = 0; i < n; i++) {
            int rc = fn(i, 0, payload);
            if (rc)
                return rc;
        }
        return 0;
    }
    shared_work w = {fn, payload, n, 0, 0};
    pthread_t *threads = calloc(nthreads, sizeof *threads);
    worker_arg *args = calloc(nthreads, sizeof *args);
    if (!threads || !args) {
        free(threads);
        free(args);
        return TENOR_ENOMEM;
    }
    size_t started = 0;
    /* Worker 0 is this thread; the others are new. */
    for (size_t t = 1; t < nthreads; t++) {
        args[t] = (worker_arg){&w, t};
        if (pthread_create(&threads[t], NULL, worker_main, &args[t]) != 0)
            break;
        started = t;
    }
    args[0] = (worker_arg){&w, 0};
    worker_main(&args[0]);
    for (size_t t = 1; t <= started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    free(args);
    return atomic_load(&w.status);
}

size_t tenor_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}
