/* report.h - article results as JSON, as a table for people, or as an HTML page.
 *
 * Pipeline: scorer -> [report] -> stdout. Output is appended to a caller-owned buffer,
 * so the library never writes to a stream itself. JSON article shape (stable):
 *   {"id", "title", "paragraphs": [{"index" (from 1), "text", "boilerplate",
 *     "boilerplate_reason"?, "<head>": {"label", "labels", "scores": {label: p}},
 *     "evidence"?: {"<head>": [{"term", "weight"}]}}],
 *    "summary": {"paragraphs", "scored", "<head>": {"label", "scores", and for a tone
 *     head "index", "shares": {"cooperative", "tense"}, "most_cooperative",
 *     "most_tense" (paragraph index or null), "topic_head"?, "by_topic"?:
 *     {label: {"index", "paragraphs"}}}}}
 * Probabilities, shares and indices are rounded to 4 decimals, evidence weights too. */
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

/* Appends a table: one row per paragraph (index, "*" for boilerplate, a snippet, each
 * head's top label and probability), then the summary; `width` columns at most
 * (clamped to 60..100), with ANSI colour only when `color` is set. */
int tenor_report_text(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r, size_t width, bool color);

/* One self-contained HTML page (inline CSS; no script, font, image or link outside
 * the page): begin, then one article per call, then end. Every paragraph is tinted
 * by its tone and lists each head's top label; above them, the summary with a bar
 * chart of the topic head's shares and a gauge of the tone index. `title` (may be
 * NULL) names the page; `number` (from 1) keeps anchors unique across articles. All
 * text is HTML-escaped. Each returns 0 or TENOR_ENOMEM. */
int tenor_report_html_begin(tenor_buf *out, const char *title);
int tenor_report_html_article(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                              const tenor_article_result *r, size_t number);
int tenor_report_html_end(tenor_buf *out);

/* Evaluation results. label_names has tenor_metrics_nlabels(m) entries. */
int tenor_report_metrics_json(tenor_buf *out, const tenor_metrics *m,
                              const char *const *label_names);
int tenor_report_metrics_text(tenor_buf *out, const tenor_metrics *m,
                              const char *const *label_names);

#endif
