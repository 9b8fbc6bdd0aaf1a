/* opt.h - strict parsing of numeric option values for the CLI.
 *
 * strtol/strtod with errno, end-pointer and range checks: "--c abc" is an error, never
 * a silent 0 (the atoi trap of svm-train). */
#ifndef TENOR_CLI_OPT_H
#define TENOR_CLI_OPT_H

#include <stdbool.h>

/* *out = s as a whole number in [lo, hi]; false if s is anything else. */
bool opt_parse_long(const char *s, long lo, long hi, long *out);

/* *out = s as a finite number in (lo, hi]; false otherwise. */
bool opt_parse_double(const char *s, double lo, double hi, double *out);

/* After getopt_long returned '?' (with opterr = 0: tenor words its own messages), the
 * argument it stopped at, for the error message. */
const char *opt_offending(int argc, char **argv);

#endif
