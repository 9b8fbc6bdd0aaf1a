/* solver_liblinear.c - binary L2-regularised L2-loss linear SVC (dual) via liblinear.
 *
 * The only file that includes linear.h. liblinear appends the bias as an extra
 * feature (problem.bias = 1), so each row ends with that feature, then index -1.
 * liblinear shuffles with rand(): srand is called with the caller's seed before each
 * train, which keeps training reproducible (and is why training is single-threaded). */
#include <linear.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "solver_internal.h"
#include "tenor/error.h"
#include "util/alloc.h"

#define TRIM_EVERY ((size_t)16 << 20) /* bytes of freed rows between malloc_trim calls */

typedef struct {
    struct feature_node *space;
    struct feature_node **row;
    size_t n, nfeatures;
} liblinear_state;

static void print_nothing(const char *s)
{
    (void)s;
}

void tenor_liblinear_quiet(void)
{
    set_print_string_function(print_nothing);
}

int tenor_liblinear_version(void)
{
    return liblinear_version;
}

static void liblinear_release(void *state)
{
    liblinear_state *s = state;
    if (!s)
        return;
    free(s->space);
    free(s->row);
    free(s);
}

static int liblinear_prepare(void **out, const tenor_sparse *x, tenor_sparse *take, size_t n,
                             size_t nfeatures)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (!tenor_add_size(total, x[i].n + 2, &total))
            return TENOR_ENOMEM;
    liblinear_state *s = calloc(1, sizeof *s);
    if (!s)
        return TENOR_ENOMEM;
    s->space = tenor_alloc_array(total, sizeof *s->space);
    s->row = tenor_alloc_array(n, sizeof *s->row);
    if (!s->space || !s->row) {
        liblinear_release(s);
        return TENOR_ENOMEM;
    }
    size_t k = 0, freed = 0;
    for (size_t i = 0; i < n; i++) {
        s->row[i] = s->space + k;
        for (size_t j = 0; j < x[i].n; j++)
            s->space[k++] =
                (struct feature_node){(int)x[i].items[j].index + 1, x[i].items[j].value};
        s->space[k++] = (struct feature_node){(int)nfeatures + 1, 1.0}; /* the bias */
        s->space[k++] = (struct feature_node){-1, 0.0};
        if (take) {
            freed += take[i].cap * sizeof *take[i].items;
            tenor_sparse_free(&take[i]);
        }
#ifdef __GLIBC__
        /* Freed rows stay in malloc's free lists while space (one mapping) fills up, so
         * the copy held both matrices: hand their pages back as we go. Peak RSS of
         * tenor train at 100k paragraphs: 232 -> 187 MB (2.2x -> 1.8x the matrix). */
        if (freed > TRIM_EVERY) {
            malloc_trim(0);
            freed = 0;
        }
#endif
    }
    s->n = n;
    s->nfeatures = nfeatures;
    *out = s;
    return 0;
}

static int liblinear_train(void *state, const size_t *rows, size_t nrows, const int8_t *y,
                 const solver_params *p, double *w, double *bias)
{
    liblinear_state *s = state;
    struct feature_node **x = tenor_alloc_array(nrows, sizeof *x);
    double *yy = tenor_alloc_array(nrows, sizeof *yy);
    if (!x || !yy) {
        free(x);
        free(yy);
        return TENOR_ENOMEM;
    }
    for (size_t i = 0; i < nrows; i++) {
        x[i] = s->row[rows[i]];
        yy[i] = y[rows[i]] > 0 ? 1.0 : -1.0;
    }
    int weight_label[2] = {1, -1};
    double weight[2] = {p->weight_pos, p->weight_neg};
    struct problem prob = {(int)nrows, (int)s->nfeatures + 1, yy, x, 1.0};
    struct parameter param;
    memset(&param, 0, sizeof param);
    param.solver_type = L2R_L2LOSS_SVC_DUAL;
    param.eps = 0.1;
    param.C = p->C;
    param.nr_weight = 2;
    param.weight_label = weight_label;
    param.weight = weight;
    int rc = 0;
    if (check_parameter(&prob, &param)) {
        rc = TENOR_EINVAL;
        goto done;
    }
    srand((unsigned)(p->seed ^ (p->seed >> 32)));
    struct model *m = train(&prob, &param);
    if (!m) {
        rc = TENOR_ENOMEM;
        goto done;
    }
    /* Decision values are positive for m->label[0]. */
    double sign = (m->label[0] == 1) ? 1.0 : -1.0;
    for (size_t j = 0; j < s->nfeatures; j++)
        w[j] = sign * m->w[j];
    *bias = sign * m->w[s->nfeatures];
    free_and_destroy_model(&m);
done:
    free(x);
    free(yy);
    return rc;
}

static double liblinear_dot(const void *state, size_t row, const double *w)
{
    const liblinear_state *s = state;
    double sum = 0.0;
    /* Each row ends with the bias feature (index nfeatures + 1), then -1. */
    for (const struct feature_node *node = s->row[row]; node->index != -1; node++)
        if ((size_t)node->index <= s->nfeatures)
            sum += w[node->index - 1] * node->value;
    return sum;
}

const solver_ops tenor_liblinear_solver = {liblinear_prepare, liblinear_train,
                                           liblinear_release, liblinear_dot};
