/* model.c - one-vs-rest training with held-out calibration, and linear prediction.
 *
 * Training: folds -> (optional C search) -> decision values of held-out folds -> Platt
 * sigmoid per label -> per-label thresholds -> final fit on all rows. The solvers
 * themselves live behind solver_internal.h. */
#include "tenor/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver_internal.h"
#include "tenor/metrics.h"
#include "util/alloc.h"

#define FORMAT_MAGIC "TENORWT\n"
#define FORMAT_VERSION 1u
#define HEADER_BYTES 24u
#define LABEL_BYTES 32u

struct tenor_model {
    size_t nlabels, nfeatures;
    bool multi_label;
    float *w;           /* nfeatures x nlabels, feature-major: one cache line per feature */
    double *bias;       /* per label */
    double *platt_a;    /* P(label) = 1 / (1 + exp(a * decision + b)) */
    double *platt_b;
    double *threshold;  /* selection threshold on P(label), multi-label only */
    tenor_train_summary summary;
};

/* ---- allocation ------------------------------------------------------- */

static int model_alloc(tenor_model **out, size_t nlabels, size_t nfeatures, bool multi_label)
{
    tenor_model *m = calloc(1, sizeof *m);
    size_t cells;
    if (!m || !tenor_mul_size(nlabels, nfeatures, &cells)) {
        free(m);
        return TENOR_ENOMEM;
    }
    m->nlabels = nlabels;
    m->nfeatures = nfeatures;
    m->multi_label = multi_label;
    m->w = tenor_calloc_array(cells, sizeof *m->w);
    m->bias = tenor_calloc_array(nlabels, sizeof *m->bias);
    m->platt_a = tenor_calloc_array(nlabels, sizeof *m->platt_a);
    m->platt_b = tenor_calloc_array(nlabels, sizeof *m->platt_b);
    m->threshold = tenor_calloc_array(nlabels, sizeof *m->threshold);
    if (!m->w || !m->bias || !m->platt_a || !m->platt_b || !m->threshold) {
        tenor_model_free(m);
        return TENOR_ENOMEM;
    }
    *out = m;
    return 0;
}

void tenor_model_free(tenor_model *m)
{
    if (!m)
        return;
    free(m->w);
    free(m->bias);
    free(m->platt_a);
    free(m->platt_b);
    free(m->threshold);
    free(m);
}

/* ---- prediction ------------------------------------------------------- */

static double sigmoid_prob(double a, double b, double f)
{
    double z = a * f + b; /* computed stably on either side, as libsvm does */
    if (z >= 0) {
        double e = exp(-z); /* once: exp may set errno, so the compiler calls it twice */
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(z));
}

/* The decision values for L labels; inlined with L constant, the accumulators live in
 * registers across the features, not in dec. Each label sees the same operations in
 * the same order as in the generic loop, so results are bit-identical. */
#define DECISIONS_FIXED_MAX 16
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define UNROLL_ALL _Pragma("GCC unroll 16")
#elif defined(__clang__)
#define UNROLL_ALL _Pragma("unroll")
#else
#define UNROLL_ALL
#endif

static inline __attribute__((always_inline)) void
decisions_l(const tenor_model *m, const tenor_sparse *x, double *dec, size_t L)
{
    double acc[DECISIONS_FIXED_MAX];
    UNROLL_ALL
    for (size_t l = 0; l < L; l++)
        acc[l] = m->bias[l];
    const float *w = m->w;
    const size_t nfeatures = m->nfeatures;
    for (size_t j = 0; j < x->n; j++) {
        uint32_t f = x->items[j].index;
        if (f >= nfeatures)
            continue;
        const float *row = w + (size_t)f * L;
        double v = x->items[j].value;
        UNROLL_ALL
        for (size_t l = 0; l < L; l++)
            acc[l] += row[l] * v;
    }
    UNROLL_ALL
    for (size_t l = 0; l < L; l++)
        dec[l] = acc[l];
}

static void decisions(const tenor_model *m, const tenor_sparse *x, double *dec)
{
    size_t L = m->nlabels;
    switch (L) { /* the label counts of the shipped heads, and a few around them */
#define FIXED(n) case n: decisions_l(m, x, dec, n); return;
    FIXED(2) FIXED(3) FIXED(4) FIXED(5) FIXED(6) FIXED(7) FIXED(8) FIXED(9) FIXED(10)
    FIXED(11) FIXED(12) FIXED(13) FIXED(14) FIXED(15) FIXED(16)
#undef FIXED
    default:
        break;
    }
    for (size_t l = 0; l < L; l++)
        dec[l] = m->bias[l];
    for (size_t j = 0; j < x->n; j++) {
        uint32_t f = x->items[j].index;
        if (f >= m->nfeatures)
            continue;
        const float *row = m->w + (size_t)f * L;
        double v = x->items[j].value;
        for (size_t l = 0; l < L; l++)
            dec[l] += row[l] * v;
    }
}

static void to_probabilities(const tenor_model *m, double *p)
{
    double sum = 0.0;
    for (size_t l = 0; l < m->nlabels; l++) {
        p[l] = sigmoid_prob(m->platt_a[l], m->platt_b[l], p[l]);
        sum += p[l];
    }
    if (!m->multi_label && sum > 0.0)
        for (size_t l = 0; l < m->nlabels; l++)
            p[l] /= sum;
}

void tenor_model_prefetch(const tenor_model *m, const tenor_sparse *x)
{
    const size_t L = m->nlabels;
    for (size_t j = 0; j < x->n; j++) {
        if (x->items[j].index >= m->nfeatures)
            continue;
        const float *row = m->w + (size_t)x->items[j].index * L;
        __builtin_prefetch(row);
        __builtin_prefetch(row + L - 1); /* a row of 9 floats straddles two lines often */
    }
}

void tenor_model_predict(const tenor_model *m, const tenor_sparse *x, double *probs)
{
    decisions(m, x, probs);
    to_probabilities(m, probs);
}

double tenor_model_probability(const tenor_model *m, const tenor_sparse *x, size_t label)
{
    double dec = m->bias[label];
    for (size_t j = 0; j < x->n; j++)
        dec += (double)tenor_model_weight(m, label, x->items[j].index) * x->items[j].value;
    return sigmoid_prob(m->platt_a[label], m->platt_b[label], dec);
}

size_t tenor_model_top(const tenor_model *m, const double *probs)
{
    size_t best = 0;
    for (size_t l = 1; l < m->nlabels; l++)
        if (probs[l] > probs[best])
            best = l;
    return best;
}

bool tenor_model_selects(const tenor_model *m, const double *probs, size_t label)
{
    if (!m->multi_label)
        return label == tenor_model_top(m, probs);
    return probs[label] >= m->threshold[label];
}

size_t tenor_model_nlabels(const tenor_model *m)
{
    return m->nlabels;
}

size_t tenor_model_nfeatures(const tenor_model *m)
{
    return m->nfeatures;
}

bool tenor_model_multi_label(const tenor_model *m)
{
    return m->multi_label;
}

const tenor_train_summary *tenor_model_summary(const tenor_model *m)
{
    return &m->summary;
}

void tenor_model_set_summary(tenor_model *m, const tenor_train_summary *s)
{
    m->summary = *s;
}

float tenor_model_weight(const tenor_model *m, size_t label, uint32_t feature)
{
    return feature < m->nfeatures ? m->w[(size_t)feature * m->nlabels + label] : 0.0f;
}

double tenor_model_threshold(const tenor_model *m, size_t label)
{
    return m->threshold[label];
}

/* ---- calibration ------------------------------------------------------ */

/* Platt's sigmoid fit with the target smoothing and Newton line search of Lin, Lin and
 * Weng (2007), as in libsvm's sigmoid_train; it is static there, so it lives here. */
static void platt_fit(const double *dec, const int8_t *y, size_t n, double *a_out,
                      double *b_out)
{
    double prior1 = 0, prior0 = 0;
    for (size_t i = 0; i < n; i++)
        (y[i] > 0) ? (prior1 += 1) : (prior0 += 1);
    const double hi = (prior1 + 1.0) / (prior1 + 2.0), lo = 1.0 / (prior0 + 2.0);
    const double min_step = 1e-10, sigma = 1e-12, eps = 1e-5;
    double A = 0.0, B = log((prior0 + 1.0) / (prior1 + 1.0)), fval = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = y[i] > 0 ? hi : lo, z = dec[i] * A + B;
        fval += z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z));
    }
    for (int iter = 0; iter < 100; iter++) {
        double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
        for (size_t i = 0; i < n; i++) {
            double z = dec[i] * A + B, p, q;
            if (z >= 0) {
                p = exp(-z) / (1.0 + exp(-z));
                q = 1.0 / (1.0 + exp(-z));
            } else {
                p = 1.0 / (1.0 + exp(z));
                q = exp(z) / (1.0 + exp(z));
            }
            double d2 = p * q, d1 = (y[i] > 0 ? hi : lo) - p;
            h11 += dec[i] * dec[i] * d2;
            h22 += d2;
            h21 += dec[i] * d2;
            g1 += dec[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < eps && fabs(g2) < eps)
            break;
        double det = h11 * h22 - h21 * h21;
        double dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * dA + g2 * dB, step = 1.0;
        while (step >= min_step) {
            double nA = A + step * dA, nB = B + step * dB, nf = 0.0;
            for (size_t i = 0; i < n; i++) {
                double t = y[i] > 0 ? hi : lo, z = dec[i] * nA + nB;
                nf += z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z));
            }
            if (nf < fval + 0.0001 * step * gd) {
                A = nA;
                B = nB;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if (step < min_step)
            break;
    }
    *a_out = A;
    *b_out = B;
}

typedef struct {
    double p;
    int8_t y;
} scored;

static int by_p_desc(const void *a, const void *b)
{
    double x = ((const scored *)a)->p, y = ((const scored *)b)->p;
    return (x < y) - (x > y);
}

static int by_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The probability threshold that maximises F1 on held-out probabilities: between the
 * last selected example and the next, so that equal scores are never split. That F1
 * goes to *f1_out. */
static int best_threshold(const double *p, const int8_t *y, size_t n, double *out,
                          double *f1_out)
{
    scored *s = tenor_alloc_array(n, sizeof *s);
    if (!s)
        return TENOR_ENOMEM;
    size_t npos = 0;
    for (size_t i = 0; i < n; i++) {
        s[i] = (scored){p[i], y[i]};
        npos += y[i] > 0;
    }
    qsort(s, n, sizeof *s, by_p_desc);
    double best_f1 = -1.0, best = 0.5;
    size_t tp = 0;
    for (size_t k = 0; k < n; k++) {
        tp += s[k].y > 0;
        if (k + 1 < n && s[k + 1].p == s[k].p)
            continue;
        double f1 = (double)(2 * tp) / (double)(k + 1 + npos);
        if (f1 > best_f1) {
            best_f1 = f1;
            best = k + 1 < n ? (s[k].p + s[k + 1].p) / 2.0 : s[k].p;
        }
    }
    free(s);
    *out = best_f1 > 0.0 ? best : 0.5;
    *f1_out = best_f1;
    return 0;
}

/* ---- training --------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#define CHANCE_RANKINGS 200
#define CHANCE_RANK 10 /* the 10th best of 200: the 95th percentile */

/* The held-out F1 that a label the model cannot learn reaches by luck: the best F1 over
 * cuts of a random ranking of n rows with npos positives, at its 95th percentile over
 * seeded rankings. Selecting every row is one of the cuts, so this is never below the
 * F1 of selecting every row; the margin over it is the luck of picking the best cut,
 * large for few positives or rows and small for many. A function of the counts alone. */
static double chance_f1(size_t npos, size_t n)
{
    double best[CHANCE_RANKINGS];
    uint64_t state = ((uint64_t)n << 32) ^ (uint64_t)npos;
    for (size_t r = 0; r < CHANCE_RANKINGS; r++) {
        best[r] = 0.0;
        size_t tp = 0;
        /* Selection sampling (Knuth's algorithm S): row i is positive with probability
         * (positives left) / (rows left), so no permutation is stored. */
        for (size_t i = 0; i < n && tp < npos; i++) {
            if (splitmix64(&state) % (n - i) >= npos - tp)
                continue;
            tp++;
            double f1 = (double)(2 * tp) / (double)(i + 1 + npos);
            if (f1 > best[r])
                best[r] = f1;
        }
    }
    qsort(best, CHANCE_RANKINGS, sizeof *best, by_double_desc);
    return best[CHANCE_RANK - 1];
}

typedef struct {
    uint64_t key;
    size_t strata, row;
} fold_key;

static int by_strata_then_key(const void *a, const void *b)
{
    const fold_key *x = a, *y = b;
    if (x->strata != y->strata)
        return x->strata < y->strata ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

/* Fold of each row: a seeded shuffle dealt round-robin, within each label for
 * single-label data so that every fold sees every class. */
static int assign_folds(size_t *fold, const uint8_t *y, size_t n, size_t L, bool multi,
                        unsigned k, uint64_t seed)
{
    fold_key *keys = tenor_alloc_array(n, sizeof *keys);
    if (!keys)
        return TENOR_ENOMEM;
    uint64_t state = seed;
    for (size_t i = 0; i < n; i++) {
        size_t strata = 0;
        if (!multi)
            for (size_t l = 0; l < L; l++)
                if (y[i * L + l])
                    strata = l;
        keys[i] = (fold_key){splitmix64(&state), strata, i};
    }
    qsort(keys, n, sizeof *keys, by_strata_then_key);
    for (size_t i = 0; i < n; i++)
        fold[keys[i].row] = i % k;
    free(keys);
    return 0;
}

typedef struct {
    const solver_ops *ops;
    void *state;
    const tenor_sparse *x;
    size_t n, nfeatures, L;
    const uint8_t *y;
    const tenor_train_opts *opts;
    int8_t *ybin;   /* n: +1/-1 for the current label */
    size_t *rows;   /* scratch row list */
    double *w;      /* nfeatures */
    size_t done, total;
} trainer;

static void progress(trainer *t, const char *stage)
{
    t->done++;
    if (t->opts->progress)
        t->opts->progress(stage, t->done, t->total, t->opts->payload);
}

/* Fits label l on rows[0..nrows); a one-class subset gives w = 0, bias = +-1. */
static int fit_label(trainer *t, size_t l, const size_t *rows, size_t nrows, double C,
                     double *bias)
{
    size_t npos = 0;
    for (size_t i = 0; i < t->n; i++)
        t->ybin[i] = t->y[i * t->L + l] ? 1 : -1;
    for (size_t i = 0; i < nrows; i++)
        npos += t->ybin[rows[i]] > 0;
    memset(t->w, 0, t->nfeatures * sizeof *t->w);
    if (npos == 0 || npos == nrows) {
        *bias = npos ? 1.0 : -1.0;
        return 0;
    }
    solver_params p = {C, 1.0, 1.0, t->opts->seed + l};
    if (t->opts->class_weight == TENOR_CLASS_WEIGHT_BALANCED) {
        p.weight_pos = (double)nrows / (2.0 * (double)npos);
        p.weight_neg = (double)nrows / (2.0 * (double)(nrows - npos));
    }
    return t->ops->train(t->state, rows, nrows, t->ybin, &p, t->w, bias);
}

/* Decision values of every row from models that did not see its fold; dec is n x L. */
static int cross_decisions(trainer *t, const size_t *fold, unsigned k, double C, double *dec)
{
    for (unsigned f = 0; f < k; f++) {
        size_t nrows = 0;
        for (size_t i = 0; i < t->n; i++)
            if (fold[i] != f)
                t->rows[nrows++] = i;
        for (size_t l = 0; l < t->L; l++) {
            double b;
            int rc = fit_label(t, l, t->rows, nrows, C, &b);
            if (rc)
                return rc;
            for (size_t i = 0; i < t->n; i++)
                if (fold[i] == f)
                    dec[i * t->L + l] = t->ops->dot(t->state, i, t->w) + b;
            progress(t, "cross-validation");
        }
    }
    return 0;
}

/* The label that single-label label l is reported as (tenor_train_opts.group). */
static size_t reported(const trainer *t, size_t l)
{
    return t->opts->group ? t->opts->group[l] : l;
}

/* The one label of single-label row i. */
static size_t gold_label(const trainer *t, size_t i)
{
    size_t l = 0;
    while (l + 1 < t->L && !t->y[i * t->L + l])
        l++;
    return l;
}

/* How good a set of held-out decisions is before calibration: accuracy of the top
 * label for single-label data, micro-F1 at decision 0 for multi-label data. With label
 * groups, the top label's group is taken for the row's: raw decisions cannot be summed
 * as prediction sums a group's probabilities, so this only approximates it. */
static double decision_score(const trainer *t, const double *dec, bool multi)
{
    size_t good = 0, tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < t->n; i++) {
        const double *d = dec + i * t->L;
        const uint8_t *y = t->y + i * t->L;
        if (!multi) {
            size_t best = 0;
            for (size_t l = 1; l < t->L; l++)
                if (d[l] > d[best])
                    best = l;
            good += reported(t, best) == reported(t, gold_label(t, i));
            continue;
        }
        for (size_t l = 0; l < t->L; l++) {
            bool pred = d[l] > 0;
            tp += pred && y[l];
            fp += pred && !y[l];
            fn += !pred && y[l];
        }
    }
    if (!multi)
        return (double)good / (double)t->n;
    return tp ? (double)(2 * tp) / (double)(2 * tp + fp + fn) : 0.0;
}

/* Held-out metrics from the held-out probabilities, over the labels as reported: a
 * row's variants are summed (bundle.c does the same at prediction). */
static int summarise(tenor_model *m, const trainer *t, const double *probs)
{
    size_t G = 0;
    for (size_t l = 0; l < t->L; l++)
        G = reported(t, l) + 1 > G ? reported(t, l) + 1 : G;
    tenor_metrics *met = NULL;
    uint8_t *pred = tenor_alloc_array(G, 1), *gold = tenor_alloc_array(G, 1);
    double *merged = tenor_alloc_array(G, sizeof *merged);
    int rc = pred && gold && merged ? tenor_metrics_new(&met, G) : TENOR_ENOMEM;
    for (size_t i = 0; !rc && i < t->n; i++) {
        const double *p = probs + i * t->L;
        if (!t->opts->group) {
            for (size_t l = 0; l < t->L; l++)
                pred[l] = tenor_model_selects(m, p, l);
            tenor_metrics_add(met, t->y + i * t->L, pred);
            continue;
        }
        memset(merged, 0, G * sizeof *merged);
        memset(pred, 0, G);
        memset(gold, 0, G);
        for (size_t l = 0; l < t->L; l++)
            merged[reported(t, l)] += p[l];
        size_t top = 0;
        for (size_t g = 1; g < G; g++)
            if (merged[g] > merged[top])
                top = g;
        pred[top] = 1;
        gold[reported(t, gold_label(t, i))] = 1;
        tenor_metrics_add(met, gold, pred);
    }
    if (!rc) {
        m->summary.accuracy = tenor_metrics_accuracy(met);
        m->summary.micro_f1 = tenor_metrics_micro_f1(met);
        m->summary.macro_f1 = tenor_metrics_macro_f1(met);
    }
    tenor_metrics_free(met);
    free(pred);
    free(gold);
    free(merged);
    return rc;
}

#define MIN_POSITIVES_FOR_THRESHOLD 5

/* The SVM's own boundary, decision value 0, as a threshold on P(label). That holds only
 * while Platt's slope a is negative (a higher decision, a likelier label). A slope >= 0
 * means held-out decisions showed no sign of the label, and P(0) would then select every
 * row on the wrong side of the boundary (world_affairs 'none': 2238 of 2243 rows), so
 * the label gets a threshold over any probability: never selected. */
static double boundary_threshold(double a, double b)
{
    return a < 0.0 ? sigmoid_prob(a, b, 0.0) : nextafter(1.0, 2.0);
}

static const double C_GRID[] = {0.1, 0.3, 1.0, 3.0, 10.0};
#define C_GRID_N (sizeof C_GRID / sizeof C_GRID[0])

static int check_inputs(size_t n, size_t nfeatures, const uint8_t *y, size_t L, bool multi,
                        const tenor_train_opts *o, tenor_diag *diag)
{
    if (o->C < 0 || !isfinite(o->C))
        return tenor_diag_set(diag, TENOR_EINVAL, "C must be a positive number");
    if (o->folds < 2 || o->folds > 20)
        return tenor_diag_set(diag, TENOR_EINVAL, "folds must be between 2 and 20");
    if (o->solver != TENOR_SOLVER_AUTO && o->solver != TENOR_SOLVER_LIBSVM &&
        o->solver != TENOR_SOLVER_LIBLINEAR)
        return tenor_diag_set(diag, TENOR_EINVAL, "unknown solver %d", (int)o->solver);
    if (n < o->folds)
        return tenor_diag_set(diag, TENOR_EINVAL,
                              "%zu usable examples: at least %u are needed", n, o->folds);
    if (nfeatures == 0)
        return tenor_diag_set(diag, TENOR_EINVAL,
                              "no features: every term is rarer than --min-df");
    if (nfeatures >= (size_t)INT32_MAX - 1)
        return tenor_diag_set(diag, TENOR_EINVAL, "too many features");
    if (L == 0 || (!multi && L < 2))
        return tenor_diag_set(diag, TENOR_EINVAL,
                              "only %zu label(s): a classifier needs at least two", L);
    for (size_t l = 0; o->group && l < L; l++)
        if (multi || o->group[l] >= L)
            return tenor_diag_set(diag, TENOR_EINVAL, "label groups need single-label data "
                                  "and group numbers below the label count");
    for (size_t i = 0; !multi && i < n; i++) {
        size_t k = 0;
        for (size_t l = 0; l < L; l++)
            k += y[i * L + l] != 0;
        if (k != 1)
            return tenor_diag_set(diag, TENOR_EINVAL,
                                  "example %zu has %zu labels in single-label data", i + 1, k);
    }
    return 0;
}

static int train(tenor_model **out, tenor_sparse *take, const tenor_sparse *x, size_t n,
                 size_t nfeatures, const uint8_t *y, size_t L, bool multi,
                 const tenor_train_opts *o, tenor_diag *diag);

int tenor_model_train(tenor_model **out, const tenor_sparse *x, size_t n, size_t nfeatures,
                      const uint8_t *y, size_t L, bool multi, const tenor_train_opts *o,
                      tenor_diag *diag)
{
    return train(out, NULL, x, n, nfeatures, y, L, multi, o, diag);
}

int tenor_model_train_take(tenor_model **out, tenor_sparse *x, size_t n, size_t nfeatures,
                           const uint8_t *y, size_t L, bool multi, const tenor_train_opts *o,
                           tenor_diag *diag)
{
    return train(out, x, x, n, nfeatures, y, L, multi, o, diag);
}

static int train(tenor_model **out, tenor_sparse *take, const tenor_sparse *x, size_t n,
                 size_t nfeatures, const uint8_t *y, size_t L, bool multi,
                 const tenor_train_opts *o, tenor_diag *diag)
{
    int rc = check_inputs(n, nfeatures, y, L, multi, o, diag);
    if (rc)
        return rc;
    /* Both libraries print progress to stdout by default, which carries results. */
    tenor_libsvm_quiet();
    tenor_liblinear_quiet();
    tenor_solver solver = o->solver;
    if (solver == TENOR_SOLVER_AUTO)
        solver = n <= TENOR_AUTO_LIBSVM_MAX ? TENOR_SOLVER_LIBSVM : TENOR_SOLVER_LIBLINEAR;

    trainer t = {solver == TENOR_SOLVER_LIBSVM ? &tenor_libsvm_solver : &tenor_liblinear_solver,
                 NULL, x, n, nfeatures, L, y, o, NULL, NULL, NULL, 0, 0};
    tenor_model *m = NULL;
    size_t *fold = tenor_alloc_array(n, sizeof *fold);
    size_t cells;
    double *dec = NULL, *best_dec = NULL;
    int8_t *ylab = NULL;
    t.ybin = tenor_alloc_array(n, sizeof *t.ybin);
    t.rows = tenor_alloc_array(n, sizeof *t.rows);
    t.w = tenor_alloc_array(nfeatures, sizeof *t.w);
    ylab = tenor_alloc_array(n, sizeof *ylab);
    rc = TENOR_ENOMEM;
    if (!tenor_mul_size(n, L, &cells) || !fold || !t.ybin || !t.rows || !t.w || !ylab)
        goto fail;
    dec = tenor_alloc_array(cells, sizeof *dec);
    best_dec = tenor_alloc_array(cells, sizeof *best_dec);
    if (!dec || !best_dec)
        goto fail;
    if ((rc = model_alloc(&m, L, nfeatures, multi)))
        goto fail;
    /* With take, the solver frees each row as it copies it: the matrix is never held
     * twice (measured: 261 -> 232 MB peak on 100k paragraphs, with the slack freed). */
    if ((rc = t.ops->prepare(&t.state, x, take, n, nfeatures)))
        goto fail;
    if ((rc = assign_folds(fold, y, n, L, multi, o->folds, o->seed)))
        goto fail;

    /* Held-out decision values, for each C in the grid when C is to be chosen. */
    size_t ngrid = o->C > 0 ? 1 : C_GRID_N;
    t.total = ngrid * o->folds * L; /* this stage's steps; the final fit's are its own */
    double best_C = o->C, best_score = -1.0;
    for (size_t g = 0; g < ngrid; g++) {
        double C = o->C > 0 ? o->C : C_GRID[g];
        if ((rc = cross_decisions(&t, fold, o->folds, C, dec)))
            goto fail;
        double score = decision_score(&t, dec, multi);
        if (score > best_score) { /* ties keep the smaller C: more regularised */
            best_score = score;
            best_C = C;
            memcpy(best_dec, dec, cells * sizeof *dec);
        }
    }

    /* Platt per label on held-out decisions, then thresholds on held-out probabilities. */
    for (size_t l = 0; l < L; l++) {
        for (size_t i = 0; i < n; i++) {
            ylab[i] = y[i * L + l] ? 1 : -1;
            dec[i] = best_dec[i * L + l];
        }
        platt_fit(dec, ylab, n, &m->platt_a[l], &m->platt_b[l]);
    }
    for (size_t i = 0; i < n; i++)
        to_probabilities(m, best_dec + i * L);
    for (size_t l = 0; l < L; l++) {
        m->threshold[l] = 0.5;
        if (!multi)
            continue;
        for (size_t i = 0; i < n; i++) {
            ylab[i] = y[i * L + l] ? 1 : -1;
            dec[i] = best_dec[i * L + l];
        }
        size_t npos = 0;
        for (size_t i = 0; i < n; i++)
            npos += ylab[i] > 0;
        /* A threshold fitted to a handful of positives is noise (measured on ModApte:
         * it let 1-example labels select every text); those keep the SVM's own
         * boundary, decision value 0. */
        m->threshold[l] = boundary_threshold(m->platt_a[l], m->platt_b[l]);
        if (npos < MIN_POSITIVES_FOR_THRESHOLD)
            continue;
        double thr, f1;
        if ((rc = best_threshold(dec, ylab, n, &thr, &f1)))
            goto fail;
        /* So is one no better than luck: for a label the model cannot separate, the best
         * F1 tends to be near that of selecting every row, at a near-zero threshold
         * (world_affairs 'none', 5 positives: 0.002, selecting 42% of held-out rows). */
        if (f1 > chance_f1(npos, n))
            m->threshold[l] = thr;
    }
    m->summary = (tenor_train_summary){n, best_C, solver, 0, 0, 0};
    if ((rc = summarise(m, &t, best_dec)))
        goto fail;

    /* The final fit sees every row. */
    for (size_t i = 0; i < n; i++)
        t.rows[i] = i;
    t.done = 0;
    t.total = L;
    for (size_t l = 0; l < L; l++) {
        if ((rc = fit_label(&t, l, t.rows, n, best_C, &m->bias[l])))
            goto fail;
        for (size_t j = 0; j < nfeatures; j++)
            m->w[j * L + l] = (float)t.w[j];
        progress(&t, "training");
    }
    *out = m;
    m = NULL;
    rc = 0;
fail:
    if (rc == TENOR_ENOMEM)
        tenor_diag_set(diag, rc, "out of memory while training");
    else if (rc)
        tenor_diag_set(diag, rc, "the solver rejected the problem: %s", tenor_strerror(rc));
    if (t.state)
        t.ops->release(t.state);
    tenor_model_free(m);
    free(fold);
    free(dec);
    free(best_dec);
    free(ylab);
    free(t.ybin);
    free(t.rows);
    free(t.w);
    return rc;
}

/* ---- serialisation ---------------------------------------------------- */

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_f64(unsigned char *p, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static double get_f64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static bool image_size(size_t L, size_t nf, size_t *out)
{
    size_t cells, bytes, labels;
    return tenor_mul_size(L, nf, &cells) && tenor_mul_size(cells, 4, &bytes) &&
           tenor_mul_size(L, LABEL_BYTES, &labels) && tenor_add_size(bytes, labels, &bytes) &&
           tenor_add_size(bytes, HEADER_BYTES, out);
}

int tenor_model_serialize(void **out, size_t *out_len, const tenor_model *m)
{
    size_t size;
    if (!image_size(m->nlabels, m->nfeatures, &size))
        return TENOR_ENOMEM;
    unsigned char *p = malloc(size), *q = p;
    if (!p)
        return TENOR_ENOMEM;
    memcpy(q, FORMAT_MAGIC, 8);
    put_u32(q + 8, FORMAT_VERSION);
    put_u32(q + 12, (uint32_t)m->nlabels);
    put_u32(q + 16, (uint32_t)m->nfeatures);
    put_u32(q + 20, m->multi_label ? 1u : 0u);
    q += HEADER_BYTES;
    for (size_t l = 0; l < m->nlabels; l++, q += LABEL_BYTES) {
        put_f64(q, m->bias[l]);
        put_f64(q + 8, m->platt_a[l]);
        put_f64(q + 16, m->platt_b[l]);
        put_f64(q + 24, m->threshold[l]);
    }
    size_t cells = m->nlabels * m->nfeatures;
    for (size_t i = 0; i < cells; i++, q += 4) {
        uint32_t v;
        memcpy(&v, &m->w[i], sizeof v);
        put_u32(q, v);
    }
    *out = p;
    *out_len = size;
    return 0;
}

int tenor_model_parse(tenor_model **out, const void *data, size_t len, const char *name,
                      tenor_diag *diag)
{
    const unsigned char *p = data;
    if (len < HEADER_BYTES || memcmp(p, FORMAT_MAGIC, 8) != 0)
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s: not a tenor weights file", name);
    uint32_t version = get_u32(p + 8);
    if (version > FORMAT_VERSION)
        return tenor_diag_set(diag, TENOR_EVERSION,
                              "%s: weights format %u is newer than this tenor reads (%u)", name,
                              (unsigned)version, FORMAT_VERSION);
    size_t L = get_u32(p + 12), nf = get_u32(p + 16), size;
    uint32_t flags = get_u32(p + 20);
    if (L == 0 || flags > 1 || !image_size(L, nf, &size) || size != len)
        return tenor_diag_set(diag, TENOR_EFORMAT,
                              "%s: truncated or corrupt (%zu bytes for %zu labels x %zu "
                              "features)",
                              name, len, L, nf);
    tenor_model *m;
    if (model_alloc(&m, L, nf, flags == 1))
        return tenor_diag_set(diag, TENOR_ENOMEM, "%s: out of memory", name);
    p += HEADER_BYTES;
    for (size_t l = 0; l < L; l++, p += LABEL_BYTES) {
        m->bias[l] = get_f64(p);
        m->platt_a[l] = get_f64(p + 8);
        m->platt_b[l] = get_f64(p + 16);
        m->threshold[l] = get_f64(p + 24);
        if (!isfinite(m->bias[l]) || !isfinite(m->platt_a[l]) || !isfinite(m->platt_b[l]) ||
            !isfinite(m->threshold[l])) {
            tenor_model_free(m);
            return tenor_diag_set(diag, TENOR_EFORMAT, "%s: label %zu has a non-finite "
                                  "parameter", name, l);
        }
    }
    size_t cells = L * nf;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* The file's byte order: one copy, then a check of the exponent bits a block at a
     * time (all ones: infinite or NaN), then the byte-by-byte loop below only from a
     * block that has a non-finite weight, to name it. */
    memcpy(m->w, p, cells * sizeof *m->w);
    size_t done = 0;
    for (; cells - done >= 1024; done += 1024) {
        /* Two weights per word: an exponent of all ones plus its lowest bit carries
         * into the weight's sign bit, and only then (no carry crosses the halves). */
        const uint64_t exp2 = 0x7F8000007F800000ull, one2 = 0x0080000000800000ull;
        uint64_t bad = 0;
        for (size_t i = done; i < done + 1024; i += 2) {
            uint64_t v;
            memcpy(&v, &m->w[i], sizeof v);
            bad |= (v & exp2) + one2;
        }
        if (bad & 0x8000000080000000ull)
            break;
    }
    p += done * 4;
#else
    size_t done = 0;
#endif
    for (size_t i = done; i < cells; i++, p += 4) {
        uint32_t v = get_u32(p);
        memcpy(&m->w[i], &v, sizeof v);
        if (!isfinite(m->w[i])) { /* would turn every probability into NaN */
            tenor_model_free(m);
            return tenor_diag_set(diag, TENOR_EFORMAT, "%s: feature %zu, label %zu has a "
                                  "non-finite weight", name, i / L, i % L);
        }
    }
    *out = m;
    return 0;
}
