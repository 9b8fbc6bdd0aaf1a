/* scorer.c - runs every head over every paragraph and summarises (see scorer.h).
 *
 * Every paragraph is scored by every head, boilerplate included (its scores are still
 * reported); the summary then weighs the others by length and confidence. An article's
 * results, every paragraph's and the summary, take one allocation (result_block); the
 * featurizers and the sparse vector are reused. */
#include "tenor/scorer.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

struct tenor_scorer {
    const tenor_bundle **heads;
    size_t nheads;
    size_t explain;
    tenor_featurizer **featurizers; /* one per head: heads may differ in n-grams */
    tenor_sparse x;
    size_t topic_head, tone_head;   /* SIZE_MAX: none */
    size_t *coop, *tense;           /* per head: its tone labels, SIZE_MAX if none */
    size_t labels;                  /* of all heads together */
    size_t tone_heads;              /* heads with both tone labels */
};


static size_t find_label(const tenor_bundle *b, const char *name)
{
    for (size_t l = 0; l < tenor_bundle_nlabels(b); l++)
        if (strcmp(tenor_bundle_label(b, l), name) == 0)
            return l;
    return SIZE_MAX;
}

static bool is_tone(const tenor_bundle *b)
{
    return find_label(b, "cooperative") != SIZE_MAX && find_label(b, "tense") != SIZE_MAX;
}

static size_t pick_topic_head(const tenor_bundle *const *heads, size_t n)
{
    size_t named = SIZE_MAX, multi = SIZE_MAX, section = SIZE_MAX, first = SIZE_MAX;
    for (size_t h = 0; h < n; h++) {
        if (is_tone(heads[h]))
            continue;
        const char *name = tenor_bundle_name(heads[h]);
        if (named == SIZE_MAX && strcmp(name, "topic") == 0)
            named = h;
        if (multi == SIZE_MAX && tenor_model_multi_label(tenor_bundle_model(heads[h])))
            multi = h;
        if (section == SIZE_MAX && strcmp(name, "section") == 0)
            section = h;
        if (first == SIZE_MAX)
            first = h;
    }
    return named != SIZE_MAX ? named : multi != SIZE_MAX ? multi
                                   : section != SIZE_MAX ? section : first;
}

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
    s->topic_head = pick_topic_head(heads, nheads);
    s->tone_head = SIZE_MAX;
    for (size_t h = 0; h < nheads && s->tone_head == SIZE_MAX; h++)
        if (is_tone(heads[h]))
            s->tone_head = h;
    s->heads = tenor_alloc_array(nheads, sizeof *s->heads);
    s->featurizers = tenor_calloc_array(nheads, sizeof *s->featurizers);
    s->coop = tenor_alloc_array(nheads, sizeof *s->coop);
    s->tense = tenor_alloc_array(nheads, sizeof *s->tense);
    if (!s->heads || !s->featurizers || !s->coop || !s->tense) {
        tenor_scorer_free(s);
        return TENOR_ENOMEM;
    }
    for (size_t h = 0; h < nheads; h++) {
        s->heads[h] = heads[h];
        s->labels += tenor_bundle_nlabels(heads[h]); /* a few dozen: no overflow */
        s->coop[h] = find_label(heads[h], "cooperative");
        s->tense[h] = find_label(heads[h], "tense");
        s->tone_heads += s->coop[h] != SIZE_MAX && s->tense[h] != SIZE_MAX;
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
    free(s->coop);
    free(s->tense);
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

size_t tenor_scorer_topic_head(const tenor_scorer *s)
{
    return s->topic_head;
}

size_t tenor_scorer_tone_head(const tenor_scorer *s)
{
    return s->tone_head;
}

void tenor_article_result_free(tenor_article_result *r, size_t nheads)
{
    (void)nheads;
    free(r); /* and everything it points to: result_block */
}

/* Whether a contribution w of term id goes before e: stronger, or as strong with a
 * smaller id (a unigram and a bigram seen only together weigh the same, and the order
 * must not depend on where the text used them). */
static bool goes_before(double w, uint32_t id, const tenor_evidence *e)
{
    return w > e->weight || (w == e->weight && id < e->id);
}

/* Keeps the `cap` largest positive contributions to `label`, strongest first. */
static void collect_evidence(tenor_head_result *hr, const tenor_bundle *b, const tenor_sparse *x,
                             size_t label, size_t cap)
{
    const tenor_model *m = tenor_bundle_model(b);
    const tenor_vocab *v = tenor_bundle_vocab(b);
    size_t k_class = tenor_bundle_class_for(b, label, x);
    hr->nevidence = 0;
    for (size_t j = 0; k_class != SIZE_MAX && j < x->n; j++) {
        uint32_t id = x->items[j].index;
        double c = tenor_model_weight(m, k_class, id) * x->items[j].value;
        if (c <= 0.0)
            continue;
        size_t k = hr->nevidence;
        if (k == cap) {
            if (!goes_before(c, id, &hr->evidence[cap - 1]))
                continue;
            k = cap - 1;
        } else {
            hr->nevidence++;
        }
        while (k > 0 && goes_before(c, id, &hr->evidence[k - 1])) {
            hr->evidence[k] = hr->evidence[k - 1];
            k--;
        }
        hr->evidence[k] = (tenor_evidence){tenor_vocab_term(v, id), c, id};
    }
}

/* Bytes of `count` items of `size` added to *total; false on overflow. */
static bool add_items(size_t *total, size_t count, size_t size)
{
    size_t bytes;
    return tenor_mul_size(count, size, &bytes) && tenor_add_size(*total, bytes, total);
}

/* The result of an article of n paragraphs in one zeroed block from r: the paragraphs,
 * their heads and, for each head, probs with room for alone after them, evidence and
 * selected; then the summary, its scores and the tone heads' by_topic. One allocation
 * per article, not 1 + 3 per head per paragraph and more for the summary. Every part
 * but the bytes last is a multiple of 8 bytes long, so each stays aligned. */
static tenor_article_result *result_block(const tenor_scorer *s, size_t n)
{
    size_t H = s->nheads, E = s->explain, LS = s->labels, nh, nl, bytes = sizeof(tenor_article_result);
    size_t T = s->topic_head, LT = T == SIZE_MAX ? 0 : tenor_bundle_nlabels(s->heads[T]);
    if (!tenor_mul_size(n, H, &nh) || !tenor_mul_size(n, LS, &nl) ||
        !add_items(&bytes, n, sizeof(tenor_paragraph_result)) ||
        !add_items(&bytes, nh, sizeof(tenor_head_result)) ||
        !add_items(&bytes, nh, E * sizeof(tenor_evidence)) || /* E <= 1000 */
        !add_items(&bytes, nl, 2 * sizeof(double)) ||
        !add_items(&bytes, H, sizeof(tenor_head_summary)) ||
        !add_items(&bytes, LS, sizeof(double)) ||
        !add_items(&bytes, s->tone_heads * LT, sizeof(tenor_topic_tone)) ||
        !add_items(&bytes, nl, 1))
        return NULL;
    char *block = calloc(1, bytes);
    if (!block)
        return NULL;
    tenor_article_result *r = (tenor_article_result *)(void *)block;
    r->nparagraphs = n;
    r->paragraphs = (tenor_paragraph_result *)(void *)(r + 1);
    tenor_head_result *heads = (tenor_head_result *)(void *)(r->paragraphs + n);
    tenor_evidence *evidence = (tenor_evidence *)(void *)(heads + nh);
    double *probs = (double *)(void *)(evidence + nh * E);
    r->summary = (tenor_head_summary *)(void *)(probs + 2 * nl);
    double *scores = (double *)(void *)(r->summary + H);
    tenor_topic_tone *by_topic = (tenor_topic_tone *)(void *)(scores + LS);
    uint8_t *selected = (uint8_t *)(by_topic + s->tone_heads * LT);
    for (size_t p = 0; p < n; p++) {
        tenor_paragraph_result *pr = &r->paragraphs[p];
        pr->heads = heads;
        heads += H;
        for (size_t h = 0; h < H; h++) {
            size_t L = tenor_bundle_nlabels(s->heads[h]);
            pr->heads[h].probs = probs;
            probs += 2 * L;
            pr->heads[h].selected = selected;
            selected += L;
            if (E) {
                pr->heads[h].evidence = evidence;
                evidence += E;
            }
        }
    }
    for (size_t h = 0; h < H; h++) {
        tenor_head_summary *hs = &r->summary[h];
        hs->scores = scores;
        scores += tenor_bundle_nlabels(s->heads[h]);
        hs->most_cooperative = hs->most_tense = SIZE_MAX;
        hs->has_tone = s->coop[h] != SIZE_MAX && s->tense[h] != SIZE_MAX;
        if (hs->has_tone && T != SIZE_MAX) {
            hs->by_topic = by_topic;
            by_topic += LT;
        }
    }
    return r;
}

static int score_paragraph(tenor_scorer *s, const char *text, size_t len,
                           tenor_paragraph_result *pr)
{
    /* Normalising and tokenising is most of the text work, and every head shares the
     * text policy, so it is done once per paragraph. */
    int rc = tenor_featurizer_tokenize(s->featurizers[0], text, len);
    if (rc)
        return rc;
    const tenor_tokens *tokens = tenor_featurizer_tokens(s->featurizers[0]);
    for (size_t h = 0; h < s->nheads; h++) {
        const tenor_bundle *b = s->heads[h];
        tenor_head_result *hr = &pr->heads[h];
        rc = tenor_bundle_predict_tokens(b, s->featurizers[h], tokens, &s->x, hr->probs);
        if (rc)
            return rc;
        hr->terms = s->x.n;
        hr->top = hr->alone_top = tenor_bundle_top(b, hr->probs);
        tenor_bundle_select(b, hr->probs, hr->selected);
        if (s->explain)
            collect_evidence(hr, b, &s->x, hr->top, s->explain);
    }
    return 0;
}

/* The paragraph's own probabilities: the summary is made from them, context or not. */
static const double *own_probs(const tenor_head_result *hr)
{
    return hr->alone ? hr->alone : hr->probs;
}

/* min(words, cap) needs words exact up to the cap (boilerplate.h). */
_Static_assert(TENOR_SCORER_WEIGHT_WORDS_MAX <= TENOR_BOILERPLATE_WORDS_EXACT,
               "paragraph weights need exact word counts up to the cap");

/* Length x confidence: the weight of paragraph pr in head h's summary, counting
 * paragraphs without a known term only if `unknown_too` (scorer.h). */
static double weight_of(const tenor_paragraph_result *pr, size_t h, bool unknown_too)
{
    const tenor_head_result *hr = &pr->heads[h];
    if (pr->boilerplate || (!hr->terms && !unknown_too))
        return 0.0;
    size_t words = pr->words < TENOR_SCORER_WEIGHT_WORDS_MAX ? pr->words
                                                             : TENOR_SCORER_WEIGHT_WORDS_MAX;
    return (double)words * own_probs(hr)[hr->alone_top];
}

/* Tone of paragraph pr: P(cooperative) - P(tense) of head h, its own. */
static double tone_of(const tenor_paragraph_result *pr, size_t h, size_t coop, size_t tense)
{
    const double *p = own_probs(&pr->heads[h]);
    return p[coop] - p[tense];
}

static int summarise_tone(tenor_scorer *s, tenor_article_result *r, size_t h, size_t coop,
                          size_t tense)
{
    tenor_head_summary *hs = &r->summary[h];
    size_t ncoop = 0, ntense = 0, weighing = 0;
    double best = 0.0, worst = 0.0;
    hs->most_cooperative = hs->most_tense = SIZE_MAX;
    const tenor_bundle *b = s->heads[h];
    /* Over the paragraphs that weigh: boilerplate and words the head does not know
     * tell nothing of the article's tone. */
    for (size_t p = 0; p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        if (pr->heads[h].weight <= 0.0)
            continue;
        weighing++;
        double t = tone_of(pr, h, coop, tense);
        /* A label counts where the head selects it: a neutral paragraph (a multi-label
         * tone head selecting nothing) is neither, whatever its top label. */
        const tenor_head_result *hr = &pr->heads[h];
        ncoop += hr->alone_top == coop && tenor_bundle_selects(b, own_probs(hr), coop);
        ntense += hr->alone_top == tense && tenor_bundle_selects(b, own_probs(hr), tense);
        if (hs->most_cooperative == SIZE_MAX || t > best)
            best = t, hs->most_cooperative = p;
        if (hs->most_tense == SIZE_MAX || t < worst)
            worst = t, hs->most_tense = p;
    }
    if (weighing) {
        hs->cooperative_share = (double)ncoop / (double)weighing;
        hs->tense_share = (double)ntense / (double)weighing;
        hs->neither_share = (double)(weighing - ncoop - ntense) / (double)weighing;
    }
    size_t T = s->topic_head;
    if (T == SIZE_MAX)
        return 0;
    size_t L = tenor_bundle_nlabels(s->heads[T]);
    for (size_t l = 0; l < L; l++) { /* hs->by_topic: result_block */
        double num = 0.0, den = 0.0;
        for (size_t p = 0; p < r->nparagraphs; p++) {
            const tenor_paragraph_result *pr = &r->paragraphs[p];
            double w = pr->heads[h].weight;
            if (w <= 0.0 || !pr->heads[T].selected[l])
                continue;
            hs->by_topic[l].paragraphs++;
            num += w * tone_of(pr, h, coop, tense);
            den += w;
        }
        hs->by_topic[l].index = den > 0.0 ? num / den : 0.0;
    }
    return 0;
}

/* Whether x is a whole number of halves from 0 to 8 (x = n / 2), as the powers of a
 * context blend often are (weight 0.6 and sharpness 2.5: own^1 art^1.5): *n gets it. */
static bool halves(double x, unsigned *n)
{
    double twice = 2.0 * x;
    if (!(twice >= 0.0 && twice <= 16.0) || twice != (double)(unsigned)twice)
        return false;
    *n = (unsigned)twice;
    return true;
}

/* v^(n/2) for v > 0, by products and one square root. */
static double power_of_halves(double v, unsigned n)
{
    double r = n & 1 ? sqrt(v) : 1.0;
    for (unsigned k = n / 2; k > 0; k--)
        r *= v;
    return r;
}

/* z[0..L) <- exp(z) / sum exp(z), the largest exp taken as 1: no overflow. */
static void normalise_logs(double *z, size_t L)
{
    double top = -HUGE_VAL, sum = 0.0;
    for (size_t l = 0; l < L; l++)
        if (z[l] > top)
            top = z[l];
    for (size_t l = 0; l < L; l++)
        sum += z[l] = exp(z[l] - top);
    for (size_t l = 0; l < L; l++)
        z[l] /= sum;
}

/* p[0..L) <- p^t / sum p^t, computed in logs (p may hold zeros), or by products when t
 * is a whole number of halves (the shipped bundles' summary sharpness is 2) and the
 * powers do not underflow. */
static void sharpen(double *p, size_t L, double t)
{
    unsigned n;
    if (halves(t, &n)) {
        double sum = 0.0;
        for (size_t l = 0; l < L; l++)
            sum += power_of_halves(p[l], n);
        if (sum >= DBL_MIN) {
            for (size_t l = 0; l < L; l++)
                p[l] = power_of_halves(p[l], n) / sum;
            return;
        }
    }
    for (size_t l = 0; l < L; l++)
        p[l] = p[l] > 0.0 ? t * log(p[l]) : -HUGE_VAL;
    normalise_logs(p, L);
}

/* Leans every paragraph of head h towards the rest of its article (scorer.h, Context);
 * total is the sum of the weights behind S(h, .). */
static int apply_context(tenor_article_result *r, size_t h, const tenor_bundle *b, double total)
{
    /* Probabilities are clamped away from 0 so that no label is ruled out for good. */
    const double floor_p = 1e-9, c = tenor_bundle_scoring(b)->context_weight;
    const double t = tenor_bundle_scoring(b)->context_sharpness;
    /* The prior counts paragraphs; one that is sure of its label weighs WORDS_MAX. */
    const double k = tenor_bundle_scoring(b)->context_prior * TENOR_SCORER_WEIGHT_WORDS_MAX;
    const double *S = r->summary[h].scores;
    size_t L = tenor_bundle_nlabels(b);
    const double even = k / (double)L;
    /* (own^(1-c) art^c)^t = own^a art^b: with a and b whole halves, products and square
     * roots give it without logs, and no power underflows (own, art >= 1e-9; a, b <= 4). */
    unsigned own_n = 0, art_n = 0;
    bool by_products = halves(t * (1.0 - c), &own_n) && halves(t * c, &art_n);
    for (size_t p = 0; p < r->nparagraphs; p++) {
        tenor_paragraph_result *pr = &r->paragraphs[p];
        tenor_head_result *hr = &pr->heads[h];
        hr->alone = hr->probs + L; /* room left by result_block */
        memcpy(hr->alone, hr->probs, L * sizeof *hr->alone);
        /* Boilerplate is not the article's: it keeps its own scores. */
        if (pr->boilerplate || total <= 0.0)
            continue;
        /* The rest of the article: S without this paragraph's own share, with the prior's
         * even share added (scorer.h). */
        double own_w = hr->weight, rest = total - own_w;
        if (rest <= total * 1e-9)
            continue; /* nothing else in the article to lean on */
        /* Otherwise the blend and its sharpening in logs: (own^(1-c) art^c)^t is
         * exp(t ((1-c) log own + c log art)), without taking the exp of the blend and
         * then its log again. */
        double sum = 0.0;
        for (size_t l = 0; l < L; l++) {
            double own = hr->alone[l] > floor_p ? hr->alone[l] : floor_p;
            double art = (S[l] * total - own_w * hr->alone[l] + even) / (rest + k);
            art = art > floor_p ? art : floor_p;
            if (by_products)
                sum += hr->probs[l] = power_of_halves(own, own_n) * power_of_halves(art, art_n);
            else
                hr->probs[l] = t * ((1.0 - c) * log(own) + c * log(art));
        }
        if (by_products)
            for (size_t l = 0; l < L; l++)
                hr->probs[l] /= sum;
        else
            normalise_logs(hr->probs, L);
        hr->top = tenor_bundle_top(b, hr->probs);
        tenor_bundle_select(b, hr->probs, hr->selected);
    }
    return 0;
}

/* S(h, .) of every head from the paragraphs alone, then context, then tone. */
static int summarise(tenor_scorer *s, tenor_article_result *r)
{
    for (size_t h = 0; h < s->nheads; h++) { /* r->summary: result_block */
        const tenor_bundle *b = s->heads[h];
        size_t L = tenor_bundle_nlabels(b);
        tenor_head_summary *hs = &r->summary[h];
        size_t coop = s->coop[h], tense = s->tense[h];
        double total = 0.0;
        size_t weighing = 0;
        for (int unknown_too = 0; unknown_too < 2 && total <= 0.0; unknown_too++)
            for (size_t p = 0; p < r->nparagraphs; p++) {
                tenor_paragraph_result *pr = &r->paragraphs[p];
                total += pr->heads[h].weight = weight_of(pr, h, unknown_too);
                weighing += pr->heads[h].weight > 0.0;
            }
        for (size_t p = 0; p < r->nparagraphs; p++) {
            const tenor_paragraph_result *pr = &r->paragraphs[p];
            if (pr->boilerplate)
                continue;
            double w = pr->heads[h].weight;
            for (size_t l = 0; l < L; l++)
                hs->scores[l] += w * own_probs(&pr->heads[h])[l];
            if (hs->has_tone)
                hs->tone_index += w * tone_of(pr, h, coop, tense);
        }
        if (total > 0.0) {
            for (size_t l = 0; l < L; l++)
                hs->scores[l] /= total;
            hs->tone_index /= total;
        }
        hs->top = tenor_bundle_top(b, hs->scores);
        if (tenor_bundle_scoring(b)->context_weight > 0.0) {
            int rc = apply_context(r, h, b, total);
            if (rc)
                return rc;
        }
        /* One weighing paragraph's calibrated scores need no sharpening. */
        if (weighing > 1 && tenor_bundle_scoring(b)->summary_sharpness != 1.0)
            sharpen(hs->scores, L, tenor_bundle_scoring(b)->summary_sharpness);
    }
    for (size_t h = 0; h < s->nheads; h++) {
        if (!r->summary[h].has_tone)
            continue;
        int rc = summarise_tone(s, r, h, s->coop[h], s->tense[h]);
        if (rc)
            return rc;
    }
    return 0;
}

int tenor_scorer_run(tenor_scorer *s, const tenor_article *a, tenor_article_result **out)
{
    size_t n = a->paragraphs.n;
    tenor_article_result *r = result_block(s, n);
    if (!r)
        return TENOR_ENOMEM;
    int rc = 0;
    for (size_t p = 0; !rc && p < n; p++) {
        const char *text = a->paragraphs.items[p];
        tenor_paragraph_result *pr = &r->paragraphs[p];
        tenor_boilerplate_info info;
        size_t len = tenor_article_paragraph_len(a, p);
        pr->boilerplate = tenor_boilerplate_detect(text, len, p, n, &info);
        pr->boilerplate_kind = info.kind;
        pr->words = info.words;
        rc = score_paragraph(s, text, len, pr);
        if (!pr->boilerplate)
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
