/* test_metrics.c - exact-match accuracy, micro/macro F1, per-label P/R/F1 with NaN for
 * undefined ratios, and confusion counts with the "(none)" row and column, all on small
 * examples computed by hand. */
#include <math.h>
#include <stdint.h>

#include "harness.h"
#include "tenor/metrics.h"

enum { A, B, C, D, NLABELS };

static void add(tenor_metrics *m, uint8_t g0, uint8_t g1, uint8_t g2, uint8_t p0, uint8_t p1,
                uint8_t p2)
{
    const uint8_t gold[NLABELS] = {g0, g1, g2, 0};
    const uint8_t pred[NLABELS] = {p0, p1, p2, 0};
    tenor_metrics_add(m, gold, pred);
}

/* Five examples over labels A, B, C and an unused D:
 *   gold {A}    pred {A}     exact
 *   gold {A,B}  pred {A}
 *   gold {B}    pred {C}
 *   gold {}     pred {}      exact
 *   gold {C}    pred {}
 * A: tp 2 fp 0 fn 0; B: tp 0 fp 0 fn 2; C: tp 0 fp 1 fn 1; D: nothing. */
static tenor_metrics *example(void)
{
    tenor_metrics *m = NULL;
    CHECK_OK(tenor_metrics_new(&m, NLABELS));
    if (!m)
        return NULL;
    add(m, 1, 0, 0, 1, 0, 0);
    add(m, 1, 1, 0, 1, 0, 0);
    add(m, 0, 1, 0, 0, 0, 1);
    add(m, 0, 0, 0, 0, 0, 0);
    add(m, 0, 0, 1, 0, 0, 0);
    return m;
}

static void metrics_accuracy_is_exact_match_of_label_sets(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    CHECK_INT_EQ(tenor_metrics_count(m), 5);
    CHECK_INT_EQ(tenor_metrics_nlabels(m), NLABELS);
    CHECK_NEAR(tenor_metrics_accuracy(m), 2.0 / 5.0, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_micro_f1_pools_counts_over_labels(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    /* tp 2, fp 1, fn 3: 2 * 2 / (2 * 2 + 1 + 3) */
    CHECK_NEAR(tenor_metrics_micro_f1(m), 0.5, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_macro_f1_averages_labels_that_occur(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    /* F1 of A = 1, B = 0, C = 0; D never occurs and is left out (not counted as 0). */
    CHECK_NEAR(tenor_metrics_macro_f1(m), 1.0 / 3.0, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_per_label_scores_match_hand_counts(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    tenor_label_metrics a = tenor_metrics_label(m, A);
    CHECK_INT_EQ(a.true_positives, 2);
    CHECK_INT_EQ(a.support, 2);
    CHECK_INT_EQ(a.predicted, 2);
    CHECK_NEAR(a.precision, 1.0, 1e-12);
    CHECK_NEAR(a.recall, 1.0, 1e-12);
    CHECK_NEAR(a.f1, 1.0, 1e-12);

    tenor_label_metrics c = tenor_metrics_label(m, C);
    CHECK_INT_EQ(c.true_positives, 0);
    CHECK_INT_EQ(c.support, 1);
    CHECK_INT_EQ(c.predicted, 1);
    CHECK_NEAR(c.precision, 0.0, 1e-12);
    CHECK_NEAR(c.recall, 0.0, 1e-12);
    CHECK_NEAR(c.f1, 0.0, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_precision_is_nan_without_predictions(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    tenor_label_metrics b = tenor_metrics_label(m, B);
    CHECK_INT_EQ(b.predicted, 0);
    CHECK_INT_EQ(b.support, 2);
    CHECK(isnan(b.precision));
    CHECK_NEAR(b.recall, 0.0, 1e-12);
    CHECK(!isnan(b.f1));
    CHECK_NEAR(b.f1, 0.0, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_are_nan_for_a_label_without_support_or_predictions(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    tenor_label_metrics d = tenor_metrics_label(m, D);
    CHECK_INT_EQ(d.support, 0);
    CHECK_INT_EQ(d.predicted, 0);
    CHECK(isnan(d.precision));
    CHECK(isnan(d.recall));
    CHECK(isnan(d.f1));
    tenor_metrics_free(m);
}

static void metrics_recall_is_nan_without_support(void)
{
    tenor_metrics *m = NULL;
    CHECK_OK(tenor_metrics_new(&m, NLABELS));
    if (!m)
        return;
    add(m, 1, 0, 0, 1, 1, 0); /* B predicted but never gold */
    tenor_label_metrics b = tenor_metrics_label(m, B);
    CHECK_INT_EQ(b.support, 0);
    CHECK_INT_EQ(b.predicted, 1);
    CHECK(isnan(b.recall));
    CHECK_NEAR(b.precision, 0.0, 1e-12);
    CHECK_NEAR(b.f1, 0.0, 1e-12);
    CHECK_NEAR(tenor_metrics_accuracy(m), 0.0, 1e-12);
    tenor_metrics_free(m);
}

static void metrics_with_no_examples_are_nan(void)
{
    tenor_metrics *m = NULL;
    CHECK_OK(tenor_metrics_new(&m, 2));
    if (!m)
        return;
    CHECK_INT_EQ(tenor_metrics_count(m), 0);
    CHECK(isnan(tenor_metrics_accuracy(m)));
    CHECK(isnan(tenor_metrics_micro_f1(m)));
    CHECK(isnan(tenor_metrics_macro_f1(m)));
    CHECK_INT_EQ(tenor_metrics_confusion(m, 2, 2), 0);
    tenor_metrics_free(m);
    tenor_metrics_free(NULL);
}

static void metrics_confusion_counts_every_gold_predicted_pair(void)
{
    tenor_metrics *m = example();
    if (!m)
        return;
    const size_t none = NLABELS;
    CHECK_INT_EQ(tenor_metrics_confusion(m, A, A), 2);
    CHECK_INT_EQ(tenor_metrics_confusion(m, B, A), 1); /* from gold {A,B}, pred {A} */
    CHECK_INT_EQ(tenor_metrics_confusion(m, B, C), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, none, none), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, C, none), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, A, B), 0);
    CHECK_INT_EQ(tenor_metrics_confusion(m, C, C), 0);
    CHECK_INT_EQ(tenor_metrics_confusion(m, none, C), 0);
    size_t total = 0;
    for (size_t g = 0; g <= none; g++)
        for (size_t p = 0; p <= none; p++)
            total += tenor_metrics_confusion(m, g, p);
    CHECK_INT_EQ(total, 6);
    tenor_metrics_free(m);
}

static void metrics_confusion_puts_unexpected_predictions_in_the_none_row(void)
{
    tenor_metrics *m = NULL;
    CHECK_OK(tenor_metrics_new(&m, NLABELS));
    if (!m)
        return;
    add(m, 0, 0, 0, 0, 1, 1); /* gold {} pred {B, C} */
    CHECK_INT_EQ(tenor_metrics_confusion(m, NLABELS, B), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, NLABELS, C), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, NLABELS, NLABELS), 0);
    tenor_metrics_free(m);
}

static void metrics_single_label_confusion_is_the_usual_matrix(void)
{
    tenor_metrics *m = NULL;
    CHECK_OK(tenor_metrics_new(&m, 2));
    if (!m)
        return;
    static const uint8_t pos[2] = {1, 0}, neg[2] = {0, 1};
    tenor_metrics_add(m, pos, pos);
    tenor_metrics_add(m, pos, pos);
    tenor_metrics_add(m, pos, neg);
    tenor_metrics_add(m, neg, neg);
    CHECK_INT_EQ(tenor_metrics_confusion(m, 0, 0), 2);
    CHECK_INT_EQ(tenor_metrics_confusion(m, 0, 1), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, 1, 1), 1);
    CHECK_INT_EQ(tenor_metrics_confusion(m, 1, 0), 0);
    CHECK_INT_EQ(tenor_metrics_confusion(m, 2, 2), 0);
    CHECK_NEAR(tenor_metrics_accuracy(m), 0.75, 1e-12);
    /* For single-label data micro-F1 equals accuracy. */
    CHECK_NEAR(tenor_metrics_micro_f1(m), 0.75, 1e-12);
    /* F1(pos) = 4/5, F1(neg) = 2/3. */
    CHECK_NEAR(tenor_metrics_macro_f1(m), (0.8 + 2.0 / 3.0) / 2.0, 1e-12);
    tenor_metrics_free(m);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(metrics_accuracy_is_exact_match_of_label_sets, passed, failed);
    RUN(metrics_micro_f1_pools_counts_over_labels, passed, failed);
    RUN(metrics_macro_f1_averages_labels_that_occur, passed, failed);
    RUN(metrics_per_label_scores_match_hand_counts, passed, failed);
    RUN(metrics_precision_is_nan_without_predictions, passed, failed);
    RUN(metrics_are_nan_for_a_label_without_support_or_predictions, passed, failed);
    RUN(metrics_recall_is_nan_without_support, passed, failed);
    RUN(metrics_with_no_examples_are_nan, passed, failed);
    RUN(metrics_confusion_counts_every_gold_predicted_pair, passed, failed);
    RUN(metrics_confusion_puts_unexpected_predictions_in_the_none_row, passed, failed);
    RUN(metrics_single_label_confusion_is_the_usual_matrix, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
