/* error.c - tenor_strerror and the tenor_diag helpers.
 *
 * The diag is plain data owned by the caller; nothing here allocates. */
#include "tenor/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tenor_strerror(int status)
{
    switch (status) {
    case TENOR_OK: return "success";
    case TENOR_ENOMEM: return "out of memory";
    case TENOR_EIO: return "input/output error";
    case TENOR_EFORMAT: return "bad format";
    case TENOR_EUTF8: return "invalid UTF-8";
    case TENOR_EINVAL: return "invalid argument or data";
    case TENOR_EVERSION: return "unsupported version";
    case TENOR_ENOTFOUND: return "not found";
    case TENOR_ELIMIT: return "input too large";
    default: return "unknown error";
    }
}

void tenor_diag_clear(tenor_diag *diag)
{
    if (!diag)
        return;
    diag->msg[0] = '\0';
    diag->path[0] = '\0';
    diag->line = 0;
    diag->offset = -1;
}

int tenor_diag_set(tenor_diag *diag, int status, const char *fmt, ...)
{
    if (diag) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(diag->msg, sizeof diag->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

void tenor_diag_where(tenor_diag *diag, const char *path, long line, long long offset)
{
    if (!diag)
        return;
    snprintf(diag->path, sizeof diag->path, "%s", path ? path : "");
    diag->line = line;
    diag->offset = offset;
}
