/* alloc_shim.c - an LD_PRELOAD library that makes one allocation fail, for
 * tests/reliability.sh (a train that runs out of memory while saving its bundle).
 *
 * Apart from fault_shim.c because it replaces malloc, which an ASan build must keep
 * its own; reliability.sh preloads it only into builds without sanitizers.
 *   TENOR_FAULT_ALLOC_AT=N     the N-th call of malloc, calloc or realloc fails with
 *                              ENOMEM (glibc only: the real ones are __libc_*);
 *   TENOR_FAULT_ALLOC_COUNT=F  the number of those calls is written to file F at exit,
 *                              so that a test can aim at the last ones.
 * Not part of tenor; never linked into it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static long long allocs;

static int alloc_fails(void)
{
    static long long at = -1;
    if (at < 0) {
        const char *e = getenv("TENOR_FAULT_ALLOC_AT");
        at = e ? atoll(e) : 0;
    }
    if (++allocs != at || at == 0)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    return alloc_fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return alloc_fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return alloc_fails() ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void write_alloc_count(void)
{
    const char *path = getenv("TENOR_FAULT_ALLOC_COUNT");
    if (!path)
        return;
    char text[32];
    int n = snprintf(text, sizeof text, "%lld\n", allocs);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, text, (size_t)n);
        (void)w;
        close(fd);
    }
}
