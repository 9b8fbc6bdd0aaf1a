/* text_internal.h - the paragraph clean-up of text.c, piece by piece, for the JSONL
 * reader (article.c).
 *
 * tenor_text_clean_paragraph collapses the white space of a whole string. The reader
 * cleans a JSON string's body as it goes instead, straight from the line into the
 * article's store: the plain stretches between escapes with tenor_clean_json_run,
 * which finds the string's end and its escapes in the same pass, and each decoded
 * escape with tenor_clean_bytes. The pieces come out as the decoded string would,
 * cleaned whole: the state carries a run or a pending space from one to the next, and
 * no piece ends inside a character. */
#ifndef TENOR_TEXT_INTERNAL_H
#define TENOR_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "tenor/buf.h"

typedef struct {
    bool pending_space; /* white space since the last content, which it follows */
    bool in_run;        /* the last character taken was content */
} tenor_clean_state;

/* A paragraph's state before its first piece. */
#define TENOR_CLEAN_INIT {false, false}

/* Appends the cleaned bytes of (s, len) up to the first '"', '\\' or NUL to b; returns
 * the index of that byte (len if none), or SIZE_MAX when out of memory. */
size_t tenor_clean_json_run(tenor_buf *b, tenor_clean_state *st, const char *s, size_t len);

/* Appends (s, len), whole characters, cleaned, to b; 0 or TENOR_ENOMEM. */
int tenor_clean_bytes(tenor_buf *b, tenor_clean_state *st, const char *s, size_t len);

#endif
