/* fault_shim.c - an LD_PRELOAD library that makes file writes fail, for tests/reliability.sh.
 *
 * Simulates a disk that fills up (as jq's inject_errors.c does for stdio). Only
 * write(), pwrite() and fsync() on regular files other than stdin, stdout and stderr
 * are affected, and only when the environment asks:
 *   TENOR_FAULT_WRITE_LIMIT=N  after N bytes in total, writes fail with ENOSPC (the
 *                              write that crosses N is cut short first, as a real
 *                              full disk does);
 *   TENOR_FAULT_FSYNC=1        every fsync of a regular file fails with EIO;
 *   TENOR_FAULT_SLOW_MS=N      every write and fsync first sleeps N ms (a slow disk),
 *                              so that a test can kill -9 a process while it writes.
 * Not part of tenor; never linked into it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long long written;

static int is_target(int fd)
{
    struct stat st;
    return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static void maybe_sleep(int fd)
{
    const char *ms = getenv("TENOR_FAULT_SLOW_MS");
    if (ms && is_target(fd))
        usleep((useconds_t)atoi(ms) * 1000u);
}

/* How much of a write of n bytes may go through: n, fewer, or -1 for ENOSPC. */
static ssize_t allowance(int fd, size_t n)
{
    maybe_sleep(fd);
    const char *limit = getenv("TENOR_FAULT_WRITE_LIMIT");
    if (!limit || !is_target(fd))
        return (ssize_t)n;
    long long max = atoll(limit);
    if (written >= max) {
        errno = ENOSPC;
        return -1;
    }
    if ((long long)n > max - written)
        n = (size_t)(max - written);
    written += (long long)n;
    return (ssize_t)n;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    ssize_t ok = allowance(fd, n);
    if (ok < 0)
        return -1;
    return real(fd, buf, (size_t)ok);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    ssize_t ok = allowance(fd, n);
    if (ok < 0)
        return -1;
    return real(fd, buf, (size_t)ok, off);
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    maybe_sleep(fd);
    const char *f = getenv("TENOR_FAULT_FSYNC");
    if (f && *f == '1' && is_target(fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}
