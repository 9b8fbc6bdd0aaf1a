/* metrics.h - agreement between gold and predicted label sets.
 *
 * Used by evaluate and by training's cross-validation. Each example is a pair of 0/1
 * rows over nlabels labels. accuracy is exact match of the sets; micro-F1 pools all
 * labels' counts; macro-F1 averages the F1 of every label that occurs in the gold or
 * predicted sets. A ratio with a zero denominator is undefined and returned as NaN
 * (JSON null, "-" in tables), never as 0. */
#ifndef TENOR_METRICS_H
#define TENOR_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct tenor_metrics tenor_metrics;

/* *out is owned by the caller (tenor_metrics_free). Returns 0 or TENOR_ENOMEM. */
int tenor_metrics_new(tenor_metrics **out, size_t nlabels);
void tenor_metrics_free(tenor_metrics *m); /* NULL is a no-op */

/* Adds one example: gold and pred are rows of nlabels 0/1 values. */
void tenor_metrics_add(tenor_metrics *m, const uint8_t *gold, const uint8_t *pred);

size_t tenor_metrics_count(const tenor_metrics *m);
size_t tenor_metrics_nlabels(const tenor_metrics *m);
double tenor_metrics_accuracy(const tenor_metrics *m);
double tenor_metrics_micro_f1(const tenor_metrics *m);
double tenor_metrics_macro_f1(const tenor_metrics *m);

typedef struct {
    double precision, recall, f1; /* NaN where undefined */
    size_t support;               /* gold examples with the label */
    size_t predicted;             /* examples predicted with the label */
    size_t true_positives;
} tenor_label_metrics;

tenor_label_metrics tenor_metrics_label(const tenor_metrics *m, size_t label);

/* Confusion counts: row = gold label, column = predicted label, index nlabels = "no
 * label". An example adds one to every (gold, predicted) pair of its sets, so for
 * single-label data this is the usual confusion matrix. */
size_t tenor_metrics_confusion(const tenor_metrics *m, size_t gold, size_t pred);

#endif
