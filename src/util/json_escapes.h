/* json_escapes.h - the \u escapes of JSON input that cJSON cannot take, made ones it can.
 *
 * cJSON ends a string at its first NUL, so "\u0000" silently cut a text or an id
 * short; and it refuses a lone surrogate ("\ud83d" from a tweet cut inside an emoji,
 * as Python's json.dumps writes it), which lost the whole record. */
#ifndef TENOR_UTIL_JSON_ESCAPES_H
#define TENOR_UTIL_JSON_ESCAPES_H

#include <stddef.h>

/* If (s, len) has a "\u0000" escape or a lone surrogate escape, sets *out to a copy of
 * the same length where they read "\u0020" (NUL is white space to tenor) and "\ufffd",
 * and returns 0; sets *out to NULL and returns 0 if none needs it; TENOR_ENOMEM. */
int tenor_json_tame_escapes(char **out, const char *s, size_t len);

#endif
