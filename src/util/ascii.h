/* ascii.h - locale-free ASCII classes for parsing file formats.
 *
 * Never used on article text (that is utf8proc's job); only on option values,
 * TSV and fastText label syntax, and manifest fields. <ctype.h> depends on the
 * locale and is undefined for negative char values, so tenor does not use it. */
#ifndef TENOR_UTIL_ASCII_H
#define TENOR_UTIL_ASCII_H

#include <stdbool.h>

static inline bool tenor_ascii_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool tenor_ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

#endif
