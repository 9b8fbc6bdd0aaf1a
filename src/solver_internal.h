/* solver_internal.h - the binary linear SVM trainers behind model.c.
 *
 * Each solver converts the feature matrix once into its library's node format, then
 * trains any number of binary problems on subsets of rows (the cross-validation folds
 * and the final fit), returning a dense weight vector and a bias with
 * decision(x) = w.x + b, positive for the +1 class. svm.h and linear.h are each
 * included in exactly one file, so the libraries never meet. */
#ifndef TENOR_SOLVER_INTERNAL_H
#define TENOR_SOLVER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tenor/features.h"

typedef struct {
    double C;
    double weight_pos; /* multiplies C for +1 examples */
    double weight_neg; /* multiplies C for -1 examples */
    uint64_t seed;
} solver_params;

typedef struct {
    /* Builds the solver's copy of x[0..n). With take (== x) non-NULL, each row of take
     * is freed as soon as it is copied, so the matrix is never held twice. *state is
     * freed by release. */
    int (*prepare)(void **state, const tenor_sparse *x, tenor_sparse *take, size_t n,
                   size_t nfeatures);
    /* Trains on rows[0..nrows) with labels y[row] in {+1, -1}, both present. Writes
     * w[0..nfeatures) and *bias. Returns 0, TENOR_ENOMEM or TENOR_EINVAL. */
    int (*train)(void *state, const size_t *rows, size_t nrows, const int8_t *y,
                 const solver_params *p, double *w, double *bias);
    void (*release)(void *state);
    /* w . x[row] over the solver's own copy of the row (bias excluded), so the caller's
     * matrix can be freed once prepare has run. */
    double (*dot)(const void *state, size_t row, const double *w);
} solver_ops;

extern const solver_ops tenor_libsvm_solver;
extern const solver_ops tenor_liblinear_solver;

/* Silences both libraries' progress printing (their default is stdout). */
void tenor_libsvm_quiet(void);
void tenor_liblinear_quiet(void);

/* The libraries' versions as they report them at run time (e.g. 324, 230). */
int tenor_libsvm_version(void);
int tenor_liblinear_version(void);

#endif
