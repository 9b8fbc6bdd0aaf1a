/* json.h - reading JSON with cJSON where cJSON falls short.
 *
 * cJSON ends a string at its first NUL, so "\u0000" silently cut a text or an id
 * short; it refuses a lone surrogate ("\ud83d" from a tweet cut inside an emoji, as
 * Python's json.dumps writes it), which lost the whole record; and it returns NULL
 * alike for malformed input and for a failed malloc. tenor_json_parse tames the two
 * escapes first and tells the failures apart where it can. */
#ifndef TENOR_UTIL_JSON_H
#define TENOR_UTIL_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* If (s, len) has a "\u0000" escape or a lone surrogate escape, sets *out to a copy of
 * the same length where they read "\u0020" (NUL is white space to tenor) and "\ufffd",
 * and returns 0; sets *out to NULL and returns 0 if none needs it; TENOR_ENOMEM. */
int tenor_json_tame_escapes(char **out, const char *s, size_t len);

/* The value of the 4 hex digits at p (of "\uXXXX"), of which `avail` bytes may be
 * read, or -1 if there are not 4 hex digits there. */
long tenor_json_hex4(const char *p, size_t avail);

/* Parses one JSON value from (s, len), escapes tamed first. *end (may be NULL) gets the
 * offset just past the value, or of the error. NULL with *status TENOR_EFORMAT for
 * malformed input, TENOR_ENOMEM when memory ran out (told apart only once
 * tenor_json_hooks_install has run: otherwise a failed malloc reads as malformed). */
cJSON *tenor_json_parse(const char *s, size_t len, size_t *end, int *status);

/* cJSON drops an item silently when malloc fails (cJSON_Add*, cJSON_Create*): builders
 * chain each addition as TENOR_JSON_ADD(ok, call), ok starting true, and give up on
 * the whole document when ok ends false, rather than write it short. */
#define TENOR_JSON_ADD(ok, call) ((ok) = (ok) && (call))

/* Installs cJSON allocation hooks that let tenor_json_parse see a failed malloc.
 * cJSON's hooks are global to the process: the CLI, which owns its process, calls this
 * first thing; a program using the library keeps whatever hooks it set. */
void tenor_json_hooks_install(void);

#endif
