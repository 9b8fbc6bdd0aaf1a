/* solver_libsvm.c - binary C-SVC with a linear kernel through libsvm.
 *
 * The only file that includes svm.h. A model from svm_train points into our node
 * arrays (free_sv = 0), so the arrays outlive it; the weight vector is collapsed from
 * the support vectors right away and the libsvm model freed. */
#include <stdlib.h>
#include <string.h>
#include <svm.h>

#include "solver_internal.h"
#include "tenor/error.h"
#include "util/alloc.h"

typedef struct {
    struct svm_node *space; /* all rows, each ended by index -1 */
    struct svm_node **row;  /* row i starts at row[i] */
    size_t n, nfeatures;
} libsvm_state;

static void print_nothing(const char *s)
{
    (void)s;
}

void tenor_libsvm_quiet(void)
{
    svm_set_print_string_function(print_nothing);
}

int tenor_libsvm_version(void)
{
    return libsvm_version;
}

static void libsvm_release(void *state)
{
    libsvm_state *s = state;
    if (!s)
        return;
    free(s->space);
    free(s->row);
    free(s);
}

static int libsvm_prepare(void **out, const tenor_sparse *x, tenor_sparse *take, size_t n,
                          size_t nfeatures)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (!tenor_add_size(total, x[i].n + 1, &total))
            return TENOR_ENOMEM;
    libsvm_state *s = calloc(1, sizeof *s);
    if (!s)
        return TENOR_ENOMEM;
    s->space = tenor_alloc_array(total, sizeof *s->space);
    s->row = tenor_alloc_array(n, sizeof *s->row);
    if (!s->space || !s->row) {
        libsvm_release(s);
        return TENOR_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        s->row[i] = s->space + k;
        /* libsvm wants 1-based, ascending indices ended by -1 (its README). */
        for (size_t j = 0; j < x[i].n; j++)
            s->space[k++] = (struct svm_node){(int)x[i].items[j].index + 1, x[i].items[j].value};
        s->space[k++] = (struct svm_node){-1, 0.0};
        if (take)
            tenor_sparse_free(&take[i]);
    }
    s->n = n;
    s->nfeatures = nfeatures;
    *out = s;
    return 0;
}

static int libsvm_train(void *state, const size_t *rows, size_t nrows, const int8_t *y,
                 const solver_params *p, double *w, double *bias)
{
    libsvm_state *s = state;
    struct svm_node **x = tenor_alloc_array(nrows, sizeof *x);
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
    struct svm_problem prob = {(int)nrows, yy, x};
    struct svm_parameter param;
    memset(&param, 0, sizeof param);
    param.svm_type = C_SVC;
    param.kernel_type = LINEAR;
    param.cache_size = 200;
    param.eps = 1e-3;
    param.C = p->C;
    param.nr_weight = 2;
    param.weight_label = weight_label;
    param.weight = weight;
    param.shrinking = 1;
    param.probability = 0;
    int rc = 0;
    if (svm_check_parameter(&prob, &param)) {
        rc = TENOR_EINVAL;
        goto done;
    }
    struct svm_model *m = svm_train(&prob, &param);
    if (!m) {
        rc = TENOR_ENOMEM;
        goto done;
    }
    memset(w, 0, s->nfeatures * sizeof *w);
    for (int i = 0; i < m->l; i++) {
        double coef = m->sv_coef[0][i];
        for (const struct svm_node *node = m->SV[i]; node->index != -1; node++)
            w[node->index - 1] += coef * node->value;
    }
    /* libsvm orders classes by first appearance; its decision is positive for label[0]. */
    double sign = (m->label[0] == 1) ? 1.0 : -1.0;
    for (size_t j = 0; j < s->nfeatures; j++)
        w[j] *= sign;
    *bias = -m->rho[0] * sign;
    svm_free_and_destroy_model(&m);
done:
    free(x);
    free(yy);
    return rc;
}

static double libsvm_dot(const void *state, size_t row, const double *w)
{
    const libsvm_state *s = state;
    double sum = 0.0;
    for (const struct svm_node *node = s->row[row]; node->index != -1; node++)
        sum += w[node->index - 1] * node->value;
    return sum;
}

const solver_ops tenor_libsvm_solver = {libsvm_prepare, libsvm_train, libsvm_release,
                                        libsvm_dot};
