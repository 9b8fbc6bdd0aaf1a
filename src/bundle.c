/* bundle.c - training a head end to end, and the bundle directory format (see bundle.h).
 *
 * The manifest is the only file the loader trusts for what else to read; it is
 * written last into the staging directory, which is then swapped in whole. */
#include "tenor/bundle.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "solver_internal.h"
#include "tenor/text.h"
#include "util/alloc.h"
#include "tenor/buf.h"
#include "util/crc32.h"
#include "util/fileio.h"
#include "util/json.h"

#ifndef TENOR_VERSION
#define TENOR_VERSION "0.0.0"
#endif

#define MANIFEST "manifest.json"
#define VOCAB_FILE "vocab.tsv"
#define WEIGHTS_FILE "weights.bin"
#define MANIFEST_LIMIT ((size_t)4 << 20)
#define FILE_LIMIT ((size_t)1 << 30)

struct tenor_bundle {
    char name[TENOR_BUNDLE_NAME_MAX + 1];
    tenor_strlist classes; /* as trained and listed in the manifest */
    tenor_strlist labels;  /* as reported: classes with their variants merged */
    size_t *label_of;      /* class -> label */
    tenor_feature_opts fopts;
    size_t ndocs;          /* documents the document frequencies were counted over */
    tenor_scoring scoring;
    tenor_vocab *vocab;
    tenor_idf *idf;
    tenor_model *model;
    char *manifest;        /* JSON text */
    /* Training record, kept for the manifest. */
    uint32_t data_crc;
    tenor_class_weight class_weight;
    unsigned folds;
    uint64_t seed;
    size_t *label_counts;
};

void tenor_bundle_free(tenor_bundle *b)
{
    if (!b)
        return;
    tenor_strlist_free(&b->classes);
    tenor_strlist_free(&b->labels);
    free(b->label_of);
    tenor_vocab_free(b->vocab);
    tenor_idf_free(b->idf);
    tenor_model_free(b->model);
    free(b->manifest);
    free(b->label_counts);
    free(b);
}

const char *tenor_bundle_name(const tenor_bundle *b)
{
    return b->name;
}

size_t tenor_bundle_nlabels(const tenor_bundle *b)
{
    return b->labels.n;
}

const char *tenor_bundle_label(const tenor_bundle *b, size_t i)
{
    return b->labels.items[i];
}

size_t tenor_bundle_nclasses(const tenor_bundle *b)
{
    return b->classes.n;
}

const char *tenor_bundle_class(const tenor_bundle *b, size_t k)
{
    return b->classes.items[k];
}

size_t tenor_bundle_class_label(const tenor_bundle *b, size_t k)
{
    return b->label_of[k];
}

const tenor_model *tenor_bundle_model(const tenor_bundle *b)
{
    return b->model;
}

const tenor_vocab *tenor_bundle_vocab(const tenor_bundle *b)
{
    return b->vocab;
}

const tenor_feature_opts *tenor_bundle_feature_opts(const tenor_bundle *b)
{
    return &b->fopts;
}

const tenor_scoring *tenor_bundle_scoring(const tenor_bundle *b)
{
    return &b->scoring;
}

const char *tenor_bundle_manifest(const tenor_bundle *b)
{
    return b->manifest ? b->manifest : "{}";
}

int tenor_bundle_featurizer(const tenor_bundle *b, tenor_featurizer **out)
{
    return tenor_featurizer_new(out, b->fopts.ngrams);
}

/* Whether some class is a variant (name~variant), even the only class of its label:
 * one class per label still needs format 3, or the name would be read literally. */
static bool has_variants(const tenor_bundle *b)
{
    for (size_t k = 0; k < b->classes.n; k++)
        if (strcmp(b->classes.items[k], b->labels.items[b->label_of[k]]) != 0)
            return true;
    return false;
}

/* The labels' probabilities for x: the model's, with a label's variants summed. The
 * classes' go through a buffer (on the stack for up to 64), so that probs needs room
 * for the labels only. */
static int predict_labels(const tenor_bundle *b, const tenor_sparse *x, double *probs)
{
    if (b->classes.n == b->labels.n) {
        tenor_model_predict(b->model, x, probs);
        return 0;
    }
    double stack[64];
    double *p = b->classes.n <= 64 ? stack : tenor_alloc_array(b->classes.n, sizeof *p);
    if (!p)
        return TENOR_ENOMEM;
    tenor_model_predict(b->model, x, p);
    memset(probs, 0, b->labels.n * sizeof *probs);
    for (size_t k = 0; k < b->classes.n; k++)
        probs[b->label_of[k]] += p[k];
    if (p != stack)
        free(p);
    return 0;
}

size_t tenor_bundle_top(const tenor_bundle *b, const double *probs)
{
    size_t best = 0;
    for (size_t l = 1; l < b->labels.n; l++)
        if (probs[l] > probs[best])
            best = l;
    return best;
}

bool tenor_bundle_selects(const tenor_bundle *b, const double *probs, size_t l)
{
    if (tenor_model_multi_label(b->model)) /* no variants: labels are classes */
        return tenor_model_selects(b->model, probs, l);
    return l == tenor_bundle_top(b, probs);
}

void tenor_bundle_select(const tenor_bundle *b, const double *probs, uint8_t *selected)
{
    bool multi = tenor_model_multi_label(b->model);
    size_t top = multi ? SIZE_MAX : tenor_bundle_top(b, probs);
    for (size_t l = 0; l < b->labels.n; l++)
        selected[l] = multi ? tenor_model_selects(b->model, probs, l) : l == top;
}

size_t tenor_bundle_class_for(const tenor_bundle *b, size_t l, const tenor_sparse *x)
{
    if (b->classes.n == b->labels.n) /* one class per label: label l is class l */
        return l < b->labels.n ? l : SIZE_MAX;
    size_t best = SIZE_MAX;
    double best_p = -1.0;
    for (size_t k = 0; k < b->classes.n; k++) {
        if (b->label_of[k] != l)
            continue;
        double p = tenor_model_probability(b->model, x, k);
        if (p > best_p) {
            best = k;
            best_p = p;
        }
    }
    return best;
}

/* Weighs counts x and predicts from them. The weights' loads are asked for first, to
 * overlap the tf-idf pass rather than wait one after another in the dot products: 6-12%
 * of the text work on the bench's paragraphs. */
static int weigh_and_predict(const tenor_bundle *b, tenor_sparse *x, double *probs)
{
    tenor_model_prefetch(b->model, x);
    tenor_features_tfidf(x, b->idf);
    return predict_labels(b, x, probs);
}

int tenor_bundle_predict(const tenor_bundle *b, tenor_featurizer *f, const char *text,
                         size_t len, tenor_sparse *x, double *probs)
{
    int rc = tenor_featurizer_count(f, b->vocab, text, len, x);
    return rc ? rc : weigh_and_predict(b, x, probs);
}

int tenor_bundle_predict_tokens(const tenor_bundle *b, tenor_featurizer *f,
                                const tenor_tokens *tokens, tenor_sparse *x, double *probs)
{
    int rc = tenor_featurizer_count_tokens(f, b->vocab, tokens, x);
    return rc ? rc : weigh_and_predict(b, x, probs);
}

/* A bundle's name is a key in classify's paragraph and summary objects, beside these. */
static const char *const reserved_names[] = {"boilerplate", "boilerplate_reason", "evidence",
                                             "index", "paragraphs", "scored", "text"};

bool tenor_bundle_name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > TENOR_BUNDLE_NAME_MAX)
        return false;
    for (size_t i = 0; i < sizeof reserved_names / sizeof *reserved_names; i++)
        if (strcmp(s, reserved_names[i]) == 0)
            return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static const char *solver_name(tenor_solver s)
{
    return s == TENOR_SOLVER_LIBSVM ? "libsvm" : s == TENOR_SOLVER_LIBLINEAR ? "liblinear"
                                                                              : "auto";
}

/* ---- the manifest ----------------------------------------------------- */

typedef struct {
    const char *path;
    size_t bytes;
    uint32_t crc;
} file_record;

static cJSON *add_metric(cJSON *obj, const char *key, double v)
{
    /* cJSON would print NaN as null anyway; say so on purpose. */
    return isfinite(v) ? cJSON_AddNumberToObject(obj, key, v) : cJSON_AddNullToObject(obj, key);
}

static cJSON *file_json(const file_record *f)
{
    char crc[16];
    snprintf(crc, sizeof crc, "%08x", (unsigned)f->crc);
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "path", f->path) ||
        !cJSON_AddNumberToObject(o, "bytes", (double)f->bytes) ||
        !cJSON_AddStringToObject(o, "crc32", crc)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool scoring_is_default(const tenor_scoring *s)
{
    return s->context_weight == 0.0 && s->context_sharpness == 1.0 &&
           s->summary_sharpness == 1.0 && s->context_prior == 0.0;
}

/* In range, and no context sharpness or prior without a context to apply them to. */
static bool scoring_is_valid(const tenor_scoring *s)
{
    return s->context_weight >= 0.0 && s->context_weight < 1.0 &&
           s->context_sharpness > 0.0 && s->context_sharpness <= TENOR_SHARPNESS_MAX &&
           s->summary_sharpness > 0.0 && s->summary_sharpness <= TENOR_SHARPNESS_MAX &&
           s->context_prior >= 0.0 && s->context_prior <= TENOR_CONTEXT_PRIOR_MAX &&
           (s->context_weight > 0.0 || (s->context_sharpness == 1.0 && s->context_prior == 0.0));
}

/* Every addition checked: a manifest that lost one is not written (train fails). */
#define ADD(call) TENOR_JSON_ADD(ok, call)

/* Builds the manifest text; files may be NULL (a bundle not yet written). */
static char *build_manifest(const tenor_bundle *b, const file_record *vocab,
                            const file_record *weights)
{
    const tenor_train_summary *s = tenor_model_summary(b->model);
    char crc[16], ver[32];
    bool ok = true;
    cJSON *root = cJSON_CreateObject();
    cJSON *labels = cJSON_AddArrayToObject(root, "labels");
    cJSON *feat = cJSON_CreateObject(), *train = cJSON_CreateObject();
    cJSON *held = cJSON_CreateObject(), *soft = cJSON_CreateObject();
    cJSON *counts = cJSON_CreateObject();
    char *text = NULL;
    if (!root || !labels || !feat || !train || !held || !soft || !counts)
        goto done;
    ADD(cJSON_AddStringToObject(root, "format", "tenor-bundle"));
    int version = has_variants(b) ? 3 : !scoring_is_default(&b->scoring) ? 2 : 1;
    ADD(cJSON_AddNumberToObject(root, "format_version", version));
    ADD(cJSON_AddStringToObject(root, "name", b->name));
    for (size_t k = 0; k < b->classes.n; k++) {
        ADD(cJSON_AddItemToArray(labels, cJSON_CreateString(b->classes.items[k])));
        if (b->label_counts)
            ADD(cJSON_AddNumberToObject(counts, b->classes.items[k],
                                        (double)b->label_counts[k]));
    }
    ADD(cJSON_AddBoolToObject(root, "multi_label", tenor_model_multi_label(b->model)));

    ADD(cJSON_AddNumberToObject(feat, "text_policy", TENOR_TEXT_POLICY));
    ADD(cJSON_AddNumberToObject(feat, "ngrams", b->fopts.ngrams));
    ADD(cJSON_AddNumberToObject(feat, "min_df", b->fopts.min_df));
    ADD(cJSON_AddNumberToObject(feat, "max_features", (double)b->fopts.max_features));
    ADD(cJSON_AddNumberToObject(feat, "documents", (double)b->ndocs));
    ADD(cJSON_AddNumberToObject(feat, "vocabulary_size",
                                (double)tenor_vocab_size(b->vocab)));
    ADD(cJSON_AddStringToObject(feat, "weighting",
                                "sublinear tf x smooth idf, l2-normalised"));
    if (ADD(cJSON_AddItemToObject(root, "features", feat)))
        feat = NULL;
    if (!scoring_is_default(&b->scoring)) {
        cJSON *scoring = cJSON_AddObjectToObject(root, "scoring");
        if (!scoring)
            goto done;
        ADD(cJSON_AddNumberToObject(scoring, "context_weight", b->scoring.context_weight));
        ADD(cJSON_AddNumberToObject(scoring, "context_sharpness",
                                    b->scoring.context_sharpness));
        if (b->scoring.context_prior != 0.0) /* absent: read by tenors before the prior */
            ADD(cJSON_AddNumberToObject(scoring, "context_prior",
                                        b->scoring.context_prior));
        ADD(cJSON_AddNumberToObject(scoring, "summary_sharpness",
                                    b->scoring.summary_sharpness));
    }

    snprintf(crc, sizeof crc, "%08x", (unsigned)b->data_crc);
    ADD(cJSON_AddNumberToObject(train, "examples", (double)s->examples));
    ADD(cJSON_AddStringToObject(train, "data_crc32", crc));
    if (ADD(cJSON_AddItemToObject(train, "label_counts", counts)))
        counts = NULL;
    ADD(cJSON_AddStringToObject(train, "solver", solver_name(s->solver)));
    ADD(cJSON_AddNumberToObject(train, "C", s->C));
    bool balanced = b->class_weight == TENOR_CLASS_WEIGHT_BALANCED;
    ADD(cJSON_AddStringToObject(train, "class_weight", balanced ? "balanced" : "none"));
    ADD(cJSON_AddNumberToObject(train, "folds", b->folds));
    ADD(cJSON_AddNumberToObject(train, "seed", (double)b->seed));
    ADD(cJSON_AddStringToObject(held, "method", "cross-validation over the training data"));
    ADD(add_metric(held, "accuracy", s->accuracy));
    ADD(add_metric(held, "micro_f1", s->micro_f1));
    ADD(add_metric(held, "macro_f1", s->macro_f1));
    if (ADD(cJSON_AddItemToObject(train, "heldout", held)))
        held = NULL;
    if (ADD(cJSON_AddItemToObject(root, "training", train)))
        train = NULL;

    ADD(cJSON_AddStringToObject(soft, "tenor", TENOR_VERSION));
    snprintf(ver, sizeof ver, "%d", tenor_libsvm_version());
    ADD(cJSON_AddStringToObject(soft, "libsvm", ver));
    snprintf(ver, sizeof ver, "%d", tenor_liblinear_version());
    ADD(cJSON_AddStringToObject(soft, "liblinear", ver));
    ADD(cJSON_AddStringToObject(soft, "utf8proc", tenor_text_utf8proc_version()));
    ADD(cJSON_AddStringToObject(soft, "cjson", cJSON_Version()));
    if (ADD(cJSON_AddItemToObject(root, "software", soft)))
        soft = NULL;

    if (vocab && weights) {
        cJSON *files = cJSON_AddObjectToObject(root, "files");
        cJSON *fv = file_json(vocab), *fw = file_json(weights);
        if (!files || !fv || !fw) {
            cJSON_Delete(fv);
            cJSON_Delete(fw);
            goto done;
        }
        if (!ADD(cJSON_AddItemToObject(files, "vocabulary", fv)))
            cJSON_Delete(fv);
        if (!ADD(cJSON_AddItemToObject(files, "weights", fw)))
            cJSON_Delete(fw);
    }
    if (ok)
        text = cJSON_Print(root);
done:
    cJSON_Delete(root);
    cJSON_Delete(feat);
    cJSON_Delete(train);
    cJSON_Delete(held);
    cJSON_Delete(soft);
    cJSON_Delete(counts);
    if (!text)
        return NULL;
    /* Own the text with the C allocator, not cJSON's, so free() is always right. */
    char *copy = tenor_strndup(text, strlen(text));
    cJSON_free(text);
    return copy;
}
#undef ADD

/* ---- label variants ----------------------------------------------------- */

size_t tenor_label_name_len(const char *label)
{
    const char *tilde = strchr(label, '~');
    if (!tilde || tilde == label || !tilde[1] || strchr(tilde + 1, '~'))
        return strlen(label);
    return (size_t)(tilde - label);
}

/* The labels of b's classes, numbered in the order their first class comes; with
 * `literal` (bundles older than variants), each class is a label, '~' or not. Returns
 * 0, TENOR_ENOMEM, or TENOR_EINVAL with the reason in why: a variant needs a name and
 * a variant, and single-label data (one label's variants compete; multi-label
 * thresholds are per class). */
static int derive_labels(tenor_bundle *b, bool multi_label, bool literal, char *why,
                         size_t why_size)
{
    if (!(b->label_of = tenor_alloc_array(b->classes.n ? b->classes.n : 1,
                                          sizeof *b->label_of)))
        return TENOR_ENOMEM;
    for (size_t k = 0; k < b->classes.n; k++) {
        const char *name = b->classes.items[k];
        size_t len = literal ? strlen(name) : tenor_label_name_len(name);
        if (!literal && strchr(name, '~') && (len == strlen(name) || multi_label)) {
            snprintf(why, why_size, "label '%.80s': %s", name,
                     multi_label ? "label variants (name~variant) need single-label data, "
                                   "and this data is multi-label: some example has no "
                                   "label, several, or a list ('~' is reserved for variants)"
                                 : "a variant is written name~variant, each part non-empty "
                                   "('~' is reserved for variants)");
            return TENOR_EINVAL;
        }
        size_t l = 0;
        while (l < b->labels.n && !(strlen(b->labels.items[l]) == len &&
                                    memcmp(b->labels.items[l], name, len) == 0))
            l++;
        if (l == b->labels.n && tenor_strlist_push(&b->labels, name, len))
            return TENOR_ENOMEM;
        b->label_of[k] = l;
    }
    if (b->labels.n == 1 && b->classes.n > 1) {
        snprintf(why, why_size, "every label is a variant of '%.80s': a classifier needs "
                 "at least two labels to choose from", b->labels.items[0]);
        return TENOR_EINVAL;
    }
    return 0;
}

/* ---- training --------------------------------------------------------- */

static void feature_progress(const tenor_train_opts *o, size_t done, size_t total)
{
    if (o->progress && (done == total || done % 1000 == 0))
        o->progress("features", done, total, o->payload);
}

int tenor_bundle_train(tenor_bundle **out, const tenor_dataset *d, const tenor_bundle_opts *o,
                       tenor_diag *diag)
{
    if (!o->name || !tenor_bundle_name_valid(o->name))
        return tenor_diag_set(diag, TENOR_EINVAL,
                              "bundle name '%.64s' must be 1-%d letters, digits, '_' or '-', "
                              "and not a key of classify's output (text, index, evidence, ...)",
                              o->name ? o->name : "", TENOR_BUNDLE_NAME_MAX);
    if (o->features.ngrams < 1 || o->features.ngrams > TENOR_NGRAMS_MAX)
        return tenor_diag_set(diag, TENOR_EINVAL, "n-grams must be between 1 and %d",
                              TENOR_NGRAMS_MAX);
    if (!scoring_is_valid(&o->scoring))
        return tenor_diag_set(diag, TENOR_EINVAL, "context weight must be at least 0 and "
                              "below 1, sharpnesses above 0 and at most %d, a context prior "
                              "from 0 to %d, and a context sharpness or prior needs a context "
                              "weight", TENOR_SHARPNESS_MAX, TENOR_CONTEXT_PRIOR_MAX);
    if (!scoring_is_default(&o->scoring) && tenor_dataset_multi_label(d))
        return tenor_diag_set(diag, TENOR_EINVAL, "context weight and sharpnesses need "
                              "single-label data (one label per example), and this data is "
                              "multi-label: some example has no label, several, or a list");
    size_t n = tenor_dataset_size(d), L = tenor_dataset_nlabels(d);
    if (n == 0)
        return tenor_diag_set(diag, TENOR_EINVAL, "no training examples");

    tenor_bundle *b = calloc(1, sizeof *b);
    tenor_featurizer *f = NULL;
    tenor_vocab *full = NULL;
    uint32_t *remap = NULL;
    tenor_sparse *x = tenor_calloc_array(n, sizeof *x);
    uint8_t *y = NULL;
    size_t cells;
    int rc = TENOR_ENOMEM;
    if (!b || !x || !tenor_mul_size(n, L ? L : 1, &cells) || !(y = calloc(cells, 1)))
        goto fail;
    snprintf(b->name, sizeof b->name, "%s", o->name);
    b->fopts = o->features;
    b->ndocs = n;
    b->scoring = o->scoring;
    b->data_crc = tenor_dataset_checksum(d);
    b->class_weight = o->train.class_weight;
    b->folds = o->train.folds;
    b->seed = o->train.seed;
    if (!(b->label_counts = tenor_calloc_array(L, sizeof *b->label_counts)))
        goto fail;
    for (size_t l = 0; l < L; l++) {
        const char *name = tenor_dataset_label(d, l);
        if ((rc = tenor_strlist_push(&b->classes, name, strlen(name))))
            goto fail;
    }
    char why[320];
    if ((rc = derive_labels(b, tenor_dataset_multi_label(d), false, why, sizeof why))) {
        if (rc != TENOR_EINVAL)
            goto fail;
        tenor_diag_set(diag, rc, "%s", why);
        goto fail_diag;
    }

    if ((rc = tenor_featurizer_new(&f, o->features.ngrams)) || (rc = tenor_vocab_new(&full)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        rc = tenor_featurizer_count_new(f, full, tenor_dataset_text(d, i),
                                        tenor_dataset_text_len(d, i), &x[i]);
        if (rc) {
            tenor_diag_set(diag, rc, "example %zu: %s", i + 1, tenor_strerror(rc));
            goto fail_diag;
        }
        /* Counts grew by doubling; the matrix is held through training, so drop the
         * slack now rather than carry up to twice its size. */
        if (x[i].n && x[i].n < x[i].cap) {
            void *fit = realloc(x[i].items, x[i].n * sizeof *x[i].items);
            if (fit) {
                x[i].items = fit;
                x[i].cap = x[i].n;
            }
        }
        for (size_t l = 0; l < L; l++)
            if (tenor_dataset_has(d, i, l)) {
                y[i * L + l] = 1;
                b->label_counts[l]++;
            }
        feature_progress(&o->train, i + 1, n);
    }
    if ((rc = tenor_vocab_prune(&b->vocab, &remap, full, o->features.min_df,
                                o->features.max_features)))
        goto fail;
    tenor_vocab_free(full);
    full = NULL;
    if ((rc = tenor_idf_new(&b->idf, b->vocab, n)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        tenor_features_remap(&x[i], remap);
        tenor_features_tfidf(&x[i], b->idf);
    }
    tenor_train_opts topts = o->train;
    if (b->labels.n != b->classes.n)
        topts.group = b->label_of;
    rc = tenor_model_train_take(&b->model, x, n, tenor_vocab_size(b->vocab), y, L,
                                tenor_dataset_multi_label(d), &topts, diag);
    if (rc)
        goto fail_diag;
    if (!(b->manifest = build_manifest(b, NULL, NULL))) {
        rc = TENOR_ENOMEM;
        goto fail;
    }
    *out = b;
    b = NULL;
    rc = 0;
    goto done;
fail:
    tenor_diag_set(diag, rc, "%s", tenor_strerror(rc));
fail_diag:
done:
    for (size_t i = 0; x && i < n; i++)
        tenor_sparse_free(&x[i]);
    free(x);
    free(y);
    free(remap);
    tenor_vocab_free(full);
    tenor_featurizer_free(f);
    tenor_bundle_free(b);
    return rc;
}

/* ---- writing ---------------------------------------------------------- */

int tenor_bundle_write(const tenor_bundle *b, int dirfd, tenor_diag *diag)
{
    char *vocab = NULL, *manifest = NULL;
    void *weights = NULL;
    size_t vlen = 0, wlen = 0;
    int rc = tenor_vocab_serialize(&vocab, &vlen, b->vocab);
    if (!rc)
        rc = tenor_model_serialize(&weights, &wlen, b->model);
    if (rc) {
        rc = tenor_diag_set(diag, rc, "out of memory");
        goto done;
    }
    file_record fv = {VOCAB_FILE, vlen, tenor_crc32(0, vocab, vlen)};
    file_record fw = {WEIGHTS_FILE, wlen, tenor_crc32(0, weights, wlen)};
    if (!(manifest = build_manifest(b, &fv, &fw))) {
        rc = tenor_diag_set(diag, TENOR_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = tenor_write_fileat(dirfd, VOCAB_FILE, vocab, vlen, diag)) ||
        (rc = tenor_write_fileat(dirfd, WEIGHTS_FILE, weights, wlen, diag)) ||
        (rc = tenor_write_fileat(dirfd, MANIFEST, manifest, strlen(manifest), diag)))
        goto done;
done:
    free(vocab);
    free(weights);
    free(manifest);
    return rc;
}

int tenor_bundle_save(const tenor_bundle *b, const char *dir, tenor_diag *diag)
{
    tenor_staging *s;
    int rc = tenor_staging_open(&s, dir, diag);
    if (rc)
        return rc;
    if ((rc = tenor_bundle_write(b, tenor_staging_fd(s), diag))) {
        tenor_staging_abort(s);
        return rc;
    }
    return tenor_staging_commit(s, diag);
}

/* ---- loading ---------------------------------------------------------- */

typedef struct {
    const char *dir;
    tenor_diag *diag;
    bool missing; /* a file was not there: maybe the bundle was swapped and removed */
} load_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int bad(const load_ctx *c, int status, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tenor_diag_where(c->diag, c->dir, 0, -1);
    return tenor_diag_set(c->diag, status, "%s: %s", c->dir, msg);
}

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A whole number in [lo, hi] at obj[key]. */
static int get_count(const load_ctx *c, const cJSON *obj, const char *key, double lo, double hi,
                     double *out)
{
    const cJSON *v = member(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return bad(c, TENOR_EFORMAT, "manifest.json: '%s' is missing or out of range", key);
    *out = v->valuedouble;
    return 0;
}

/* The optional "scoring" object (format 2): each member optional, defaults otherwise;
 * an unknown member is refused, since it would mean scoring this tenor cannot do. */
static int read_scoring(const load_ctx *c, const cJSON *obj, bool multi, tenor_scoring *out)
{
    *out = (tenor_scoring)TENOR_SCORING_INIT;
    if (!obj)
        return 0;
    if (!cJSON_IsObject(obj))
        return bad(c, TENOR_EFORMAT, "%s: scoring must be an object", MANIFEST);
    const cJSON *v;
    cJSON_ArrayForEach(v, obj)
    {
        double lo = 0.0, hi = TENOR_SHARPNESS_MAX, *field;
        bool lo_in = false, hi_in = true;
        if (strcmp(v->string, "context_weight") == 0)
            field = &out->context_weight, hi = 1.0, lo_in = true, hi_in = false;
        else if (strcmp(v->string, "context_sharpness") == 0)
            field = &out->context_sharpness;
        else if (strcmp(v->string, "summary_sharpness") == 0)
            field = &out->summary_sharpness;
        else if (strcmp(v->string, "context_prior") == 0)
            field = &out->context_prior, hi = TENOR_CONTEXT_PRIOR_MAX, lo_in = true;
        else
            return bad(c, TENOR_EFORMAT, "%s: unknown scoring setting '%s'\n---> HINT: "
                       "upgrade tenor, or retrain the bundle with this version", MANIFEST,
                       v->string);
        double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        if (!(lo_in ? x >= lo : x > lo) || !(hi_in ? x <= hi : x < hi))
            return bad(c, TENOR_EFORMAT, "%s: scoring.%s must be a number %s %g and %s %g",
                       MANIFEST, v->string, lo_in ? "at least" : "above", lo,
                       hi_in ? "at most" : "below", hi);
        *field = x + 0.0; /* -0 is 0, and printed so */
    }
    if (!scoring_is_valid(out))
        return bad(c, TENOR_EFORMAT, "%s: scoring.context_sharpness or context_prior "
                   "without a context_weight", MANIFEST);
    if (multi && !scoring_is_default(out))
        return bad(c, TENOR_EFORMAT, "%s: scoring settings in a multi-label bundle", MANIFEST);
    return 0;
}

/* A file the manifest names: a plain name inside the bundle, its size and checksum. */
static int read_named_file(load_ctx *c, int dirfd, const cJSON *files, const char *key,
                           tenor_buf *out)
{
    const cJSON *f = member(files, key);
    const cJSON *path = member(f, "path"), *crc = member(f, "crc32");
    double bytes = 0;
    if (!cJSON_IsObject(f) || !cJSON_IsString(path) || !cJSON_IsString(crc))
        return bad(c, TENOR_EFORMAT, "manifest.json: files.%s is missing or malformed", key);
    const char *p = path->valuestring;
    if (!*p || p[0] == '.' || strchr(p, '/') || strlen(p) > 255)
        return bad(c, TENOR_EFORMAT, "manifest.json names a file outside the bundle: '%s'", p);
    if (get_count(c, f, "bytes", 0, (double)FILE_LIMIT, &bytes))
        return TENOR_EFORMAT;
    tenor_diag sub;
    tenor_diag_clear(&sub);
    int rc = tenor_read_fileat(out, dirfd, p, FILE_LIMIT, &sub);
    if (rc == TENOR_ENOTFOUND) {
        c->missing = true;
        return bad(c, TENOR_EFORMAT, "%s is missing (an incomplete bundle)", p);
    }
    if (rc)
        return bad(c, rc, "%s", sub.msg);
    char want[16];
    snprintf(want, sizeof want, "%08x", (unsigned)tenor_crc32(0, out->data, out->len));
    if ((double)out->len != bytes)
        return bad(c, TENOR_EFORMAT, "%s has the wrong size (truncated or replaced)", p);
    if (strcmp(want, crc->valuestring) != 0)
        return bad(c, TENOR_EFORMAT, "%s fails its checksum (corrupt)", p);
    return 0;
}

static int load_from(tenor_bundle *b, load_ctx *c, int dirfd)
{
    tenor_buf text = TENOR_BUF_INIT, vocab = TENOR_BUF_INIT, weights = TENOR_BUF_INIT;
    cJSON *root = NULL;
    tenor_diag sub;
    tenor_diag_clear(&sub);
    int rc = tenor_read_fileat(&text, dirfd, MANIFEST, MANIFEST_LIMIT, &sub);
    if (rc == TENOR_ENOTFOUND) {
        c->missing = true;
        rc = bad(c, TENOR_ENOTFOUND, "not a tenor bundle (no %s)", MANIFEST);
        goto done;
    }
    if (rc) {
        rc = bad(c, rc, "%s", sub.msg);
        goto done;
    }
    int status;
    root = tenor_json_parse(text.data ? text.data : "", text.len, NULL, &status);
    if (status == TENOR_ENOMEM) {
        rc = bad(c, TENOR_ENOMEM, "%s", tenor_strerror(TENOR_ENOMEM));
        goto done;
    }
    const cJSON *format = member(root, "format");
    if (!cJSON_IsObject(root) || !cJSON_IsString(format) ||
        strcmp(format->valuestring, "tenor-bundle") != 0) {
        rc = bad(c, TENOR_EFORMAT, "%s is not a tenor bundle manifest", MANIFEST);
        goto done;
    }
    double version = 0;
    if ((rc = get_count(c, root, "format_version", 1, 1e9, &version)))
        goto done;
    if (version > TENOR_BUNDLE_FORMAT_VERSION) {
        char what[160];
        snprintf(what, sizeof what, "%.0f, newer than this tenor reads (%d)\n---> HINT: "
                 "upgrade tenor, or retrain the bundle with this version", version,
                 TENOR_BUNDLE_FORMAT_VERSION);
        rc = bad(c, TENOR_EVERSION, "bundle format version %s", what);
        goto done;
    }
    const cJSON *name = member(root, "name"), *labels = member(root, "labels");
    const cJSON *multi = member(root, "multi_label"), *feat = member(root, "features");
    const cJSON *files = member(root, "files"), *train = member(root, "training");
    if (!cJSON_IsString(name) || !cJSON_IsArray(labels) || !cJSON_IsBool(multi) ||
        !cJSON_IsObject(feat) || !cJSON_IsObject(files)) {
        rc = bad(c, TENOR_EFORMAT, "%s lacks name, labels, multi_label, features or files",
                 MANIFEST);
        goto done;
    }
    if (!tenor_bundle_name_valid(name->valuestring)) {
        rc = bad(c, TENOR_EFORMAT, "%s: name '%.64s' is not 1-%d letters, digits, '_' or '-' "
                 "(or is a key of classify's output)", MANIFEST, name->valuestring,
                 TENOR_BUNDLE_NAME_MAX);
        goto done;
    }
    snprintf(b->name, sizeof b->name, "%s", name->valuestring);
    const cJSON *item;
    cJSON_ArrayForEach(item, labels)
    {
        if (!cJSON_IsString(item) || !item->valuestring[0]) {
            rc = bad(c, TENOR_EFORMAT, "%s: labels must be non-empty strings", MANIFEST);
            goto done;
        }
        for (size_t k = 0; k < b->classes.n; k++)
            if (strcmp(b->classes.items[k], item->valuestring) == 0) {
                rc = bad(c, TENOR_EFORMAT, "%s: label '%s' appears twice", MANIFEST,
                         item->valuestring);
                goto done;
            }
        if ((rc = tenor_strlist_push(&b->classes, item->valuestring,
                                     strlen(item->valuestring))))
            goto done;
    }
    char why[320];
    if ((rc = derive_labels(b, cJSON_IsTrue(multi), version < 3, why, sizeof why))) {
        rc = rc == TENOR_EINVAL ? bad(c, TENOR_EFORMAT, "%s: %s", MANIFEST, why)
                                : bad(c, rc, "%s", tenor_strerror(rc));
        goto done;
    }
    double policy = 0, ngrams = 0, min_df = 0, max_features = 0, docs = 0;
    if ((rc = get_count(c, feat, "text_policy", 1, 1e9, &policy)) ||
        (rc = get_count(c, feat, "ngrams", 1, TENOR_NGRAMS_MAX, &ngrams)) ||
        (rc = get_count(c, feat, "min_df", 0, 4294967295.0, &min_df)) ||
        (rc = get_count(c, feat, "max_features", 0, 1e15, &max_features)) ||
        (rc = get_count(c, feat, "documents", 1, 1e15, &docs)))
        goto done;
    if (policy != TENOR_TEXT_POLICY) {
        rc = bad(c, TENOR_EVERSION, "text policy %s is not the one this tenor implements\n"
                 "---> HINT: retrain the bundle with this version of tenor",
                 policy > TENOR_TEXT_POLICY ? "(newer)" : "(older)");
        goto done;
    }
    b->fopts = (tenor_feature_opts){(unsigned)ngrams, (uint32_t)min_df, (size_t)max_features};
    b->ndocs = (size_t)docs;
    if ((rc = read_scoring(c, member(root, "scoring"), cJSON_IsTrue(multi), &b->scoring)))
        goto done;

    if ((rc = read_named_file(c, dirfd, files, "vocabulary", &vocab)) ||
        (rc = read_named_file(c, dirfd, files, "weights", &weights)))
        goto done;
    char where[600];
    snprintf(where, sizeof where, "%s/%s", c->dir, VOCAB_FILE);
    if ((rc = tenor_vocab_parse(&b->vocab, vocab.data ? vocab.data : "", vocab.len, where,
                                c->diag)))
        goto done;
    snprintf(where, sizeof where, "%s/%s", c->dir, WEIGHTS_FILE);
    if ((rc = tenor_model_parse(&b->model, weights.data, weights.len, where, c->diag)))
        goto done;
    if (tenor_model_nlabels(b->model) != b->classes.n ||
        tenor_model_nfeatures(b->model) != tenor_vocab_size(b->vocab) ||
        tenor_model_multi_label(b->model) != cJSON_IsTrue(multi)) {
        rc = bad(c, TENOR_EFORMAT, "%s",
                 "manifest, vocabulary and weights disagree (files from different bundles)");
        goto done;
    }
    if ((rc = tenor_idf_new(&b->idf, b->vocab, b->ndocs)))
        goto done;

    tenor_train_summary s = {0, NAN, TENOR_SOLVER_AUTO, NAN, NAN, NAN};
    const cJSON *held = member(train, "heldout"), *v;
    /* Informational only, but range-checked: casting 1e300 to size_t is undefined. */
    if (cJSON_IsNumber(v = member(train, "examples")) && v->valuedouble >= 0 &&
        v->valuedouble <= 1e15)
        s.examples = (size_t)v->valuedouble;
    if (cJSON_IsNumber(v = member(train, "C")))
        s.C = v->valuedouble;
    if (cJSON_IsString(v = member(train, "solver")))
        s.solver = strcmp(v->valuestring, "libsvm") == 0      ? TENOR_SOLVER_LIBSVM
                   : strcmp(v->valuestring, "liblinear") == 0 ? TENOR_SOLVER_LIBLINEAR
                                                              : TENOR_SOLVER_AUTO;
    if (cJSON_IsNumber(v = member(held, "accuracy")))
        s.accuracy = v->valuedouble;
    if (cJSON_IsNumber(v = member(held, "micro_f1")))
        s.micro_f1 = v->valuedouble;
    if (cJSON_IsNumber(v = member(held, "macro_f1")))
        s.macro_f1 = v->valuedouble;
    tenor_model_set_summary(b->model, &s);
    b->manifest = text.data;
    text.data = NULL;
    rc = 0;
done:
    cJSON_Delete(root);
    tenor_buf_free(&text);
    tenor_buf_free(&vocab);
    tenor_buf_free(&weights);
    return rc;
}

/* Whether the directory open as dirfd is no longer the one at path. */
/* Whether the directory at path is no longer the one open as dirfd. Nothing at path
 * counts too: without RENAME_EXCHANGE, train moves the old bundle away a moment before
 * the new one arrives (fileio.c), and the next attempt finds it. */
static bool dir_replaced(int dirfd, const char *path)
{
    struct stat a, b;
    if (fstat(dirfd, &a) != 0)
        return false;
    if (stat(path, &b) != 0)
        return errno == ENOENT;
    return a.st_ino != b.st_ino || a.st_dev != b.st_dev;
}

int tenor_bundle_load(tenor_bundle **out, const char *dir, tenor_diag *diag)
{
    load_ctx c = {dir, diag, false};
    for (int attempt = 0;; attempt++) {
        /* One directory handle for every file: if the bundle is swapped while we read,
         * we keep reading the old one, never a mix. train removes the old bundle's files
         * right after the swap, though, so a file that vanished from a directory that is
         * no longer at `dir` means "start again with the new one". */
        int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0 && errno == ENOENT && attempt > 0 && attempt < 8) {
            /* Between the two renames of a swap without RENAME_EXCHANGE. */
            struct timespec pause = {0, 2000000};
            nanosleep(&pause, NULL);
            continue;
        }
        if (dirfd < 0) {
            int status = errno == ENOENT ? TENOR_ENOTFOUND : TENOR_EIO;
            return bad(&c, status, "cannot open bundle: %s", strerror(errno));
        }
        tenor_bundle *b = calloc(1, sizeof *b);
        c.missing = false;
        int rc = b ? load_from(b, &c, dirfd) : bad(&c, TENOR_ENOMEM, "%s", "out of memory");
        bool again = rc && c.missing && attempt < 8 && dir_replaced(dirfd, dir);
        close(dirfd);
        if (!rc) {
            *out = b;
            return 0;
        }
        tenor_bundle_free(b);
        if (!again)
            return rc;
    }
}
