/* tokenizer.h - normalised text -> word tokens.
 *
 * Pipeline: text -> [tokenizer] -> features. Input is the output of
 * tenor_text_normalize. The word rule, defined on Unicode categories (utf8proc):
 *   - a token is a run of letters (L*), marks (M*) and digits (N*);
 *   - an apostrophe between two word characters joins ("don't", "o'neill"); a final
 *     possessive "'s" is dropped ("trump's" -> "trump");
 *   - a full stop joins two digits ("3.5") or follows a one-letter segment ("u.s.",
 *     "e.g." -> "u.s", "e.g"); a comma joins two digits ("200,000");
 *   - hyphens, slashes and all other punctuation or symbols separate tokens;
 *   - every digit becomes 0, so numbers count by shape ("2021" -> "0000",
 *     "3.5%" -> "0.0"): amounts and years matter for topic only as a kind;
 *   - tokens longer than TENOR_TOKEN_MAX bytes (URLs, junk) are dropped.
 * Scripts without spaces (Chinese, Japanese, Thai) give one token per run; tenor is
 * tuned for space-separated languages. */
#ifndef TENOR_TOKENIZER_H
#define TENOR_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#define TENOR_TOKEN_MAX 64

/* Tokens of one text; reused across calls so the hot path does not allocate. Token i
 * is the NUL-terminated string at text + off[i], len[i] bytes long, and hash[i] is
 * tenor_token_hash of it: every head that looks the text's n-grams up uses them. */
typedef struct {
    char *text;
    size_t text_cap;
    size_t *off;
    size_t *len;
    uint64_t *hash;
    size_t n;
    size_t cap;
} tenor_tokens;

#define TENOR_TOKENS_INIT {NULL, 0, NULL, NULL, NULL, 0, 0}

/* The hash of a token's bytes, from which vocab.h hashes terms: eight bytes at a time,
 * each block mixed by a bijection, so tokens of one length up to 8 bytes never collide.
 * Part of nothing stored, but fixed on a given platform (it reads native words), so
 * runs are reproducible. */
uint64_t tenor_token_hash(const char *s, size_t len);

/* Replaces the contents of `out` with the tokens of (s, len). Returns 0 or TENOR_ENOMEM. */
int tenor_tokenize(tenor_tokens *out, const char *s, size_t len);

/* The same tokens as tenor_tokenize on the normalisation of (s, len), for text that
 * tenor_text_is_simple accepts, in one pass and without the normalised copy: most
 * English news, curly quotes and dashes included. */
int tenor_tokenize_simple(tenor_tokens *out, const char *s, size_t len);

static inline const char *tenor_token(const tenor_tokens *t, size_t i)
{
    return t->text + t->off[i];
}

void tenor_tokens_free(tenor_tokens *t); /* leaves it empty; NULL is a no-op */

#endif
