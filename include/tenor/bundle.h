/* bundle.h - a named, trained head: feature settings, vocabulary, model, label names.
 *
 * Pipeline: dataset -> [bundle: features + model] -> scorer. A bundle is a directory:
 *   manifest.json  format and version, name, labels, feature settings, training summary
 *                  (data checksum, held-out metrics), software versions, and the name,
 *                  size and CRC-32 of every other file;
 *   vocab.tsv      "term<TAB>df" per feature, in feature-id order;
 *   weights.bin    the linear model (model.h).
 * Label variants: a training label "name~variant" (one label's examples from another
 * source or in another style, e.g. "politics~usenet") is learnt as a class of its own,
 * so that its style does not bend the boundary of the others, and reported as "name",
 * with the summed probability of the label's classes. Single-label bundles only.
 * Bundles are written to a staging directory and swapped in whole (fileio.h), so a
 * reader sees the old bundle or the new one. The loader reads only the files the
 * manifest names, through one directory handle, and checks their sizes and checksums:
 * a truncated, corrupt, mixed or future-version bundle is refused. */
#ifndef TENOR_BUNDLE_H
#define TENOR_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/dataset.h"
#include "tenor/error.h"
#include "tenor/features.h"
#include "tenor/model.h"
#include "tenor/vocab.h"

/* The newest bundle format this tenor reads and writes. A bundle is written with the
 * oldest version that holds it, so older readers take what they can and refuse the
 * rest: 1, the model; 2, with scoring settings (older readers would ignore them and
 * score differently, so they must refuse); 3, with label variants (older readers would
 * report the classes). */
#define TENOR_BUNDLE_FORMAT_VERSION 3
#define TENOR_BUNDLE_NAME_MAX 64

typedef struct tenor_bundle tenor_bundle;

/* How a head's scores are combined over an article (scorer.h). Anything but the
 * defaults needs a single-label bundle; kept in the manifest ("scoring"). */
typedef struct {
    double context_weight;    /* [0, 1): how much a paragraph leans on its article (for a
                               * label of the whole article: a newspaper section); 0 = not */
    double context_sharpness; /* (0, 10]: of that blend; 1 = as is */
    double summary_sharpness; /* (0, 10]: of the article's scores; 1 = as is */
    double context_prior;     /* [0, 100]: paragraphs' worth of evenly spread scores the
                               * rest of an article is taken to hold as well, so that a
                               * short text leans on it less; 0 = none */
} tenor_scoring;

#define TENOR_SCORING_INIT {0.0, 1.0, 1.0, 0.0}
#define TENOR_CONTEXT_PRIOR_MAX 100
#define TENOR_SHARPNESS_MAX 10

typedef struct {
    const char *name;           /* [A-Za-z0-9_-]{1,64}; the output key in classify */
    tenor_feature_opts features;
    tenor_train_opts train;
    tenor_scoring scoring;
} tenor_bundle_opts;

/* Builds the vocabulary from d, vectorises d and trains a model. *out is owned by the
 * caller (tenor_bundle_free). Returns 0, TENOR_EINVAL (bad name or options, unusable
 * data; diag says why), TENOR_EUTF8, TENOR_ELIMIT or TENOR_ENOMEM. */
int tenor_bundle_train(tenor_bundle **out, const tenor_dataset *d, const tenor_bundle_opts *o,
                       tenor_diag *diag);

/* Writes the bundle to directory `dir` atomically (see above). An existing directory
 * is replaced only if it is empty or a bundle. */
int tenor_bundle_save(const tenor_bundle *b, const char *dir, tenor_diag *diag);

/* As tenor_bundle_save, into a staging directory opened beforehand (fileio.h), so that
 * train can fail early on an unwritable destination. Consumes nothing. */
int tenor_bundle_write(const tenor_bundle *b, int dirfd, tenor_diag *diag);

/* Loads the bundle in `dir`. Returns 0, TENOR_ENOTFOUND, TENOR_EFORMAT (corrupt,
 * truncated, or files outside the bundle), TENOR_EVERSION (newer format), TENOR_EIO or
 * TENOR_ENOMEM, with diag naming the file. */
int tenor_bundle_load(tenor_bundle **out, const char *dir, tenor_diag *diag);

void tenor_bundle_free(tenor_bundle *b); /* NULL is a no-op */

const char *tenor_bundle_name(const tenor_bundle *b);         /* borrowed */
/* Whether name can name a bundle: 1-64 of [A-Za-z0-9_-], and not a key of classify's
 * output ("text", "index", "evidence", ...). */
bool tenor_bundle_name_valid(const char *name);
size_t tenor_bundle_nlabels(const tenor_bundle *b);               /* as reported */
const char *tenor_bundle_label(const tenor_bundle *b, size_t i); /* borrowed */
/* The classes the model learnt: the labels, and every variant apart (as trained, and
 * as the manifest lists them). Class k is reported as label tenor_bundle_class_label. */
size_t tenor_bundle_nclasses(const tenor_bundle *b);
/* How much of a training label names the label it is reported as: "politics~usenet"
 * -> 8 ("politics") for a well-formed variant (one '~', both parts non-empty); the
 * whole length otherwise. */
size_t tenor_label_name_len(const char *label);
const char *tenor_bundle_class(const tenor_bundle *b, size_t k); /* borrowed */
size_t tenor_bundle_class_label(const tenor_bundle *b, size_t k);
const tenor_model *tenor_bundle_model(const tenor_bundle *b);   /* borrowed */
const tenor_vocab *tenor_bundle_vocab(const tenor_bundle *b);   /* borrowed */
const tenor_feature_opts *tenor_bundle_feature_opts(const tenor_bundle *b);
const tenor_scoring *tenor_bundle_scoring(const tenor_bundle *b);
/* The manifest as JSON text, as written or read (borrowed). */
const char *tenor_bundle_manifest(const tenor_bundle *b);

/* A featurizer matching the bundle's settings; owned by the caller. */
int tenor_bundle_featurizer(const tenor_bundle *b, tenor_featurizer **out);

/* Vectorises valid UTF-8 (text, len) into *x (reused) and writes the labels'
 * probabilities into probs (tenor_bundle_nlabels entries; a label's variants summed).
 * Returns 0, TENOR_EUTF8 or TENOR_ENOMEM. */
int tenor_bundle_predict(const tenor_bundle *b, tenor_featurizer *f, const char *text,
                         size_t len, tenor_sparse *x, double *probs);

/* As tenor_bundle_predict, from tokens made by tenor_featurizer_tokenize (any
 * featurizer: every bundle of this tenor shares one text policy). */
int tenor_bundle_predict_tokens(const tenor_bundle *b, tenor_featurizer *f,
                                const tenor_tokens *tokens, tenor_sparse *x, double *probs);

/* Of the labels' probabilities from a prediction: the top label (the lowest index on
 * ties), and whether label l is selected (the top one, or for a multi-label bundle
 * every label at or over its threshold). */
size_t tenor_bundle_top(const tenor_bundle *b, const double *probs);
bool tenor_bundle_selects(const tenor_bundle *b, const double *probs, size_t l);
/* selected[l] = tenor_bundle_selects(b, probs, l) for every label, the top found once. */
void tenor_bundle_select(const tenor_bundle *b, const double *probs, uint8_t *selected);

/* The class that speaks for label l on the features x of a prediction: the label's own,
 * or of its variants the most probable. Its weights say which words drove the score. */
size_t tenor_bundle_class_for(const tenor_bundle *b, size_t l, const tenor_sparse *x);

#endif
