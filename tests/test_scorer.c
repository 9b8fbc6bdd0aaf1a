/* test_scorer.c - per-paragraph scoring and the article summary: weights, tone index,
 * shares, tone per topic, extremes, boilerplate left out, and the edge cases (no
 * paragraph, one, all boilerplate, 10,000). Bundles are trained on tiny corpora. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "toy_bundle.h"
#include "tenor/bundle.h"
#include "tenor/scorer.h"
#include "util/fileio.h"

static const char tone_tsv[] =
    "cooperative\tThe leaders agreed to cooperate and signed a friendly partnership deal.\n"
    "cooperative\tBoth sides welcomed the agreement and praised the constructive talks.\n"
    "cooperative\tThe ministers agreed to work together on trade and investment.\n"
    "cooperative\tThe two governments signed a cooperation accord after warm talks.\n"
    "cooperative\tOfficials praised the friendly meeting and agreed to resume dialogue.\n"
    "cooperative\tThe countries pledged support and welcomed the new partnership.\n"
    "cooperative\tNegotiators reached an agreement and thanked each other.\n"
    "cooperative\tThe summit ended with a joint statement of cooperation.\n"
    "tense\tThe government threatened sanctions and accused its neighbour of dumping.\n"
    "tense\tProtesters clashed with police and the minister condemned the attack.\n"
    "tense\tThe army warned of retaliation after the border dispute escalated.\n"
    "tense\tOfficials accused rivals of coercion and threatened new tariffs.\n"
    "tense\tThe talks collapsed amid accusations and angry threats.\n"
    "tense\tThe president condemned the ban and warned of consequences.\n"
    "tense\tTensions rose as both sides traded accusations and sanctions.\n"
    "tense\tThe embassy protested the arrests and demanded an apology.\n";

static tenor_bundle *section, *tone, *multi;

static void article_of(tenor_article *a, const char *const *paras, size_t n)
{
    for (size_t i = 0; i < n; i++)
        CHECK_OK(tenor_strlist_push(&a->paragraphs, paras[i], strlen(paras[i])));
}

/* Scores paragraphs p[0..n) as one article with s; the article is left in *a. */
static tenor_article_result *run(tenor_scorer *s, tenor_article *a, const char *const *p,
                                 size_t n)
{
    *a = (tenor_article)TENOR_ARTICLE_INIT;
    article_of(a, p, n);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, a, &r));
    return r;
}

static tenor_scorer *scorer2(size_t explain)
{
    const tenor_bundle *heads[] = {section, tone};
    tenor_scorer *s = NULL;
    CHECK_OK(tenor_scorer_new(&s, heads, 2, explain));
    return s;
}

static void scorer_summarises_an_article_with_no_paragraphs(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(r->nparagraphs, 0);
    CHECK_INT_EQ(r->scored, 0);
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
        CHECK(r->summary[0].scores[l] == 0.0);
    CHECK(r->summary[1].has_tone);
    CHECK(r->summary[1].tone_index == 0.0);
    CHECK(r->summary[1].cooperative_share == 0.0 && r->summary[1].tense_share == 0.0);
    CHECK(r->summary[1].most_cooperative == SIZE_MAX && r->summary[1].most_tense == SIZE_MAX);
    CHECK(r->summary[1].by_topic != NULL);
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
        CHECK_INT_EQ(r->summary[1].by_topic[l].paragraphs, 0);
    tenor_article_result_free(r, 2);
    tenor_scorer_free(s);
}

static void scorer_summary_of_one_paragraph_is_that_paragraph(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"The ministers agreed to cooperate on trade after warm talks."};
    article_of(&a, p, 1);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(r->scored, 1);
    CHECK(!r->paragraphs[0].boilerplate);
    CHECK_INT_EQ(r->paragraphs[0].words, 10);
    for (size_t h = 0; h < 2; h++)
        for (size_t l = 0; l < tenor_bundle_nlabels(tenor_scorer_head(s, h)); l++)
            CHECK_NEAR(r->summary[h].scores[l], r->paragraphs[0].heads[h].probs[l], 1e-12);
    const double *tp = r->paragraphs[0].heads[1].probs;
    size_t coop = strcmp(tenor_bundle_label(tone, 0), "cooperative") == 0 ? 0 : 1;
    CHECK_NEAR(r->summary[1].tone_index, tp[coop] - tp[1 - coop], 1e-12);
    CHECK_STR_EQ(tenor_bundle_label(tone, r->paragraphs[0].heads[1].top), "cooperative");
    CHECK(r->summary[1].cooperative_share == 1.0 && r->summary[1].tense_share == 0.0);
    CHECK_INT_EQ(r->summary[1].most_cooperative, 0);
    CHECK_INT_EQ(r->summary[1].most_tense, 0);
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

static void scorer_keeps_scores_of_boilerplate_but_leaves_it_out(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"Advertisement", "Read more: Leaders agree to resume trade talks",
                       "Sign up for our newsletter to get the news in your inbox.",
                       "From Zero to Web3 Pro: Your 90-Day Career Launch Plan"};
    article_of(&a, p, 4);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(r->scored, 0);
    for (size_t i = 0; i < 4; i++) {
        CHECK(r->paragraphs[i].boilerplate);
        CHECK(r->paragraphs[i].boilerplate_kind != TENOR_BOILERPLATE_NONE);
        double sum = 0.0;
        for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
            sum += r->paragraphs[i].heads[0].probs[l];
        CHECK_NEAR(sum, 1.0, 1e-6);
    }
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
        CHECK(r->summary[0].scores[l] == 0.0);
    CHECK(r->summary[1].tone_index == 0.0);
    CHECK(r->summary[1].most_tense == SIZE_MAX);
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

/* The documented formula, recomputed here from the paragraph results. */
static void scorer_weighs_paragraphs_by_length_and_confidence(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"Leaders agree to resume trade talks",
                       "The striker scored twice as the home team won the football match "
                       "and the fans cheered the late goal in the league final on Sunday.",
                       "Shares rose after the bank reported higher profits.",
                       "Advertisement"};
    article_of(&a, p, 4);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(r->scored, 3);
    CHECK(r->paragraphs[3].boilerplate);
    for (size_t h = 0; h < 2; h++) {
        const tenor_bundle *b = tenor_scorer_head(s, h);
        for (size_t l = 0; l < tenor_bundle_nlabels(b); l++) {
            double num = 0.0, den = 0.0;
            for (size_t i = 0; i < 3; i++) {
                const tenor_head_result *hr = &r->paragraphs[i].heads[h];
                size_t words = r->paragraphs[i].words < TENOR_SCORER_WEIGHT_WORDS_MAX
                                   ? r->paragraphs[i].words
                                   : TENOR_SCORER_WEIGHT_WORDS_MAX;
                double w = (double)words * hr->probs[hr->top];
                num += w * hr->probs[l];
                den += w;
            }
            CHECK_NEAR(r->summary[h].scores[l], num / den, 1e-12);
        }
    }
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

static void scorer_breaks_tone_down_by_topic(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"The striker scored and the team won the match, and fans cheered.",
                       "The government threatened sanctions and the minister condemned "
                       "the vote in parliament.",
                       "The bank agreed a friendly partnership and shares rose on profits.",
                       "Parliament welcomed the agreement after constructive election talks."};
    article_of(&a, p, 4);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(tenor_scorer_topic_head(s), 0);
    CHECK_INT_EQ(tenor_scorer_tone_head(s), 1);
    const tenor_head_summary *hs = &r->summary[1];
    size_t coop = strcmp(tenor_bundle_label(tone, 0), "cooperative") == 0 ? 0 : 1;
    size_t total = 0;
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++) {
        total += hs->by_topic[l].paragraphs;
        double num = 0.0, den = 0.0;
        for (size_t i = 0; i < 4; i++) {
            const tenor_paragraph_result *pr = &r->paragraphs[i];
            if (pr->heads[0].top != l)
                continue;
            size_t words = pr->words < TENOR_SCORER_WEIGHT_WORDS_MAX
                               ? pr->words
                               : TENOR_SCORER_WEIGHT_WORDS_MAX;
            double w = (double)words * pr->heads[1].probs[pr->heads[1].top];
            num += w * (pr->heads[1].probs[coop] - pr->heads[1].probs[1 - coop]);
            den += w;
        }
        CHECK_NEAR(hs->by_topic[l].index, den > 0 ? num / den : 0.0, 1e-12);
        CHECK(hs->by_topic[l].index >= -1.0 && hs->by_topic[l].index <= 1.0);
    }
    CHECK_INT_EQ(total, 4); /* a single-label topic head: one label per paragraph */
    CHECK_INT_EQ(hs->most_tense, 1);
    CHECK(hs->most_cooperative != 1);
    CHECK_NEAR(hs->cooperative_share + hs->tense_share, 1.0, 1e-12);
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

static void scorer_prefers_a_multi_label_head_for_topics(void)
{
    const tenor_bundle *three[] = {section, tone, multi};
    tenor_scorer *s = NULL;
    CHECK_OK(tenor_scorer_new(&s, three, 3, 0));
    CHECK_INT_EQ(tenor_scorer_topic_head(s), 2);
    tenor_scorer_free(s);
    const tenor_bundle *only_tone[] = {tone};
    CHECK_OK(tenor_scorer_new(&s, only_tone, 1, 0));
    CHECK(tenor_scorer_topic_head(s) == SIZE_MAX);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"The leaders agreed to cooperate."};
    article_of(&a, p, 1);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK(r->summary[0].by_topic == NULL);
    tenor_article_result_free(r, 1);
    tenor_article_free(&a);
    tenor_scorer_free(s);
    const tenor_bundle *twice[] = {tone, tone};
    CHECK_INT_EQ(tenor_scorer_new(&s, twice, 2, 0), TENOR_EINVAL);
}

static void scorer_explains_with_words_strongest_first(void)
{
    tenor_scorer *s = scorer2(3);
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *p[] = {"The government threatened sanctions and accused its neighbour."};
    const char *folded = "the government threatened sanctions and accused its neighbour.";
    article_of(&a, p, 1);
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    for (size_t h = 0; h < 2; h++) {
        const tenor_head_result *hr = &r->paragraphs[0].heads[h];
        CHECK(hr->nevidence >= 1 && hr->nevidence <= 3);
        for (size_t k = 0; k < hr->nevidence; k++) {
            CHECK(hr->evidence[k].weight > 0);
            /* Terms are normalised words or n-grams of them, never feature ids. */
            CHECK(strstr(folded, hr->evidence[k].term) != NULL);
            if (k)
                CHECK(hr->evidence[k - 1].weight >= hr->evidence[k].weight);
        }
    }
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

static void scorer_handles_ten_thousand_paragraphs(void)
{
    tenor_scorer *s = scorer2(0);
    tenor_article a = TENOR_ARTICLE_INIT;
    static const char *const kinds[] = {
        "The leaders agreed to cooperate and signed a partnership deal.",
        "The army warned of retaliation after the border dispute escalated.",
        "Shares rose after the bank reported higher profits.", "Advertisement"};
    for (size_t i = 0; i < 10000; i++)
        CHECK_OK(tenor_strlist_push(&a.paragraphs, kinds[i % 4], strlen(kinds[i % 4])));
    tenor_article_result *r = NULL;
    CHECK_OK(tenor_scorer_run(s, &a, &r));
    CHECK_INT_EQ(r->nparagraphs, 10000);
    CHECK_INT_EQ(r->scored, 7500);
    const tenor_head_summary *hs = &r->summary[1];
    CHECK(hs->tone_index >= -1.0 && hs->tone_index <= 1.0);
    CHECK(hs->cooperative_share + hs->tense_share <= 1.0 + 1e-12);
    CHECK_INT_EQ(hs->most_cooperative % 4, 0);
    CHECK_INT_EQ(hs->most_tense % 4, 1);
    double sum = 0.0;
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
        sum += r->summary[0].scores[l];
    CHECK_NEAR(sum, 1.0, 1e-9);
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

/* A unigram and a bigram seen only together in training ("goalkeeper", "goalkeeper
 * saved") weigh the same: evidence lists such ties by term id, so the same words in
 * another order give the same list, and the cut at `explain` keeps the same terms. */
static void scorer_lists_equal_evidence_by_term_id(void)
{
    tenor_scorer *s = scorer2(6);
    const char *p[] = {"The goalkeeper saved a penalty. Fans cheered the late goal.",
                       "Fans cheered the late goal. The goalkeeper saved a penalty."};
    tenor_article a;
    tenor_article_result *r = run(s, &a, p, 2);
    const tenor_head_result *one = &r->paragraphs[0].heads[0], *two = &r->paragraphs[1].heads[0];
    CHECK_INT_EQ(one->nevidence, 6);
    CHECK_INT_EQ(two->nevidence, one->nevidence);
    size_t ties = 0;
    for (size_t k = 0; k < one->nevidence && k < two->nevidence; k++) {
        CHECK_STR_EQ(one->evidence[k].term, two->evidence[k].term);
        CHECK(one->evidence[k].weight == two->evidence[k].weight);
        if (k && one->evidence[k - 1].weight == one->evidence[k].weight) {
            ties++;
            CHECK(one->evidence[k - 1].id < one->evidence[k].id);
        }
    }
    CHECK(ties > 0); /* else this test shows nothing */
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

/* Checks head 1 of r (context c, sharpness t, prior k) against the formula of scorer.h,
 * Context, recomputed from head 0, the same bundle without scoring settings. */
/* A scorer of the section head and a toy head trained with these context settings
 * (*ctx); NULL if the toy head could not be trained. The caller frees both. */
static tenor_scorer *context_scorer(tenor_scoring scoring, tenor_bundle **ctx)
{
    *ctx = toy_bundle_train_scoring("ctx", "toy.tsv", NULL, scoring);
    if (!*ctx)
        return NULL;
    const tenor_bundle *heads[] = {section, *ctx};
    tenor_scorer *s = NULL;
    CHECK_OK(tenor_scorer_new(&s, heads, 2, 0));
    if (!s) {
        tenor_bundle_free(*ctx);
        *ctx = NULL;
    }
    return s;
}

static void check_context_formula(const tenor_article_result *r, size_t L, double c, double t,
                                  double k)
{
    double W = 0.0;
    for (size_t i = 0; i < r->nparagraphs; i++) {
        const tenor_head_result *own = &r->paragraphs[i].heads[0];
        size_t words = r->paragraphs[i].words < TENOR_SCORER_WEIGHT_WORDS_MAX
                           ? r->paragraphs[i].words : TENOR_SCORER_WEIGHT_WORDS_MAX;
        W += (double)words * own->probs[own->top];
    }
    const double k_weight = k * TENOR_SCORER_WEIGHT_WORDS_MAX; /* k paragraphs */
    for (size_t i = 0; i < r->nparagraphs; i++) {
        const tenor_head_result *own = &r->paragraphs[i].heads[0], *hr = &r->paragraphs[i].heads[1];
        CHECK(own->alone == NULL && hr->alone != NULL);
        if (!hr->alone)
            continue;
        size_t words = r->paragraphs[i].words < TENOR_SCORER_WEIGHT_WORDS_MAX
                           ? r->paragraphs[i].words : TENOR_SCORER_WEIGHT_WORDS_MAX;
        double w = (double)words * own->probs[own->top], z[8], sum = 0.0;
        for (size_t l = 0; l < L && l < 8; l++) {
            CHECK_NEAR(hr->alone[l], own->probs[l], 1e-12);
            double rest = (r->summary[0].scores[l] * W - w * own->probs[l] + k_weight / (double)L) /
                          (W - w + k_weight);
            z[l] = pow(pow(own->probs[l], 1.0 - c) * pow(rest, c), t);
            sum += z[l];
        }
        for (size_t l = 0; l < L && l < 8; l++)
            CHECK_NEAR(hr->probs[l], z[l] / sum, 1e-9);
        CHECK_INT_EQ(hr->alone_top, own->top);
        for (size_t l = 0; l < L; l++)
            CHECK_INT_EQ(hr->selected[l], l == hr->top);
    }
}

/* A context head (scorer.h, Context): its paragraphs lean on the rest of the article,
 * recomputed here from the documented formula, and keep their own scores as alone. */
static void scorer_leans_paragraphs_on_the_rest_of_their_article(void)
{
    const double c = 0.7, t = 2.0, ts = 1.5;
    tenor_bundle *ctx;
    tenor_scorer *s = context_scorer((tenor_scoring){c, t, ts, 0.0}, &ctx);
    if (!s)
        return;
    const char *p[] = {"The striker scored twice as the home team won the football match.",
                       "Fans cheered as the team lifted the cup after the final whistle.",
                       "The club said the deal was worth two million.",
                       "The coach praised his players."};
    tenor_article a;
    tenor_article_result *r = run(s, &a, p, 4);
    size_t L = tenor_bundle_nlabels(ctx);
    /* Same data, same settings: the context head alone is the plain head, and its
     * summary is the plain one sharpened. */
    double zs[8], zsum = 0.0;
    for (size_t l = 0; l < L && l < 8; l++)
        zsum += zs[l] = pow(r->summary[0].scores[l], ts);
    for (size_t l = 0; l < L && l < 8; l++)
        CHECK_NEAR(r->summary[1].scores[l], zs[l] / zsum, 1e-12);
    CHECK_INT_EQ(r->summary[1].top, r->summary[0].top);
    CHECK(r->summary[1].scores[r->summary[1].top] > r->summary[0].scores[r->summary[0].top]);
    check_context_formula(r, L, c, t, 0.0);
    for (size_t i = 0; i < 4; i++)
        CHECK_STR_EQ(tenor_bundle_label(ctx, r->paragraphs[i].heads[1].top), "sport");
    /* A business sentence in a sports story is read as sport. */
    CHECK_STR_EQ(tenor_bundle_label(ctx, r->paragraphs[2].heads[1].alone_top), "business");
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);

    /* Boilerplate is not the article's, and an article of nothing else has no summary:
     * both keep their own scores, and still report them as alone. */
    const char *bp[] = {"The coach praised his players.", "Advertisement"};
    for (size_t n = 1; n <= 2; n++) {
        tenor_article with_bp = TENOR_ARTICLE_INIT;
        article_of(&with_bp, n == 2 ? bp : bp + 1, n);
        CHECK_OK(tenor_scorer_run(s, &with_bp, &r));
        const tenor_head_result *hr = &r->paragraphs[n - 1].heads[1];
        CHECK(r->paragraphs[n - 1].boilerplate && hr->alone != NULL);
        for (size_t l = 0; hr->alone && l < L; l++)
            CHECK(hr->probs[l] == hr->alone[l]);
        tenor_article_result_free(r, 2);
        tenor_article_free(&with_bp);
    }

    /* Words the head does not know are no evidence: such a paragraph weighs nothing,
     * so the article is its other paragraph's, unsharpened, and it leans on that one;
     * with nothing known anywhere, every paragraph weighs as usual. */
    const char *unknown[] = {p[0], "Zzqxv blorft wibble."};
    for (size_t n = 2; n >= 1; n--) {
        tenor_article u = TENOR_ARTICLE_INIT;
        article_of(&u, n == 2 ? unknown : unknown + 1, n);
        CHECK_OK(tenor_scorer_run(s, &u, &r));
        const tenor_paragraph_result *junk = &r->paragraphs[n - 1];
        CHECK_INT_EQ(junk->heads[1].terms, 0);
        if (n == 2) {
            CHECK(junk->heads[1].weight == 0.0 && r->paragraphs[0].heads[1].weight > 0.0);
            for (size_t l = 0; l < L; l++)
                CHECK_NEAR(r->summary[1].scores[l], r->paragraphs[0].heads[1].alone[l], 1e-12);
            CHECK_STR_EQ(tenor_bundle_label(ctx, junk->heads[1].top), "sport");
        } else {
            CHECK(junk->heads[1].weight > 0.0);
            for (size_t l = 0; l < L; l++)
                CHECK_NEAR(r->summary[1].scores[l], junk->heads[1].alone[l], 1e-12);
        }
        tenor_article_result_free(r, 2);
        tenor_article_free(&u);
    }

    /* Alone in its article, a paragraph has nothing to lean on, and its calibrated
     * scores are the article's, unsharpened. */
    tenor_article one = TENOR_ARTICLE_INIT;
    article_of(&one, p + 2, 1);
    CHECK_OK(tenor_scorer_run(s, &one, &r));
    for (size_t l = 0; l < L; l++) {
        CHECK(r->paragraphs[0].heads[1].probs[l] == r->paragraphs[0].heads[0].probs[l]);
        CHECK_NEAR(r->summary[1].scores[l], r->paragraphs[0].heads[0].probs[l], 1e-12);
    }
    CHECK_STR_EQ(tenor_bundle_label(ctx, r->paragraphs[0].heads[1].top), "business");
    tenor_article_result_free(r, 2);
    tenor_article_free(&one);
    tenor_scorer_free(s);
    tenor_bundle_free(ctx);
}

/* Powers that are whole halves (the shipped section bundle: c 0.6, t 2.5, so own^1
 * art^1.5) are taken by products and square roots, not logs: the same formula. */
static void scorer_context_by_products_is_the_formula(void)
{
    static const double settings[][3] = {{0.6, 2.5, 2.0}, {0.5, 2.0, 0.0}, {0.75, 2.0, 1.0}};
    const char *p[] = {"The striker scored twice as the home team won the football match.",
                       "The club said the deal was worth two million.",
                       "Shares in the bank rose after it reported profits.",
                       "The coach praised his players."};
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        double c = settings[i][0], t = settings[i][1], k = settings[i][2];
        tenor_bundle *ctx;
        tenor_scorer *s = context_scorer((tenor_scoring){c, t, 1.0, k}, &ctx);
        if (!s)
            return;
        tenor_article a;
        tenor_article_result *r = run(s, &a, p, 4);
        check_context_formula(r, tenor_bundle_nlabels(ctx), c, t, k);
        tenor_article_result_free(r, 2);
        tenor_article_free(&a);
        tenor_scorer_free(s);
        tenor_bundle_free(ctx);
    }
}

/* A multi-label tone head that selects nothing for a paragraph (neutral) counts it in
 * neither share, whatever its top label; the shares then sum to less than 1. */
static void scorer_counts_neutral_paragraphs_in_neither_tone_share(void)
{
    static const char neutral_tsv[] =
        "cooperative\tThe leaders agreed to cooperate and signed a friendly deal.\n"
        "cooperative\tBoth sides welcomed the agreement and praised the talks.\n"
        "cooperative\tThe ministers agreed to work together on trade.\n"
        "tense\tThe government threatened sanctions and accused its neighbour.\n"
        "tense\tProtesters clashed with police and the minister condemned the attack.\n"
        "tense\tThe army warned of retaliation after the border dispute.\n"
        "\tThe storm brought heavy rain to the coast on Sunday.\n"
        "\tThe striker scored twice in the cup final.\n"
        "\tThe museum opened a new exhibition of paintings.\n"
        "\tShares in the company rose in early trading.\n";
    tenor_bundle *neutral_tone = toy_bundle_train("tone", NULL, neutral_tsv);
    if (!neutral_tone)
        return;
    const tenor_bundle *heads[] = {neutral_tone};
    tenor_scorer *s = NULL;
    CHECK_OK(tenor_scorer_new(&s, heads, 1, 0));
    const char *p[] = {"The leaders agreed to cooperate and praised the friendly talks.",
                       "The museum opened a new exhibition of paintings on Sunday.",
                       "The army threatened retaliation and accused its neighbour."};
    tenor_article a;
    tenor_article_result *r = run(s, &a, p, 3);
    const tenor_head_summary *hs = &r->summary[0];
    size_t coop = 0, tense = 0, neither = 0;
    for (size_t i = 0; i < 3; i++) {
        const tenor_head_result *hr = &r->paragraphs[i].heads[0];
        bool any = false;
        for (size_t l = 0; l < tenor_bundle_nlabels(neutral_tone); l++)
            any |= hr->selected[l];
        const char *top = tenor_bundle_label(neutral_tone, hr->top);
        coop += any && hr->selected[hr->top] && strcmp(top, "cooperative") == 0;
        tense += any && hr->selected[hr->top] && strcmp(top, "tense") == 0;
        neither += !hr->selected[hr->top];
    }
    CHECK(neither >= 1); /* the museum: no tone label selected */
    CHECK_NEAR(hs->cooperative_share, coop / 3.0, 1e-12);
    CHECK_NEAR(hs->tense_share, tense / 3.0, 1e-12);
    CHECK(hs->cooperative_share + hs->tense_share < 1.0);
    tenor_article_result_free(r, 1);
    tenor_article_free(&a);
    tenor_scorer_free(s);
    tenor_bundle_free(neutral_tone);
}

/* Words the tone head does not know tell nothing of tone: such a paragraph is left out
 * of the shares, the extremes and tone by topic, as of the index. */
static void scorer_leaves_unknown_words_out_of_tone(void)
{
    tenor_scorer *s = scorer2(0);
    const char *p[] = {"The ministers agreed to cooperate on trade after warm talks.",
                       "Zzqxv blorft wibble.",
                       "Tensions rose as both sides traded accusations and sanctions."};
    tenor_article a;
    tenor_article_result *r = run(s, &a, p, 3);
    CHECK_INT_EQ(r->scored, 3);
    CHECK_INT_EQ(r->paragraphs[1].heads[1].terms, 0);
    CHECK(r->paragraphs[1].heads[1].weight == 0.0);
    const tenor_head_summary *hs = &r->summary[1];
    CHECK_NEAR(hs->cooperative_share + hs->tense_share, 1.0, 1e-12);
    CHECK_NEAR(hs->cooperative_share, 0.5, 1e-12);
    CHECK(hs->most_cooperative != 1 && hs->most_tense != 1);
    size_t counted = 0;
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++)
        counted += hs->by_topic[l].paragraphs;
    CHECK_INT_EQ(counted, 2);
    tenor_article_result_free(r, 2);
    tenor_article_free(&a);
    tenor_scorer_free(s);
}

/* A news brief of two items of different sections: with no prior each item's label is
 * overruled by the other's near-zero scores for it; k paragraphs of even scores keep
 * each its own, and the formula holds with the prior. */
static void scorer_context_prior_keeps_brief_items_their_own(void)
{
    const char *brief[] = {"The striker scored twice as the home team won the football match.",
                           "The bank said profits rose as shares and sales grew in the market."};
    const char *want[] = {"sport", "business"};
    for (int with_prior = 0; with_prior < 2; with_prior++) {
        const double c = 0.8, t = 1.0, k = with_prior ? 1.0 : 0.0;
        tenor_bundle *ctx;
        tenor_scorer *s = context_scorer((tenor_scoring){c, t, 1.0, k}, &ctx);
        if (!s)
            return;
        tenor_article a;
        tenor_article_result *r = run(s, &a, brief, 2);
        check_context_formula(r, tenor_bundle_nlabels(ctx), c, t, k);
        size_t kept = 0;
        for (size_t i = 0; i < 2; i++) {
            CHECK_STR_EQ(tenor_bundle_label(ctx, r->paragraphs[i].heads[1].alone_top), want[i]);
            kept += strcmp(tenor_bundle_label(ctx, r->paragraphs[i].heads[1].top), want[i]) == 0;
        }
        CHECK_INT_EQ(kept, with_prior ? 2 : 0);
        tenor_article_result_free(r, 2);
        tenor_article_free(&a);
        /* Nothing else to lean on (alone; beside boilerplate; beside a paragraph of no
         * known word, which weighs 0): the prior alone does not move a paragraph. */
        const char *lonely[][2] = {{brief[0], NULL}, {brief[0], "Advertisement"},
                                   {brief[0], "Zzqxv blorft wibble."}};
        for (size_t i = 0; i < 3; i++) {
            size_t n = lonely[i][1] ? 2 : 1;
            r = run(s, &a, lonely[i], n);
            const tenor_head_result *hr = &r->paragraphs[0].heads[1];
            CHECK(hr->alone != NULL);
            for (size_t l = 0; hr->alone && l < tenor_bundle_nlabels(ctx); l++)
                CHECK(hr->probs[l] == hr->alone[l]);
            tenor_article_result_free(r, 2);
            tenor_article_free(&a);
        }
        tenor_scorer_free(s);
        tenor_bundle_free(ctx);
    }
}

/* A single-label tone head with context: its tone figures are made from the paragraphs'
 * own scores, the same as a plain tone head's. */
static void scorer_makes_tone_figures_from_own_scores(void)
{
    tenor_bundle *ctx = toy_bundle_train_scoring("tonectx", NULL, tone_tsv,
                                                 (tenor_scoring){0.9, 3.0, 1.0, 0.0});
    if (!ctx)
        return;
    const tenor_bundle *heads[] = {section, tone, ctx};
    tenor_scorer *s = NULL;
    CHECK_OK(tenor_scorer_new(&s, heads, 3, 0));
    const char *p[] = {"The ministers agreed to cooperate on trade after warm talks.",
                       "Tensions rose as both sides traded accusations and sanctions.",
                       "The embassy protested the arrests and demanded an apology."};
    tenor_article a;
    tenor_article_result *r = run(s, &a, p, 3);
    const tenor_head_summary *plain = &r->summary[1], *lean = &r->summary[2];
    CHECK(lean->has_tone);
    CHECK_NEAR(lean->tone_index, plain->tone_index, 1e-12);
    CHECK_NEAR(lean->cooperative_share, plain->cooperative_share, 1e-12);
    CHECK_INT_EQ(lean->most_cooperative, plain->most_cooperative);
    CHECK_INT_EQ(lean->most_tense, plain->most_tense);
    for (size_t l = 0; l < tenor_bundle_nlabels(section); l++) {
        CHECK_INT_EQ(lean->by_topic[l].paragraphs, plain->by_topic[l].paragraphs);
        CHECK_NEAR(lean->by_topic[l].index, plain->by_topic[l].index, 1e-12);
    }
    tenor_article_result_free(r, 3);
    tenor_article_free(&a);
    tenor_scorer_free(s);
    tenor_bundle_free(ctx);
}

int main(void)
{
    int passed = 0, failed = 0;
    section = toy_bundle_train("section", "toy.tsv", NULL);
    tone = toy_bundle_train("tone", NULL, tone_tsv);
    multi = toy_bundle_train("topic", "toy_multi.jsonl", NULL);
    if (!section || !tone || !multi)
        return HARNESS_REPORT(passed, 1);
    RUN(scorer_summarises_an_article_with_no_paragraphs, passed, failed);
    RUN(scorer_summary_of_one_paragraph_is_that_paragraph, passed, failed);
    RUN(scorer_keeps_scores_of_boilerplate_but_leaves_it_out, passed, failed);
    RUN(scorer_weighs_paragraphs_by_length_and_confidence, passed, failed);
    RUN(scorer_breaks_tone_down_by_topic, passed, failed);
    RUN(scorer_prefers_a_multi_label_head_for_topics, passed, failed);
    RUN(scorer_explains_with_words_strongest_first, passed, failed);
    RUN(scorer_lists_equal_evidence_by_term_id, passed, failed);
    RUN(scorer_handles_ten_thousand_paragraphs, passed, failed);
    RUN(scorer_leans_paragraphs_on_the_rest_of_their_article, passed, failed);
    RUN(scorer_context_by_products_is_the_formula, passed, failed);
    RUN(scorer_context_prior_keeps_brief_items_their_own, passed, failed);
    RUN(scorer_makes_tone_figures_from_own_scores, passed, failed);
    RUN(scorer_leaves_unknown_words_out_of_tone, passed, failed);
    RUN(scorer_counts_neutral_paragraphs_in_neither_tone_share, passed, failed);
    tenor_bundle_free(section);
    tenor_bundle_free(tone);
    tenor_bundle_free(multi);
    return HARNESS_REPORT(passed, failed);
}
