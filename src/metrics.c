/* metrics.c - counting agreement (see metrics.h). Pure arithmetic; no I/O. */
#include "tenor/metrics.h"

#include <math.h>
#include <stdlib.h>

#include "tenor/error.h"
#include "util/alloc.h"

struct tenor_metrics {
    size_t nlabels;
    size_t n, exact;
    size_t *tp, *fp, *fn;
    size_t *confusion; /* (nlabels + 1)^2 */
};

int tenor_metrics_new(tenor_metrics **out, size_t nlabels)
{
    tenor_metrics *m = calloc(1, sizeof *m);
    size_t side = nlabels + 1, cells;
    if (!m || !tenor_mul_size(side, side, &cells)) {
        free(m);
        return TENOR_ENOMEM;
    }
    m->nlabels = nlabels;
    m->tp = tenor_calloc_array(nlabels, sizeof *m->tp);
    m->fp = tenor_calloc_array(nlabels, sizeof *m->fp);
    m->fn = tenor_calloc_array(nlabels, sizeof *m->fn);
    m->confusion = tenor_calloc_array(cells, sizeof *m->confusion);
    if (!m->tp || !m->fp || !m->fn || !m->confusion) {
        tenor_metrics_free(m);
        return TENOR_ENOMEM;
    }
    *out = m;
    return 0;
}

void tenor_metrics_free(tenor_metrics *m)
{
    if (!m)
        return;
    free(m->tp);
    free(m->fp);
    free(m->fn);
    free(m->confusion);
    free(m);
}

void tenor_metrics_add(tenor_metrics *m, const uint8_t *gold, const uint8_t *pred)
{
    size_t L = m->nlabels, side = L + 1;
    int same = 1, any_gold = 0, any_pred = 0;
    for (size_t l = 0; l < L; l++) {
        if (gold[l] && pred[l])
            m->tp[l]++;
        else if (pred[l])
            m->fp[l]++;
        else if (gold[l])
            m->fn[l]++;
        if (!gold[l] != !pred[l])
            same = 0;
        any_gold |= gold[l] != 0;
        any_pred |= pred[l] != 0;
    }
    m->n++;
    m->exact += (size_t)same;
    for (size_t g = 0; g < side; g++) {
        if (g < L ? !gold[g] : any_gold)
            continue;
        for (size_t p = 0; p < side; p++) {
            if (p < L ? !pred[p] : any_pred)
                continue;
            m->confusion[g * side + p]++;
        }
    }
}

size_t tenor_metrics_count(const tenor_metrics *m)
{
    return m->n;
}

size_t tenor_metrics_nlabels(const tenor_metrics *m)
{
    return m->nlabels;
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : NAN;
}

double tenor_metrics_accuracy(const tenor_metrics *m)
{
    return ratio(m->exact, m->n);
}

double tenor_metrics_micro_f1(const tenor_metrics *m)
{
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t l = 0; l < m->nlabels; l++) {
        tp += m->tp[l];
        fp += m->fp[l];
        fn += m->fn[l];
    }
    return ratio(2 * tp, 2 * tp + fp + fn);
}

double tenor_metrics_macro_f1(const tenor_metrics *m)
{
    double sum = 0.0;
    size_t k = 0;
    for (size_t l = 0; l < m->nlabels; l++) {
        size_t denom = 2 * m->tp[l] + m->fp[l] + m->fn[l];
        if (!denom)
            continue;
        sum += (double)(2 * m->tp[l]) / (double)denom;
        k++;
    }
    return k ? sum / (double)k : NAN;
}

tenor_label_metrics tenor_metrics_label(const tenor_metrics *m, size_t l)
{
    tenor_label_metrics r;
    r.true_positives = m->tp[l];
    r.support = m->tp[l] + m->fn[l];
    r.predicted = m->tp[l] + m->fp[l];
    r.precision = ratio(m->tp[l], r.predicted);
    r.recall = ratio(m->tp[l], r.support);
    r.f1 = ratio(2 * m->tp[l], 2 * m->tp[l] + m->fp[l] + m->fn[l]);
    return r;
}

size_t tenor_metrics_confusion(const tenor_metrics *m, size_t gold, size_t pred)
{
    return m->confusion[gold * (m->nlabels + 1) + pred];
}
