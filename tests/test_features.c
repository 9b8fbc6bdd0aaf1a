/* test_features.c - counting terms (unigrams and n-grams) into sparse vectors,
 * growing a vocabulary with document frequencies, sublinear TF-IDF with L2 norm, and
 * remapping indices after pruning. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/features.h"

static int64_t lookup(const tenor_vocab *v, const char *term)
{
    return tenor_vocab_lookup(v, term, strlen(term));
}

static int count_new(tenor_featurizer *f, tenor_vocab *v, const char *text, tenor_sparse *x)
{
    return tenor_featurizer_count_new(f, v, text, strlen(text), x);
}

/* The value of feature `index` in x, or -1 if absent. */
static double value_of(const tenor_sparse *x, int64_t index)
{
    for (size_t i = 0; i < x->n; i++)
        if ((int64_t)x->items[i].index == index)
            return x->items[i].value;
    return -1.0;
}

static void check_sorted_unique(const tenor_sparse *x)
{
    for (size_t i = 1; i < x->n; i++)
        CHECK(x->items[i - 1].index < x->items[i].index);
}

static int cmp_index(const void *a, const void *b)
{
    uint32_t x = ((const tenor_feature *)a)->index, y = ((const tenor_feature *)b)->index;
    return (x > y) - (x < y);
}

/* Vectors over a fixed vocabulary come in order of first occurrence: each index once. */
static void check_unique(const tenor_sparse *x)
{
    tenor_feature *copy = malloc((x->n ? x->n : 1) * sizeof *copy);
    CHECK(copy != NULL);
    if (!copy)
        return;
    memcpy(copy, x->items, x->n * sizeof *copy);
    qsort(copy, x->n, sizeof *copy, cmp_index);
    for (size_t i = 1; i < x->n; i++)
        CHECK(copy[i - 1].index < copy[i].index);
    free(copy);
}

static void featurizer_new_rejects_ngrams_out_of_range(void)
{
    tenor_featurizer *f = NULL;
    CHECK_INT_EQ(tenor_featurizer_new(&f, 0), TENOR_EINVAL);
    CHECK_INT_EQ(tenor_featurizer_new(&f, TENOR_NGRAMS_MAX + 1), TENOR_EINVAL);
    CHECK(f == NULL);
    CHECK_OK(tenor_featurizer_new(&f, TENOR_NGRAMS_MAX));
    CHECK(f != NULL);
    tenor_featurizer_free(f);
    tenor_featurizer_free(NULL);
}

static void count_new_adds_terms_and_counts_them(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "Markets fell, markets rose.", &x));
    CHECK_INT_EQ(tenor_vocab_size(v), 3);
    int64_t markets = lookup(v, "markets"), fell = lookup(v, "fell"), rose = lookup(v, "rose");
    CHECK(markets >= 0 && fell >= 0 && rose >= 0);
    CHECK_INT_EQ(x.n, 3);
    CHECK_NEAR(value_of(&x, markets), 2.0, 1e-6);
    CHECK_NEAR(value_of(&x, fell), 1.0, 1e-6);
    CHECK_NEAR(value_of(&x, rose), 1.0, 1e-6);
    /* The featurizer normalises first: "Markets" and "markets" are one term. */
    CHECK_INT_EQ(lookup(v, "Markets"), -1);
    /* The tokens of the last text are available. */
    const tenor_tokens *t = tenor_featurizer_tokens(f);
    CHECK_INT_EQ(t->n, 4);
    if (t->n == 4)
        CHECK_STR_EQ(tenor_token(t, 3), "rose");
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void count_new_counts_document_frequency_once_per_document(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "tax tax tax cut", &x));
    CHECK_OK(count_new(f, v, "tax rise", &x));
    CHECK_OK(count_new(f, v, "no change", &x));
    int64_t tax = lookup(v, "tax"), cut = lookup(v, "cut"), rise = lookup(v, "rise");
    CHECK(tax >= 0 && cut >= 0 && rise >= 0);
    if (tax >= 0 && cut >= 0 && rise >= 0) {
        CHECK_INT_EQ(tenor_vocab_df(v, (uint32_t)tax), 2);
        CHECK_INT_EQ(tenor_vocab_df(v, (uint32_t)cut), 1);
        CHECK_INT_EQ(tenor_vocab_df(v, (uint32_t)rise), 1);
    }
    CHECK_INT_EQ(tenor_vocab_size(v), 5);
    /* x holds only the last document. */
    CHECK_INT_EQ(x.n, 2);
    CHECK_NEAR(value_of(&x, tax), -1.0, 1e-9);
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void count_new_joins_bigrams_with_one_space(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 2));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "Trade  war,\tescalates", &x));
    /* 3 unigrams + 2 bigrams; punctuation and white space do not reach the terms. */
    CHECK_INT_EQ(tenor_vocab_size(v), 5);
    CHECK_INT_EQ(x.n, 5);
    CHECK(lookup(v, "trade war") >= 0);
    CHECK(lookup(v, "war escalates") >= 0);
    CHECK_INT_EQ(lookup(v, "trade  war"), -1);
    CHECK_INT_EQ(lookup(v, "trade escalates"), -1);
    CHECK_INT_EQ(lookup(v, "trade war escalates"), -1); /* no trigrams with ngrams = 2 */
    check_sorted_unique(&x);
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void count_new_forms_trigrams_when_asked(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 3));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "a b c", &x));
    CHECK_INT_EQ(tenor_vocab_size(v), 6); /* a, b, c, "a b", "b c", "a b c" */
    CHECK(lookup(v, "a b c") >= 0);
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void count_new_rejects_invalid_utf8(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_vocab_new(&v));
    if (f && v)
        CHECK_INT_EQ(count_new(f, v, "bad \xFF byte", &x), TENOR_EUTF8);
    if (v)
        CHECK_INT_EQ(tenor_vocab_size(v), 0);
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void count_over_a_fixed_vocabulary_skips_unknown_terms(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 2));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    uint32_t known, pair;
    CHECK_OK(tenor_vocab_intern(v, "known", 5, &known));
    CHECK_OK(tenor_vocab_intern(v, "known term", 10, &pair));
    const char *text = "known unknown known term";
    CHECK_OK(tenor_featurizer_count(f, v, text, strlen(text), &x));
    CHECK_INT_EQ(tenor_vocab_size(v), 2); /* nothing added */
    CHECK_INT_EQ(tenor_vocab_df(v, known), 0);
    CHECK_INT_EQ(x.n, 2);
    CHECK_NEAR(value_of(&x, known), 2.0, 1e-6);
    CHECK_NEAR(value_of(&x, pair), 1.0, 1e-6);
    /* A text with no known term gives an empty vector, replacing the old one. */
    CHECK_OK(tenor_featurizer_count(f, v, "nothing here", 12, &x));
    CHECK_INT_EQ(x.n, 0);
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

/* Many terms with ids past 2^16, met in scrambled order and repeated: the counts equal
 * a plain tally, each term once (the hash set of count), and sorted from count_new
 * (past the insertion-sort cut-off of the id sort). Tokens are letters only, since
 * digits map to 0. */
static void count_tallies_many_large_ids(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    char *text = malloc(600 * 8);
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v || !text)
        goto done;
    enum { TERMS = 70000 };
    for (unsigned id = 0; id < TERMS; id++) {
        char term[8] = {(char)('a' + id % 26), (char)('a' + id / 26 % 26),
                        (char)('a' + id / 676 % 26), (char)('a' + id / 17576 % 26), 0};
        uint32_t got;
        CHECK_OK(tenor_vocab_intern(v, term, 4, &got));
    }
    static unsigned tally[TERMS];
    memset(tally, 0, sizeof tally);
    unsigned state = 5u;
    size_t len = 0;
    for (int k = 0; k < 600; k++) {
        state = state * 1103515245u + 12345u;
        unsigned id = k % 3 ? (state >> 8) % TERMS : (state >> 8) % 200; /* some repeat */
        tally[id]++;
        text[len++] = (char)('a' + id % 26);
        text[len++] = (char)('a' + id / 26 % 26);
        text[len++] = (char)('a' + id / 676 % 26);
        text[len++] = (char)('a' + id / 17576 % 26);
        text[len++] = ' ';
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            CHECK_OK(tenor_featurizer_count(f, v, text, len, &x));
            check_unique(&x);
        } else {
            CHECK_OK(tenor_featurizer_count_new(f, v, text, len, &x));
            check_sorted_unique(&x);
        }
        size_t distinct = 0, mismatches = 0, large = 0;
        for (size_t i = 0; i < x.n; i++)
            large += x.items[i].index >= 65536;
        for (unsigned id = 0; id < TERMS; id++)
            if (tally[id]) {
                distinct++;
                mismatches += value_of(&x, id) != (double)tally[id];
            }
        CHECK_INT_EQ(x.n, distinct);
        CHECK_INT_EQ(mismatches, 0);
        CHECK(x.n > 300 && large > 0);
    }
done:
    free(text);
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

/* Over a fixed vocabulary, each term once, in the order the text first uses it, with
 * its count; training's count_new sorts by id. */
static void count_lists_terms_once_in_order_of_first_use(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 2));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "one two three four five six seven eight nine ten", &x));
    /* Terms now appear in reverse order of their ids, several times each. */
    const char *text = "ten nine eight ten seven six ten five four three two one one";
    CHECK_OK(tenor_featurizer_count(f, v, text, strlen(text), &x));
    check_unique(&x);
    CHECK_INT_EQ(x.n, 10); /* unigrams only: these bigrams are new */
    static const char *const order[] = {"ten", "nine", "eight", "seven", "six",
                                        "five", "four", "three", "two", "one"};
    for (size_t i = 0; i < 10 && i < x.n; i++)
        CHECK_STR_EQ(tenor_vocab_term(v, x.items[i].index), order[i]);
    CHECK_NEAR(value_of(&x, lookup(v, "ten")), 3.0, 1e-6);
    CHECK_NEAR(value_of(&x, lookup(v, "one")), 2.0, 1e-6);
    /* Counting again starts afresh: nothing of the last text's tally is left. */
    CHECK_OK(tenor_featurizer_count(f, v, "one ten", 7, &x));
    CHECK_INT_EQ(x.n, 2);
    CHECK(x.n == 2 && x.items[0].index == (uint32_t)lookup(v, "one") &&
          x.items[0].value == 1.0f && x.items[1].value == 1.0f);
    CHECK_OK(count_new(f, v, text, &x));
    check_sorted_unique(&x);
    for (size_t i = 0; i < x.n; i++)
        CHECK(x.items[i].index < tenor_vocab_size(v));
done:
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

/* A vocabulary of terms "t0", "t1", ... with these document frequencies. */
static tenor_vocab *vocab_with_dfs(const uint32_t *df, size_t n)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    for (size_t i = 0; v && i < n; i++) {
        char term[16];
        int len = snprintf(term, sizeof term, "t%zu", i);
        uint32_t id;
        CHECK_OK(tenor_vocab_intern(v, term, (size_t)len, &id));
        tenor_vocab_add_df(v, id, df[i]);
    }
    return v;
}

static tenor_idf *idf_of_dfs(const uint32_t *df, size_t n, size_t ndocs)
{
    tenor_vocab *v = vocab_with_dfs(df, n);
    tenor_idf *idf = NULL;
    if (v)
        CHECK_OK(tenor_idf_new(&idf, v, ndocs));
    tenor_vocab_free(v);
    return idf;
}

static void idf_is_smoothed_log_ratio_plus_one(void)
{
    const uint32_t df[2] = {9, 1};
    tenor_idf *idf = idf_of_dfs(df, 2, 9);
    if (idf) {
        CHECK_NEAR(tenor_idf_of(idf, 0), 1.0, 1e-12); /* in every document: ln(10/10) + 1 */
        CHECK_NEAR(tenor_idf_of(idf, 1), log(10.0 / 2.0) + 1.0, 1e-12);
    }
    tenor_idf_free(idf);
}

/* Every term's idf has the bits of its own computation, whether terms of one
 * document frequency share a value (runs, in any order) or, past 65,536 runs, each
 * term keeps its own. */
static void idf_values_are_exact_shared_or_not(void)
{
    enum { MANY = 65536 + 10 };
    uint32_t *df = malloc(MANY * sizeof *df);
    if (!df)
        return;
    for (size_t i = 0; i < MANY; i++)
        df[i] = (uint32_t)(i % 2 ? 3 : 4 + i % 5); /* runs of one term: MANY of them */
    const size_t sizes[2] = {50, MANY}, ndocs = 1000;
    for (size_t k = 0; k < 2; k++) {
        tenor_idf *idf = idf_of_dfs(df, sizes[k], ndocs);
        for (size_t i = 0; idf && i < sizes[k]; i++) {
            volatile double want = log((1.0 + (double)ndocs) / (1.0 + (double)df[i])) + 1.0;
            if (tenor_idf_of(idf, (uint32_t)i) != want) {
                CHECK(tenor_idf_of(idf, (uint32_t)i) == want);
                break;
            }
        }
        tenor_idf_free(idf);
    }
    free(df);
}

/* Document frequencies 10, 2, 5, 1 of 10 documents: idf 1.0, 2.3, 1.6, 2.6 roughly. */
static const uint32_t four_dfs[4] = {10, 2, 5, 1};

static void tfidf_scales_to_unit_l2_norm(void)
{
    tenor_idf *idf = idf_of_dfs(four_dfs, 4, 10);
    if (!idf)
        return;
    tenor_feature items[3] = {{0, 1.0f}, {1, 4.0f}, {3, 2.0f}};
    tenor_sparse x = {items, 3, 3};
    tenor_features_tfidf(&x, idf);
    CHECK_INT_EQ(x.n, 3);
    double norm = 0.0;
    for (size_t i = 0; i < x.n; i++) {
        CHECK(x.items[i].value > 0.0f);
        norm += (double)x.items[i].value * x.items[i].value;
    }
    CHECK_NEAR(norm, 1.0, 1e-6);
    CHECK_INT_EQ(x.items[2].index, 3);
    tenor_idf_free(idf);
}

static void tfidf_uses_sublinear_term_frequency(void)
{
    tenor_idf *idf = idf_of_dfs(four_dfs, 4, 10);
    if (!idf)
        return;
    /* x (term 2) appears 3 times, y (term 1) once: before the norm x weighs
     * (1 + ln 3) * idf_x and y weighs idf_y. */
    double ix = tenor_idf_of(idf, 2), iy = tenor_idf_of(idf, 1);
    tenor_feature items[2] = {{2, 3.0f}, {1, 1.0f}};
    tenor_sparse x = {items, 2, 2};
    tenor_features_tfidf(&x, idf);
    double wx = (1.0 + log(3.0)) * ix, wy = iy, norm = sqrt(wx * wx + wy * wy);
    CHECK_NEAR(x.items[0].value, wx / norm, 1e-6);
    CHECK_NEAR(x.items[1].value, wy / norm, 1e-6);
    /* Linear tf (3 * idf_x) would give a clearly different weight. */
    CHECK(fabs(x.items[0].value - 3.0 * ix / sqrt(9.0 * ix * ix + iy * iy)) > 1e-3);
    tenor_idf_free(idf);
}

static void tfidf_of_an_empty_vector_stays_empty(void)
{
    tenor_idf *idf = idf_of_dfs(four_dfs, 1, 10);
    if (!idf)
        return;
    tenor_sparse x = TENOR_SPARSE_INIT;
    tenor_features_tfidf(&x, idf);
    CHECK_INT_EQ(x.n, 0);
    tenor_idf_free(idf);
}

static void remap_drops_unmapped_features_and_resorts(void)
{
    tenor_feature items[4] = {{0, 0.1f}, {1, 0.2f}, {2, 0.3f}, {3, 0.4f}};
    tenor_sparse x = {items, 4, 4};
    const uint32_t remap[4] = {3, UINT32_MAX, 0, 1};
    tenor_features_remap(&x, remap);
    CHECK_INT_EQ(x.n, 3);
    if (x.n == 3) {
        CHECK_INT_EQ(x.items[0].index, 0);
        CHECK_NEAR(x.items[0].value, 0.3, 1e-6);
        CHECK_INT_EQ(x.items[1].index, 1);
        CHECK_NEAR(x.items[1].value, 0.4, 1e-6);
        CHECK_INT_EQ(x.items[2].index, 3);
        CHECK_NEAR(x.items[2].value, 0.1, 1e-6);
    }
}

static void remap_after_prune_matches_counting_over_the_pruned_vocabulary(void)
{
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL, *p = NULL;
    uint32_t *remap = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT, y = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_vocab_new(&v));
    if (!f || !v)
        goto done;
    CHECK_OK(count_new(f, v, "rare oil price", &x));
    CHECK_OK(count_new(f, v, "oil price oil", &x));
    CHECK_OK(tenor_vocab_prune(&p, &remap, v, 2, 0));
    if (!p || !remap)
        goto done;
    CHECK_INT_EQ(tenor_vocab_size(p), 2);
    tenor_features_remap(&x, remap);
    CHECK_OK(tenor_featurizer_count(f, p, "oil price oil", 13, &y));
    CHECK_INT_EQ(x.n, y.n);
    for (size_t i = 0; i < x.n && i < y.n; i++) {
        CHECK_INT_EQ(x.items[i].index, y.items[i].index);
        CHECK_NEAR(x.items[i].value, y.items[i].value, 1e-6);
    }
done:
    tenor_sparse_free(&x);
    tenor_sparse_free(&y);
    free(remap);
    tenor_vocab_free(p);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

/* A long text with many repeated words exercises the sort beyond short runs: the
 * counts must come out sorted, unique, and add up to the number of n-grams. */
static void long_texts_count_every_ngram_once_in_order(void)
{
    static const char *const words[] = {"alpha", "beta", "gamma", "delta", "epsilon",
                                        "zeta", "eta", "theta", "iota", "kappa", "lambda"};
    char text[8192];
    size_t w = 0, ntokens = 0;
    unsigned state = 99u;
    while (w + 16 < sizeof text) {
        state = state * 1103515245u + 12345u;
        const char *word = words[(state >> 16) % 11];
        w += (size_t)snprintf(text + w, sizeof text - w, "%s ", word);
        ntokens++;
    }
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&f, 2));
    CHECK_OK(tenor_vocab_new(&v));
    CHECK_OK(tenor_featurizer_count_new(f, v, text, w, &x));
    check_sorted_unique(&x);
    double total = 0;
    for (size_t i = 0; i < x.n; i++)
        total += x.items[i].value;
    CHECK_NEAR(total, (double)(2 * ntokens - 1), 1e-6);
    CHECK(x.n > 16);
    tenor_sparse_free(&x);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
}

static void counting_shared_tokens_equals_counting_the_text(void)
{
    const char *text = "The EU's trade case over Lithuania infuriated Washington's team.";
    tenor_featurizer *one = NULL, *two = NULL;
    tenor_vocab *v = NULL;
    tenor_sparse a = TENOR_SPARSE_INIT, b = TENOR_SPARSE_INIT;
    CHECK_OK(tenor_featurizer_new(&one, 1));
    CHECK_OK(tenor_featurizer_new(&two, 2));
    CHECK_OK(tenor_vocab_new(&v));
    CHECK_OK(count_new(two, v, text, &a));
    CHECK_OK(tenor_featurizer_tokenize(one, text, strlen(text)));
    CHECK_OK(tenor_featurizer_count_tokens(two, v, tenor_featurizer_tokens(one), &b));
    CHECK_INT_EQ(a.n, b.n);
    CHECK(a.n == b.n && memcmp(a.items, b.items, a.n * sizeof *a.items) == 0);
    tenor_sparse_free(&a);
    tenor_sparse_free(&b);
    tenor_vocab_free(v);
    tenor_featurizer_free(one);
    tenor_featurizer_free(two);
}

/* A zero-width non-joiner inside a Persian word, kept in a paragraph's text, is no
 * word break for features: the word is one token, as in text without it. */
static void zero_width_joiners_do_not_split_tokens(void)
{
    const char *with = "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85 a\xE2\x80\x8B" "b";
    const char *without = "\xD9\x85\xDB\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85 ab";
    tenor_featurizer *f = NULL, *g = NULL;
    CHECK_OK(tenor_featurizer_new(&f, 1));
    CHECK_OK(tenor_featurizer_new(&g, 1));
    CHECK_OK(tenor_featurizer_tokenize(f, with, strlen(with)));
    CHECK_OK(tenor_featurizer_tokenize(g, without, strlen(without)));
    const tenor_tokens *a = tenor_featurizer_tokens(f), *b = tenor_featurizer_tokens(g);
    CHECK_INT_EQ(a->n, 2);
    CHECK_INT_EQ(b->n, 2);
    for (size_t i = 0; i < a->n && i < b->n; i++)
        CHECK_STR_EQ(tenor_token(a, i), tenor_token(b, i));
    tenor_featurizer_free(f);
    tenor_featurizer_free(g);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(featurizer_new_rejects_ngrams_out_of_range, passed, failed);
    RUN(count_new_adds_terms_and_counts_them, passed, failed);
    RUN(count_new_counts_document_frequency_once_per_document, passed, failed);
    RUN(count_new_joins_bigrams_with_one_space, passed, failed);
    RUN(count_new_forms_trigrams_when_asked, passed, failed);
    RUN(count_new_rejects_invalid_utf8, passed, failed);
    RUN(count_over_a_fixed_vocabulary_skips_unknown_terms, passed, failed);
    RUN(count_lists_terms_once_in_order_of_first_use, passed, failed);
    RUN(count_tallies_many_large_ids, passed, failed);
    RUN(idf_is_smoothed_log_ratio_plus_one, passed, failed);
    RUN(idf_values_are_exact_shared_or_not, passed, failed);
    RUN(tfidf_scales_to_unit_l2_norm, passed, failed);
    RUN(tfidf_uses_sublinear_term_frequency, passed, failed);
    RUN(tfidf_of_an_empty_vector_stays_empty, passed, failed);
    RUN(remap_drops_unmapped_features_and_resorts, passed, failed);
    RUN(remap_after_prune_matches_counting_over_the_pruned_vocabulary, passed, failed);
    RUN(long_texts_count_every_ngram_once_in_order, passed, failed);
    RUN(counting_shared_tokens_equals_counting_the_text, passed, failed);
    RUN(zero_width_joiners_do_not_split_tokens, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
