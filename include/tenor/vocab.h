/* vocab.h - terms <-> feature ids, with document frequencies.
 *
 * Pipeline: tokenizer -> [vocab] -> features. A term is a token or an n-gram of tokens
 * joined by one space. Ids are dense, 0-based, and stable once a vocabulary is pruned
 * or loaded. A term hashes as its tokens' hashes (tenor_token_hash) combined. */
#ifndef TENOR_VOCAB_H
#define TENOR_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "tenor/error.h"
#include "tenor/tokenizer.h"

typedef struct tenor_vocab tenor_vocab;

/* An empty vocabulary; *out is owned by the caller (tenor_vocab_free). */
int tenor_vocab_new(tenor_vocab **out);
void tenor_vocab_free(tenor_vocab *v); /* NULL is a no-op */

/* Finds (term, len) or adds it with df 0; *id_out receives its id. Returns 0,
 * TENOR_ENOMEM, or TENOR_ELIMIT past 2^31 - 2 terms. */
int tenor_vocab_intern(tenor_vocab *v, const char *term, size_t len, uint32_t *id_out);

/* The id of (term, len), or -1 if absent. */
int64_t tenor_vocab_lookup(const tenor_vocab *v, const char *term, size_t len);

/* The id of the n-gram of tokens [i, i + n) of t (the term they make joined by single
 * spaces), or -1 if absent, from the tokens' hashes (tokenizer.h). The same as
 * tenor_vocab_lookup on the joined string, without building it, and comparing 64-bit
 * hashes rather than bytes (bytes too when two terms of v share a hash): an n-gram
 * outside v with a term's hash is taken for it, about once in 10^19 in natural text
 * (a text crafted against this hash, which is not cryptographic, could count a chosen
 * term: no worse than writing the term). */
int64_t tenor_vocab_lookup_gram(const tenor_vocab *v, const tenor_tokens *t, size_t i,
                                size_t n);

/* Every n-gram of t up to `ngrams` tokens at once, as tenor_vocab_lookup_gram finds
 * them: ids[i * ngrams + n - 1] is the id of tokens [i, i + n), or UINT32_MAX if absent
 * or past the end. ids holds t->n * ngrams entries. Each n-gram's hash extends the
 * (n-1)-gram's, so every token hash is combined once per n-gram it starts. */
void tenor_vocab_lookup_grams(const tenor_vocab *v, const tenor_tokens *t, size_t ngrams,
                              uint32_t *ids);

size_t tenor_vocab_size(const tenor_vocab *v);
const char *tenor_vocab_term(const tenor_vocab *v, uint32_t id); /* borrowed, NUL-terminated */
uint32_t tenor_vocab_df(const tenor_vocab *v, uint32_t id);
void tenor_vocab_add_df(tenor_vocab *v, uint32_t id, uint32_t n);

/* Keeps the terms with df >= min_df, then at most max_features of them (0 = no cap)
 * by decreasing df, ties broken by term bytes, so the result does not depend on input
 * order. New ids follow that order. *remap_out[old id] is the new id or UINT32_MAX;
 * both outputs are owned by the caller (tenor_vocab_free, free). */
int tenor_vocab_prune(tenor_vocab **out, uint32_t **remap_out, const tenor_vocab *v,
                      uint32_t min_df, size_t max_features);

/* Serialises as UTF-8 lines "term<TAB>df" in id order, into *out (free). */
int tenor_vocab_serialize(char **out, size_t *out_len, const tenor_vocab *v);

/* Parses what tenor_vocab_serialize wrote; diag names `name` and the line on error. */
int tenor_vocab_parse(tenor_vocab **out, const char *s, size_t len, const char *name,
                      tenor_diag *diag);

#endif
