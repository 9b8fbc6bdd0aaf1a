/* fuzz_text.c - libFuzzer target for the text boundary, tokenizer and featurizer.
 *
 * Raw bytes are checked and repaired as UTF-8 (repair must give valid UTF-8, and
 * change nothing exactly when the check passes), split into paragraphs, and each
 * paragraph is normalised, tokenised and turned into features, growing a vocabulary
 * and then looking the same text up in it. Invariants of text.h, tokenizer.h and
 * features.h are asserted, and the fast paths of normalising and tokenising are
 * compared with the reference ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/features.h"
#include "tenor/text.h"
#include "tenor/tokenizer.h"
#include "tenor/vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* In range, no duplicates, and (training's vectors) sorted. */
static void check_sparse(const tenor_sparse *x, size_t nfeatures, int sorted)
{
    for (size_t i = 0; i < x->n; i++) {
        if (x->items[i].index >= nfeatures)
            abort();
        if (sorted && i && x->items[i - 1].index >= x->items[i].index)
            abort();
        for (size_t j = 0; !sorted && j < i; j++)
            if (x->items[j].index == x->items[i].index)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = 0, nbad = 0, rlen = 0;
    int valid = tenor_utf8_check(s, size, &bad) == 0;
    char *fixed = NULL;
    if (tenor_utf8_repair(&fixed, &rlen, s, size, &nbad))
        return 0;
    if (tenor_utf8_check(fixed, rlen, NULL) != 0 || fixed[rlen] != '\0')
        abort();
    if (valid != (nbad == 0) || (valid && (rlen != size || memcmp(fixed, s, size) != 0)))
        abort();
    if (!valid && bad >= size)
        abort();

    tenor_strlist paras = TENOR_STRLIST_INIT;
    tenor_featurizer *f = NULL;
    tenor_vocab *v = NULL;
    tenor_tokens toks = TENOR_TOKENS_INIT;
    tenor_sparse x = TENOR_SPARSE_INIT, y = TENOR_SPARSE_INIT;
    unsigned ngrams = size ? 1 + data[0] % TENOR_NGRAMS_MAX : 2;
    if (tenor_text_split_paragraphs(&paras, fixed, rlen) || tenor_featurizer_new(&f, ngrams) ||
        tenor_vocab_new(&v))
        goto done;

    /* The fast paths agree with the reference: normalising only the non-ASCII stretches
     * with utf8proc normalising everything, and one-pass ASCII tokenising with
     * normalise-then-tokenise. */
    char *fast = NULL, *ref = NULL;
    size_t fast_len = 0, ref_len = 0;
    if (tenor_text_normalize(&fast, &fast_len, fixed, rlen) == 0 &&
        tenor_text_normalize_unicode(&ref, &ref_len, fixed, rlen) == 0) {
        if (fast_len != ref_len || memcmp(fast, ref, ref_len) != 0)
            abort();
        if (tenor_text_is_simple(fixed, rlen)) {
            tenor_tokens a = TENOR_TOKENS_INIT, b = TENOR_TOKENS_INIT;
            if (tenor_tokenize(&a, ref, ref_len) == 0 &&
                tenor_tokenize_simple(&b, fixed, rlen) == 0) {
                if (a.n != b.n)
                    abort();
                for (size_t k = 0; k < a.n; k++)
                    if (a.len[k] != b.len[k] || strcmp(tenor_token(&a, k), tenor_token(&b, k)))
                        abort();
            }
            tenor_tokens_free(&a);
            tenor_tokens_free(&b);
        }
    }
    free(fast);
    free(ref);

    char *clean = NULL;
    if (tenor_text_clean_paragraph(&clean, fixed, rlen) == 0) {
        if (tenor_utf8_check(clean, strlen(clean), NULL) != 0)
            abort();
        free(clean);
    }
    for (size_t i = 0; i < paras.n; i++) {
        const char *p = paras.items[i];
        size_t plen = strlen(p);
        if (plen == 0 || p[0] == ' ' || p[plen - 1] == ' ' || strstr(p, "  "))
            abort(); /* white space collapsed and trimmed */
        if (tenor_utf8_check(p, plen, NULL) != 0)
            abort();
        char *norm = NULL;
        size_t nlen = 0;
        if (tenor_text_normalize(&norm, &nlen, p, plen) == 0) {
            if (tenor_utf8_check(norm, nlen, NULL) != 0)
                abort();
            if (tenor_tokenize(&toks, norm, nlen) == 0)
                for (size_t k = 0; k < toks.n; k++)
                    if (toks.len[k] == 0 || toks.len[k] > TENOR_TOKEN_MAX ||
                        strlen(tenor_token(&toks, k)) != toks.len[k])
                        abort();
            free(norm);
        }
        if (tenor_featurizer_count_new(f, v, p, plen, &x) == 0) {
            check_sparse(&x, tenor_vocab_size(v), 1);
            if (tenor_featurizer_count(f, v, p, plen, &y) != 0 || y.n != x.n)
                abort(); /* the same text over the vocabulary it grew finds every term */
            check_sparse(&y, tenor_vocab_size(v), 0);
            for (size_t j = 0; j < y.n; j++) { /* with the same counts */
                const tenor_feature *hit = NULL;
                for (size_t k = 0; k < x.n && !hit; k++)
                    if (x.items[k].index == y.items[j].index)
                        hit = &x.items[k];
                if (!hit || hit->value != y.items[j].value)
                    abort();
            }
            tenor_idf *idf = NULL;
            if (tenor_idf_new(&idf, v, i + 1) == 0) {
                tenor_features_tfidf(&y, idf);
                check_sparse(&y, tenor_vocab_size(v), 0);
                tenor_idf_free(idf);
            }
        }
    }
    /* The vocabulary round-trips through its file format. */
    char *ser = NULL;
    size_t slen = 0;
    if (tenor_vocab_serialize(&ser, &slen, v) == 0) {
        tenor_vocab *back = NULL;
        if (tenor_vocab_parse(&back, ser, slen, "fuzz", NULL) != 0 ||
            tenor_vocab_size(back) != tenor_vocab_size(v))
            abort();
        tenor_vocab_free(back);
        free(ser);
    }
done:
    tenor_sparse_free(&x);
    tenor_sparse_free(&y);
    tenor_tokens_free(&toks);
    tenor_vocab_free(v);
    tenor_featurizer_free(f);
    tenor_strlist_free(&paras);
    free(fixed);
    return 0;
}
