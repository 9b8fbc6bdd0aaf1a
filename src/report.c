/* report.c - JSON and table output for articles and evaluations (see report.h).
 *
 * JSON goes through cJSON so that escaping is never hand-written; tables are plain
 * text measured in code points, since article text is UTF-8. */
#include "tenor/report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

static double round4(double v)
{
    return round(v * 10000.0) / 10000.0;
}

/* ---- JSON ------------------------------------------------------------- */

static cJSON *scores_json(const tenor_bundle *b, const double *p)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t l = 0; o && l < tenor_bundle_nlabels(b); l++)
        if (!cJSON_AddNumberToObject(o, tenor_bundle_label(b, l), round4(p[l]))) {
            cJSON_Delete(o);
            return NULL;
        }
    return o;
}

static cJSON *head_json(const tenor_bundle *b, const tenor_head_result *hr, bool explain)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "label", tenor_bundle_label(b, hr->top));
    cJSON *labels = cJSON_AddArrayToObject(o, "labels");
    for (size_t l = 0; labels && l < tenor_bundle_nlabels(b); l++)
        if (hr->selected[l])
            cJSON_AddItemToArray(labels, cJSON_CreateString(tenor_bundle_label(b, l)));
    cJSON_AddItemToObject(o, "scores", scores_json(b, hr->probs));
    if (explain) {
        cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
        for (size_t k = 0; ev && k < hr->nevidence; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "term", hr->evidence[k].term);
            cJSON_AddNumberToObject(e, "weight", round4(hr->evidence[k].weight));
            cJSON_AddItemToArray(ev, e);
        }
    }
    return o;
}

int tenor_report_json(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r)
{
    size_t H = tenor_scorer_nheads(s);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return TENOR_ENOMEM;
    a->id ? cJSON_AddStringToObject(root, "id", a->id) : cJSON_AddNullToObject(root, "id");
    a->title ? cJSON_AddStringToObject(root, "title", a->title)
             : cJSON_AddNullToObject(root, "title");
    cJSON *paras = cJSON_AddArrayToObject(root, "paragraphs");
    for (size_t p = 0; paras && p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        cJSON *po = cJSON_CreateObject();
        cJSON_AddItemToArray(paras, po);
        cJSON_AddNumberToObject(po, "index", (double)(p + 1));
        cJSON_AddStringToObject(po, "text", a->paragraphs.items[p]);
        cJSON_AddBoolToObject(po, "boilerplate", pr->boilerplate);
        for (size_t h = 0; h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            cJSON_AddItemToObject(po, tenor_bundle_name(b),
                                  head_json(b, &pr->heads[h], pr->heads[h].evidence != NULL));
        }
    }
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    if (sum) {
        cJSON_AddNumberToObject(sum, "paragraphs", (double)r->nparagraphs);
        cJSON_AddNumberToObject(sum, "scored", (double)r->scored);
        for (size_t h = 0; h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            const tenor_head_summary *hs = &r->summary[h];
            cJSON *ho = cJSON_AddObjectToObject(sum, tenor_bundle_name(b));
            if (!ho)
                break;
            if (r->scored)
                cJSON_AddStringToObject(ho, "label", tenor_bundle_label(b, hs->top));
            else
                cJSON_AddNullToObject(ho, "label");
            cJSON_AddItemToObject(ho, "scores", scores_json(b, hs->scores));
            if (hs->has_tone)
                cJSON_AddNumberToObject(ho, "index", round4(hs->tone_index));
        }
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return TENOR_ENOMEM;
    int rc = tenor_buf_append(out, text, strlen(text));
    cJSON_free(text);
    return rc;
}

/* ---- tables ----------------------------------------------------------- */

/* Appends at most `cols` code points of s, padded with spaces to exactly `cols`; a
 * cut is marked with an ellipsis. */
static int put_cell(tenor_buf *out, const char *s, size_t cols)
{
    size_t len = strlen(s), n = 0, cut = len;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue; /* a continuation byte, not a new code point */
        if (n == cols - 1)
            cut = i;
        n++;
    }
    if (n > cols) {
        int rc = tenor_buf_append(out, s, cut);
        return rc ? rc : tenor_buf_append(out, "\xE2\x80\xA6", 3); /* an ellipsis */
    }
    int rc = tenor_buf_append(out, s, len);
    for (; !rc && n < cols; n++)
        rc = tenor_buf_putc(out, ' ');
    return rc;
}

static const char *tone_color(const tenor_bundle *b, size_t label, bool color)
{
    if (!color)
        return "";
    const char *name = tenor_bundle_label(b, label);
    if (strcmp(name, "cooperative") == 0)
        return "\x1b[32m";
    if (strcmp(name, "tense") == 0)
        return "\x1b[31m";
    return "";
}

#define HEAD_COLS 20

int tenor_report_text(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r, size_t width, bool color)
{
    size_t H = tenor_scorer_nheads(s);
    if (width < 60)
        width = 60;
    size_t fixed = 5 + H * (HEAD_COLS + 1);
    size_t text_cols = width > fixed + 20 ? width - fixed : 20;
    const char *bold = color ? "\x1b[1m" : "", *reset = color ? "\x1b[0m" : "";
    int rc = tenor_buf_printf(out, "%s%s%s%s%s\n", bold, a->id ? a->id : "",
                              a->title ? " - " : "", a->title ? a->title : "", reset);
    if (!rc)
        rc = tenor_buf_printf(out, "%s  # ", bold);
    if (!rc)
        rc = put_cell(out, "paragraph", text_cols);
    for (size_t h = 0; !rc && h < H; h++) {
        rc = tenor_buf_putc(out, ' ');
        if (!rc)
            rc = put_cell(out, tenor_bundle_name(tenor_scorer_head(s, h)), HEAD_COLS);
    }
    if (!rc)
        rc = tenor_buf_printf(out, "%s\n", reset);
    char cell[64];
    for (size_t p = 0; !rc && p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        rc = tenor_buf_printf(out, "%3zu%c ", p + 1, pr->boilerplate ? '*' : ' ');
        if (!rc)
            rc = put_cell(out, a->paragraphs.items[p], text_cols);
        for (size_t h = 0; !rc && h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            const tenor_head_result *hr = &pr->heads[h];
            snprintf(cell, sizeof cell, "%.14s %.2f", tenor_bundle_label(b, hr->top),
                     hr->probs[hr->top]);
            const char *c = tone_color(b, hr->top, color);
            rc = tenor_buf_printf(out, " %s", c);
            if (!rc)
                rc = put_cell(out, cell, HEAD_COLS);
            if (!rc && *c)
                rc = tenor_buf_printf(out, "%s", reset);
        }
        if (!rc)
            rc = tenor_buf_putc(out, '\n');
    }
    if (!rc)
        rc = tenor_buf_printf(out, "%ssummary%s: %zu paragraphs, %zu scored", bold, reset,
                              r->nparagraphs, r->scored);
    for (size_t h = 0; !rc && h < H && r->scored; h++) {
        const tenor_bundle *b = tenor_scorer_head(s, h);
        const tenor_head_summary *hs = &r->summary[h];
        rc = tenor_buf_printf(out, "; %s %s %.2f", tenor_bundle_name(b),
                              tenor_bundle_label(b, hs->top), hs->scores[hs->top]);
        if (!rc && hs->has_tone)
            rc = tenor_buf_printf(out, " (index %+.2f)", hs->tone_index);
    }
    if (!rc)
        rc = tenor_buf_putc(out, '\n');
    return rc;
}

/* ---- evaluation ------------------------------------------------------- */

static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(round4(v)) : cJSON_CreateNull();
}

int tenor_report_metrics_json(tenor_buf *out, const tenor_metrics *m,
                              const char *const *names)
{
    size_t L = tenor_metrics_nlabels(m);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return TENOR_ENOMEM;
    cJSON_AddNumberToObject(root, "n", (double)tenor_metrics_count(m));
    cJSON_AddItemToObject(root, "accuracy", number_or_null(tenor_metrics_accuracy(m)));
    cJSON_AddItemToObject(root, "micro_f1", number_or_null(tenor_metrics_micro_f1(m)));
    cJSON_AddItemToObject(root, "macro_f1", number_or_null(tenor_metrics_macro_f1(m)));
    cJSON *labels = cJSON_AddObjectToObject(root, "labels");
    for (size_t l = 0; labels && l < L; l++) {
        tenor_label_metrics lm = tenor_metrics_label(m, l);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "precision", number_or_null(lm.precision));
        cJSON_AddItemToObject(o, "recall", number_or_null(lm.recall));
        cJSON_AddItemToObject(o, "f1", number_or_null(lm.f1));
        cJSON_AddNumberToObject(o, "support", (double)lm.support);
        cJSON_AddItemToObject(labels, names[l], o);
    }
    /* Rows are gold labels, columns predictions; "(none)" is an empty label set. */
    cJSON *conf = cJSON_AddObjectToObject(root, "confusion");
    for (size_t g = 0; conf && g <= L; g++) {
        cJSON *row = cJSON_CreateObject();
        for (size_t p = 0; row && p <= L; p++) {
            size_t c = tenor_metrics_confusion(m, g, p);
            if (c)
                cJSON_AddNumberToObject(row, p < L ? names[p] : "(none)", (double)c);
        }
        if (row && row->child)
            cJSON_AddItemToObject(conf, g < L ? names[g] : "(none)", row);
        else
            cJSON_Delete(row);
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return TENOR_ENOMEM;
    int rc = tenor_buf_append(out, text, strlen(text));
    if (!rc)
        rc = tenor_buf_putc(out, '\n');
    cJSON_free(text);
    return rc;
}

static int put_ratio(tenor_buf *out, double v)
{
    return isfinite(v) ? tenor_buf_printf(out, " %9.4f", v) : tenor_buf_printf(out, " %9s", "-");
}

int tenor_report_metrics_text(tenor_buf *out, const tenor_metrics *m,
                              const char *const *names)
{
    size_t L = tenor_metrics_nlabels(m);
    int rc = tenor_buf_printf(out, "%-24s %9s %9s %9s %9s\n", "label", "precision", "recall",
                              "f1", "support");
    for (size_t l = 0; !rc && l < L; l++) {
        tenor_label_metrics lm = tenor_metrics_label(m, l);
        rc = put_cell(out, names[l], 24);
        if (!rc)
            rc = put_ratio(out, lm.precision);
        if (!rc)
            rc = put_ratio(out, lm.recall);
        if (!rc)
            rc = put_ratio(out, lm.f1);
        if (!rc)
            rc = tenor_buf_printf(out, " %9zu\n", lm.support);
    }
    if (!rc)
        rc = tenor_buf_printf(out, "\nexamples %zu\naccuracy ", tenor_metrics_count(m));
    if (!rc)
        rc = put_ratio(out, tenor_metrics_accuracy(m));
    if (!rc)
        rc = tenor_buf_printf(out, "\nmicro-F1 ");
    if (!rc)
        rc = put_ratio(out, tenor_metrics_micro_f1(m));
    if (!rc)
        rc = tenor_buf_printf(out, "\nmacro-F1 ");
    if (!rc)
        rc = put_ratio(out, tenor_metrics_macro_f1(m));
    if (!rc)
        rc = tenor_buf_putc(out, '\n');
    if (rc || L > 12)
        return rc;
    /* The confusion matrix fits a screen only for a handful of labels. */
    rc = tenor_buf_printf(out, "\nconfusion (rows: gold, columns: predicted)\n%-14s", "");
    for (size_t p = 0; !rc && p <= L; p++) {
        rc = tenor_buf_putc(out, ' ');
        if (!rc)
            rc = put_cell(out, p < L ? names[p] : "(none)", 9);
    }
    for (size_t g = 0; !rc && g <= L; g++) {
        rc = tenor_buf_putc(out, '\n');
        if (!rc)
            rc = put_cell(out, g < L ? names[g] : "(none)", 14);
        for (size_t p = 0; !rc && p <= L; p++)
            rc = tenor_buf_printf(out, " %9zu", tenor_metrics_confusion(m, g, p));
    }
    if (!rc)
        rc = tenor_buf_putc(out, '\n');
    return rc;
}
