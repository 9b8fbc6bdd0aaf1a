/* scorer.h - per-paragraph predictions of every head, aggregated per article.
 *
 * Pipeline: article + bundles -> boilerplate -> [scorer] -> report. A scorer borrows a
 * set of bundles ("heads", e.g. section, topic, tone) and owns the scratch space of
 * one thread. For each paragraph it records whether it is boilerplate (boilerplate.h),
 * every head's label probabilities and selected labels, and, on request, the terms
 * that pushed the top label most (evidence). Boilerplate is scored too, but left out
 * of the summary.
 *
 * Summary of an article, over its scored (non-boilerplate) paragraphs p, per head h:
 *   weight    w(p,h) = min(words(p), 10) x P(p, top label of h)   (length x confidence)
 *             for a paragraph with at least one term h knows; one with none carries
 *             no evidence, only h's prior, and weighs 0 (unless no scored paragraph
 *             has a known term: then all weigh as above)
 *   scores    S(h,l) = sum_p w(p,h) P(p,l) / sum_p w(p,h); the top label is the largest
 * A tone head (labels "cooperative" and "tense") also gets, over the paragraphs that
 * weigh (w(p,h) > 0):
 *   index     sum_p w(p,h) (P(p,coop) - P(p,tense)) / sum_p w(p,h), in [-1, 1];
 *   shares    the fraction of them whose top label is cooperative, tense, and selected
 *             and neither (a multi-label head selecting no tone label);
 *   extremes  the paragraph with the largest and the smallest P(coop) - P(tense);
 *   by topic  for each label t of the topic head (see tenor_scorer_topic_head), the
 *             index over those that select t, and their number.
 * With no scored paragraph every sum is 0 and no division is made. A bundle with a
 * summary sharpness s (bundle.h) reports S(h,l)^s / sum_k S(h,k)^s instead when two or
 * more paragraphs weigh: a mean of paragraphs that agree is less sure than their
 * agreement warrants (calibration); the top label is the same, and context (below)
 * uses S before sharpening.
 *
 * Context, for a head whose bundle has a context weight c > 0 (a label that belongs to
 * the whole article, such as its newspaper section; bundle.h), sharpness t and prior
 * k: once S is made from the paragraphs alone, each paragraph's probabilities become
 * the geometric blend with R, the rest of the article
 *   R(p,l)  = (sum_{q != p} w(q,h) P(q,l) + 10k / L) / (sum_{q != p} w(q,h) + 10k)
 *   P'(p,l) = (P(p,l)^(1-c) R(p,l)^c)^t / sum_j (P(p,j)^(1-c) R(p,j)^c)^t
 * (L labels) so a paragraph takes its article's label unless its own words say
 * otherwise strongly. The prior is k paragraphs (of 10 words, sure of their label) of
 * evenly spread scores: in a long article it changes little, but when the rest is a
 * paragraph or two of another section (a news brief) it keeps their near-zero scores
 * from overruling the paragraph's own. t > 1 undoes the blend's pull towards the
 * middle (calibration). A paragraph with nothing else to lean on (a one-paragraph
 * article) and boilerplate (not the article's) keep P. Every paragraph of such a head
 * keeps P(p,.) as `alone`: the evidence explains it, and weights, the summary and the
 * tone figures are made from it; tone by topic counts the topic head's labels in
 * context. */
#ifndef TENOR_SCORER_H
#define TENOR_SCORER_H

/* Words past which a paragraph weighs no more in the summary. Chosen on a BBC
 * validation split (239 articles, section head): capped at 100 words the article
 * accuracy was 0.958, at 10 words 0.971 (confidence alone: 0.971, plain mean: 0.967):
 * length should only discount fragments, not let one long paragraph outvote others. */
#define TENOR_SCORER_WEIGHT_WORDS_MAX 10

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/article.h"
#include "tenor/boilerplate.h"
#include "tenor/bundle.h"
#include "tenor/error.h"

typedef struct tenor_scorer tenor_scorer;

typedef struct {
    const char *term; /* borrowed from the head's vocabulary */
    double weight;    /* weight x feature value: its push on the decision value */
    uint32_t id;      /* the term's feature id: equal weights are listed by it */
} tenor_evidence;

typedef struct {
    double *probs;            /* nlabels of the head */
    uint8_t *selected;        /* nlabels 0/1 */
    size_t top;               /* index of the top label */
    tenor_evidence *evidence; /* up to explain entries, strongest first (then by id), for
                               * alone_top */
    size_t nevidence;
    double *alone;            /* with context (above): the paragraph's own probs; or NULL */
    size_t alone_top;         /* the top label of alone; = top without context */
    size_t terms;             /* terms of the paragraph the head knows */
    double weight;            /* w(p,h) above; 0 for boilerplate */
} tenor_head_result;

typedef struct {
    bool boilerplate;
    tenor_boilerplate_kind boilerplate_kind; /* why; TENOR_BOILERPLATE_NONE if not */
    size_t words;                            /* as boilerplate.h counts them */
    tenor_head_result *heads;                /* nheads */
} tenor_paragraph_result;

/* Tone over the paragraphs that select one label of the topic head. */
typedef struct {
    size_t paragraphs; /* scored paragraphs that select the label */
    double index;      /* their weighted tone index; 0 with no paragraph */
} tenor_topic_tone;

typedef struct {
    double *scores;   /* nlabels: weighted mean probability over scored paragraphs */
    size_t top;
    bool has_tone;    /* the head has cooperative and tense labels; then: */
    double tone_index;
    double cooperative_share, tense_share; /* of weighing paragraphs, by top label selected */
    double neither_share;                  /* of weighing paragraphs, no tone label selected */
    size_t most_cooperative, most_tense;   /* paragraph (from 0), SIZE_MAX if none */
    tenor_topic_tone *by_topic; /* nlabels of the topic head, or NULL (no topic head) */
} tenor_head_summary;

typedef struct {
    size_t nparagraphs;
    size_t scored;                       /* paragraphs not marked boilerplate */
    tenor_paragraph_result *paragraphs;  /* nparagraphs */
    tenor_head_summary *summary;         /* nheads */
} tenor_article_result;

/* A scorer over heads[0..nheads) (borrowed; they must outlive it). explain is the
 * number of evidence terms per paragraph and head (0 = none). *out is owned by the
 * caller. Returns 0, TENOR_EINVAL (no heads, or two with one name) or TENOR_ENOMEM. */
int tenor_scorer_new(tenor_scorer **out, const tenor_bundle *const *heads, size_t nheads,
                     size_t explain);
void tenor_scorer_free(tenor_scorer *s); /* NULL is a no-op */

size_t tenor_scorer_nheads(const tenor_scorer *s);
const tenor_bundle *tenor_scorer_head(const tenor_scorer *s, size_t h);

/* The head whose labels tone is broken down by, SIZE_MAX if none: among heads without
 * cooperative and tense labels, the one named "topic", else the first multi-label
 * head, else the one named "section", else the first. */
size_t tenor_scorer_topic_head(const tenor_scorer *s);

/* The first head with cooperative and tense labels, SIZE_MAX if none. */
size_t tenor_scorer_tone_head(const tenor_scorer *s);

/* Scores every paragraph of a (valid UTF-8) article and summarises. *out is owned by
 * the caller (tenor_article_result_free). Returns 0 or TENOR_ENOMEM. */
int tenor_scorer_run(tenor_scorer *s, const tenor_article *a, tenor_article_result **out);

void tenor_article_result_free(tenor_article_result *r, size_t nheads); /* NULL: no-op */

#endif
