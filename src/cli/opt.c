/* opt.c - strict numeric option parsing (see opt.h). The process stays in the "C"
 * locale, so strtod always reads '.' as the decimal point. */
#include "cli/opt.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>

bool opt_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool opt_parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v <= lo || v > hi)
        return false;
    *out = v;
    return true;
}

const char *opt_offending(int argc, char **argv)
{
    int i = optind > 1 ? optind - 1 : 1;
    return i < argc ? argv[i] : "";
}
