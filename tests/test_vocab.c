/* test_vocab.c - term <-> id table: dense ids, document frequencies, deterministic
 * pruning with a remap, and the "term<TAB>df" file format with its error messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/tokenizer.h"
#include "tenor/vocab.h"

static uint32_t intern(tenor_vocab *v, const char *term)
{
    uint32_t id = UINT32_MAX;
    CHECK_OK(tenor_vocab_intern(v, term, strlen(term), &id));
    return id;
}

static int64_t lookup(const tenor_vocab *v, const char *term)
{
    return tenor_vocab_lookup(v, term, strlen(term));
}

/* A vocabulary of (term, df) pairs in the given order. */
static tenor_vocab *make_vocab(const char *const *terms, const uint32_t *dfs, size_t n)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = intern(v, terms[i]);
        tenor_vocab_add_df(v, id, dfs[i]);
    }
    return v;
}

static void vocab_intern_gives_dense_ids_in_order_of_first_use(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    CHECK_INT_EQ(tenor_vocab_size(v), 0);
    CHECK_INT_EQ(intern(v, "alpha"), 0);
    CHECK_INT_EQ(intern(v, "beta"), 1);
    CHECK_INT_EQ(intern(v, "alpha"), 0); /* existing term: same id, no growth */
    CHECK_INT_EQ(intern(v, "gamma delta"), 2);
    CHECK_INT_EQ(tenor_vocab_size(v), 3);
    CHECK_STR_EQ(tenor_vocab_term(v, 1), "beta");
    CHECK_STR_EQ(tenor_vocab_term(v, 2), "gamma delta");
    CHECK_INT_EQ(tenor_vocab_df(v, 1), 0);
    tenor_vocab_free(v);
    tenor_vocab_free(NULL);
}

static void vocab_lookup_finds_interned_terms_only(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    intern(v, "market");
    intern(v, "z\xC3\xBCrich");
    CHECK_INT_EQ(lookup(v, "market"), 0);
    CHECK_INT_EQ(lookup(v, "z\xC3\xBCrich"), 1);
    CHECK_INT_EQ(lookup(v, "markets"), -1);
    CHECK_INT_EQ(lookup(v, "mark"), -1);
    CHECK_INT_EQ(lookup(v, ""), -1);
    /* The length, not a NUL, ends a term. */
    CHECK_INT_EQ(tenor_vocab_lookup(v, "marketing", 6), 0);
    tenor_vocab_free(v);
}

static void vocab_keeps_ids_stable_across_table_growth(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    char term[32];
    for (unsigned i = 0; i < 5000; i++) {
        snprintf(term, sizeof term, "t%u", i);
        CHECK_INT_EQ(intern(v, term), i);
    }
    CHECK_INT_EQ(tenor_vocab_size(v), 5000);
    for (unsigned i = 0; i < 5000; i += 97) {
        snprintf(term, sizeof term, "t%u", i);
        CHECK_INT_EQ(lookup(v, term), i);
        CHECK_STR_EQ(tenor_vocab_term(v, i), term);
    }
    CHECK_INT_EQ(lookup(v, "t5000"), -1);
    tenor_vocab_free(v);
}

static void vocab_add_df_accumulates_and_saturates(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    uint32_t a = intern(v, "a"), b = intern(v, "b");
    tenor_vocab_add_df(v, a, 1);
    tenor_vocab_add_df(v, a, 2);
    CHECK_INT_EQ(tenor_vocab_df(v, a), 3);
    CHECK_INT_EQ(tenor_vocab_df(v, b), 0);
    tenor_vocab_add_df(v, b, UINT32_MAX - 1);
    tenor_vocab_add_df(v, b, 5);
    CHECK_INT_EQ(tenor_vocab_df(v, b), UINT32_MAX);
    tenor_vocab_free(v);
}

static void vocab_prune_drops_terms_below_min_df_and_remaps(void)
{
    static const char *const terms[] = {"rare", "common", "mid", "once"};
    static const uint32_t dfs[] = {1, 5, 2, 1};
    tenor_vocab *v = make_vocab(terms, dfs, 4);
    tenor_vocab *p = NULL;
    uint32_t *remap = NULL;
    CHECK_OK(tenor_vocab_prune(&p, &remap, v, 2, 0));
    if (p && remap) {
        CHECK_INT_EQ(tenor_vocab_size(p), 2);
        CHECK_STR_EQ(tenor_vocab_term(p, 0), "common");
        CHECK_STR_EQ(tenor_vocab_term(p, 1), "mid");
        CHECK_INT_EQ(tenor_vocab_df(p, 0), 5);
        CHECK_INT_EQ(tenor_vocab_df(p, 1), 2);
        CHECK_INT_EQ(remap[0], UINT32_MAX);
        CHECK_INT_EQ(remap[1], 0);
        CHECK_INT_EQ(remap[2], 1);
        CHECK_INT_EQ(remap[3], UINT32_MAX);
        CHECK_INT_EQ(tenor_vocab_lookup(p, "rare", 4), -1);
    }
    /* The source vocabulary is not changed. */
    CHECK_INT_EQ(tenor_vocab_size(v), 4);
    CHECK_STR_EQ(tenor_vocab_term(v, 0), "rare");
    tenor_vocab_free(p);
    free(remap);
    tenor_vocab_free(v);
}

static void vocab_prune_caps_features_by_df_then_term_bytes(void)
{
    /* Ties on df are broken by term bytes (unsigned), whatever the input order. */
    static const char *const terms[] = {"pear", "\xC3\xA9t\xC3\xA9", "apple", "fig", "kiwi",
                                        "zebra"};
    static const uint32_t dfs[] = {3, 3, 3, 9, 1, 3};
    tenor_vocab *v = make_vocab(terms, dfs, 6);
    tenor_vocab *p = NULL;
    uint32_t *remap = NULL;
    CHECK_OK(tenor_vocab_prune(&p, &remap, v, 1, 4));
    if (p && remap) {
        CHECK_INT_EQ(tenor_vocab_size(p), 4);
        CHECK_STR_EQ(tenor_vocab_term(p, 0), "fig");
        CHECK_STR_EQ(tenor_vocab_term(p, 1), "apple");
        CHECK_STR_EQ(tenor_vocab_term(p, 2), "pear");
        CHECK_STR_EQ(tenor_vocab_term(p, 3), "zebra");
        CHECK_INT_EQ(remap[0], 2);          /* pear */
        CHECK_INT_EQ(remap[1], UINT32_MAX); /* "été" sorts after "zebra" as bytes */
        CHECK_INT_EQ(remap[2], 1);          /* apple */
        CHECK_INT_EQ(remap[3], 0);          /* fig */
        CHECK_INT_EQ(remap[4], UINT32_MAX); /* kiwi: lowest df */
        CHECK_INT_EQ(remap[5], 3);          /* zebra */
    }
    tenor_vocab_free(p);
    free(remap);
    tenor_vocab_free(v);
}

static void vocab_prune_result_does_not_depend_on_input_order(void)
{
    static const char *const t1[] = {"b", "a", "c", "d"};
    static const uint32_t d1[] = {2, 2, 4, 1};
    static const char *const t2[] = {"d", "c", "a", "b"};
    static const uint32_t d2[] = {1, 4, 2, 2};
    tenor_vocab *v1 = make_vocab(t1, d1, 4), *v2 = make_vocab(t2, d2, 4);
    tenor_vocab *p1 = NULL, *p2 = NULL;
    uint32_t *r1 = NULL, *r2 = NULL;
    CHECK_OK(tenor_vocab_prune(&p1, &r1, v1, 1, 0));
    CHECK_OK(tenor_vocab_prune(&p2, &r2, v2, 1, 0));
    char *s1 = NULL, *s2 = NULL;
    size_t n1 = 0, n2 = 0;
    if (p1 && p2) {
        CHECK_OK(tenor_vocab_serialize(&s1, &n1, p1));
        CHECK_OK(tenor_vocab_serialize(&s2, &n2, p2));
        CHECK_INT_EQ(n1, n2);
        CHECK(s1 && s2 && n1 == n2 && memcmp(s1, s2, n1) == 0);
        CHECK(s1 && n1 == 16 && memcmp(s1, "c\t4\na\t2\nb\t2\nd\t1\n", 16) == 0);
    }
    free(s1);
    free(s2);
    free(r1);
    free(r2);
    tenor_vocab_free(p1);
    tenor_vocab_free(p2);
    tenor_vocab_free(v1);
    tenor_vocab_free(v2);
}

static void vocab_prune_of_an_empty_vocabulary_is_empty(void)
{
    tenor_vocab *v = NULL, *p = NULL;
    uint32_t *remap = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    CHECK_OK(tenor_vocab_prune(&p, &remap, v, 1, 10));
    CHECK(p != NULL);
    if (p)
        CHECK_INT_EQ(tenor_vocab_size(p), 0);
    tenor_vocab_free(p);
    free(remap);
    tenor_vocab_free(v);
}

static void vocab_serialize_then_parse_round_trips(void)
{
    static const char *const terms[] = {"the", "u.s", "trade war", "\xCE\xB5\xCE\xBB\xCE\xBB",
                                        "000,000"};
    static const uint32_t dfs[] = {40, 7, 0, 3, 4294967295u};
    tenor_vocab *v = make_vocab(terms, dfs, 5);
    char *s = NULL;
    size_t len = 0;
    CHECK_OK(tenor_vocab_serialize(&s, &len, v));
    CHECK(s != NULL && len > 9 && memcmp(s, "the\t40\nu.s\t7\n", 13) == 0);
    tenor_vocab *w = NULL;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_OK(tenor_vocab_parse(&w, s, len, "vocab.tsv", &diag));
    if (w) {
        CHECK_INT_EQ(tenor_vocab_size(w), 5);
        for (uint32_t i = 0; i < 5; i++) {
            CHECK_STR_EQ(tenor_vocab_term(w, i), terms[i]);
            CHECK_INT_EQ(tenor_vocab_df(w, i), dfs[i]);
            CHECK_INT_EQ(tenor_vocab_lookup(w, terms[i], strlen(terms[i])), i);
        }
    }
    tenor_vocab_free(w);
    free(s);
    tenor_vocab_free(v);
}

static void vocab_parse_accepts_a_last_line_without_newline(void)
{
    tenor_vocab *v = NULL;
    const char in[] = "a\t1\nb\t22";
    CHECK_OK(tenor_vocab_parse(&v, in, sizeof in - 1, "v", NULL));
    if (v) {
        CHECK_INT_EQ(tenor_vocab_size(v), 2);
        CHECK_INT_EQ(tenor_vocab_df(v, 1), 22);
    }
    tenor_vocab_free(v);
}

/* Parses `in`, expecting TENOR_EFORMAT and a message naming name:line. */
static void expect_parse_error(const char *in, const char *want_in_msg)
{
    tenor_vocab *v = NULL;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_INT_EQ(tenor_vocab_parse(&v, in, strlen(in), "vocab.tsv", &diag), TENOR_EFORMAT);
    CHECK(v == NULL);
    if (!strstr(diag.msg, want_in_msg)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", diag.msg, want_in_msg);
        CHECK(strstr(diag.msg, want_in_msg) != NULL);
    }
    tenor_vocab_free(v);
}

static void vocab_parse_rejects_a_line_without_tab(void)
{
    expect_parse_error("a\t1\nno tab here\nc\t3\n", "vocab.tsv:2:");
    expect_parse_error("a\t1\n\tb\n", "vocab.tsv:2:"); /* empty term */
}

static void vocab_parse_rejects_a_bad_document_frequency(void)
{
    expect_parse_error("a\t1\nb\tx\n", "vocab.tsv:2:");
    expect_parse_error("a\t1\nb\t2\nc\t\n", "vocab.tsv:3:");
    expect_parse_error("a\t-1\n", "vocab.tsv:1:");
    expect_parse_error("a\t1 \n", "vocab.tsv:1:");
    expect_parse_error("a\t99999999999\n", "vocab.tsv:1:");
    /* UINT32_MAX + 1 must not wrap around to 0. */
    expect_parse_error("a\t1\nb\t4294967296\n", "vocab.tsv:2:");
}

static void vocab_parse_rejects_a_duplicate_term(void)
{
    expect_parse_error("a\t1\nb\t2\na\t3\n", "vocab.tsv:3:");
    /* Also when the duplicate follows directly. */
    expect_parse_error("a\t1\nb\t2\nb\t3\n", "vocab.tsv:3:");
    expect_parse_error("x\t1\nx\t1\n", "vocab.tsv:2:");
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_vocab *v = NULL;
    CHECK_INT_EQ(tenor_vocab_parse(&v, "q\t1\nq\t2\n", 8, "f", &diag), TENOR_EFORMAT);
    CHECK(strstr(diag.msg, "duplicate") != NULL);
    tenor_vocab_free(v);
}

/* Looking an n-gram up from token hashes finds exactly what looking up its joined
 * string finds: present grams, absent ones, and near misses ("talks" vs "talk s").
 * 300 filler terms make terms share hashes when the test build narrows the hash to 8
 * bits (test_vocab_collide: more terms than hashes), which must stay exact too. */
static void vocab_lookup_gram_agrees_with_lookup_of_the_joined_string(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    if (!v)
        return;
    static const char *const terms[] = {"peace", "talks", "peace talks", "talks resume",
                                        "s", "talk", "u.s", "u.s talks", "peace talks resume"};
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        uint32_t id;
        CHECK_OK(tenor_vocab_intern(v, terms[i], strlen(terms[i]), &id));
    }
    for (int i = 0; i < 300; i++) {
        char filler[16];
        uint32_t id;
        snprintf(filler, sizeof filler, "filler%d", i);
        CHECK_OK(tenor_vocab_intern(v, filler, strlen(filler), &id));
    }
    tenor_tokens t = TENOR_TOKENS_INIT;
    const char *text = "u.s peace talks resume talk s peace talks";
    CHECK_OK(tenor_tokenize(&t, text, strlen(text)));
    CHECK(t.n <= 16);
    int checked = 0, found = 0;
    for (size_t i = 0; i < t.n && i < 16; i++)
        for (size_t n = 1; n <= 3 && i + n <= t.n; n++) {
            char joined[128] = "";
            for (size_t k = i; k < i + n; k++) {
                if (k > i)
                    strcat(joined, " ");
                strcat(joined, tenor_token(&t, k));
            }
            int64_t want = tenor_vocab_lookup(v, joined, strlen(joined));
            CHECK_INT_EQ(tenor_vocab_lookup_gram(v, &t, i, n), want);
            checked++;
            found += want >= 0;
        }
    CHECK_INT_EQ(checked, 21);
    CHECK_INT_EQ(found, 11); /* 7 tokens, 3 bigrams, 1 trigram */
    /* All n-grams at once: the same ids, UINT32_MAX for absent ones and past the end;
     * for each ngrams, as 1 and 2 have loops of their own. */
    uint32_t all[16 * 3];
    for (size_t ngrams = 1; ngrams <= 3 && t.n <= 16; ngrams++) {
        tenor_vocab_lookup_grams(v, &t, ngrams, all);
        for (size_t i = 0; i < t.n; i++)
            for (size_t n = 1; n <= ngrams; n++) {
                int64_t want = i + n <= t.n ? tenor_vocab_lookup_gram(v, &t, i, n) : -1;
                CHECK_INT_EQ(all[i * ngrams + n - 1],
                             want < 0 ? UINT32_MAX : (uint32_t)want);
            }
    }
    tenor_tokens_free(&t);
    tenor_vocab_free(v);
}

/* tenor_vocab_lookup_grams over a text of many blocks of look-ups (vocab.c takes a
 * bigram head's in blocks of 16 tokens): every n-gram as tenor_vocab_lookup_gram finds
 * it, at every place in and across blocks, and at the end. */
static void vocab_lookup_grams_agree_over_a_long_text(void)
{
    tenor_vocab *v = NULL;
    CHECK_OK(tenor_vocab_new(&v));
    if (!v)
        return;
    static const char *const terms[] = {"the", "talks", "the talks", "peace", "peace talks",
                                        "resume", "talks resume", "in", "geneva", "in geneva"};
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        uint32_t id;
        CHECK_OK(tenor_vocab_intern(v, terms[i], strlen(terms[i]), &id));
    }
    /* 7 tokens a sentence, so the known n-grams fall at every offset of a block */
    char text[1024] = "";
    for (int k = 0; k < 9; k++)
        strcat(text, k % 2 ? "the peace talks resume in geneva today " : "peace talks in geneva the talks resume ");
    tenor_tokens t = TENOR_TOKENS_INIT;
    CHECK_OK(tenor_tokenize(&t, text, strlen(text)));
    CHECK_INT_EQ(t.n, 9 * 7);
    uint32_t *all = malloc(t.n * 3 * sizeof *all);
    for (size_t ngrams = 1; all && ngrams <= 3; ngrams++) {
        tenor_vocab_lookup_grams(v, &t, ngrams, all);
        size_t found = 0;
        for (size_t i = 0; i < t.n; i++)
            for (size_t n = 1; n <= ngrams; n++) {
                int64_t want = i + n <= t.n ? tenor_vocab_lookup_gram(v, &t, i, n) : -1;
                CHECK_INT_EQ(all[i * ngrams + n - 1], want < 0 ? UINT32_MAX : (uint32_t)want);
                found += want >= 0;
            }
        CHECK(found > (ngrams == 1 ? 50u : 90u));
    }
    free(all);
    tenor_tokens_free(&t);
    tenor_vocab_free(v);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(vocab_intern_gives_dense_ids_in_order_of_first_use, passed, failed);
    RUN(vocab_lookup_finds_interned_terms_only, passed, failed);
    RUN(vocab_lookup_gram_agrees_with_lookup_of_the_joined_string, passed, failed);
    RUN(vocab_lookup_grams_agree_over_a_long_text, passed, failed);
    RUN(vocab_keeps_ids_stable_across_table_growth, passed, failed);
    RUN(vocab_add_df_accumulates_and_saturates, passed, failed);
    RUN(vocab_prune_drops_terms_below_min_df_and_remaps, passed, failed);
    RUN(vocab_prune_caps_features_by_df_then_term_bytes, passed, failed);
    RUN(vocab_prune_result_does_not_depend_on_input_order, passed, failed);
    RUN(vocab_prune_of_an_empty_vocabulary_is_empty, passed, failed);
    RUN(vocab_serialize_then_parse_round_trips, passed, failed);
    RUN(vocab_parse_accepts_a_last_line_without_newline, passed, failed);
    RUN(vocab_parse_rejects_a_line_without_tab, passed, failed);
    RUN(vocab_parse_rejects_a_bad_document_frequency, passed, failed);
    RUN(vocab_parse_rejects_a_duplicate_term, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
