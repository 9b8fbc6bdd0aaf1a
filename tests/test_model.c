/* test_model.c - one-vs-rest training, calibration, prediction and the weights format. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/model.h"

/* Three clusters on features {0,1}, {2,3}, {4,5}, with a shared noise feature 6. */
#define N 60
#define NF 7
static tenor_feature cells[N][3];
static tenor_sparse xs[N];
static uint8_t y_single[N * 3];

static void build_data(void)
{
    for (size_t i = 0; i < N; i++) {
        size_t c = i % 3;
        float a = 0.5f + 0.1f * (float)(i % 5), b = 1.0f - a / 2;
        cells[i][0] = (tenor_feature){(uint32_t)(2 * c), a};
        cells[i][1] = (tenor_feature){(uint32_t)(2 * c + 1), b};
        cells[i][2] = (tenor_feature){6, 0.3f};
        xs[i] = (tenor_sparse){cells[i], 3, 3};
        for (size_t l = 0; l < 3; l++)
            y_single[i * 3 + l] = l == c;
    }
}

static tenor_model *train_with(tenor_solver solver, double C, bool multi, const uint8_t *y)
{
    tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
    o.solver = solver;
    o.C = C;
    tenor_model *m = NULL;
    tenor_diag d;
    tenor_diag_clear(&d);
    int rc = tenor_model_train(&m, xs, N, NF, y, 3, multi, &o, &d);
    CHECK_OK(rc);
    if (rc)
        fprintf(stderr, "train: %s\n", d.msg);
    return m;
}

static void model_separates_clusters_with_each_solver(void)
{
    tenor_solver solvers[] = {TENOR_SOLVER_LIBSVM, TENOR_SOLVER_LIBLINEAR};
    for (size_t s = 0; s < 2; s++) {
        tenor_model *m = train_with(solvers[s], 1.0, false, y_single);
        if (!m)
            return;
        double p[3];
        for (size_t i = 0; i < N; i++) {
            tenor_model_predict(m, &xs[i], p);
            CHECK_INT_EQ(tenor_model_top(m, p), i % 3);
            CHECK(tenor_model_selects(m, p, i % 3));
            CHECK(!tenor_model_selects(m, p, (i + 1) % 3));
        }
        CHECK_INT_EQ(tenor_model_summary(m)->solver, solvers[s]);
        CHECK_NEAR(tenor_model_summary(m)->accuracy, 1.0, 1e-9);
        tenor_model_free(m);
    }
}

static void single_label_probabilities_sum_to_one(void)
{
    tenor_model *m = train_with(TENOR_SOLVER_LIBLINEAR, 1.0, false, y_single);
    if (!m)
        return;
    double p[3];
    tenor_model_predict(m, &xs[4], p);
    CHECK_NEAR(p[0] + p[1] + p[2], 1.0, 1e-9);
    CHECK(p[1] > 0.5);
    tenor_model_free(m);
}

static void multi_label_selects_every_label_over_its_threshold(void)
{
    /* Label 0 = cluster 0 or 1, label 1 = cluster 1 or 2, label 2 = cluster 2: cluster 1
     * has labels {0, 1}, cluster 2 has {1, 2}. */
    uint8_t y[N * 3];
    for (size_t i = 0; i < N; i++) {
        size_t c = i % 3;
        y[i * 3 + 0] = c <= 1;
        y[i * 3 + 1] = c >= 1;
        y[i * 3 + 2] = c == 2;
    }
    tenor_model *m = train_with(TENOR_SOLVER_LIBLINEAR, 1.0, true, y);
    if (!m)
        return;
    CHECK(tenor_model_multi_label(m));
    double p[3];
    tenor_model_predict(m, &xs[1], p); /* cluster 1 */
    CHECK(tenor_model_selects(m, p, 0));
    CHECK(tenor_model_selects(m, p, 1));
    CHECK(!tenor_model_selects(m, p, 2));
    tenor_model_free(m);
}

/* Labels 2 and 3 fall on some of the four equal copies of each feature vector (rows i,
 * i + 15, i + 30 and i + 45), so no model can tell their rows from the others. Their
 * F1-optimal thresholds selected label 2 on all 60 rows (libsvm) and label 3 on 24
 * (liblinear). Labels 0 and 1 are clusters and still select exactly their rows. */
static void multi_label_never_spreads_an_unlearnable_label_over_most_rows(void)
{
    enum { L = 4 };
    uint8_t y[N * L];
    size_t carried[L] = {0};
    for (size_t i = 0; i < N; i++) {
        y[i * L + 0] = i % 3 == 0;
        y[i * L + 1] = i % 3 != 0;
        y[i * L + 2] = i < 15; /* once per distinct vector */
        y[i * L + 3] = i % 10 == 0;
        for (size_t l = 0; l < L; l++)
            carried[l] += y[i * L + l];
    }
    tenor_solver solvers[] = {TENOR_SOLVER_LIBSVM, TENOR_SOLVER_LIBLINEAR};
    for (size_t s = 0; s < 2; s++) {
        tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
        o.solver = solvers[s];
        o.C = 1.0;
        tenor_model *m = NULL;
        CHECK_OK(tenor_model_train(&m, xs, N, NF, y, L, true, &o, NULL));
        if (!m)
            return;
        size_t selected[L] = {0};
        double p[L];
        for (size_t i = 0; i < N; i++) {
            tenor_model_predict(m, &xs[i], p);
            CHECK(tenor_model_selects(m, p, 0) == (i % 3 == 0));
            CHECK(tenor_model_selects(m, p, 1) == (i % 3 != 0));
            for (size_t l = 2; l < L; l++)
                selected[l] += tenor_model_selects(m, p, l);
        }
        for (size_t l = 2; l < L; l++)
            CHECK(selected[l] <= carried[l]);
        tenor_model_free(m);
    }
}

static void training_is_identical_for_one_seed(void)
{
    tenor_model *a = train_with(TENOR_SOLVER_LIBLINEAR, 1.0, false, y_single);
    tenor_model *b = train_with(TENOR_SOLVER_LIBLINEAR, 1.0, false, y_single);
    void *ia = NULL, *ib = NULL;
    size_t la = 0, lb = 0;
    if (a && b && !tenor_model_serialize(&ia, &la, a) && !tenor_model_serialize(&ib, &lb, b)) {
        CHECK_INT_EQ(la, lb);
        CHECK(la == lb && memcmp(ia, ib, la) == 0);
    } else {
        CHECK(0);
    }
    free(ia);
    free(ib);
    tenor_model_free(a);
    tenor_model_free(b);
}

static void serialized_model_predicts_identically(void)
{
    tenor_model *m = train_with(TENOR_SOLVER_LIBSVM, 1.0, false, y_single), *back = NULL;
    void *img = NULL;
    size_t len = 0;
    if (!m || tenor_model_serialize(&img, &len, m)) {
        CHECK(0);
        tenor_model_free(m);
        return;
    }
    CHECK_OK(tenor_model_parse(&back, img, len, "w", NULL));
    if (back) {
        double p[3], q[3];
        for (size_t i = 0; i < N; i++) {
            tenor_model_predict(m, &xs[i], p);
            tenor_model_predict(back, &xs[i], q);
            CHECK(memcmp(p, q, sizeof p) == 0);
        }
    }
    free(img);
    tenor_model_free(m);
    tenor_model_free(back);
}

/* A hand-made image big enough for the block-wise check of the weights (4000 cells:
 * three whole blocks of 1024 and a tail): every weight reads back, and a non-finite one
 * is named by feature and label wherever it is. */
static void parse_checks_every_weight_of_a_large_image(void)
{
    enum { LABELS = 2, FEATS = 2000 };
    size_t len = 24 + LABELS * 32 + (size_t)LABELS * FEATS * 4;
    unsigned char *img = calloc(1, len);
    if (!img) {
        CHECK(0);
        return;
    }
    memcpy(img, "TENORWT\n", 8);
    img[8] = 1;  /* version */
    img[12] = LABELS; /* labels */
    img[16] = FEATS & 0xFF;
    img[17] = FEATS >> 8;
    unsigned char *w = img + 24 + LABELS * 32;
    for (size_t i = 0; i < (size_t)LABELS * FEATS; i++) {
        float f = (float)i / 8.0f - 100.0f;
        uint32_t v;
        memcpy(&v, &f, 4);
        for (int k = 0; k < 4; k++)
            w[i * 4 + k] = (unsigned char)(v >> (8 * k));
    }
    tenor_model *m = NULL;
    tenor_diag d;
    tenor_diag_clear(&d);
    CHECK_OK(tenor_model_parse(&m, img, len, "w.bin", &d));
    if (m) {
        CHECK(tenor_model_weight(m, 0, 0) == -100.0f);
        CHECK(tenor_model_weight(m, 1, 1999) == (float)3999 / 8.0f - 100.0f);
        CHECK(tenor_model_weight(m, 0, 1250) == (float)2500 / 8.0f - 100.0f);
        tenor_model_free(m);
    }
    static const struct {
        size_t cell;
        const char *bits; /* little-endian */
        const char *where;
    } bad[] = {{5, "\x00\x00\x80\x7f", "feature 2, label 1"},
               {2500, "\x00\x00\xc0\x7f", "feature 1250, label 0"},
               {3999, "\x00\x00\x80\xff", "feature 1999, label 1"}};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        unsigned char saved[4];
        memcpy(saved, w + bad[k].cell * 4, 4);
        memcpy(w + bad[k].cell * 4, bad[k].bits, 4);
        m = NULL;
        CHECK_INT_EQ(tenor_model_parse(&m, img, len, "w.bin", &d), TENOR_EFORMAT);
        CHECK(m == NULL);
        CHECK(strstr(d.msg, bad[k].where) != NULL);
        memcpy(w + bad[k].cell * 4, saved, 4);
    }
    free(img);
}

static void parse_refuses_truncated_foreign_and_future_images(void)
{
    tenor_model *m = train_with(TENOR_SOLVER_LIBLINEAR, 1.0, false, y_single), *back = NULL;
    unsigned char *img = NULL;
    size_t len = 0;
    if (!m || tenor_model_serialize((void **)&img, &len, m)) {
        CHECK(0);
        tenor_model_free(m);
        return;
    }
    tenor_diag d;
    tenor_diag_clear(&d);
    CHECK_INT_EQ(tenor_model_parse(&back, img, len - 1, "w.bin", &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "truncated") != NULL);
    /* A NaN weight (0x7fc00000, little-endian) in the last cell would make every
     * probability NaN: refused like any other corruption. */
    unsigned char saved[4];
    memcpy(saved, img + len - 4, 4);
    memcpy(img + len - 4, "\x00\x00\xc0\x7f", 4);
    CHECK_INT_EQ(tenor_model_parse(&back, img, len, "w.bin", &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "non-finite weight") != NULL);
    memcpy(img + len - 4, saved, 4);
    CHECK_INT_EQ(tenor_model_parse(&back, img, 10, "w.bin", &d), TENOR_EFORMAT);
    img[9] = 7; /* version 0x0701 */
    CHECK_INT_EQ(tenor_model_parse(&back, img, len, "w.bin", &d), TENOR_EVERSION);
    img[0] = 'X';
    CHECK_INT_EQ(tenor_model_parse(&back, img, len, "w.bin", &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "not a tenor weights file") != NULL);
    free(img);
    tenor_model_free(m);
}

static void train_rejects_a_single_label_and_too_few_examples(void)
{
    uint8_t y[N];
    memset(y, 1, sizeof y);
    tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
    tenor_model *m = NULL;
    tenor_diag d;
    tenor_diag_clear(&d);
    CHECK_INT_EQ(tenor_model_train(&m, xs, N, NF, y, 1, false, &o, &d), TENOR_EINVAL);
    CHECK(strstr(d.msg, "at least two") != NULL);
    CHECK_INT_EQ(tenor_model_train(&m, xs, 3, NF, y_single, 3, false, &o, &d), TENOR_EINVAL);
    o.folds = 1;
    CHECK_INT_EQ(tenor_model_train(&m, xs, N, NF, y_single, 3, false, &o, &d), TENOR_EINVAL);
    o = (tenor_train_opts)TENOR_TRAIN_OPTS_INIT;
    o.solver = (tenor_solver)42;
    CHECK_INT_EQ(tenor_model_train(&m, xs, N, NF, y_single, 3, false, &o, &d), TENOR_EINVAL);
    CHECK(strstr(d.msg, "unknown solver") != NULL);
    CHECK(m == NULL);
}

typedef struct {
    char stage[64][32];
    size_t done[64], total[64], n;
} progress_log;

static void log_progress(const char *stage, size_t done, size_t total, void *payload)
{
    progress_log *p = payload;
    if (p->n < 64) {
        snprintf(p->stage[p->n], sizeof p->stage[0], "%s", stage);
        p->done[p->n] = done;
        p->total[p->n] = total;
    }
    p->n++;
}

/* Each stage counts its own steps from 1 to its total, so a progress bar reaches 100%
 * before the next stage starts (cross-validation stopped at 83% of the whole). */
static void progress_counts_each_stage_to_its_end(void)
{
    tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
    o.folds = 3;
    progress_log p = {.n = 0};
    o.progress = log_progress;
    o.payload = &p;
    tenor_model *m = NULL;
    tenor_diag d;
    tenor_diag_clear(&d);
    CHECK_OK(tenor_model_train(&m, xs, N, NF, y_single, 3, false, &o, &d));
    CHECK_INT_EQ(p.n, 3 * 3 + 3); /* 3 folds x 3 labels, then 3 final fits */
    for (size_t i = 0; i < p.n && i < 64; i++) {
        bool first = i == 0 || strcmp(p.stage[i], p.stage[i - 1]) != 0;
        bool last = i + 1 == p.n || strcmp(p.stage[i], p.stage[i + 1]) != 0;
        CHECK(p.done[i] == (first ? 1 : p.done[i - 1] + 1));
        if (last)
            CHECK_INT_EQ(p.done[i], p.total[i]);
    }
    tenor_model_free(m);
}

static void auto_c_picks_a_value_from_the_grid(void)
{
    tenor_model *m = train_with(TENOR_SOLVER_LIBLINEAR, 0.0, false, y_single);
    if (!m)
        return;
    double C = tenor_model_summary(m)->C;
    CHECK(C == 0.1 || C == 0.3 || C == 1.0 || C == 3.0 || C == 10.0);
    tenor_model_free(m);
}

static void balanced_weights_find_a_rare_class(void)
{
    /* Class 1 has 4 examples among 60. */
    uint8_t y[N * 2];
    for (size_t i = 0; i < N; i++) {
        bool rare = i % 15 == 1;
        y[i * 2] = !rare;
        y[i * 2 + 1] = rare;
        xs[i].items[0].index = rare ? 5 : 0;
    }
    tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
    o.class_weight = TENOR_CLASS_WEIGHT_BALANCED;
    o.folds = 2;
    tenor_model *m = NULL;
    CHECK_OK(tenor_model_train(&m, xs, N, NF, y, 2, false, &o, NULL));
    if (m) {
        double p[2];
        tenor_model_predict(m, &xs[1], p);
        CHECK_INT_EQ(tenor_model_top(m, p), 1);
        tenor_model_predict(m, &xs[0], p);
        CHECK_INT_EQ(tenor_model_top(m, p), 0);
    }
    tenor_model_free(m);
    build_data();
}

/* Labels 1 and 2 split clusters 1 and 2 at random: apart they are guesswork, as one
 * group (label variants) they are a perfect label. */
static void held_out_metrics_count_a_group_as_one_label(void)
{
    uint8_t y[N * 3];
    for (size_t i = 0; i < N; i++) {
        size_t c = i % 3 == 0 ? 0 : 1 + (i / 3) % 2;
        for (size_t l = 0; l < 3; l++)
            y[i * 3 + l] = l == c;
    }
    const size_t group[3] = {0, 1, 1}, bad[3] = {0, 1, 3};
    tenor_train_opts o = TENOR_TRAIN_OPTS_INIT;
    tenor_model *apart = NULL, *grouped = NULL, *refused = NULL;
    tenor_diag d;
    CHECK_OK(tenor_model_train(&apart, xs, N, NF, y, 3, false, &o, &d));
    o.group = group;
    CHECK_OK(tenor_model_train(&grouped, xs, N, NF, y, 3, false, &o, &d));
    if (apart && grouped) {
        CHECK(tenor_model_summary(apart)->accuracy < 0.9);
        CHECK_NEAR(tenor_model_summary(grouped)->accuracy, 1.0, 1e-9);
        CHECK_NEAR(tenor_model_summary(grouped)->macro_f1, 1.0, 1e-9);
    }
    o.group = bad;
    CHECK_INT_EQ(tenor_model_train(&refused, xs, N, NF, y, 3, false, &o, &d), TENOR_EINVAL);
    o.group = group;
    CHECK_INT_EQ(tenor_model_train(&refused, xs, N, NF, y, 3, true, &o, &d), TENOR_EINVAL);
    CHECK(refused == NULL);
    tenor_model_free(apart);
    tenor_model_free(grouped);
}

int main(void)
{
    int passed = 0, failed = 0;
    build_data();
    RUN(model_separates_clusters_with_each_solver, passed, failed);
    RUN(single_label_probabilities_sum_to_one, passed, failed);
    RUN(multi_label_selects_every_label_over_its_threshold, passed, failed);
    RUN(multi_label_never_spreads_an_unlearnable_label_over_most_rows, passed, failed);
    RUN(training_is_identical_for_one_seed, passed, failed);
    RUN(serialized_model_predicts_identically, passed, failed);
    RUN(parse_refuses_truncated_foreign_and_future_images, passed, failed);
    RUN(parse_checks_every_weight_of_a_large_image, passed, failed);
    RUN(train_rejects_a_single_label_and_too_few_examples, passed, failed);
    RUN(auto_c_picks_a_value_from_the_grid, passed, failed);
    RUN(progress_counts_each_stage_to_its_end, passed, failed);
    RUN(balanced_weights_find_a_rare_class, passed, failed);
    RUN(held_out_metrics_count_a_group_as_one_label, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
