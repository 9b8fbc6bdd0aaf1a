/* model.h - one-vs-rest linear classifier over sparse feature vectors.
 *
 * Pipeline: features -> [model] -> scorer. One binary linear SVM per label, trained by
 * libsvm (LINEAR kernel) or liblinear, then collapsed to one weight vector and a bias
 * per label, so prediction costs O(non-zeros x labels) and never touches support
 * vectors. Each label's decision value becomes a probability by Platt scaling fitted on
 * decision values of held-out folds (cross-validation), and multi-label models keep a
 * per-label threshold chosen on the same folds to maximise that label's F1, or the SVM's
 * boundary where that F1 is no better than chance (a threshold over 1, never selected,
 * where the held-out probability does not rise with the decision value).
 *
 * Single-label models (every training example had exactly one label) normalise their
 * probabilities to sum to 1 and select exactly the top label; multi-label models give
 * independent probabilities and select every label at or over its threshold. */
#ifndef TENOR_MODEL_H
#define TENOR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/error.h"
#include "tenor/features.h"

typedef struct tenor_model tenor_model; /* opaque */

typedef enum {
    TENOR_SOLVER_AUTO = 0,  /* libsvm up to TENOR_AUTO_LIBSVM_MAX examples, else liblinear */
    TENOR_SOLVER_LIBSVM,    /* libsvm C-SVC, linear kernel, dual solver */
    TENOR_SOLVER_LIBLINEAR  /* liblinear L2-regularised L2-loss SVC, dual */
} tenor_solver;

/* Where auto hands over from libsvm to liblinear (measured: see README, "Solvers"). */
#define TENOR_AUTO_LIBSVM_MAX 500

typedef enum {
    TENOR_CLASS_WEIGHT_NONE = 0,
    TENOR_CLASS_WEIGHT_BALANCED /* each binary problem weighs its classes n / (2 n_class) */
} tenor_class_weight;

/* Called as work advances: `stage` is a short static string, and done <= total count
 * that stage's steps (each stage runs from 1 to its total). */
typedef void (*tenor_progress_fn)(const char *stage, size_t done, size_t total, void *payload);

typedef struct {
    double C;                        /* SVM cost > 0; 0 = choose from a grid by CV */
    tenor_class_weight class_weight; /* default none */
    tenor_solver solver;             /* default auto */
    unsigned folds;                  /* held-out folds for calibration, 2..20; default 5 */
    uint64_t seed;                   /* fold assignment and liblinear's shuffling */
    tenor_progress_fn progress;      /* may be NULL */
    void *payload;                   /* passed to progress */
    const size_t *group;             /* single-label: label -> the label it is reported
                                      * as (label variants, bundle.h), or NULL. The
                                      * held-out metrics and the choice of C then count
                                      * a label's variants as that label */
} tenor_train_opts;

#define TENOR_TRAIN_OPTS_INIT {1.0, TENOR_CLASS_WEIGHT_NONE, TENOR_SOLVER_AUTO, 5, 1, NULL, NULL, NULL}

/* What cross-validation measured while training; a model loaded from disk has the
 * values its bundle stored (see bundle.h). */
typedef struct {
    size_t examples;
    double C;              /* the cost used, chosen or given */
    tenor_solver solver;   /* the solver used (never AUTO) */
    double accuracy;       /* exact match of selected labels, on held-out folds */
    double micro_f1;
    double macro_f1;
} tenor_train_summary;

/* Trains on n examples x[0..n) with nfeatures features (indices < nfeatures). y is an
 * n x nlabels row-major 0/1 matrix; multi_label false requires exactly one 1 per row.
 * On success *out is owned by the caller (tenor_model_free). Returns 0, TENOR_EINVAL
 * (bad options, fewer examples than folds, or a single-label set with fewer than 2 labels,
 * with diag saying which) or TENOR_ENOMEM. Not thread-safe: liblinear shuffles with the
 * process-wide rand(), which is seeded from opts->seed before each solver call, and the
 * libraries' print hooks (process-wide) are set to print nothing. */
int tenor_model_train(tenor_model **out, const tenor_sparse *x, size_t n, size_t nfeatures,
                      const uint8_t *y, size_t nlabels, bool multi_label,
                      const tenor_train_opts *opts, tenor_diag *diag);

/* As tenor_model_train, but frees the storage of every x[i] (leaving it empty) as soon
 * as the solver has its own copy of the rows, so the matrix is not held twice while
 * training; the array itself stays the caller's. On failure some x[i] may already be
 * empty. */
int tenor_model_train_take(tenor_model **out, tenor_sparse *x, size_t n, size_t nfeatures,
                           const uint8_t *y, size_t nlabels, bool multi_label,
                           const tenor_train_opts *opts, tenor_diag *diag);

size_t tenor_model_nlabels(const tenor_model *m);
size_t tenor_model_nfeatures(const tenor_model *m);
bool tenor_model_multi_label(const tenor_model *m);
const tenor_train_summary *tenor_model_summary(const tenor_model *m); /* borrowed */

/* Asks the processor for the weights of x's features, to be read by a
 * tenor_model_predict some work later (a rare term's weights are rarely in cache).
 * Changes nothing; features with index >= nfeatures are skipped. */
void tenor_model_prefetch(const tenor_model *m, const tenor_sparse *x);

/* Writes nlabels probabilities for x into probs. Cannot fail or allocate; features
 * with index >= nfeatures are ignored. */
void tenor_model_predict(const tenor_model *m, const tenor_sparse *x, double *probs);

/* Label's calibrated probability for x before a single-label model normalises (every
 * label's is divided by the same sum): enough to compare labels on one example. */
double tenor_model_probability(const tenor_model *m, const tenor_sparse *x, size_t label);

/* Whether `label` is selected given the probabilities from tenor_model_predict. */
bool tenor_model_selects(const tenor_model *m, const double *probs, size_t label);

/* Index of the highest probability (the lowest index on ties). */
size_t tenor_model_top(const tenor_model *m, const double *probs);

/* Weight of feature for label, and the label's bias and threshold. */
float tenor_model_weight(const tenor_model *m, size_t label, uint32_t feature);
double tenor_model_threshold(const tenor_model *m, size_t label);

/* Serialises the numbers (weights, biases, Platt parameters, thresholds) to a
 * little-endian binary image in *out (free). Returns 0 or TENOR_ENOMEM. */
int tenor_model_serialize(void **out, size_t *out_len, const tenor_model *m);

/* Parses a serialised image; `name` is used in messages. Refuses a wrong magic,
 * a newer format (TENOR_EVERSION), and any length that does not match the header
 * (a truncated file). *out is owned by the caller. */
int tenor_model_parse(tenor_model **out, const void *data, size_t len, const char *name,
                      tenor_diag *diag);

/* Replaces the summary, e.g. with the one stored next to the weights. */
void tenor_model_set_summary(tenor_model *m, const tenor_train_summary *s);

void tenor_model_free(tenor_model *m); /* NULL is a no-op */

#endif
