/* text.h - the text boundary: UTF-8 checking, paragraph splitting, normalisation.
 *
 * Pipeline: bytes -> [text] -> tokenizer. Everything after this module may assume
 * valid UTF-8. The normalisation policy (TENOR_TEXT_POLICY) is one function with no
 * options, and its version is stored in every bundle so that classify normalises
 * exactly as train did:
 *   - NFKC (compatibility composition: "ﬁ" -> "fi", "２０２４" -> "2024") and full case
 *     folding ("İSTANBUL" -> "i̇stanbul");
 *   - typographic apostrophes, quotes and dashes become ' " - (Trump’s = Trump's);
 *   - control characters are dropped and default-ignorable code points removed;
 *   - combining marks are kept ("año" stays distinct from "ano"): stripping them would
 *     merge different words in Spanish, Portuguese, Turkish and others. */
#ifndef TENOR_TEXT_H
#define TENOR_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "tenor/error.h"

/* Version of the normalisation + tokenisation policy; bump on any change. */
#define TENOR_TEXT_POLICY 1

/* Checks that (s, len) is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF). Returns 0, or TENOR_EUTF8 with *bad_offset set to the first bad byte. */
int tenor_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* The terminal columns of the code point at s[i] (0 for a combining mark, 2 for a wide
 * CJK character or emoji, else 1; a byte that starts no valid sequence counts 1), and
 * in *n its length in bytes. i < len. */
size_t tenor_text_columns(const char *s, size_t len, size_t i, size_t *n);

/* The name iconv knows for (s, len) if it starts like UTF-16 or UTF-32 text ("Unicode
 * text" as Excel and Notepad save it), else NULL: a byte-order mark, or NUL bytes at
 * every other position of its first 64 bytes (ASCII in UTF-16LE or BE). Repaired as
 * UTF-8 such text would become one letter a token. */
const char *tenor_text_wide_encoding(const char *s, size_t len);

/* Copies (s, len) into a new NUL-terminated string, replacing each invalid byte
 * sequence with U+FFFD. *out is owned by the caller (free). *nbad (may be NULL)
 * receives the number of replacements. Returns 0 or TENOR_ENOMEM. */
int tenor_utf8_repair(char **out, size_t *out_len, const char *s, size_t len, size_t *nbad);

/* A list of owned, NUL-terminated strings. */
typedef struct {
    char **items;
    size_t n;
    size_t cap;
} tenor_strlist;

#define TENOR_STRLIST_INIT {NULL, 0, 0}

int tenor_strlist_push(tenor_strlist *l, const char *s, size_t len); /* copies (s, len) */
/* Appends s (malloc'd, NUL-terminated) itself: the list owns it on success, the caller
 * still does on TENOR_ENOMEM. */
int tenor_strlist_take(tenor_strlist *l, char *s);
void tenor_strlist_free(tenor_strlist *l);                          /* leaves it empty */

/* Splits valid UTF-8 text into paragraphs, appended to out. Paragraphs are separated
 * by blank lines (lines of only white space, NBSP included) or U+2029; a text with no
 * blank line has one paragraph per non-empty line. Line ends may be LF, CRLF, CR,
 * U+0085 or U+2028. In each paragraph, runs of white space become one space and the
 * ends are trimmed; zero-width spaces and joiners (U+200B-U+200D, U+2060) are no white
 * space and stay (normalising drops them). Returns 0 or TENOR_ENOMEM. */
int tenor_text_split_paragraphs(tenor_strlist *out, const char *s, size_t len);

/* Collapses white space as tenor_text_split_paragraphs does, for one paragraph given
 * as is (JSON "paragraphs"). *out is owned by the caller (free). */
int tenor_text_clean_paragraph(char **out, const char *s, size_t len);

/* Normalises valid UTF-8 (s, len) by the policy above into *out, a NUL-terminated
 * string owned by the caller (free). Returns 0, TENOR_EUTF8 or TENOR_ENOMEM. */
int tenor_text_normalize(char **out, size_t *out_len, const char *s, size_t len);

/* Whether (s, len) is "simple": ASCII with no control character but white space (TAB,
 * LF, VT, FF, CR), and no non-ASCII but the typographic marks of news text that
 * normalise to ASCII (tenor_text_simple_mark). Its normalisation is only lower-casing,
 * '`' -> '\'', those marks -> ASCII and white space -> space, which
 * tenor_tokenize_simple tokenises without a normalised copy. */
bool tenor_text_is_simple(const char *s, size_t len);

/* If s[i..] (i < len) starts one of the marks simple text may hold - U+2018 and U+2019
 * (-> '\''), U+201C and U+201D (-> '"'), U+2013 and U+2014 (-> '-'), U+00A0 (-> ' '),
 * and the pound, euro, bullet and ellipsis signs, which normalise to themselves (or
 * "...") but only ever separate words (-> ' ') - its length in bytes, with the ASCII
 * the tokeniser may read it as in *ascii; else 0. */
size_t tenor_text_simple_mark(const char *s, size_t len, size_t i, char *ascii);

/* The same policy always through utf8proc, without the ASCII fast path; for tests that
 * check the two agree. */
int tenor_text_normalize_unicode(char **out, size_t *out_len, const char *s, size_t len);

/* The utf8proc version in use, e.g. "2.8.0" (static). */
const char *tenor_text_utf8proc_version(void);

#endif
