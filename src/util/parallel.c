/* parallel.c - a fan-out of POSIX threads over an atomic item counter (see parallel.h).
 *
 * Threads are started per run: classify starts one run per batch of articles, and
 * thread start-up (tens of microseconds) is small next to scoring a batch. */
#include "util/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "tenor/error.h"

typedef struct {
    tenor_parallel *pool;
    size_t worker;
} worker_arg;

struct tenor_parallel {
    size_t nthreads;
    tenor_parallel_fn fn;
    void *payload;
    size_t n;
    atomic_size_t next;
    atomic_int status;
    size_t started;     /* threads[1 .. started] are running */
    pthread_t *threads; /* [nthreads]; 0 is the caller's */
    worker_arg *args;   /* [nthreads] */
};

static void *worker_main(void *arg)
{
    worker_arg *a = arg;
    tenor_parallel *p = a->pool;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n || atomic_load(&p->status) != 0)
            break;
        int rc = p->fn(i, a->worker, p->payload);
        if (rc) {
            int expected = 0;
            atomic_compare_exchange_strong(&p->status, &expected, rc);
        }
    }
    return NULL;
}

int tenor_parallel_new(tenor_parallel **out, size_t nthreads)
{
    *out = NULL;
    tenor_parallel *p = calloc(1, sizeof *p);
    if (!p)
        return TENOR_ENOMEM;
    p->nthreads = nthreads ? nthreads : 1;
    p->threads = calloc(p->nthreads, sizeof *p->threads);
    p->args = calloc(p->nthreads, sizeof *p->args);
    if (!p->threads || !p->args) {
        tenor_parallel_free(p);
        return TENOR_ENOMEM;
    }
    for (size_t t = 0; t < p->nthreads; t++)
        p->args[t] = (worker_arg){p, t};
    *out = p;
    return 0;
}

void tenor_parallel_start(tenor_parallel *p, size_t n, tenor_parallel_fn fn, void *payload)
{
    p->fn = fn;
    p->payload = payload;
    p->n = n;
    atomic_store(&p->next, 0);
    atomic_store(&p->status, 0);
    p->started = 0;
    /* No more threads than items: the caller may be busy until finish. */
    for (size_t t = 1; t < p->nthreads && t <= n; t++) {
        if (pthread_create(&p->threads[t], NULL, worker_main, &p->args[t]) != 0)
            break;
        p->started = t;
    }
}

int tenor_parallel_finish(tenor_parallel *p)
{
    worker_main(&p->args[0]);
    for (size_t t = 1; t <= p->started; t++)
        pthread_join(p->threads[t], NULL);
    p->started = 0;
    return atomic_load(&p->status);
}

void tenor_parallel_free(tenor_parallel *p)
{
    if (!p)
        return;
    free(p->threads);
    free(p->args);
    free(p);
}

int tenor_parallel_for(size_t nthreads, size_t n, tenor_parallel_fn fn, void *payload)
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
    tenor_parallel *p;
    if (tenor_parallel_new(&p, nthreads))
        return TENOR_ENOMEM;
    tenor_parallel_start(p, n, fn, payload);
    int rc = tenor_parallel_finish(p);
    tenor_parallel_free(p);
    return rc;
}

size_t tenor_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}
