/* test_bundle.c - train -> save -> load round trips, and refusing broken bundles. */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "tenor/bundle.h"
#include "util/fileio.h"

static char tmpdir[256];

static tenor_dataset *toy_dataset(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", TENOR_TEST_DATA, file);
    tenor_buf bytes = TENOR_BUF_INIT;
    tenor_dataset *d = NULL;
    CHECK_OK(tenor_read_file(&bytes, path, 1 << 20, NULL));
    CHECK_OK(tenor_dataset_new(&d));
    CHECK_OK(tenor_dataset_add(d, path, bytes.data, bytes.len, TENOR_DATA_AUTO, NULL));
    tenor_buf_free(&bytes);
    return d;
}

static tenor_bundle *toy_bundle(const char *file, const char *name)
{
    tenor_dataset *d = toy_dataset(file);
    tenor_bundle_opts o = {name, TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT,
                           TENOR_SCORING_INIT};
    o.features.min_df = 1;
    o.train.folds = 3;
    tenor_bundle *b = NULL;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    int rc = tenor_bundle_train(&b, d, &o, &diag);
    CHECK_OK(rc);
    if (rc)
        fprintf(stderr, "train: %s\n", diag.msg);
    tenor_dataset_free(d);
    return b;
}

static void path_in_tmp(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", tmpdir, name);
}

static const char *const probes[] = {
    "The team scored a goal and won the match.",
    "The bank reported profits and shares rose.",
    "Parliament voted on the election law.",
    "Nothing here is in the vocabulary at all: zzz qqq.",
};

static void saved_bundle_loads_with_identical_predictions(void)
{
    char dir[512];
    path_in_tmp(dir, sizeof dir, "roundtrip");
    tenor_bundle *b = toy_bundle("toy.tsv", "toy"), *back = NULL;
    if (!b)
        return;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_OK(tenor_bundle_save(b, dir, &diag));
    CHECK_OK(tenor_bundle_load(&back, dir, &diag));
    if (back) {
        CHECK_STR_EQ(tenor_bundle_name(back), "toy");
        CHECK_INT_EQ(tenor_bundle_nlabels(back), 3);
        CHECK_STR_EQ(tenor_bundle_label(back, 0), "sport");
        tenor_featurizer *f1, *f2;
        tenor_sparse x = TENOR_SPARSE_INIT;
        CHECK_OK(tenor_bundle_featurizer(b, &f1));
        CHECK_OK(tenor_bundle_featurizer(back, &f2));
        for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
            double p[3], q[3];
            CHECK_OK(tenor_bundle_predict(b, f1, probes[i], strlen(probes[i]), &x, p));
            CHECK_OK(tenor_bundle_predict(back, f2, probes[i], strlen(probes[i]), &x, q));
            CHECK(memcmp(p, q, sizeof p) == 0);
            if (i < 3)
                CHECK_INT_EQ(tenor_model_top(tenor_bundle_model(back), q), i);
        }
        const char *m = tenor_bundle_manifest(back);
        CHECK(strstr(m, "\"format_version\":") != NULL);
        CHECK(strstr(m, "\"data_crc32\":") != NULL);
        CHECK(strstr(m, "\"crc32\":") != NULL);
        tenor_sparse_free(&x);
        tenor_featurizer_free(f1);
        tenor_featurizer_free(f2);
    }
    tenor_bundle_free(b);
    tenor_bundle_free(back);
}

/* tenor_bundle_select agrees with tenor_bundle_selects label by label. */
static void check_select(const tenor_bundle *b, const double *p)
{
    uint8_t selected[16];
    size_t L = tenor_bundle_nlabels(b), wrong = 0;
    CHECK(L <= 16);
    if (L > 16)
        return;
    tenor_bundle_select(b, p, selected);
    for (size_t l = 0; l < L; l++)
        wrong += selected[l] != tenor_bundle_selects(b, p, l);
    CHECK_INT_EQ(wrong, 0);
}

static void multi_label_bundle_round_trips(void)
{
    char dir[512];
    path_in_tmp(dir, sizeof dir, "multi");
    tenor_bundle *b = toy_bundle("toy_multi.jsonl", "topics"), *back = NULL;
    if (!b)
        return;
    CHECK(tenor_model_multi_label(tenor_bundle_model(b)));
    CHECK_OK(tenor_bundle_save(b, dir, NULL));
    CHECK_OK(tenor_bundle_load(&back, dir, NULL));
    CHECK(back && tenor_model_multi_label(tenor_bundle_model(back)));
    /* Each label just over or under its own threshold: selected on its own merit. */
    double p[16];
    size_t L = tenor_bundle_nlabels(b);
    for (size_t l = 0; l < L && l < 16; l++) {
        double t = tenor_model_threshold(tenor_bundle_model(b), l);
        p[l] = l % 2 ? fmin(1.0, t + 0.01) : fmax(0.0, t - 0.01);
    }
    check_select(b, p);
    tenor_bundle_free(b);
    tenor_bundle_free(back);
}

/* Rewrites file `name` in bundle `dir` with edit() applied to its bytes. */
static void edit_file(const char *dir, const char *name, void (*edit)(tenor_buf *))
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    tenor_buf b = TENOR_BUF_INIT;
    CHECK_OK(tenor_read_file(&b, path, 1 << 26, NULL));
    edit(&b);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(b.data, 1, b.len, f);
        fclose(f);
    }
    tenor_buf_free(&b);
}

static void truncate_half(tenor_buf *b)
{
    b->len /= 2;
}

static void flip_last_byte(tenor_buf *b)
{
    b->data[b->len - 2] ^= 1;
}

static void future_version(tenor_buf *b)
{
    char *p = strstr(b->data, "\"format_version\":");
    if (p) {
        p = strchr(p, ':') + 1;
        while (*p == ' ' || *p == '\t')
            p++;
        *p = '9';
    }
}

static void escape_path(tenor_buf *b)
{
    char *p = strstr(b->data, "\"vocab.tsv\"");
    if (p)
        memcpy(p, "\"../x.tsv\"", 10), memmove(p + 10, p + 11, strlen(p + 11) + 1), b->len--;
}

/* "context_weight": 0.7 -> 1.7 (a weight of 1 or more would ignore the paragraph). */
static void context_weight_one(tenor_buf *b)
{
    char *p = strstr(b->data, "\"context_weight\":");
    if (p && (p = strstr(p, "0.7")))
        *p = '1';
}

/* "context_prior": 0.5 -> 5e3 (more than TENOR_CONTEXT_PRIOR_MAX). */
static void context_prior_huge(tenor_buf *b)
{
    char *p = strstr(b->data, "\"context_prior\":");
    if (p && (p = strstr(p, "0.5")))
        memcpy(p, "5e3", 3);
}

/* "context_weight" -> "context_weighs": a setting this tenor does not know. */
static void unknown_scoring_key(tenor_buf *b)
{
    char *p = strstr(b->data, "\"context_weight\":");
    if (p)
        memcpy(p + 1, "context_weighs", 14);
}

/* "name": "toy" -> "to!": present, and no valid bundle name. */
static void bad_bundle_name(tenor_buf *b)
{
    char *p = strstr(b->data, "\"toy\"");
    if (p)
        p[3] = '!';
}

static int load_status(const char *dir, tenor_diag *diag)
{
    tenor_bundle *b = NULL;
    int rc = tenor_bundle_load(&b, dir, diag);
    tenor_bundle_free(b);
    return rc;
}

static void fresh_bundle(const char *dir)
{
    tenor_bundle *b = toy_bundle("toy.tsv", "toy");
    if (b)
        CHECK_OK(tenor_bundle_save(b, dir, NULL));
    tenor_bundle_free(b);
}

static void load_refuses_corrupt_truncated_and_future_bundles(void)
{
    char dir[512];
    tenor_diag d;
    path_in_tmp(dir, sizeof dir, "broken");

    fresh_bundle(dir);
    edit_file(dir, "weights.bin", truncate_half);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "weights.bin") != NULL);

    fresh_bundle(dir);
    edit_file(dir, "vocab.tsv", flip_last_byte);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "checksum") != NULL);

    fresh_bundle(dir);
    edit_file(dir, "manifest.json", future_version);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EVERSION);
    CHECK(strstr(d.msg, "HINT") != NULL);

    fresh_bundle(dir);
    edit_file(dir, "manifest.json", bad_bundle_name);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "name 'to!' is not") != NULL);

    fresh_bundle(dir);
    edit_file(dir, "manifest.json", escape_path);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "outside the bundle") != NULL);

    fresh_bundle(dir);
    edit_file(dir, "manifest.json", truncate_half);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);

    fresh_bundle(dir);
    char path[600];
    snprintf(path, sizeof path, "%s/weights.bin", dir);
    unlink(path);
    CHECK_INT_EQ(load_status(dir, &d), TENOR_EFORMAT);
    CHECK(strstr(d.msg, "missing") != NULL);

    path_in_tmp(dir, sizeof dir, "does-not-exist");
    CHECK_INT_EQ(load_status(dir, &d), TENOR_ENOTFOUND);
}

static void save_refuses_to_replace_a_directory_that_is_not_a_bundle(void)
{
    char dir[512], file[600];
    path_in_tmp(dir, sizeof dir, "precious");
    mkdir(dir, 0755);
    snprintf(file, sizeof file, "%s/notes.txt", dir);
    FILE *f = fopen(file, "w");
    if (f) {
        fputs("keep me\n", f);
        fclose(f);
    }
    tenor_bundle *b = toy_bundle("toy.tsv", "toy");
    tenor_diag d;
    tenor_diag_clear(&d);
    if (b)
        CHECK_INT_EQ(tenor_bundle_save(b, dir, &d), TENOR_EINVAL);
    CHECK(access(file, F_OK) == 0);
    tenor_bundle_free(b);
}

static void save_replaces_a_bundle_and_leaves_no_temporary_files(void)
{
    char dir[512];
    path_in_tmp(dir, sizeof dir, "replace");
    fresh_bundle(dir);
    tenor_bundle *b = toy_bundle("toy_multi.jsonl", "second");
    if (b)
        CHECK_OK(tenor_bundle_save(b, dir, NULL));
    tenor_bundle *back = NULL;
    CHECK_OK(tenor_bundle_load(&back, dir, NULL));
    if (back)
        CHECK_STR_EQ(tenor_bundle_name(back), "second");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls -A %s | grep -q tenor-", tmpdir);
    CHECK(system(cmd) != 0);
    tenor_bundle_free(b);
    tenor_bundle_free(back);
}

static void huge_example_count(tenor_buf *b)
{
    char *p = strstr(b->data, "\"examples\":");
    if (!p)
        return;
    p = strchr(p, ':') + 1;
    size_t start = (size_t)(p - b->data), end = start;
    while (end < b->len && b->data[end] != ',' && b->data[end] != '\n')
        end++;
    tenor_buf out = TENOR_BUF_INIT;
    tenor_buf_append(&out, b->data, start);
    tenor_buf_append(&out, " 1e300", 6);
    tenor_buf_append(&out, b->data + end, b->len - end);
    tenor_buf_free(b);
    *b = out;
}

/* Found by fuzzing (tests/fuzz/regressions/bundle/examples_past_size_t): the training
 * summary's example count was cast to size_t unchecked, undefined for 1e300. */
static void load_ignores_an_out_of_range_example_count(void)
{
    char dir[512];
    path_in_tmp(dir, sizeof dir, "examples");
    fresh_bundle(dir);
    edit_file(dir, "manifest.json", huge_example_count);
    tenor_bundle *b = NULL;
    CHECK_OK(tenor_bundle_load(&b, dir, NULL));
    if (b)
        CHECK_INT_EQ(tenor_model_summary(tenor_bundle_model(b))->examples, 0);
    tenor_bundle_free(b);
}

static bool exists_in_tmp(const char *name)
{
    char path[600];
    path_in_tmp(path, sizeof path, name);
    return access(path, F_OK) == 0;
}

static void make_dir_in_tmp(const char *name, bool with_file)
{
    char path[600];
    path_in_tmp(path, sizeof path, name);
    CHECK_OK(mkdir(path, 0700));
    if (with_file) {
        char file[700];
        snprintf(file, sizeof file, "%s/.vocab.tsv.tmp", path);
        FILE *f = fopen(file, "w");
        if (f)
            fclose(f);
    }
}

/* A train killed with kill -9 leaves its staging directory; the next train of the same
 * bundle removes it, but nothing whose owner lives or whose name is not tenor's. */
static void staging_open_removes_only_stale_staging_directories(void)
{
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0); /* now a pid with no process */
    char dead[100], live[100], other[100], bundle[512];
    snprintf(dead, sizeof dead, ".tenor-tmp-stale.%ld.abc123", (long)child);
    snprintf(live, sizeof live, ".tenor-tmp-stale.%ld.abc123", (long)getppid());
    snprintf(other, sizeof other, ".tenor-tmp-other.%ld.abc123", (long)child);
    make_dir_in_tmp(dead, true);
    make_dir_in_tmp(live, true);
    make_dir_in_tmp(other, false);
    make_dir_in_tmp(".tenor-tmp-stale.abc123", false);
    path_in_tmp(bundle, sizeof bundle, "stale");
    tenor_staging *s = NULL;
    CHECK_OK(tenor_staging_open(&s, bundle, NULL));
    tenor_staging_abort(s);
    CHECK(!exists_in_tmp(dead));
    CHECK(exists_in_tmp(live));
    CHECK(exists_in_tmp(other));
    CHECK(exists_in_tmp(".tenor-tmp-stale.abc123"));
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s/.tenor-tmp-*", tmpdir);
    CHECK(system(cmd) == 0);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A web app's manifest.json is not a bundle's: nothing in that directory may go. */
static void save_refuses_a_directory_with_a_foreign_manifest(void)
{
    char dir[512], file[600];
    path_in_tmp(dir, sizeof dir, "webapp");
    mkdir(dir, 0755);
    snprintf(file, sizeof file, "%s/manifest.json", dir);
    write_text(file, "{\"name\": \"my app\", \"start_url\": \"/\"}\n");
    snprintf(file, sizeof file, "%s/index.html", dir);
    write_text(file, "<p>keep me</p>\n");
    tenor_bundle *b = toy_bundle("toy.tsv", "toy");
    if (b)
        CHECK_INT_EQ(tenor_bundle_save(b, dir, NULL), TENOR_EINVAL);
    CHECK(access(file, F_OK) == 0);
    tenor_bundle_free(b);
}

/* Swapping a symbolic link would empty the directory it points to. */
static void save_refuses_a_symbolic_link_and_keeps_its_target(void)
{
    char target[512], link[512], note[600];
    path_in_tmp(target, sizeof target, "v3");
    path_in_tmp(link, sizeof link, "current");
    fresh_bundle(target);
    CHECK_OK(symlink(target, link));
    tenor_bundle *b = toy_bundle("toy.tsv", "toy");
    tenor_diag d;
    tenor_diag_clear(&d);
    if (b)
        CHECK_INT_EQ(tenor_bundle_save(b, link, &d), TENOR_EINVAL);
    CHECK(strstr(d.msg, "symbolic link") != NULL);
    snprintf(note, sizeof note, "%s/weights.bin", target);
    CHECK(access(note, F_OK) == 0);
    tenor_bundle_free(b);
}

static void saved_bundles_are_readable_by_others(void)
{
    char dir[512];
    path_in_tmp(dir, sizeof dir, "shared");
    fresh_bundle(dir);
    struct stat st;
    CHECK_OK(stat(dir, &st));
    CHECK_INT_EQ(st.st_mode & 0755, 0755);
}

static void train_rejects_a_bad_name(void)
{
    tenor_dataset *d = toy_dataset("toy.tsv");
    tenor_bundle_opts o = {"../evil", TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT,
                           TENOR_SCORING_INIT};
    tenor_bundle *b = NULL;
    CHECK_INT_EQ(tenor_bundle_train(&b, d, &o, NULL), TENOR_EINVAL);
    o.name = "text"; /* a key of classify's output already */
    CHECK_INT_EQ(tenor_bundle_train(&b, d, &o, NULL), TENOR_EINVAL);
    CHECK(b == NULL);
    tenor_dataset_free(d);
}

/* Scoring settings go through the manifest; a multi-label head or an out-of-range
 * value is refused at training and at loading. */
static void scoring_round_trips_and_is_checked(void)
{
    tenor_dataset *d = toy_dataset("toy.tsv");
    tenor_bundle_opts o = {"ctx", TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT,
                           {0.7, 2.0, 1.5, 0.5}};
    o.features.min_df = 1;
    o.train.folds = 3;
    tenor_bundle *b = NULL, *back = NULL;
    CHECK_OK(tenor_bundle_train(&b, d, &o, NULL));
    char dir[512];
    path_in_tmp(dir, sizeof dir, "ctx");
    if (b)
        CHECK_OK(tenor_bundle_save(b, dir, NULL));
    CHECK_OK(tenor_bundle_load(&back, dir, NULL));
    if (back) {
        CHECK(tenor_bundle_scoring(back)->context_weight == 0.7);
        CHECK(tenor_bundle_scoring(back)->context_sharpness == 2.0);
        CHECK(tenor_bundle_scoring(back)->summary_sharpness == 1.5);
        CHECK(tenor_bundle_scoring(back)->context_prior == 0.5);
    }
    tenor_bundle_free(back);
    tenor_bundle_free(b);
    tenor_bundle *plain = toy_bundle("toy.tsv", "plain");
    if (plain) {
        CHECK(tenor_bundle_scoring(plain)->context_weight == 0.0);
        CHECK(tenor_bundle_scoring(plain)->context_sharpness == 1.0);
        CHECK(tenor_bundle_scoring(plain)->summary_sharpness == 1.0);
        CHECK(tenor_bundle_scoring(plain)->context_prior == 0.0);
        CHECK(strstr(tenor_bundle_manifest(plain), "scoring") == NULL);
    }
    tenor_bundle_free(plain);
    /* No prior, no key: a bundle older tenors can read. */
    tenor_bundle *no_prior = NULL;
    o.scoring.context_prior = 0.0;
    CHECK_OK(tenor_bundle_train(&no_prior, d, &o, NULL));
    char dir0[512];
    path_in_tmp(dir0, sizeof dir0, "ctx0");
    if (no_prior) {
        CHECK(strstr(tenor_bundle_manifest(no_prior), "context_weight") != NULL);
        CHECK(strstr(tenor_bundle_manifest(no_prior), "context_prior") == NULL);
        CHECK_OK(tenor_bundle_save(no_prior, dir0, NULL));
    }
    tenor_bundle_free(no_prior);
    no_prior = NULL;
    CHECK_OK(tenor_bundle_load(&no_prior, dir0, NULL)); /* as an older tenor wrote it */
    if (no_prior) {
        CHECK(tenor_bundle_scoring(no_prior)->context_weight == 0.7);
        CHECK(tenor_bundle_scoring(no_prior)->context_prior == 0.0);
    }
    tenor_bundle_free(no_prior);

    tenor_diag diag;
    tenor_diag_clear(&diag);
    b = NULL;
    const tenor_scoring bad_values[] = {
        {1.0, 1.0, 1.0, 0.0}, {-0.1, 1.0, 1.0, 0.0}, {0.5, 0.0, 1.0, 0.0},
        {0.5, 1.0, 11.0, 0.0}, {0.5, 1.0, NAN, 0.0}, {0.5, 1.0, 1.0, -1.0},
        {0.5, 1.0, 1.0, 101.0}, {0.5, 1.0, 1.0, NAN},
        {0.0, 2.0, 1.0, 0.0}, {0.0, 1.0, 1.0, 1.0}}; /* sharpness or prior, no context */
    for (size_t i = 0; i < sizeof bad_values / sizeof *bad_values; i++) {
        o.scoring = bad_values[i];
        CHECK_INT_EQ(tenor_bundle_train(&b, d, &o, &diag), TENOR_EINVAL);
    }
    tenor_dataset *multi = toy_dataset("toy_multi.jsonl");
    o.scoring = (tenor_scoring){0.0, 1.0, 2.0, 0.0};
    CHECK_INT_EQ(tenor_bundle_train(&b, multi, &o, &diag), TENOR_EINVAL);
    CHECK(strstr(diag.msg, "single-label") != NULL);
    CHECK(b == NULL);
    tenor_dataset_free(multi);
    tenor_dataset_free(d);

    /* Written as format 2, which older readers refuse (they would ignore scoring). */
    back = NULL;
    CHECK_OK(tenor_bundle_load(&back, dir, NULL));
    if (back)
        CHECK(strstr(tenor_bundle_manifest(back), "\"format_version\":\t2") != NULL);
    tenor_bundle_free(back);
    plain = toy_bundle("toy.tsv", "plain");
    if (plain)
        CHECK(strstr(tenor_bundle_manifest(plain), "\"format_version\":\t1") != NULL);
    tenor_bundle_free(plain);

    edit_file(dir, "manifest.json", context_prior_huge);
    CHECK_INT_EQ(load_status(dir, &diag), TENOR_EFORMAT);
    CHECK(strstr(diag.msg, "scoring.context_prior must be a number at least 0 and at most "
                           "100") != NULL);
    edit_file(dir, "manifest.json", context_weight_one);
    CHECK_INT_EQ(load_status(dir, &diag), TENOR_EFORMAT);
    CHECK(strstr(diag.msg, "scoring.context_weight") != NULL);
    CHECK(strstr(diag.msg, "below 1") != NULL);
    edit_file(dir, "manifest.json", unknown_scoring_key);
    CHECK_INT_EQ(load_status(dir, &diag), TENOR_EFORMAT);
    CHECK(strstr(diag.msg, "unknown scoring setting 'context_weighs'") != NULL);
}

/* A bundle trained on TSV text (min-df 1, three folds); *rc is train's status. */
static tenor_bundle *bundle_from_tsv(const tenor_buf *text, tenor_diag *diag, int *rc)
{
    tenor_dataset *d = NULL;
    CHECK_OK(tenor_dataset_new(&d));
    CHECK_OK(tenor_dataset_add(d, "train.tsv", text->data, text->len, TENOR_DATA_AUTO, NULL));
    tenor_bundle_opts o = {"toy", TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT,
                           TENOR_SCORING_INIT};
    o.features.min_df = 1;
    o.train.folds = 3;
    tenor_bundle *b = NULL;
    tenor_diag_clear(diag);
    *rc = tenor_bundle_train(&b, d, &o, diag);
    tenor_dataset_free(d);
    return b;
}

/* toy.tsv and sport results in wire style as a variant of sport, or `wire_label`. */
static tenor_bundle *variant_bundle(const char *wire_label, tenor_diag *diag, int *rc)
{
    static const char *const wire[] = {
        "SOCCER - RESULTS OF ENGLISH LEAGUE MATCHES ON SATURDAY",
        "TENNIS - RESULTS FROM THE OPEN ON TUESDAY, SECOND ROUND",
        "CRICKET - SCOREBOARD ON THE FIRST DAY OF THE TEST",
        "SOCCER - STANDINGS IN THE GERMAN FIRST DIVISION",
        "GOLF - LEADING SCORES AFTER THE SECOND ROUND",
        "RUGBY - RESULTS OF SUNDAY MATCHES IN THE CUP",
    };
    char path[512];
    snprintf(path, sizeof path, "%s/toy.tsv", TENOR_TEST_DATA);
    tenor_buf text = TENOR_BUF_INIT;
    CHECK_OK(tenor_read_file(&text, path, 1 << 20, NULL));
    for (size_t i = 0; i < sizeof wire / sizeof *wire; i++)
        CHECK_OK(tenor_buf_printf(&text, "%s\t%s\n", wire_label, wire[i]));
    tenor_bundle *b = bundle_from_tsv(&text, diag, rc);
    tenor_buf_free(&text);
    return b;
}

static void label_variants_are_learnt_apart_and_reported_merged(void)
{
    tenor_diag diag;
    int rc;
    tenor_bundle *b = variant_bundle("sport~wire", &diag, &rc), *back = NULL;
    CHECK_OK(rc);
    if (!b)
        return;
    CHECK_INT_EQ(tenor_bundle_nclasses(b), 4);
    CHECK_INT_EQ(tenor_bundle_nlabels(b), 3);
    size_t wire = SIZE_MAX;
    for (size_t k = 0; k < tenor_bundle_nclasses(b); k++)
        if (strcmp(tenor_bundle_class(b, k), "sport~wire") == 0)
            wire = k;
    CHECK(wire != SIZE_MAX);
    if (wire == SIZE_MAX)
        goto done;
    size_t plain = 0;
    while (plain < tenor_bundle_nclasses(b) && strcmp(tenor_bundle_class(b, plain), "sport"))
        plain++;
    size_t sport = tenor_bundle_class_label(b, wire);
    CHECK_INT_EQ(tenor_bundle_class_label(b, plain), sport);
    CHECK_STR_EQ(tenor_bundle_label(b, sport), "sport");
    for (size_t l = 0; l < tenor_bundle_nlabels(b); l++)
        CHECK(strchr(tenor_bundle_label(b, l), '~') == NULL);

    /* The label's probability is its classes' sum, and the words come from the class
     * that fits: wire-style text speaks for sport through sport~wire. */
    tenor_featurizer *f = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_bundle_featurizer(b, &f));
    const char *const texts[] = {"TENNIS - RESULTS OF THE OPEN ON SUNDAY",
                                 "The striker scored as the team won the match."};
    for (int i = 0; i < 2; i++) {
        double p[3], q[4]; /* probabilities of the labels; of the classes */
        CHECK_OK(tenor_bundle_predict(b, f, texts[i], strlen(texts[i]), &x, p));
        tenor_model_predict(tenor_bundle_model(b), &x, q);
        double labels[3] = {0, 0, 0}, sum = 0;
        for (size_t k = 0; k < 4; k++)
            labels[tenor_bundle_class_label(b, k)] += q[k];
        for (size_t l = 0; l < 3; l++) {
            CHECK(fabs(p[l] - labels[l]) < 1e-12);
            sum += p[l];
        }
        CHECK(fabs(sum - 1.0) < 1e-9);
        CHECK_INT_EQ(tenor_bundle_top(b, p), sport);
        CHECK(tenor_bundle_selects(b, p, sport));
        CHECK(!tenor_bundle_selects(b, p, (sport + 1) % 3));
        check_select(b, p);
        size_t k = tenor_bundle_class_for(b, sport, &x);
        CHECK_INT_EQ(k, i == 0 ? wire : plain);
    }

    /* Saved with the classes, as format 3 (older tenors would report the classes). */
    char dir[512];
    path_in_tmp(dir, sizeof dir, "variants");
    CHECK_OK(tenor_bundle_save(b, dir, &diag));
    CHECK_OK(tenor_bundle_load(&back, dir, &diag));
    if (back) {
        const char *m = tenor_bundle_manifest(back);
        CHECK(strstr(m, "\"format_version\":\t3") || strstr(m, "\"format_version\": 3"));
        CHECK(strstr(m, "\"sport~wire\"") != NULL);
        CHECK_INT_EQ(tenor_bundle_nlabels(back), 3);
        CHECK_INT_EQ(tenor_bundle_class_label(back, wire), sport);
    }
    tenor_sparse_free(&x);
    tenor_featurizer_free(f);
done:
    tenor_bundle_free(b);
    tenor_bundle_free(back);
}

/* A label whose every example is a variant (business only as business~wire) has one
 * class, and is still reported, saved and loaded as its name. */
static void a_label_seen_only_as_a_variant_is_reported_by_its_name(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/toy.tsv", TENOR_TEST_DATA);
    tenor_buf toy = TENOR_BUF_INIT, text = TENOR_BUF_INIT;
    CHECK_OK(tenor_read_file(&toy, path, 1 << 20, NULL));
    for (const char *line = toy.data; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        bool business = strncmp(line, "business\t", 9) == 0;
        const char *rest = business ? line + 8 : line; /* from the tab on */
        CHECK_OK(tenor_buf_printf(&text, "%s%.*s\n", business ? "business~wire" : "",
                                  (int)(len - (size_t)(rest - line)), rest));
        line = end ? end + 1 : NULL;
    }
    tenor_diag diag;
    int rc;
    tenor_bundle *b = bundle_from_tsv(&text, &diag, &rc), *back = NULL;
    CHECK_OK(rc);
    char dir[512];
    path_in_tmp(dir, sizeof dir, "variant_only");
    if (b)
        CHECK_OK(tenor_bundle_save(b, dir, &diag));
    CHECK_OK(tenor_bundle_load(&back, dir, &diag));
    for (tenor_bundle *x = b; x; x = x == b ? back : NULL) {
        CHECK_INT_EQ(tenor_bundle_nclasses(x), 3);
        CHECK_INT_EQ(tenor_bundle_nlabels(x), 3);
        bool named = false;
        for (size_t l = 0; l < tenor_bundle_nlabels(x); l++) {
            CHECK(strchr(tenor_bundle_label(x, l), '~') == NULL);
            named |= strcmp(tenor_bundle_label(x, l), "business") == 0;
        }
        CHECK(named);
    }
    if (back)
        CHECK(strstr(tenor_bundle_manifest(back), "\"format_version\":\t3") != NULL);
    tenor_bundle_free(b);
    tenor_bundle_free(back);
    tenor_buf_free(&toy);
    tenor_buf_free(&text);
}

/* "format_version": 3 -> 1, a bundle from before variants. */
static void version_one(tenor_buf *b)
{
    char *p = strstr(b->data, "\"format_version\":");
    if (p && (p = strchr(p, '3')))
        *p = '1';
}

/* "sport~wire" -> "sport~", a variant with no name. */
static void empty_variant(tenor_buf *b)
{
    char *p = strstr(b->data, "\"sport~wire\"");
    if (p)
        memcpy(p + 7, "\"    ", 5);
}

static void bad_label_variants_are_refused(void)
{
    const char *const bad[] = {"~wire", "sport~", "sport~wire~uk"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tenor_diag diag;
        int rc;
        tenor_bundle *b = variant_bundle(bad[i], &diag, &rc);
        CHECK(b == NULL);
        CHECK_INT_EQ(rc, TENOR_EINVAL);
        CHECK(strstr(diag.msg, "name~variant") != NULL);
    }
    /* Multi-label data: one example labelled twice. */
    tenor_diag diag;
    int rc;
    tenor_bundle *b = variant_bundle("sport~wire,sport", &diag, &rc);
    CHECK(b == NULL);
    CHECK_INT_EQ(rc, TENOR_EINVAL);
    CHECK(strstr(diag.msg, "single-label") != NULL);

    char dir[512];
    path_in_tmp(dir, sizeof dir, "variants");
    edit_file(dir, "manifest.json", empty_variant);
    CHECK_INT_EQ(load_status(dir, &diag), TENOR_EFORMAT);
    CHECK(strstr(diag.msg, "manifest.json") != NULL);

    /* Before format 3 a '~' was part of a label's name, and still is. */
    tenor_bundle *old = NULL;
    edit_file(dir, "manifest.json", version_one);
    CHECK_OK(tenor_bundle_load(&old, dir, &diag));
    if (old) {
        CHECK_INT_EQ(tenor_bundle_nlabels(old), tenor_bundle_nclasses(old));
        size_t found = 0;
        for (size_t l = 0; l < tenor_bundle_nlabels(old); l++)
            found += strcmp(tenor_bundle_label(old, l), "sport~") == 0;
        CHECK_INT_EQ(found, 1);
    }
    tenor_bundle_free(old);
}

/* More classes than predict's stack buffer holds: 70 variants of two labels. */
static void many_variants_sum_to_their_labels(void)
{
    tenor_buf text = TENOR_BUF_INIT;
    for (int k = 0; k < 70; k++)
        for (int r = 0; r < 2; r++)
            CHECK_OK(tenor_buf_printf(&text, "%s~v%d\t%s w%c%c %s\n",
                                      k % 2 ? "sport" : "business", k,
                                      k % 2 ? "match goal team" : "shares profit bank",
                                      'a' + k % 26, 'a' + k / 26, r ? "today" : "again"));
    tenor_diag diag;
    int rc;
    tenor_bundle *b = bundle_from_tsv(&text, &diag, &rc);
    CHECK_OK(rc);
    if (b) {
        CHECK_INT_EQ(tenor_bundle_nclasses(b), 70);
        CHECK_INT_EQ(tenor_bundle_nlabels(b), 2);
        tenor_featurizer *f = NULL;
        tenor_sparse x = TENOR_SPARSE_INIT;
        double p[2];
        CHECK_OK(tenor_bundle_featurizer(b, &f));
        const char *t = "match goal team wba today"; /* sport~v1's own words */
        CHECK_OK(tenor_bundle_predict(b, f, t, strlen(t), &x, p));
        CHECK(fabs(p[0] + p[1] - 1.0) < 1e-9);
        CHECK_STR_EQ(tenor_bundle_label(b, tenor_bundle_top(b, p)), "sport");
        tenor_sparse_free(&x);
        tenor_featurizer_free(f);
    }
    tenor_bundle_free(b);
    tenor_buf_free(&text);
}

int main(void)
{
    int passed = 0, failed = 0;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tenor-test-bundle-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(saved_bundle_loads_with_identical_predictions, passed, failed);
    RUN(multi_label_bundle_round_trips, passed, failed);
    RUN(load_refuses_corrupt_truncated_and_future_bundles, passed, failed);
    RUN(save_refuses_to_replace_a_directory_that_is_not_a_bundle, passed, failed);
    RUN(save_replaces_a_bundle_and_leaves_no_temporary_files, passed, failed);
    RUN(train_rejects_a_bad_name, passed, failed);
    RUN(save_refuses_a_directory_with_a_foreign_manifest, passed, failed);
    RUN(save_refuses_a_symbolic_link_and_keeps_its_target, passed, failed);
    RUN(saved_bundles_are_readable_by_others, passed, failed);
    RUN(load_ignores_an_out_of_range_example_count, passed, failed);
    RUN(scoring_round_trips_and_is_checked, passed, failed);
    RUN(staging_open_removes_only_stale_staging_directories, passed, failed);
    RUN(label_variants_are_learnt_apart_and_reported_merged, passed, failed);
    RUN(a_label_seen_only_as_a_variant_is_reported_by_its_name, passed, failed);
    RUN(bad_label_variants_are_refused, passed, failed);
    RUN(many_variants_sum_to_their_labels, passed, failed);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return HARNESS_REPORT(passed, failed);
}
