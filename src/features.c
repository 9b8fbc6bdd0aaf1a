/* features.c - n-gram terms, counting and TF-IDF weighting (see features.h).
 *
 * Per text: one normalised copy (utf8proc allocates it), then tokens, n-gram strings
 * and ids in buffers owned by the featurizer and reused. */
#include "tenor/features.h"

#include <math.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/text.h"
#include "util/alloc.h"
#include "tenor/buf.h"

struct tenor_featurizer {
    unsigned ngrams;
    tenor_tokens tokens;
    tenor_buf gram;   /* the n-gram being interned */
    uint32_t *ids;    /* term ids of the current text, before counting (training) */
    size_t nids, ids_cap;
    uint32_t *place;  /* term id -> 1 + its place in the vector being counted, or 0;
                       * all 0 between texts (look-ups) */
    size_t place_cap;
};

void tenor_sparse_free(tenor_sparse *x)
{
    free(x->items);
    x->items = NULL;
    x->n = x->cap = 0;
}

int tenor_featurizer_new(tenor_featurizer **out, unsigned ngrams)
{
    if (ngrams < 1 || ngrams > TENOR_NGRAMS_MAX)
        return TENOR_EINVAL;
    tenor_featurizer *f = calloc(1, sizeof *f);
    if (!f)
        return TENOR_ENOMEM;
    f->ngrams = ngrams;
    *out = f;
    return 0;
}

void tenor_featurizer_free(tenor_featurizer *f)
{
    if (!f)
        return;
    tenor_tokens_free(&f->tokens);
    tenor_buf_free(&f->gram);
    free(f->ids);
    free(f->place);
    free(f);
}

const tenor_tokens *tenor_featurizer_tokens(const tenor_featurizer *f)
{
    return &f->tokens;
}

static int push_id(tenor_featurizer *f, uint32_t id)
{
    if (f->nids == f->ids_cap) {
        void *items = f->ids;
        int rc = tenor_grow(&items, &f->ids_cap, f->nids + 1, sizeof *f->ids);
        f->ids = items;
        if (rc)
            return rc;
    }
    f->ids[f->nids++] = id;
    return 0;
}

static void sift_down(uint32_t *a, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void heap_sort(uint32_t *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n; end-- > 1;) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* Sorts term ids in place. A paragraph has a few hundred; qsort's callback per
 * comparison showed up at ~7% of classify in callgrind, so this is an introsort: an
 * inline quicksort (median of three, loop on the larger half, insertion sort for short
 * runs) that turns to heapsort past 2 log2 n levels, so that a paragraph crafted
 * against the pivot rule costs O(n log n), not O(n^2). */
static void intro_sort(uint32_t *a, size_t n, unsigned depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            heap_sort(a, n);
            return;
        }
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
        size_t left = j + 1; /* a[0..left) <= pivot <= a[left..n) */
        if (left < n - left) {
            intro_sort(a, left, depth);
            a += left;
            n -= left;
        } else {
            intro_sort(a + left, n - left, depth);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t k = i;
        while (k > 0 && a[k - 1] > v) {
            a[k] = a[k - 1];
            k--;
        }
        a[k] = v;
    }
}

static void sort_u32(uint32_t *a, size_t n)
{
    unsigned depth = 0;
    for (size_t m = n; m > 1; m >>= 1)
        depth += 2;
    intro_sort(a, n, depth);
}

int tenor_featurizer_tokenize(tenor_featurizer *f, const char *text, size_t len)
{
    if (tenor_text_is_simple(text, len))
        return tenor_tokenize_simple(&f->tokens, text, len);
    char *norm = NULL;
    size_t norm_len = 0;
    int rc = tenor_text_normalize(&norm, &norm_len, text, len);
    if (rc)
        return rc;
    rc = tenor_tokenize(&f->tokens, norm, norm_len);
    free(norm);
    return rc;
}

/* Counts the n-grams of tokens t into out, interning unknown ones into grow and
 * counting their document frequencies; sorted by id, as the solvers want. */
static int count_interning(tenor_featurizer *f, tenor_vocab *grow, const tenor_tokens *t,
                           tenor_sparse *out)
{
    int rc = 0;
    f->nids = 0;
    for (size_t i = 0; i < t->n && !rc; i++) {
        tenor_buf_clear(&f->gram);
        for (unsigned k = 0; k < f->ngrams && i + k < t->n && !rc; k++) {
            if (k)
                rc = tenor_buf_putc(&f->gram, ' ');
            if (!rc)
                rc = tenor_buf_append(&f->gram, tenor_token(t, i + k), t->len[i + k]);
            uint32_t id;
            if (!rc)
                rc = tenor_vocab_intern(grow, f->gram.data, f->gram.len, &id);
            if (!rc)
                rc = push_id(f, id);
        }
    }
    if (rc)
        return rc;
    sort_u32(f->ids, f->nids);
    out->n = 0;
    for (size_t i = 0; i < f->nids; i++) {
        if (out->n && out->items[out->n - 1].index == f->ids[i]) {
            out->items[out->n - 1].value += 1.0f;
            continue;
        }
        if (out->n == out->cap) {
            void *items = out->items;
            rc = tenor_grow(&items, &out->cap, out->n + 1, sizeof *out->items);
            out->items = items;
            if (rc)
                return rc;
        }
        out->items[out->n++] = (tenor_feature){f->ids[i], 1.0f};
        tenor_vocab_add_df(grow, f->ids[i], 1);
    }
    return 0;
}

/* Counts the n-grams of tokens t that vocab knows into out, each term once, in order of
 * first occurrence: f->place, indexed by term id, finds a term met before in one read
 * (frequent terms have small ids, so the rows in use stay in cache), rather than sorting
 * (a third of the cost) or a hash set; a dot product with dense weights needs no order.
 * The n-grams are looked up from the tokens' hashes, made once by the tokenizer. */
static int count_known(tenor_featurizer *f, const tenor_vocab *vocab, const tenor_tokens *t,
                       tenor_sparse *out)
{
    out->n = 0;
    /* Distinct terms: at most one per n-gram, and at most the vocabulary. */
    size_t most, size = tenor_vocab_size(vocab);
    if (!tenor_mul_size(t->n, f->ngrams, &most))
        return TENOR_ENOMEM;
    if (most > size)
        most = size;
    size_t had = f->place_cap;
    void *p = f->place;
    int rc = tenor_grow(&p, &f->place_cap, size, sizeof *f->place);
    f->place = p;
    if (rc)
        return rc;
    if (f->place_cap > had) /* new room starts unused too */
        memset(f->place + had, 0, (f->place_cap - had) * sizeof *f->place);
    /* The ids of every n-gram first (f->ids is free when classifying), then the set. */
    size_t nids;
    if (!tenor_mul_size(t->n, f->ngrams, &nids))
        return TENOR_ENOMEM;
    p = f->ids;
    rc = tenor_grow(&p, &f->ids_cap, nids, sizeof *f->ids);
    f->ids = p;
    if (rc)
        return rc;
    tenor_vocab_lookup_grams(vocab, t, f->ngrams, f->ids);
    p = out->items; /* at most `most` distinct terms: room for all up front */
    rc = tenor_grow(&p, &out->cap, most, sizeof *out->items);
    out->items = p;
    if (rc)
        return rc;
    /* locals: stores through out->items would otherwise reload f's and out's fields */
    uint32_t *const place = f->place;
    tenor_feature *const items = out->items;
    const uint32_t *const ids = f->ids;
    size_t n = 0;
    for (size_t g = 0; g < nids; g++) {
        uint32_t id = ids[g];
        if (id == UINT32_MAX)
            continue;
        if (place[id]) {
            items[place[id] - 1].value += 1.0f;
        } else {
            items[n] = (tenor_feature){id, 1.0f};
            place[id] = (uint32_t)++n;
        }
    }
    for (size_t k = 0; k < n; k++)
        place[items[k].index] = 0;
    out->n = n;
    return 0;
}

int tenor_featurizer_count_new(tenor_featurizer *f, tenor_vocab *vocab, const char *text,
                               size_t len, tenor_sparse *out)
{
    int rc = tenor_featurizer_tokenize(f, text, len);
    return rc ? rc : count_interning(f, vocab, &f->tokens, out);
}

int tenor_featurizer_count(tenor_featurizer *f, const tenor_vocab *vocab, const char *text,
                           size_t len, tenor_sparse *out)
{
    int rc = tenor_featurizer_tokenize(f, text, len);
    return rc ? rc : count_known(f, vocab, &f->tokens, out);
}

int tenor_featurizer_count_tokens(tenor_featurizer *f, const tenor_vocab *vocab,
                                  const tenor_tokens *tokens, tenor_sparse *out)
{
    return count_known(f, vocab, tokens, out);
}

struct tenor_idf {
    double *value;      /* by value number, or by term when number is NULL */
    uint16_t *number;   /* term id -> value number */
};

/* ln((1 + N) / (1 + df)) + 1: one expression, so a value shared by terms has the bits
 * each term's own would have. */
static double idf_value(size_t ndocs, uint32_t df)
{
    return log((1.0 + (double)ndocs) / (1.0 + (double)df)) + 1.0;
}

/* Numbers the runs of terms of one document frequency, each run's value stored once;
 * false past 65,536 runs. A pruned vocabulary (all of a bundle's) has its terms by
 * descending document frequency, so a run is every term of its frequency. */
static bool share_by_run(tenor_idf *idf, const tenor_vocab *vocab, size_t ndocs)
{
    size_t n = tenor_vocab_size(vocab), runs = 0;
    uint32_t run_df = 0;
    for (uint32_t id = 0; id < n; id++) {
        uint32_t df = tenor_vocab_df(vocab, id);
        if (id == 0 || df != run_df) {
            if (runs > UINT16_MAX)
                return false;
            idf->value[runs++] = idf_value(ndocs, df);
            run_df = df;
        }
        idf->number[id] = (uint16_t)(runs - 1);
    }
    void *shrunk = realloc(idf->value, (runs ? runs : 1) * sizeof *idf->value);
    if (shrunk) /* else the longer array serves as well */
        idf->value = shrunk;
    return true;
}

int tenor_idf_new(tenor_idf **out, const tenor_vocab *vocab, size_t ndocs)
{
    size_t n = tenor_vocab_size(vocab);
    tenor_idf *idf = calloc(1, sizeof *idf);
    if (!idf)
        return TENOR_ENOMEM;
    idf->value = tenor_alloc_array(n ? n : 1, sizeof *idf->value);
    idf->number = tenor_alloc_array(n ? n : 1, sizeof *idf->number);
    if (!idf->value || !idf->number) {
        tenor_idf_free(idf);
        return TENOR_ENOMEM;
    }
    if (!share_by_run(idf, vocab, ndocs)) {
        free(idf->number);
        idf->number = NULL;
        for (uint32_t id = 0; id < n; id++)
            idf->value[id] = idf_value(ndocs, tenor_vocab_df(vocab, id));
    }
    *out = idf;
    return 0;
}

void tenor_idf_free(tenor_idf *idf)
{
    if (!idf)
        return;
    free(idf->value);
    free(idf->number);
    free(idf);
}

double tenor_idf_of(const tenor_idf *idf, uint32_t id)
{
    return idf->value[idf->number ? idf->number[id] : id];
}

/* 1 + log(count) for the small counts of nearly every term, computed by the same log()
 * so results are unchanged: a call to log per feature showed in profiles. */
#define SUBLINEAR_CACHED 16
static double sublinear_tf[SUBLINEAR_CACHED];
static pthread_once_t sublinear_once = PTHREAD_ONCE_INIT;

static void sublinear_build(void)
{
    for (int c = 1; c < SUBLINEAR_CACHED; c++)
        sublinear_tf[c] = 1.0 + log((double)c);
}

/* tenor_features_tfidf with the test for shared values out of the loop. */
static inline __attribute__((always_inline)) void tfidf(tenor_sparse *x, const double *value,
                                                        const uint16_t *number)
{
    double norm = 0.0;
    for (size_t i = 0; i < x->n; i++) {
        float count = x->items[i].value;
        /* Most terms occur once in a paragraph: 1 + log(1) is 1, without the checks. */
        double tf = count == 1.0f ? 1.0
                    : count >= 1.0f && count < SUBLINEAR_CACHED && count == (float)(int)count
                        ? sublinear_tf[(int)count]
                        : 1.0 + log(count);
        uint32_t id = x->items[i].index;
        double v = tf * value[number ? number[id] : id];
        x->items[i].value = (float)v;
        norm += v * v;
    }
    if (norm <= 0.0) {
        x->n = 0;
        return;
    }
    double scale = 1.0 / sqrt(norm);
    for (size_t i = 0; i < x->n; i++)
        x->items[i].value = (float)(x->items[i].value * scale);
}

void tenor_features_tfidf(tenor_sparse *x, const tenor_idf *idf)
{
    pthread_once(&sublinear_once, sublinear_build);
    if (idf->number)
        tfidf(x, idf->value, idf->number);
    else
        tfidf(x, idf->value, NULL);
}

static int cmp_feature(const void *a, const void *b)
{
    uint32_t x = ((const tenor_feature *)a)->index, y = ((const tenor_feature *)b)->index;
    return (x > y) - (x < y);
}

void tenor_features_remap(tenor_sparse *x, const uint32_t *remap)
{
    size_t w = 0;
    for (size_t i = 0; i < x->n; i++) {
        uint32_t id = remap[x->items[i].index];
        if (id == UINT32_MAX)
            continue;
        x->items[w].index = id;
        x->items[w].value = x->items[i].value;
        w++;
    }
    x->n = w;
    qsort(x->items, x->n, sizeof *x->items, cmp_feature);
}
