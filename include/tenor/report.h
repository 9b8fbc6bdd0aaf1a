/* report.h - article results as JSON or as a table for people.
 *
 * Pipeline: scorer -> [report] -> stdout. Output is appended to a caller-owned buffer,
 * so the library never writes to a stream itself. JSON article shape (stable):
 *   {"id", "title", "paragraphs": [{"index" (from 1), "text", "boilerplate",
 *     "<head>": {"label", "labels", "scores": {label: p}, "evidence": [...]?}}],
 *    "summary": {"paragraphs", "scored", "<head>": {"label", "scores", "index"?}}}
 * Probabilities are rounded to 4 decimals, evidence weights to 4 decimals too. */
#ifndef TENOR_REPORT_H
#define TENOR_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "tenor/article.h"
#include "tenor/metrics.h"
#include "tenor/scorer.h"
#include "tenor/buf.h"

/* Appends one article as compact JSON (no newline). Returns 0 or TENOR_ENOMEM. */
int tenor_report_json(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r);

/* Appends a table: one row per paragraph, then the summary; `width` columns at most
 * (>= 60), with ANSI colour when `color` is set. */
int tenor_report_text(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r, size_t width, bool color);

/* Evaluation results. label_names has tenor_metrics_nlabels(m) entries. */
int tenor_report_metrics_json(tenor_buf *out, const tenor_metrics *m,
                              const char *const *label_names);
int tenor_report_metrics_text(tenor_buf *out, const tenor_metrics *m,
                              const char *const *label_names);

#endif
