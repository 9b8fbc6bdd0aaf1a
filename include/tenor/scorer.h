/* scorer.h - per-paragraph predictions of every head, aggregated per article.
 *
 * Pipeline: article + bundles -> [scorer] -> report. A scorer borrows a set of bundles
 * ("heads", e.g. section, topic, tone) and owns the scratch space of one thread.
 * For each paragraph it records every head's label probabilities and its selected
 * labels, and, on request, the terms that pushed the top label most (evidence).
 *
 * Summary of an article, over its scored (non-boilerplate) paragraphs: for each head
 * the mean of the paragraph probabilities, and its top label. A head whose labels
 * include "cooperative" and "tense" also gets a tone index in [-1, 1]: the mean over
 * paragraphs of P(cooperative) - P(tense). */
#ifndef TENOR_SCORER_H
#define TENOR_SCORER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/article.h"
#include "tenor/bundle.h"
#include "tenor/error.h"

typedef struct tenor_scorer tenor_scorer;

typedef struct {
    const char *term; /* borrowed from the head's vocabulary */
    double weight;    /* weight x feature value: its push on the decision value */
} tenor_evidence;

typedef struct {
    double *probs;            /* nlabels of the head */
    uint8_t *selected;        /* nlabels 0/1 */
    size_t top;               /* index of the top label */
    tenor_evidence *evidence; /* up to explain entries, strongest first */
    size_t nevidence;
} tenor_head_result;

typedef struct {
    bool boilerplate;
    tenor_head_result *heads; /* nheads */
} tenor_paragraph_result;

typedef struct {
    double *scores;   /* nlabels: mean probability over scored paragraphs */
    size_t top;
    bool has_tone;    /* the head has cooperative and tense labels */
    double tone_index;
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

/* Scores every paragraph of a (valid UTF-8) article and summarises. *out is owned by
 * the caller (tenor_article_result_free). Returns 0 or TENOR_ENOMEM. */
int tenor_scorer_run(tenor_scorer *s, const tenor_article *a, tenor_article_result **out);

void tenor_article_result_free(tenor_article_result *r, size_t nheads); /* NULL: no-op */

#endif
