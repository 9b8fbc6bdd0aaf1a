/* features.h - text -> sparse TF-IDF vectors over a vocabulary.
 *
 * Pipeline: text, tokenizer, vocab -> [features] -> model. A featurizer normalises
 * (tenor_text_normalize), tokenises, forms 1..n-grams, looks them up, and weighs them
 * by sublinear TF-IDF: (1 + ln tf) * idf, idf = ln((1 + N) / (1 + df)) + 1 (as
 * scikit-learn's smooth_idf), then scales to unit L2 norm. Vectors hold each index
 * once; those built for training (tenor_featurizer_count_new) are sorted by ascending
 * index, as the solvers want, those over a fixed vocabulary are in order of first
 * occurrence (a dot product needs no order, and sorting was a third of counting).
 * Indices are 0-based here, solvers shift them. */
#ifndef TENOR_FEATURES_H
#define TENOR_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/error.h"
#include "tenor/tokenizer.h"
#include "tenor/vocab.h"

#define TENOR_NGRAMS_MAX 5

typedef struct {
    uint32_t index;
    float value;
} tenor_feature;

typedef struct {
    tenor_feature *items;
    size_t n;
    size_t cap;
} tenor_sparse;

#define TENOR_SPARSE_INIT {NULL, 0, 0}

void tenor_sparse_free(tenor_sparse *x); /* leaves it empty */

/* Settings that decide the feature space; stored in every bundle. */
typedef struct {
    unsigned ngrams;     /* longest n-gram, 1..TENOR_NGRAMS_MAX; default 2 */
    uint32_t min_df;     /* keep terms in at least this many documents; default 2 */
    size_t max_features; /* keep at most this many terms, most frequent first; 0 = all */
} tenor_feature_opts;

#define TENOR_FEATURE_OPTS_INIT {2, 2, 200000}

typedef struct tenor_featurizer tenor_featurizer;

/* A featurizer for 1..ngrams-grams with its own scratch buffers; not thread-safe, so
 * use one per thread. *out is owned by the caller (tenor_featurizer_free). Returns 0,
 * TENOR_EINVAL (ngrams out of range) or TENOR_ENOMEM. */
int tenor_featurizer_new(tenor_featurizer **out, unsigned ngrams);
void tenor_featurizer_free(tenor_featurizer *f); /* NULL is a no-op */

/* Term counts of (text, len) as a sorted sparse vector in *out (replaced). Terms not in
 * `vocab` are added to it, and each term's document frequency grows by one. For
 * building a vocabulary while training. Returns 0, TENOR_EUTF8, TENOR_ENOMEM or
 * TENOR_ELIMIT. */
int tenor_featurizer_count_new(tenor_featurizer *f, tenor_vocab *vocab, const char *text,
                               size_t len, tenor_sparse *out);

/* Term counts of (text, len) over a fixed vocabulary, in order of first occurrence;
 * unknown terms are skipped. */
int tenor_featurizer_count(tenor_featurizer *f, const tenor_vocab *vocab, const char *text,
                           size_t len, tenor_sparse *out);

/* Normalises and tokenises (text, len) into the featurizer's tokens (see
 * tenor_featurizer_tokens). Returns 0, TENOR_EUTF8 or TENOR_ENOMEM. */
int tenor_featurizer_tokenize(tenor_featurizer *f, const char *text, size_t len);

/* Term counts of already tokenised text over a fixed vocabulary, with f's n-gram
 * length: several heads can share one tokenisation of a paragraph. `tokens` may be
 * another featurizer's. */
int tenor_featurizer_count_tokens(tenor_featurizer *f, const tenor_vocab *vocab,
                                  const tenor_tokens *tokens, tenor_sparse *out);

/* The tokens of the last tokenised or counted text (borrowed until the next call). */
const tenor_tokens *tenor_featurizer_tokens(const tenor_featurizer *f);

/* The idf of each term of a vocabulary built from ndocs documents. Terms of one
 * document frequency share one stored value, each term holding its value's 16-bit
 * number: classifying reads a term's idf at random, and the numbers of a 100,000-term
 * vocabulary fit in cache where its values did not. Past 65,536 distinct values each
 * term holds its own. */
typedef struct tenor_idf tenor_idf;

/* *out owned by the caller (tenor_idf_free). Returns 0 or TENOR_ENOMEM. */
int tenor_idf_new(tenor_idf **out, const tenor_vocab *vocab, size_t ndocs);
void tenor_idf_free(tenor_idf *idf); /* NULL is a no-op */
double tenor_idf_of(const tenor_idf *idf, uint32_t id);

/* Turns counts into L2-normalised sublinear TF-IDF in place. An all-zero vector stays
 * empty. */
void tenor_features_tfidf(tenor_sparse *x, const tenor_idf *idf);

/* Maps indices through remap (UINT32_MAX drops the feature) and re-sorts, in place. */
void tenor_features_remap(tenor_sparse *x, const uint32_t *remap);

#endif
