/* out.h - the CLI's stream discipline: results on stdout, "tenor: " diagnostics on
 * stderr, and one check at exit that everything written to stdout got there. */
#ifndef TENOR_CLI_OUT_H
#define TENOR_CLI_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "tenor/error.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* "tenor: <message>" on stderr. */
void out_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The diag's message if it has one, else "<context>: <strerror(status)>". */
void out_diag(const tenor_diag *diag, int status, const char *context);

/* A usage error for command `cmd`: the message, then "Try 'tenor cmd --help'". Returns
 * EXIT_USAGE. */
int out_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Buffers stdout in 64 KB blocks; call before anything is written to it. */
void out_buffer_blocks(void);

/* Writes (data, len) to stdout; false once stdout has failed. */
bool out_write(const void *data, size_t len);

/* out_write for a large block: what stdout holds is flushed, then the block goes to
 * write(2) itself, not copied through stdio's buffer. A failure is reported by
 * out_finish as stdout's own are. */
bool out_write_block(const void *data, size_t len);

/* Flushes and closes stdout; reports a write error (a full disk, /dev/full) and returns
 * EXIT_DATA, else returns `code`. */
int out_finish(int code);

#endif
