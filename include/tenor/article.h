/* article.h - articles to classify: plain text, JSON or JSONL -> paragraphs.
 *
 * Pipeline: bytes -> [article] -> scorer. An article is an optional id and title and a
 * list of paragraphs. Plain text is split by tenor_text_split_paragraphs; a JSON
 * article object is {"id", "title", "text"} (text split the same way) or
 * {"id", "title", "paragraphs": [...]} (taken as given, white space tidied). A JSON
 * input is one object or an array of them; JSONL is one object per line.
 *
 * Invalid UTF-8 in articles is repaired, not refused: each bad sequence becomes U+FFFD
 * and the caller is told how many and where the first was, so that one scraped page
 * with a stray Latin-1 byte does not stop a run over a whole archive. */
#ifndef TENOR_ARTICLE_H
#define TENOR_ARTICLE_H

#include <stddef.h>

#include "tenor/buf.h"
#include "tenor/error.h"
#include "tenor/text.h"

typedef struct {
    char *id;    /* NULL if absent */
    char *title; /* NULL if absent */
    tenor_strlist paragraphs;
    /* The JSONL reader's: the bytes of the paragraphs it cleaned itself, which those
     * paragraphs point into (the others are owned one by one). tenor_article_parse_line
     * keeps it, and paragraphs.items, from one line to the next: no allocation per
     * paragraph, nor per line once they are large enough. */
    tenor_buf store;
} tenor_article;

#define TENOR_ARTICLE_INIT {NULL, NULL, TENOR_STRLIST_INIT, TENOR_BUF_INIT}

void tenor_article_free(tenor_article *a); /* frees the contents; leaves it empty */

/* The length of paragraph i of a: known without strlen for those in the store, which
 * follow one another there, each after the last one's NUL. */
size_t tenor_article_paragraph_len(const tenor_article *a, size_t i);

typedef enum {
    TENOR_INPUT_AUTO = 0,
    TENOR_INPUT_TEXT,
    TENOR_INPUT_JSON,
    TENOR_INPUT_JSONL
} tenor_input_format;

/* Guesses the format from the start of an input: '[' -> JSON; '{' -> JSON if the first
 * line can only be the start of a value written over several lines (it is not whole,
 * does not end inside a string, does not close the object it opens, and the next line
 * goes on as JSON allows; with no next line, it ends where more must come: { [ , :),
 * else JSONL (a broken first record then costs only itself); anything else -> text.
 * A UTF-8 BOM and leading white space are skipped. */
tenor_input_format tenor_input_detect(const char *data, size_t len);

/* What was repaired in the input of one call (see above). */
typedef struct {
    size_t invalid_utf8;       /* replaced sequences */
    long long first_offset;    /* byte offset of the first, or -1 */
} tenor_repairs;

/* Called once per article; the article is borrowed for the call. A non-zero return
 * stops parsing and is passed back. */
typedef int (*tenor_article_fn)(tenor_article *a, void *payload);

/* Parses a whole text (TEXT: one article) or JSON input. `path` names the input in
 * messages and default ids. Returns 0, the callback's code, TENOR_EFORMAT (malformed
 * JSON, diag naming path and offset; or an article of the wrong shape: in an array it is
 * skipped and the others are read, as is a malformed JSONL line, and diag names the
 * first and counts them) or TENOR_ENOMEM. */
int tenor_articles_parse(const char *path, const char *data, size_t len,
                         tenor_input_format format, tenor_article_fn fn, void *payload,
                         tenor_repairs *repairs, tenor_diag *diag);

/* Parses one JSONL line into *out (its contents replaced). `line_no` is used in
 * messages and as the default id "<path>:<line>". */
int tenor_article_parse_line(tenor_article *out, const char *path, long line_no,
                             const char *line, size_t len, tenor_repairs *repairs,
                             tenor_diag *diag);

#endif
