/* error.h - status codes and error detail shared by every tenor module.
 *
 * Every fallible function returns int: 0 on success or a negative tenor_status.
 * Functions that read external input also take an optional tenor_diag, which the
 * caller owns, so that two loads can run side by side and tests can assert on
 * messages. There is no global "last error". */
#ifndef TENOR_ERROR_H
#define TENOR_ERROR_H

#include <stddef.h>

typedef enum {
    TENOR_OK = 0,
    TENOR_ENOMEM = -1,    /* allocation failed or a size overflowed */
    TENOR_EIO = -2,       /* a read, write, fsync or rename failed */
    TENOR_EFORMAT = -3,   /* input is not in the expected format */
    TENOR_EUTF8 = -4,     /* input is not valid UTF-8 */
    TENOR_EINVAL = -5,    /* bad option or unusable data */
    TENOR_EVERSION = -6,  /* a model bundle from a newer tenor */
    TENOR_ENOTFOUND = -7, /* a file or directory does not exist */
    TENOR_ELIMIT = -8     /* input over a documented size limit */
} tenor_status;

/* Detail for the last failure of one call. path and line are 0/"" when unknown;
 * offset is a byte offset within path, or -1. */
typedef struct {
    char msg[512];
    char path[512];
    long line;
    long long offset;
} tenor_diag;

/* A short, static description of a status code; never NULL. */
const char *tenor_strerror(int status);

/* Clears diag (NULL is a no-op). */
void tenor_diag_clear(tenor_diag *diag);

/* Formats msg into diag (NULL is a no-op) and returns status, so that callers can write
 * `return tenor_diag_set(diag, TENOR_EFORMAT, "...", ...);`. */
int tenor_diag_set(tenor_diag *diag, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Records the input a failure is about; line <= 0 and offset < 0 mean unknown. */
void tenor_diag_where(tenor_diag *diag, const char *path, long line, long long offset);

#endif
