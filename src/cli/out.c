/* out.c - stdout/stderr discipline for the CLI (see out.h). */
#include "cli/out.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void out_error(const char *fmt, ...)
{
    va_list ap;
    fputs("tenor: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void out_diag(const tenor_diag *diag, int status, const char *context)
{
    if (diag && diag->msg[0])
        out_error("%s", diag->msg);
    else
        out_error("%s: %s", context, tenor_strerror(status));
}

int out_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("tenor: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tenor %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

/* The reader went away while SIGPIPE is ignored (a parent such as Python's subprocess
 * or a shell's trap may leave it so): end as the default action would, quietly and with
 * the signal's status, which is what `tenor ... | head` expects. */
static void end_if_reader_gone(void)
{
    if (errno != EPIPE)
        return;
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
}

/* stdio would write in blocks of st_blksize, 4 KB for a file, a pipe or /dev/null:
 * classify's output then took a write(2) per 4 KB, 2% of its time. glibc takes the
 * size only with a buffer given, so the buffer is ours. */
void out_buffer_blocks(void)
{
    static char block[1 << 16];
    setvbuf(stdout, block, _IOFBF, sizeof block);
}

bool out_write(const void *data, size_t len)
{
    if ((len && fwrite(data, 1, len, stdout) != len) || ferror(stdout)) {
        end_if_reader_gone();
        return false;
    }
    return true;
}

/* The errno of a failed out_write_block, 0 if none: stdout's error flag does not see it. */
static int block_errno;

bool out_write_block(const void *data, size_t len)
{
    if (block_errno || fflush(stdout) != 0 || ferror(stdout)) {
        end_if_reader_gone();
        return false;
    }
    const char *p = data;
    while (len) {
        ssize_t n = write(STDOUT_FILENO, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            block_errno = n < 0 ? errno : EIO;
            end_if_reader_gone();
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

int out_finish(int code)
{
    /* fclose must run even when the error flag is already set (jq's shape). */
    int bad = ferror(stdout);
    if (fclose(stdout) != 0 || bad || block_errno) {
        if (!bad && block_errno)
            errno = block_errno;
        end_if_reader_gone();
        out_error("writing output failed: %s", errno ? strerror(errno) : "I/O error");
        return EXIT_DATA;
    }
    return code;
}
