/* scorer.c - runs every head over every paragraph and summarises (see scorer.h).
 *
 * Boilerplate detection is not done yet: every paragraph is scored (issue #4). */
#include "tenor/scorer.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct tenor_scorer {
    const tenor_bundle **heads;
    size_t nheads;
    size_t explain;
    tenor_featurizer **featurizers; /* one per head: heads may differ in n-grams */
    tenor_sparse x;
};

int tenor_scorer_new(tenor_scorer **out, const tenor_bundle *const *heads, size_t nheads,
                     size_t explain)
{
    if (nheads == 0)
        return TENOR_EINVAL;
    for (size_t i = 0; i < nheads; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(tenor_bundle_name(heads[i]), tenor_bundle_name(heads[j])) == 0)
                return TENOR_EINVAL;
    tenor_scorer *s = calloc(1, sizeof *s);
    if (!s)
        return TENOR_ENOMEM;
    s->nheads = nheads;
    s->explain = explain;
    s->heads = tenor_alloc_array(nheads, sizeof *s->heads);
    s->featurizers = tenor_calloc_array(nheads, sizeof *s->featurizers);
    if (!s->heads || !s->featurizers) {
        tenor_scorer_free(s);
        return TENOR_ENOMEM;
    }
    for (size_t h = 0; h < nheads; h++) {
        s->heads[h] = heads[h];
        if (tenor_bundle_featurizer(heads[h], &s->featurizers[h])) {
            tenor_scorer_free(s);
            return TENOR_ENOMEM;
        }
    }
    *out = s;
    return 0;
}

void tenor_scorer_free(tenor_scorer *s)
{
    if (!s)
        return;
    for (size_t h = 0; s->featurizers && h < s->nheads; h++)
        tenor_featurizer_free(s->featurizers[h]);
    free(s->featurizers);
    free(s->heads);
    tenor_sparse_free(&s->x);
    free(s);
}

size_t tenor_scorer_nheads(const tenor_scorer *s)
{
    return s->nheads;
}

const tenor_bundle *tenor_scorer_head(const tenor_scorer *s, size_t h)
{
    return s->heads[h];
}

void tenor_article_result_free(tenor_article_result *r, size_t nheads)
{
    if (!r)
        return;
    for (size_t p = 0; p < r->nparagraphs && r->paragraphs; p++) {
        tenor_paragraph_result *pr = &r->paragraphs[p];
        for (size_t h = 0; h < nheads && pr->heads; h++) {
            free(pr->heads[h].probs);
            free(pr->heads[h].selected);
            free(pr->heads[h].evidence);
        }
        free(pr->heads);
    }
    free(r->paragraphs);
    for (size_t h = 0; h < nheads && r->summary; h++)
        free(r->summary[h].scores);
    free(r->summary);
    free(r);
}

/* Keeps the `cap` largest positive contributions to `label`, strongest first. */
static void collect_evidence(tenor_head_result *hr, const tenor_bundle *b, const tenor_sparse *x,
                             size_t label, size_t cap)
{
    const tenor_model *m = tenor_bundle_model(b);
    const tenor_vocab *v = tenor_bundle_vocab(b);
    hr->nevidence = 0;
    for (size_t j = 0; j < x->n; j++) {
        double c = tenor_model_weight(m, label, x->items[j].index) * x->items[j].value;
        if (c <= 0.0)
            continue;
        size_t k = hr->nevidence < cap ? hr->nevidence++ : cap;
        if (k == cap) {
            if (c <= hr->evidence[cap - 1].weight)
                continue;
            k = cap - 1;
        }
        while (k > 0 && hr->evidence[k - 1].weight < c) {
            hr->evidence[k] = hr->evidence[k - 1];
            k--;
        }
        hr->evidence[k] = (tenor_evidence){tenor_vocab_term(v, x->items[j].index), c};
    }
}

static int score_paragraph(tenor_scorer *s, const char *text, tenor_paragraph_result *pr)
{
    pr->heads = tenor_calloc_array(s->nheads, sizeof *pr->heads);
    if (!pr->heads)
        return TENOR_ENOMEM;
    for (size_t h = 0; h < s->nheads; h++) {
        const tenor_bundle *b = s->heads[h];
        const tenor_model *m = tenor_bundle_model(b);
        size_t L = tenor_bundle_nlabels(b);
        tenor_head_result *hr = &pr->heads[h];
        hr->probs = tenor_alloc_array(L, sizeof *hr->probs);
        hr->selected = tenor_alloc_array(L, 1);
        if (!hr->probs || !hr->selected)
            return TENOR_ENOMEM;
        int rc = tenor_bundle_predict(b, s->featurizers[h], text, strlen(text), &s->x, hr->probs);
        if (rc)
            return rc;
        hr->top = tenor_model_top(m, hr->probs);
        for (size_t l = 0; l < L; l++)
            hr->selected[l] = tenor_model_selects(m, hr->probs, l);
        if (s->explain) {
            if (!(hr->evidence = tenor_alloc_array(s->explain, sizeof *hr->evidence)))
                return TENOR_ENOMEM;
            collect_evidence(hr, b, &s->x, hr->top, s->explain);
        }
    }
    return 0;
}

static size_t find_label(const tenor_bundle *b, const char *name)
{
    for (size_t l = 0; l < tenor_bundle_nlabels(b); l++)
        if (strcmp(tenor_bundle_label(b, l), name) == 0)
            return l;
    return SIZE_MAX;
}

static int summarise(tenor_scorer *s, tenor_article_result *r)
{
    r->summary = tenor_calloc_array(s->nheads, sizeof *r->summary);
    if (!r->summary)
        return TENOR_ENOMEM;
    for (size_t h = 0; h < s->nheads; h++) {
        const tenor_bundle *b = s->heads[h];
        size_t L = tenor_bundle_nlabels(b);
        tenor_head_summary *hs = &r->summary[h];
        if (!(hs->scores = tenor_calloc_array(L, sizeof *hs->scores)))
            return TENOR_ENOMEM;
        size_t coop = find_label(b, "cooperative"), tense = find_label(b, "tense");
        hs->has_tone = coop != SIZE_MAX && tense != SIZE_MAX;
        for (size_t p = 0; p < r->nparagraphs; p++) {
            const tenor_paragraph_result *pr = &r->paragraphs[p];
            if (pr->boilerplate)
                continue;
            for (size_t l = 0; l < L; l++)
                hs->scores[l] += pr->heads[h].probs[l];
            if (hs->has_tone)
                hs->tone_index += pr->heads[h].probs[coop] - pr->heads[h].probs[tense];
        }
        if (r->scored) {
            for (size_t l = 0; l < L; l++)
                hs->scores[l] /= (double)r->scored;
            hs->tone_index /= (double)r->scored;
        }
        hs->top = tenor_model_top(tenor_bundle_model(b), hs->scores);
    }
    return 0;
}

int tenor_scorer_run(tenor_scorer *s, const tenor_article *a, tenor_article_result **out)
{
    tenor_article_result *r = calloc(1, sizeof *r);
    if (!r)
        return TENOR_ENOMEM;
    size_t n = a->paragraphs.n;
    int rc = 0;
    r->nparagraphs = n;
    r->paragraphs = tenor_calloc_array(n, sizeof *r->paragraphs);
    if (!r->paragraphs) {
        r->nparagraphs = 0;
        rc = TENOR_ENOMEM;
    }
    for (size_t p = 0; !rc && p < n; p++) {
        rc = score_paragraph(s, a->paragraphs.items[p], &r->paragraphs[p]);
        if (!r->paragraphs[p].boilerplate)
            r->scored++;
    }
    if (!rc)
        rc = summarise(s, r);
    if (rc) {
        tenor_article_result_free(r, s->nheads);
        return rc;
    }
    *out = r;
    return 0;
}
