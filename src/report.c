/* report.c - JSON, table and HTML output for articles and evaluations (see report.h).
 *
 * Article JSON is written directly (one escaping function, one number formatter);
 * evaluation JSON goes through cJSON; tables are plain
 * text measured in code points, since article text is UTF-8; HTML is one page with
 * inline CSS, every piece of text passed through one escaping function (put_html). */
#include "tenor/report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tenor/text.h"
#include "util/alloc.h"
#include "util/c_numbers.h"
#include "util/json.h"
#include "util/simd.h"

static double round4(double v)
{
    return round(v * 10000.0) / 10000.0;
}

/* ---- JSON ------------------------------------------------------------- */

/* Article JSON is written directly, not built as a cJSON tree and printed: on the
 * classify path the tree and printf's number formatting cost ~10% of the run
 * (callgrind). Strings go through one escaping function, numbers through one
 * formatter; the error is sticky, so a failed append stops all further output. */
typedef struct {
    tenor_buf *b;
    int rc;
} json_writer;

/* Inline, with tenor_buf_append: a literal's length is known, and its copy is a move or
 * two, not a call of strlen and one of memcpy. */
static inline __attribute__((always_inline)) void jw_raw(json_writer *w, const char *s,
                                                         size_t n)
{
    if (!w->rc)
        w->rc = tenor_buf_append(w->b, s, n);
}

static inline __attribute__((always_inline)) void jw_lit(json_writer *w, const char *s)
{
    jw_raw(w, s, strlen(s));
}

/* Whether byte c goes into a JSON string as it is (jw_str escapes the others). */
static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

#if !TENOR_SSE2
/* The length of the run at the start of (s, n) that goes into a JSON string as it is:
 * paragraph text is most of the output, and most of it needs no escape. */
static size_t plain_span(const char *s, size_t n)
{
    size_t i = 0;
    /* Eight bytes at a time (the usual bit tricks for a byte below 0x20, '"' or '\\'). */
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    for (; n - i >= 8; i += 8) {
        uint64_t x, q, b;
        memcpy(&x, s + i, 8);
        q = x ^ ('"' * ones);
        b = x ^ ('\\' * ones);
        if (((x - 0x20 * ones) | (q - ones) | (b - ones)) & ~x & high)
            break;
    }
    while (i < n && json_plain((unsigned char)s[i]))
        i++;
    return i;
}
#endif

/* Writes the escape of c, a byte json_plain refuses, at o; returns the end (at most 6
 * bytes on). */
static char *put_escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '\\';
    switch (c) {
    case '"': case '\\': *o++ = (char)c; break;
    case '\n': *o++ = 'n'; break;
    case '\t': *o++ = 't'; break;
    case '\r': *o++ = 'r'; break;
    case '\b': *o++ = 'b'; break;
    case '\f': *o++ = 'f'; break;
    default:
        memcpy(o, "u00", 3);
        o[3] = hex[c >> 4];
        o[4] = hex[c & 15];
        o += 5;
    }
    return o;
}

/* Room jw_strn keeps past what it writes: a block it copies whole before it knows how
 * much of it is plain. */
#define STR_SLACK 16

/* A JSON string: '"' and '\\' escaped, control characters as \n, \t ... or \u00XX;
 * UTF-8 (valid by now) passes through, as cJSON writes it. Written in place: each block
 * of 16 bytes is stored as it is scanned and kept up to its first byte to escape, so
 * that paragraph text, most of the output, is read once and not copied again. */
static void jw_strn(json_writer *w, const char *s, size_t n)
{
    tenor_buf *b = w->b;
    size_t i = 0, need; /* need: the room left must hold the rest as it is, two quotes'
                         * worth, the slack and a NUL */
    if (w->rc)
        return;
    if (!tenor_add_size(n, 2 + STR_SLACK + 1, &need) ||
        (b->cap - b->len < need && tenor_buf_reserve(b, need))) {
        w->rc = TENOR_ENOMEM;
        return;
    }
    char *o = b->data + b->len;
    *o++ = '"';
    for (;;) {
#if TENOR_SSE2
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                      ctrl = _mm_set1_epi8(0x1F);
        while (n - i >= 16) {
            __m128i x = tenor_load16(s + i);
            _mm_storeu_si128((__m128i *)(void *)o, x);
            __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, ctrl), x); /* x <= 0x1F */
            __m128i esc = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash));
            int m = _mm_movemask_epi8(_mm_or_si128(esc, low));
            if (m) {
                o += tenor_first_bit(m);
                i += tenor_first_bit(m);
                break;
            }
            o += 16;
            i += 16;
        }
        while (i < n && json_plain((unsigned char)s[i]))
            *o++ = s[i++];
#else
        size_t run = plain_span(s + i, n - i);
        memcpy(o, s + i, run);
        o += run;
        i += run;
#endif
        if (i == n)
            break;
        /* An escape takes up to 5 bytes more than the byte it stands for. */
        size_t used = (size_t)(o - b->data);
        if (b->cap - used < n - i + 5 + 1 + STR_SLACK + 1) {
            b->len = used;
            if (tenor_buf_reserve(b, n - i + 5 + 1 + STR_SLACK)) {
                b->data[b->len] = '\0';
                w->rc = TENOR_ENOMEM;
                return;
            }
            o = b->data + used;
        }
        o = put_escape(o, (unsigned char)s[i++]);
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static void jw_str(json_writer *w, const char *s)
{
    jw_strn(w, s, strlen(s));
}

static void jw_key(json_writer *w, const char *key)
{
    jw_str(w, key);
    jw_raw(w, ":", 1);
}

static void jw_size(json_writer *w, size_t n)
{
    char num[24], *first = tenor_format_u64(num + sizeof num, n);
    jw_raw(w, first, (size_t)(num + sizeof num - first));
}

static void jw_num(json_writer *w, double v)
{
    char num[TENOR_4DP_MAX];
    jw_raw(w, num, tenor_format_4dp(num, v));
}

/* Whether s can be written between quotes as it is. */
static bool needs_no_escape(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!json_plain((unsigned char)s[i]))
            return false;
    return true;
}

/* A head's label names, and its own name last, each quoted once per article rather
 * than escaped at each of the several places every paragraph writes them. */
#define KEYS_LABELS 32
#define KEYS_TEXT 1024
/* A quoted name of up to NAME_COPY bytes is copied as NAME_COPY bytes (put_name): no
 * call of memcpy. The text and the buffers names are composed in have that much more. */
#define NAME_COPY 16
typedef struct {
    bool ok; /* false: a name to escape, or too many or long: written the general way */
    char text[KEYS_TEXT + NAME_COPY];
    size_t off[KEYS_LABELS + 2]; /* name i is text[off[i], off[i + 1]) */
} head_keys;

static void head_keys_init(head_keys *k, const tenor_bundle *b)
{
    size_t L = tenor_bundle_nlabels(b), n = 0;
    k->ok = L <= KEYS_LABELS;
    for (size_t i = 0; k->ok && i <= L; i++) {
        const char *name = i < L ? tenor_bundle_label(b, i) : tenor_bundle_name(b);
        size_t len = strlen(name);
        k->off[i] = n;
        k->ok = n + len + 2 <= KEYS_TEXT && needs_no_escape(name, len);
        if (k->ok) {
            k->text[n] = '"';
            memcpy(k->text + n + 1, name, len);
            k->text[n + len + 1] = '"';
            n += len + 2;
        }
    }
    if (k->ok)
        k->off[L + 1] = n; /* not past off[] for a head of more than KEYS_LABELS */
    memset(k->text + n, 0, NAME_COPY); /* put_name copies past the last name */
}

/* Writes label l of b (l = its number of labels: b's own name), quoted. */
static void jw_name(json_writer *w, const head_keys *k, const tenor_bundle *b, size_t l)
{
    if (k && k->ok)
        jw_raw(w, k->text + k->off[l], k->off[l + 1] - k->off[l]);
    else
        jw_str(w, l < tenor_bundle_nlabels(b) ? tenor_bundle_label(b, l) : tenor_bundle_name(b));
}

/* Composing on the stack: (s, n) at p; returns the end. */
static char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

/* Label l of k's head, quoted, at p, which has NAME_COPY bytes of room past it; returns
 * the end. */
static char *put_name(char *p, const head_keys *k, size_t l)
{
    size_t n = k->off[l + 1] - k->off[l];
    if (n > NAME_COPY)
        return put(p, k->text + k->off[l], n);
    memcpy(p, k->text + k->off[l], NAME_COPY); /* within text: it has NAME_COPY more */
    return p + n;
}

/* The most put_scores writes: every name, and a number, ':' and ',' per label, and the
 * room put_name needs past it. */
#define SCORES_ROOM (KEYS_TEXT + KEYS_LABELS * (TENOR_4DP_MAX + 2) + 2 + NAME_COPY)

/* {"label":p, ...} for the L labels of k at out; returns the end. */
static char *put_scores(char *out, const head_keys *k, size_t L, const double *p)
{
    *out++ = '{';
    for (size_t l = 0; l < L; l++) {
        if (l)
            *out++ = ',';
        out = put_name(out, k, l);
        *out++ = ':';
        out += tenor_format_4dp(out, p[l]);
    }
    *out++ = '}';
    return out;
}

static void jw_scores(json_writer *w, const head_keys *k, const tenor_bundle *b,
                      const double *p)
{
    size_t L = tenor_bundle_nlabels(b);
    if (k && k->ok) {
        char buf[SCORES_ROOM];
        jw_raw(w, buf, (size_t)(put_scores(buf, k, L, p) - buf));
        return;
    }
    jw_raw(w, "{", 1);
    for (size_t l = 0; l < L; l++) {
        if (l)
            jw_raw(w, ",", 1);
        jw_key(w, tenor_bundle_label(b, l));
        jw_num(w, p[l]);
    }
    jw_raw(w, "}", 1);
}

/* ,"head":{"label":...,"labels":[...],"scores":{...},"alone":{...}} for a paragraph,
 * composed on the stack and appended once when k quotes the names: every paragraph
 * writes one per head, and piece by piece it took some thirty appends. */
#define HEAD_ROOM (4 * KEYS_TEXT + KEYS_LABELS + 2 * SCORES_ROOM + 64 + NAME_COPY)

static void jw_head_keyed(json_writer *w, const head_keys *k, size_t L,
                          const tenor_head_result *hr)
{
    char buf[HEAD_ROOM], *p = buf;
    *p++ = ',';
    p = put_name(p, k, L);
    p = put(p, ":{\"label\":", 10);
    p = put_name(p, k, hr->top);
    p = put(p, ",\"labels\":[", 11);
    bool first = true;
    for (size_t l = 0; l < L; l++)
        if (hr->selected[l]) {
            if (!first)
                *p++ = ',';
            p = put_name(p, k, l);
            first = false;
        }
    p = put(p, "],\"scores\":", 11);
    p = put_scores(p, k, L, hr->probs);
    if (hr->alone) {
        p = put(p, ",\"alone\":{\"label\":", 18);
        p = put_name(p, k, hr->alone_top);
        p = put(p, ",\"scores\":", 10);
        p = put_scores(p, k, L, hr->alone);
        *p++ = '}';
    }
    *p++ = '}';
    jw_raw(w, buf, (size_t)(p - buf));
}

static void jw_head(json_writer *w, const head_keys *k, const tenor_bundle *b,
                    const tenor_head_result *hr)
{
    if (k && k->ok) {
        jw_head_keyed(w, k, tenor_bundle_nlabels(b), hr);
        return;
    }
    jw_raw(w, ",", 1);
    jw_name(w, k, b, tenor_bundle_nlabels(b));
    jw_lit(w, ":{\"label\":");
    jw_name(w, k, b, hr->top);
    jw_lit(w, ",\"labels\":[");
    bool first = true;
    for (size_t l = 0; l < tenor_bundle_nlabels(b); l++)
        if (hr->selected[l]) {
            if (!first)
                jw_raw(w, ",", 1);
            jw_name(w, k, b, l);
            first = false;
        }
    jw_lit(w, "],\"scores\":");
    jw_scores(w, k, b, hr->probs);
    if (hr->alone) {
        jw_lit(w, ",\"alone\":{\"label\":");
        jw_name(w, k, b, hr->alone_top);
        jw_lit(w, ",\"scores\":");
        jw_scores(w, k, b, hr->alone);
        jw_raw(w, "}", 1);
    }
    jw_raw(w, "}", 1);
}

/* Each term names the label it pushed: with context that is alone's, which may not be
 * the label shown beside it. */
static void jw_evidence(json_writer *w, const tenor_bundle *b, const tenor_head_result *hr)
{
    const char *label = tenor_bundle_label(b, hr->alone_top);
    jw_raw(w, "[", 1);
    for (size_t k = 0; k < hr->nevidence; k++) {
        jw_lit(w, k ? ",{\"term\":" : "{\"term\":");
        jw_str(w, hr->evidence[k].term);
        jw_lit(w, ",\"label\":");
        jw_str(w, label);
        jw_lit(w, ",\"weight\":");
        jw_num(w, hr->evidence[k].weight);
        jw_raw(w, "}", 1);
    }
    jw_raw(w, "]", 1);
}

static void jw_paragraph_number(json_writer *w, size_t p)
{
    if (p == SIZE_MAX)
        jw_lit(w, "null");
    else
        jw_size(w, p + 1);
}

/* The tone keys of a tone head's summary (README, "Classify"). */
static void jw_tone(json_writer *w, const tenor_scorer *s, const tenor_head_summary *hs)
{
    jw_lit(w, ",\"shares\":{\"cooperative\":");
    jw_num(w, hs->cooperative_share);
    jw_lit(w, ",\"tense\":");
    jw_num(w, hs->tense_share);
    jw_lit(w, ",\"neither\":");
    jw_num(w, hs->neither_share);
    jw_lit(w, "},\"most_cooperative\":");
    jw_paragraph_number(w, hs->most_cooperative);
    jw_lit(w, ",\"most_tense\":");
    jw_paragraph_number(w, hs->most_tense);
    size_t T = tenor_scorer_topic_head(s);
    if (T == SIZE_MAX || !hs->by_topic)
        return;
    const tenor_bundle *tb = tenor_scorer_head(s, T);
    jw_lit(w, ",\"topic_head\":");
    jw_str(w, tenor_bundle_name(tb));
    jw_lit(w, ",\"by_topic\":{");
    bool first = true;
    for (size_t l = 0; l < tenor_bundle_nlabels(tb); l++) {
        if (!hs->by_topic[l].paragraphs)
            continue;
        if (!first)
            jw_raw(w, ",", 1);
        first = false;
        jw_key(w, tenor_bundle_label(tb, l));
        jw_lit(w, "{\"index\":");
        jw_num(w, hs->by_topic[l].index);
        jw_lit(w, ",\"paragraphs\":");
        jw_size(w, hs->by_topic[l].paragraphs);
        jw_raw(w, "}", 1);
    }
    jw_raw(w, "}", 1);
}

int tenor_report_json(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r)
{
    size_t H = tenor_scorer_nheads(s);
    json_writer w = {out, 0};
    enum { KEYS_HEADS = 8 }; /* heads past these (none ship) are written the general way */
    head_keys keys[KEYS_HEADS];
    for (size_t h = 0; h < H && h < KEYS_HEADS; h++)
        head_keys_init(&keys[h], tenor_scorer_head(s, h));
    jw_lit(&w, "{\"id\":");
    a->id ? jw_str(&w, a->id) : jw_lit(&w, "null");
    jw_lit(&w, ",\"title\":");
    a->title ? jw_str(&w, a->title) : jw_lit(&w, "null");
    jw_lit(&w, ",\"paragraphs\":[");
    for (size_t p = 0; p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        jw_lit(&w, p ? ",{\"index\":" : "{\"index\":");
        jw_size(&w, p + 1);
        jw_lit(&w, ",\"text\":");
        jw_strn(&w, a->paragraphs.items[p], tenor_article_paragraph_len(a, p));
        jw_lit(&w, pr->boilerplate ? ",\"boilerplate\":true" : ",\"boilerplate\":false");
        if (pr->boilerplate) {
            jw_lit(&w, ",\"boilerplate_reason\":");
            jw_str(&w, tenor_boilerplate_kind_name(pr->boilerplate_kind));
        }
        for (size_t h = 0; h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            jw_head(&w, h < KEYS_HEADS ? &keys[h] : NULL, b, &pr->heads[h]);
        }
        if (H && pr->heads[0].evidence) {
            jw_lit(&w, ",\"evidence\":{");
            for (size_t h = 0; h < H; h++) {
                if (h)
                    jw_raw(&w, ",", 1);
                jw_key(&w, tenor_bundle_name(tenor_scorer_head(s, h)));
                jw_evidence(&w, tenor_scorer_head(s, h), &pr->heads[h]);
            }
            jw_raw(&w, "}", 1);
        }
        jw_raw(&w, "}", 1);
    }
    jw_lit(&w, "],\"summary\":{\"paragraphs\":");
    jw_size(&w, r->nparagraphs);
    jw_lit(&w, ",\"scored\":");
    jw_size(&w, r->scored);
    for (size_t h = 0; h < H; h++) {
        const tenor_bundle *b = tenor_scorer_head(s, h);
        const tenor_head_summary *hs = &r->summary[h];
        const head_keys *k = h < KEYS_HEADS ? &keys[h] : NULL;
        jw_raw(&w, ",", 1);
        jw_name(&w, k, b, tenor_bundle_nlabels(b));
        jw_lit(&w, ":{\"label\":");
        r->scored ? jw_name(&w, k, b, hs->top) : jw_lit(&w, "null");
        jw_lit(&w, ",\"scores\":");
        jw_scores(&w, k, b, hs->scores);
        if (hs->has_tone) {
            jw_lit(&w, ",\"index\":"); /* null as the label is: 0 would read as balanced */
            r->scored ? jw_num(&w, hs->tone_index) : jw_lit(&w, "null");
            jw_tone(&w, s, hs);
        }
        jw_raw(&w, "}", 1);
    }
    jw_lit(&w, "}}");
    return w.rc;
}

/* ---- tables ----------------------------------------------------------- */

/* Appends at most `cols` code points of s, padded with spaces to exactly `cols`; a
 * cut is marked with an ellipsis. */
/* Appends (s, n) with every control character (C0, DEL, C1) shown as a space: ids and
 * titles come from the input as they are, and an escape sequence in one must not reach
 * the terminal. */
static int put_visible(tenor_buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool c1 = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                  (unsigned char)s[i + 1] <= 0x9F;
        if (c >= 0x20 && c != 0x7F && !c1)
            continue;
        int rc = tenor_buf_append(out, s + run, i - run);
        if (!rc)
            rc = tenor_buf_putc(out, ' ');
        if (rc)
            return rc;
        i += c1; /* both bytes of a C1 control become one space */
        run = i + 1;
    }
    return tenor_buf_append(out, s + run, n - run);
}

/* The terminal columns of s, and in *cut the bytes of its longest prefix that fits in
 * `fit` columns and in *cut_cols their columns (wide CJK and emoji take 2). */
static size_t columns(const char *s, size_t len, size_t fit, size_t *cut, size_t *cut_cols)
{
    size_t total = 0, n;
    *cut = len;
    *cut_cols = 0;
    for (size_t i = 0; i < len; i += n) {
        size_t w = tenor_text_columns(s, len, i, &n);
        if (total + w > fit && *cut == len) {
            *cut = i;
            *cut_cols = total;
        }
        total += w;
    }
    if (*cut == len)
        *cut_cols = total;
    return total;
}

/* Appends s in exactly `cols` terminal columns: padded, or cut with an ellipsis. */
static int put_cell(tenor_buf *out, const char *s, size_t cols)
{
    size_t len = strlen(s), cut, cut_cols;
    size_t w = columns(s, len, cols - 1, &cut, &cut_cols);
    int rc;
    if (w > cols) {
        rc = put_visible(out, s, cut);
        for (; !rc && cut_cols < cols - 1; cut_cols++) /* a wide character did not fit */
            rc = tenor_buf_putc(out, ' ');
        return rc ? rc : tenor_buf_append(out, "\xE2\x80\xA6", 3); /* an ellipsis */
    }
    rc = put_visible(out, s, len);
    for (; !rc && w < cols; w++)
        rc = tenor_buf_putc(out, ' ');
    return rc;
}

/* Appends s cut to at most `cols` terminal columns (an ellipsis marks a cut); no padding. */
static int put_trunc(tenor_buf *out, const char *s, size_t cols)
{
    size_t len = strlen(s), cut, cut_cols;
    return columns(s, len, cols, &cut, &cut_cols) <= cols ? put_visible(out, s, len)
                                                          : put_cell(out, s, cols);
}

/* put_trunc, then a newline. */
static int put_line(tenor_buf *out, const char *line, size_t cols)
{
    int rc = put_trunc(out, line, cols);
    return rc ? rc : tenor_buf_putc(out, '\n');
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

#define HEAD_COLS 18
#define SUMMARY_LABELS 3 /* labels shown per head in the summary */

/* Indices of the k largest of v[0..n), largest first, into idx; returns how many. */
static size_t top_k(const double *v, size_t n, size_t *idx, size_t k)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = m < k ? m++ : k;
        if (j == k) {
            if (v[i] <= v[idx[k - 1]])
                continue;
            j = k - 1;
        }
        while (j > 0 && v[idx[j - 1]] < v[i]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    return m;
}

/* Whether context changed the label shown for hr (alone the paragraph reads otherwise):
 * marked '^' in the table. */
static bool context_changed(const tenor_head_result *hr)
{
    return hr->alone && hr->alone_top != hr->top;
}

static int summary_text(tenor_buf *out, const tenor_scorer *s, const tenor_article_result *r,
                        size_t width, const char *bold, const char *reset)
{
    size_t H = tenor_scorer_nheads(s), bp = r->nparagraphs - r->scored, changed = 0;
    for (size_t p = 0; p < r->nparagraphs; p++)
        for (size_t h = 0; h < H; h++)
            changed += context_changed(&r->paragraphs[p].heads[h]);
    tenor_buf line = TENOR_BUF_INIT;
    int rc = tenor_buf_printf(&line, "%zu paragraph%s, %zu scored", r->nparagraphs,
                              r->nparagraphs == 1 ? "" : "s", r->scored);
    if (!rc && bp)
        rc = tenor_buf_printf(&line, ", %zu boilerplate (*) left out", bp);
    if (!rc && changed)
        rc = tenor_buf_printf(&line, ", %zu label%s changed by context (^)", changed,
                              changed == 1 ? "" : "s");
    if (!rc)
        rc = tenor_buf_printf(out, "%ssummary%s: ", bold, reset);
    if (!rc) /* "summary: " takes 9 columns */
        rc = put_line(out, line.data, width - 9);
    for (size_t h = 0; !rc && h < H && r->scored; h++) {
        const tenor_bundle *b = tenor_scorer_head(s, h);
        const tenor_head_summary *hs = &r->summary[h];
        size_t idx[SUMMARY_LABELS];
        size_t k = top_k(hs->scores, tenor_bundle_nlabels(b), idx, SUMMARY_LABELS);
        tenor_buf_clear(&line);
        rc = tenor_buf_printf(&line, "  %-10.10s", tenor_bundle_name(b));
        for (size_t i = 0; !rc && i < k; i++)
            rc = tenor_buf_printf(&line, "%s%s %.2f", i ? "   " : "",
                                  tenor_bundle_label(b, idx[i]), hs->scores[idx[i]]);
        if (!rc && hs->has_tone)
            rc = tenor_buf_printf(&line, "   index %+.2f", hs->tone_index);
        if (!rc)
            rc = put_line(out, line.data, width);
        if (rc || !hs->has_tone)
            continue;
        tenor_buf_clear(&line);
        rc = tenor_buf_printf(&line, "  %-10sparagraphs cooperative %.0f%%, tense %.0f%%, "
                              "neither %.0f%%", "", 100.0 * hs->cooperative_share,
                              100.0 * hs->tense_share, 100.0 * hs->neither_share);
        if (!rc)
            rc = put_line(out, line.data, width);
        tenor_buf_clear(&line);
        if (!rc)
            rc = tenor_buf_printf(&line, "  %-10smost cooperative #%zu, most tense #%zu", "",
                                  hs->most_cooperative + 1, hs->most_tense + 1);
        if (!rc)
            rc = put_line(out, line.data, width);
        size_t T = tenor_scorer_topic_head(s);
        if (rc || T == SIZE_MAX || !hs->by_topic)
            continue;
        const tenor_bundle *tb = tenor_scorer_head(s, T);
        tenor_buf_clear(&line);
        rc = tenor_buf_printf(&line, "  %-10sby %s:", "", tenor_bundle_name(tb));
        for (size_t l = 0, n = 0; !rc && l < tenor_bundle_nlabels(tb); l++)
            if (hs->by_topic[l].paragraphs)
                rc = tenor_buf_printf(&line, "%s %s %+.2f (%zu)", n++ ? "," : "",
                                      tenor_bundle_label(tb, l), hs->by_topic[l].index,
                                      hs->by_topic[l].paragraphs);
        if (!rc)
            rc = put_line(out, line.data, width);
    }
    tenor_buf_free(&line);
    return rc;
}

/* With --explain: under a paragraph's row, one line per head, "section: minister 0.31,
 * governments 0.12", naming the label when context changed it (evidence explains the
 * paragraph alone). */
static int evidence_text(tenor_buf *out, const tenor_scorer *s, const tenor_paragraph_result *pr,
                         size_t indent, size_t width, const char *dim, const char *reset)
{
    tenor_buf line = TENOR_BUF_INIT;
    int rc = 0;
    for (size_t h = 0; !rc && h < tenor_scorer_nheads(s); h++) {
        const tenor_head_result *hr = &pr->heads[h];
        if (!hr->nevidence)
            continue;
        const tenor_bundle *b = tenor_scorer_head(s, h);
        tenor_buf_clear(&line);
        rc = tenor_buf_printf(&line, "%*s%s", (int)indent, "", tenor_bundle_name(b));
        if (!rc && hr->alone_top != hr->top)
            rc = tenor_buf_printf(&line, " (%s alone)", tenor_bundle_label(b, hr->alone_top));
        for (size_t k = 0; !rc && k < hr->nevidence; k++)
            rc = tenor_buf_printf(&line, "%s %s %.2f", k ? "," : ":", hr->evidence[k].term,
                                  hr->evidence[k].weight);
        if (!rc)
            rc = tenor_buf_printf(out, "%s", dim);
        if (!rc)
            rc = put_trunc(out, line.data, width);
        if (!rc)
            rc = tenor_buf_printf(out, "%s\n", *dim ? reset : "");
    }
    tenor_buf_free(&line);
    return rc;
}

int tenor_report_text(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                      const tenor_article_result *r, size_t width, bool color)
{
    size_t H = tenor_scorer_nheads(s);
    if (width < 60)
        width = 60;
    if (width > 100)
        width = 100;
    int iw = 3; /* index digits */
    for (size_t n = r->nparagraphs; n >= 1000; n /= 10)
        iw++;
    size_t fixed = (size_t)iw + 2 + H * (HEAD_COLS + 1);
    /* A snippet of 16 or more: three bundles then fit a terminal of 80 columns. */
    size_t text_cols = width > fixed + 16 ? width - fixed : 16;
    const char *bold = color ? "\x1b[1m" : "", *reset = color ? "\x1b[0m" : "";
    const char *dim = color ? "\x1b[2m" : "";
    tenor_buf line = TENOR_BUF_INIT;
    int rc = tenor_buf_printf(&line, "%s%s%s", a->id ? a->id : "(no id)",
                              a->title ? " - " : "", a->title ? a->title : "");
    if (!rc)
        rc = tenor_buf_append(out, bold, strlen(bold));
    if (!rc)
        rc = put_trunc(out, line.data, width);
    tenor_buf_free(&line);
    if (!rc)
        rc = tenor_buf_printf(out, "%s\n%s%*s  ", reset, bold, iw, "#");
    if (!rc)
        rc = put_cell(out, "paragraph", text_cols);
    for (size_t h = 0; !rc && h < H; h++) {
        rc = tenor_buf_putc(out, ' ');
        if (!rc)
            rc = put_cell(out, tenor_bundle_name(tenor_scorer_head(s, h)), HEAD_COLS);
    }
    if (!rc)
        rc = tenor_buf_printf(out, "%s\n", reset);
    char score[16];
    for (size_t p = 0; !rc && p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        const char *row = pr->boilerplate ? dim : "";
        rc = tenor_buf_printf(out, "%s%*zu%c ", row, iw, p + 1, pr->boilerplate ? '*' : ' ');
        if (!rc)
            rc = put_cell(out, a->paragraphs.items[p], text_cols);
        for (size_t h = 0; !rc && h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            const tenor_head_result *hr = &pr->heads[h];
            /* A multi-label head may select nothing (a neutral paragraph for tone): its
             * top label is then shown in parentheses and without colour. */
            bool chosen = hr->selected[hr->top];
            const char *c = pr->boilerplate || !chosen ? "" : tone_color(b, hr->top, color);
            char label[HEAD_COLS + 8];
            snprintf(label, sizeof label, chosen ? "%s%s" : "(%s)%s",
                     tenor_bundle_label(b, hr->top), context_changed(hr) ? "^" : "");
            rc = tenor_buf_printf(out, " %s", c);
            if (!rc)
                rc = put_cell(out, label, HEAD_COLS - 5);
            tenor_snprintf_c(score, sizeof score, " %.2f", hr->probs[hr->top]);
            if (!rc)
                rc = put_cell(out, score, 5);
            if (!rc && *c)
                rc = tenor_buf_printf(out, "%s%s", reset, row);
        }
        if (!rc)
            rc = tenor_buf_printf(out, "%s\n", *row ? reset : "");
        if (!rc)
            rc = evidence_text(out, s, pr, (size_t)iw + 2, width, dim, reset);
    }
    if (!rc)
        rc = summary_text(out, s, r, width, bold, reset);
    return rc;
}

/* ---- HTML ------------------------------------------------------------- */

/* Appends s with & < > " ' escaped, so article text can never become markup. */
static int put_html(tenor_buf *out, const char *s)
{
    int rc = 0;
    for (const char *p = s; !rc && *p;) {
        size_t run = strcspn(p, "&<>\"'");
        rc = tenor_buf_append(out, p, run);
        p += run;
        if (rc || !*p)
            break;
        const char *e = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
                        : *p == '"' ? "&quot;" : "&#39;";
        rc = tenor_buf_append(out, e, strlen(e));
        p++;
    }
    return rc;
}

static const char html_style[] =
    ":root{--coop:#1a7f4b;--tense:#c0392b;--ink:#1d2330;--muted:#6b7280;--line:#e5e7eb;"
    "--bg:#f6f7f9}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font:15px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}"
    "main{max-width:920px;margin:0 auto;padding:28px 20px 48px}"
    "article.doc{background:#fff;border:1px solid var(--line);border-radius:12px;"
    "padding:24px 28px;margin-bottom:28px;box-shadow:0 1px 3px rgba(0,0,0,.05)}"
    "h1{font-size:22px;line-height:1.3;margin:0 0 4px;overflow-wrap:anywhere}"
    "h2{font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);"
    "margin:0 0 10px;font-weight:600}"
    ".meta{color:var(--muted);font-size:13px;margin:0 0 18px;overflow-wrap:anywhere}"
    ".summary{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-bottom:22px}"
    ".card{border:1px solid var(--line);border-radius:10px;padding:14px 16px}"
    ".bars{display:grid;grid-template-columns:fit-content(40%) 1fr 3.2em;gap:5px 10px;"
    "align-items:center;font-size:13px}"
    ".bar{height:10px;background:#eef0f3;border-radius:5px;overflow:hidden}"
    ".bar span{display:block;height:100%;background:#4f6bed;border-radius:5px}"
    ".num{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}"
    ".gauge{position:relative;height:12px;border-radius:6px;margin:6px 0 4px;"
    "background:linear-gradient(90deg,var(--tense),#e8e8e8 50%,var(--coop))}"
    ".gauge i{position:absolute;top:-4px;width:4px;height:20px;margin-left:-2px;"
    "background:var(--ink);border-radius:2px}"
    ".ends{display:flex;justify-content:space-between;font-size:11px;color:var(--muted)}"
    ".big{font-size:26px;font-weight:650;font-variant-numeric:tabular-nums}"
    ".coopc{color:var(--coop)}.tensec{color:var(--tense)}"
    ".small{font-size:13px;color:var(--muted);margin:6px 0 0}"
    ".topics{display:grid;grid-template-columns:fit-content(40%) 1fr 3.2em;gap:4px 10px;"
    "align-items:center;font-size:13px;margin-top:10px}"
    ".mini{position:relative;height:8px;background:#eef0f3;border-radius:4px}"
    ".mini span{position:absolute;top:0;height:100%;border-radius:4px}"
    ".mini:after{content:'';position:absolute;left:50%;top:-2px;height:12px;width:1px;"
    "background:#9ca3af}"
    "ol.paras{list-style:none;margin:0;padding:0}"
    ".para{border-left:4px solid #d1d5db;border-radius:6px;padding:10px 14px;margin:0 0 10px}"
    ".para p{margin:0 0 6px;overflow-wrap:anywhere}"
    /* a word or label longer than the page (a URL, a pasted hash) wraps, not overflows */
    ".bars>span,.topics>span,.tag{overflow-wrap:anywhere;min-width:0}"
    ".tags{display:flex;flex-wrap:wrap;gap:6px;font-size:12px;color:var(--muted)}"
    ".tag{background:rgba(255,255,255,.75);border:1px solid var(--line);border-radius:999px;"
    "padding:1px 9px}"
    ".tag b{color:var(--ink);font-weight:600}.tag b.coopc{color:var(--coop)}"
    ".tag b.tensec{color:var(--tense)}"
    ".n{font-variant-numeric:tabular-nums;color:var(--muted);font-size:12px;margin-right:4px}"
    ".bp{background:#f3f4f6;border-left:4px dashed #9ca3af;color:#6b7280}"
    ".bp p{text-decoration:line-through;text-decoration-color:#c4c7cc}"
    ".bptag{background:#6b7280;color:#fff;border-radius:999px;padding:1px 9px}"
    ".ev{font-size:12px;color:var(--muted);margin-top:4px}"
    "a{color:inherit}"
    "@media (max-width:700px){.summary{grid-template-columns:1fr}}";

int tenor_report_html_begin(tenor_buf *out, const char *title)
{
    int rc = tenor_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                              "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                              "content=\"width=device-width, initial-scale=1\">\n<title>");
    if (!rc)
        rc = put_html(out, title ? title : "tenor");
    if (!rc)
        rc = tenor_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n",
                              html_style);
    return rc;
}

int tenor_report_html_end(tenor_buf *out)
{
    return tenor_buf_printf(out, "</main>\n</body>\n</html>\n");
}

/* Background of a paragraph with tone t = P(coop) - P(tense) in [-1, 1]. */
static int put_tint(tenor_buf *out, double t)
{
    double a = 0.06 + 0.22 * fabs(t);
    return t >= 0 ? tenor_buf_printf(out, "background:rgba(26,127,75,%.3f);"
                                          "border-left-color:rgba(26,127,75,%.2f)", a,
                                     0.35 + 0.65 * t)
                  : tenor_buf_printf(out, "background:rgba(192,57,43,%.3f);"
                                          "border-left-color:rgba(192,57,43,%.2f)", a,
                                     0.35 - 0.65 * t);
}

/* A small bar from the centre for a tone index. */
static int put_mini(tenor_buf *out, double t)
{
    double w = 50.0 * fabs(t);
    return tenor_buf_printf(out, "<div class=\"mini\"><span style=\"%s:50%%;width:%.1f%%;"
                                 "background:var(--%s)\"></span></div>",
                            t >= 0 ? "left" : "right", w, t >= 0 ? "coop" : "tense");
}

static int html_summary(tenor_buf *out, const tenor_scorer *s, const tenor_article_result *r,
                        size_t number)
{
    size_t T = tenor_scorer_topic_head(s), K = tenor_scorer_tone_head(s);
    int rc = tenor_buf_printf(out, "<section class=\"summary\">\n");
    if (!rc && T != SIZE_MAX) {
        const tenor_bundle *tb = tenor_scorer_head(s, T);
        const tenor_head_summary *hs = &r->summary[T];
        size_t idx[6];
        size_t k = top_k(hs->scores, tenor_bundle_nlabels(tb), idx, 6);
        /* Mean probabilities: a multi-label head's need not sum to 100%. */
        rc = tenor_buf_printf(out, "<div class=\"card\"><h2>Topics, mean probability (");
        if (!rc)
            rc = put_html(out, tenor_bundle_name(tb));
        if (!rc)
            rc = tenor_buf_printf(out, ")</h2><div class=\"bars\">");
        for (size_t i = 0; !rc && i < k && r->scored; i++) {
            double v = hs->scores[idx[i]];
            rc = tenor_buf_printf(out, "<span>");
            if (!rc)
                rc = put_html(out, tenor_bundle_label(tb, idx[i]));
            if (!rc)
                rc = tenor_buf_printf(out, "</span><div class=\"bar\"><span style=\"width:"
                                           "%.1f%%\"></span></div><span class=\"num\">"
                                           "%.0f%%</span>", 100.0 * v, 100.0 * v);
        }
        if (!rc && !r->scored)
            rc = tenor_buf_printf(out, "<span>no paragraph scored</span>");
        if (!rc)
            rc = tenor_buf_printf(out, "</div></div>\n");
    }
    if (!rc && K != SIZE_MAX) {
        const tenor_head_summary *hs = &r->summary[K];
        double t = hs->tone_index;
        rc = tenor_buf_printf(out, "<div class=\"card\"><h2>Tone index</h2>"
                                   "<div class=\"big %s\">%+.2f</div>"
                                   "<div class=\"gauge\"><i style=\"left:%.1f%%\"></i></div>"
                                   "<div class=\"ends\"><span>tense &minus;1</span>"
                                   "<span>0</span><span>+1 cooperative</span></div>"
                                   "<p class=\"small\">cooperative %.0f%% &middot; tense %.0f%%"
                                   " &middot; neither %.0f%% of paragraphs",
                              t > 0.05 ? "coopc" : t < -0.05 ? "tensec" : "", t,
                              50.0 * (t + 1.0), 100.0 * hs->cooperative_share,
                              100.0 * hs->tense_share, 100.0 * hs->neither_share);
        if (!rc && hs->most_cooperative != SIZE_MAX)
            rc = tenor_buf_printf(out, "<br>most cooperative <a href=\"#a%zu-p%zu\">"
                                       "&para;%zu</a> &middot; most tense "
                                       "<a href=\"#a%zu-p%zu\">&para;%zu</a>",
                                  number, hs->most_cooperative + 1, hs->most_cooperative + 1,
                                  number, hs->most_tense + 1, hs->most_tense + 1);
        if (!rc)
            rc = tenor_buf_printf(out, "</p>");
        if (!rc && T != SIZE_MAX && hs->by_topic) {
            const tenor_bundle *tb = tenor_scorer_head(s, T);
            bool any = false;
            for (size_t l = 0; l < tenor_bundle_nlabels(tb); l++)
                any = any || hs->by_topic[l].paragraphs;
            if (any) {
                rc = tenor_buf_printf(out, "<div class=\"topics\">");
                for (size_t l = 0; !rc && l < tenor_bundle_nlabels(tb); l++) {
                    if (!hs->by_topic[l].paragraphs)
                        continue;
                    rc = tenor_buf_printf(out, "<span>");
                    if (!rc)
                        rc = put_html(out, tenor_bundle_label(tb, l));
                    if (!rc)
                        rc = tenor_buf_printf(out, " <span class=\"num\">(%zu)</span></span>",
                                              hs->by_topic[l].paragraphs);
                    if (!rc)
                        rc = put_mini(out, hs->by_topic[l].index);
                    if (!rc)
                        rc = tenor_buf_printf(out, "<span class=\"num\">%+.2f</span>",
                                              hs->by_topic[l].index);
                }
                if (!rc)
                    rc = tenor_buf_printf(out, "</div>");
            }
        }
        if (!rc)
            rc = tenor_buf_printf(out, "</div>\n");
    }
    if (!rc)
        rc = tenor_buf_printf(out, "</section>\n");
    return rc;
}

int tenor_report_html_article(tenor_buf *out, const tenor_scorer *s, const tenor_article *a,
                              const tenor_article_result *r, size_t number)
{
    size_t H = tenor_scorer_nheads(s), K = tenor_scorer_tone_head(s);
    int rc = tenor_buf_printf(out, "<article class=\"doc\" id=\"a%zu\">\n<h1>", number);
    if (!rc)
        rc = put_html(out, a->title ? a->title : a->id ? a->id : "article");
    if (!rc)
        rc = tenor_buf_printf(out, "</h1>\n<p class=\"meta\">");
    if (!rc && a->id && a->title) {
        rc = put_html(out, a->id);
        if (!rc)
            rc = tenor_buf_printf(out, " &middot; ");
    }
    if (!rc)
        rc = tenor_buf_printf(out, "%zu paragraph%s &middot; %zu scored &middot; %zu "
                                   "boilerplate", r->nparagraphs,
                              r->nparagraphs == 1 ? "" : "s", r->scored,
                              r->nparagraphs - r->scored);
    for (size_t h = 0; !rc && h < H && r->scored; h++) {
        const tenor_bundle *b = tenor_scorer_head(s, h);
        rc = tenor_buf_printf(out, " &middot; ");
        if (!rc)
            rc = put_html(out, tenor_bundle_name(b));
        if (!rc)
            rc = tenor_buf_printf(out, " <b>");
        if (!rc)
            rc = put_html(out, tenor_bundle_label(b, r->summary[h].top));
        if (!rc)
            rc = tenor_buf_printf(out, "</b>");
    }
    if (!rc)
        rc = tenor_buf_printf(out, "</p>\n");
    if (!rc)
        rc = html_summary(out, s, r, number);
    if (!rc)
        rc = tenor_buf_printf(out, "<ol class=\"paras\">\n");
    for (size_t p = 0; !rc && p < r->nparagraphs; p++) {
        const tenor_paragraph_result *pr = &r->paragraphs[p];
        rc = tenor_buf_printf(out, "<li id=\"a%zu-p%zu\" class=\"para%s\"", number, p + 1,
                              pr->boilerplate ? " bp" : "");
        if (!rc && !pr->boilerplate && K != SIZE_MAX) {
            const tenor_bundle *kb = tenor_scorer_head(s, K);
            double t = 0.0;
            for (size_t l = 0; l < tenor_bundle_nlabels(kb); l++) {
                if (strcmp(tenor_bundle_label(kb, l), "cooperative") == 0)
                    t += pr->heads[K].probs[l];
                else if (strcmp(tenor_bundle_label(kb, l), "tense") == 0)
                    t -= pr->heads[K].probs[l];
            }
            rc = tenor_buf_printf(out, " style=\"");
            if (!rc)
                rc = put_tint(out, t);
            if (!rc)
                rc = tenor_buf_putc(out, '"');
        }
        if (!rc)
            rc = tenor_buf_printf(out, "><p><span class=\"n\">%zu</span>", p + 1);
        if (!rc)
            rc = put_html(out, a->paragraphs.items[p]);
        if (!rc)
            rc = tenor_buf_printf(out, "</p><div class=\"tags\">");
        if (!rc && pr->boilerplate)
            rc = tenor_buf_printf(out, "<span class=\"bptag\">boilerplate: %s</span>",
                                  tenor_boilerplate_kind_name(pr->boilerplate_kind));
        for (size_t h = 0; !rc && h < H; h++) {
            const tenor_bundle *b = tenor_scorer_head(s, h);
            const tenor_head_result *hr = &pr->heads[h];
            rc = tenor_buf_printf(out, "<span class=\"tag\">");
            if (!rc)
                rc = put_html(out, tenor_bundle_name(b));
            const char *label = tenor_bundle_label(b, hr->top);
            bool chosen = hr->selected[hr->top]; /* else: no label over its threshold */
            if (!rc)
                rc = tenor_buf_printf(out, " <b class=\"%s\">%s",
                                      !chosen                         ? ""
                                      : strcmp(label, "cooperative") == 0 ? "coopc"
                                      : strcmp(label, "tense") == 0   ? "tensec" : "",
                                      chosen ? "" : "(");
            if (!rc)
                rc = put_html(out, label);
            if (!rc)
                rc = tenor_buf_printf(out, "%s</b> %.2f", chosen ? "" : ")", hr->probs[hr->top]);
            if (!rc && context_changed(hr)) { /* the page has room to say what alone reads */
                rc = tenor_buf_printf(out, " <i>(alone: ");
                if (!rc)
                    rc = put_html(out, tenor_bundle_label(b, hr->alone_top));
                if (!rc)
                    rc = tenor_buf_printf(out, " %.2f)</i>", hr->alone[hr->alone_top]);
            }
            if (!rc)
                rc = tenor_buf_printf(out, "</span>");
        }
        if (!rc)
            rc = tenor_buf_printf(out, "</div>");
        for (size_t h = 0; !rc && h < H; h++) {
            const tenor_head_result *hr = &pr->heads[h];
            if (!hr->nevidence)
                continue;
            rc = tenor_buf_printf(out, "<div class=\"ev\">");
            const tenor_bundle *b = tenor_scorer_head(s, h);
            if (!rc)
                rc = put_html(out, tenor_bundle_name(b));
            /* Evidence is for the paragraph's own top label, which context may change. */
            if (!rc && hr->alone_top != hr->top) {
                rc = tenor_buf_printf(out, " evidence for ");
                if (!rc)
                    rc = put_html(out, tenor_bundle_label(b, hr->alone_top));
                if (!rc)
                    rc = tenor_buf_printf(out, " (the paragraph alone): ");
            } else if (!rc) {
                rc = tenor_buf_printf(out, " evidence: ");
            }
            for (size_t k = 0; !rc && k < hr->nevidence; k++) {
                rc = tenor_buf_printf(out, "%s<b>", k ? ", " : "");
                if (!rc)
                    rc = put_html(out, hr->evidence[k].term);
                if (!rc)
                    rc = tenor_buf_printf(out, "</b> %.2f", hr->evidence[k].weight);
            }
            if (!rc)
                rc = tenor_buf_printf(out, "</div>");
        }
        if (!rc)
            rc = tenor_buf_printf(out, "</li>\n");
    }
    if (!rc)
        rc = tenor_buf_printf(out, "</ol>\n</article>\n");
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
    bool ok = true; /* every addition checked: metrics that lost a field are not written */
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return TENOR_ENOMEM;
    TENOR_JSON_ADD(ok, cJSON_AddNumberToObject(root, "n", (double)tenor_metrics_count(m)));
    TENOR_JSON_ADD(ok, cJSON_AddItemToObject(root, "accuracy",
                                             number_or_null(tenor_metrics_accuracy(m))));
    TENOR_JSON_ADD(ok, cJSON_AddItemToObject(root, "micro_f1",
                                             number_or_null(tenor_metrics_micro_f1(m))));
    TENOR_JSON_ADD(ok, cJSON_AddItemToObject(root, "macro_f1",
                                             number_or_null(tenor_metrics_macro_f1(m))));
    cJSON *labels = cJSON_AddObjectToObject(root, "labels");
    TENOR_JSON_ADD(ok, labels);
    for (size_t l = 0; ok && l < L; l++) {
        tenor_label_metrics lm = tenor_metrics_label(m, l);
        cJSON *o = cJSON_CreateObject();
        TENOR_JSON_ADD(ok, o);
        TENOR_JSON_ADD(ok, cJSON_AddItemToObject(o, "precision", number_or_null(lm.precision)));
        TENOR_JSON_ADD(ok, cJSON_AddItemToObject(o, "recall", number_or_null(lm.recall)));
        TENOR_JSON_ADD(ok, cJSON_AddItemToObject(o, "f1", number_or_null(lm.f1)));
        TENOR_JSON_ADD(ok, cJSON_AddNumberToObject(o, "support", (double)lm.support));
        if (!TENOR_JSON_ADD(ok, cJSON_AddItemToObject(labels, names[l], o)))
            cJSON_Delete(o);
    }
    /* Rows are gold labels, columns predictions; "(none)" is an empty label set. */
    cJSON *conf = cJSON_AddObjectToObject(root, "confusion");
    TENOR_JSON_ADD(ok, conf);
    for (size_t g = 0; ok && g <= L; g++) {
        cJSON *row = cJSON_CreateObject();
        TENOR_JSON_ADD(ok, row);
        for (size_t p = 0; ok && p <= L; p++) {
            size_t c = tenor_metrics_confusion(m, g, p);
            if (c)
                TENOR_JSON_ADD(ok, cJSON_AddNumberToObject(row, p < L ? names[p] : "(none)",
                                                           (double)c));
        }
        const char *gold = g < L ? names[g] : "(none)";
        bool keep = ok && row->child; /* rows with no count are left out */
        if (!keep || !TENOR_JSON_ADD(ok, cJSON_AddItemToObject(conf, gold, row)))
            cJSON_Delete(row);
    }
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
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
