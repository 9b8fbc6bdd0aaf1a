/* article.c - plain text, JSON and JSONL readers for articles (see article.h).
 *
 * Bytes are checked (and repaired) as UTF-8 before cJSON sees them, because cJSON
 * passes invalid bytes through untouched. The usual JSONL line is read by hand, the
 * same way, and cJSON reads the rest (see "the usual JSONL line"). */
#include "tenor/article.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/buf.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "util/c_numbers.h"
#include "util/json.h"
#include "util/simd.h"
#include "text_internal.h"

/* Whether paragraph text s lies in a's store (and is not owned on its own). */
static bool in_store(const tenor_article *a, const char *s)
{
    return a->store.data && (uintptr_t)s - (uintptr_t)a->store.data < a->store.cap;
}

/* Empties a but keeps its paragraph list and store for the next line, unless the store
 * grew past this (a huge line's). */
#define STORE_KEEP ((size_t)1 << 20)

static void article_reset(tenor_article *a)
{
    free(a->id);
    free(a->title);
    a->id = a->title = NULL;
    for (size_t i = 0; i < a->paragraphs.n; i++)
        if (!in_store(a, a->paragraphs.items[i]))
            free(a->paragraphs.items[i]);
    a->paragraphs.n = 0;
    if (a->store.cap > STORE_KEEP)
        tenor_buf_free(&a->store);
    tenor_buf_clear(&a->store);
}

size_t tenor_article_paragraph_len(const tenor_article *a, size_t i)
{
    const char *s = a->paragraphs.items[i];
    if (in_store(a, s)) {
        /* The next paragraph starts after this one's NUL: the next item, if it is in the
         * store too, else the store's end (lr_paragraph). */
        const char *next = i + 1 < a->paragraphs.n ? a->paragraphs.items[i + 1] : NULL;
        if (!next || !in_store(a, next))
            next = a->store.data + a->store.len;
        size_t len = (size_t)(next - s) - 1;
        if (next > s && s[len] == '\0') /* no NUL inside: the reader refuses them */
            return len;
    }
    return strlen(s);
}

void tenor_article_free(tenor_article *a)
{
    article_reset(a);
    tenor_strlist_free(&a->paragraphs); /* empty: only the list itself */
    tenor_buf_free(&a->store);
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    if (i == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && tenor_ascii_space((unsigned char)s[i]))
        i++;
    return i;
}

/* Whether byte c can begin a JSON value. */
static bool starts_value(char c)
{
    return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') ||
           c == 't' || c == 'f' || c == 'n';
}

/* Whether the first line (s, len), which opens an object and is followed by (rest,
 * rest_len), could begin a JSON value written over several lines: such a line never
 * ends inside a string (JSON strings hold no raw line break), never closes the value
 * it opens, and the next line's first byte is one JSON allows there. So a record cut
 * between tokens ({"id": "a" or {"id": "a",) and followed by the next record ({...})
 * is a broken JSONL line, not the start of a document. With no next line, a line
 * that needs more ({ [ , :) is taken for a document's start. */
static bool opens_multi_line_json(const char *s, size_t len, const char *rest, size_t rest_len)
{
    enum { MAX_DEPTH = 64 };
    bool in_array[MAX_DEPTH]; /* the open containers, innermost last */
    size_t depth = 0;
    bool in_string = false;
    char last = 0; /* the last byte outside strings that is no white space */
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH)
                return true; /* deeper than articles go: left to the JSON parser */
            in_array[depth++] = c == '[';
        } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
            return false;
        }
        if (!tenor_ascii_space((unsigned char)c))
            last = c;
    }
    if (in_string || depth == 0)
        return false;
    size_t i = skip_space(rest, rest_len, 0);
    if (i == rest_len)
        return last == '{' || last == '[' || last == ',' || last == ':';
    char next = rest[i];
    bool array = in_array[depth - 1];
    switch (last) {
    case '{': return next == '"' || next == '}';
    case '[': return starts_value(next) || next == ']';
    case ',': return array ? starts_value(next) : next == '"';
    case ':': return starts_value(next);
    default: /* a complete value, or a key */
        return next == ',' || next == (array ? ']' : '}') || (!array && next == ':');
    }
}

tenor_input_format tenor_input_detect(const char *data, size_t len)
{
    size_t i = skip_space(data, len, 0);
    if (i == len || (data[i] != '{' && data[i] != '['))
        return TENOR_INPUT_TEXT;
    if (data[i] == '[')
        return TENOR_INPUT_JSON;
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len;
    cJSON *first = cJSON_ParseWithLength(data + i, end - i);
    bool whole = first != NULL;
    cJSON_Delete(first);
    /* A first line that is no whole value but cannot start a multi-line one is a broken
     * JSONL record: read as JSONL, it costs only itself. */
    return whole || !opens_multi_line_json(data + i, end - i, data + end, len - end)
               ? TENOR_INPUT_JSONL
               : TENOR_INPUT_JSON;
}

/* Valid UTF-8 for (s, len): s itself, or a repaired copy in *owned. */
static int ensure_utf8(const char **s, size_t *len, char **owned, long long base,
                       tenor_repairs *r)
{
    size_t bad;
    *owned = NULL;
    if (tenor_utf8_check(*s, *len, &bad) == 0)
        return 0;
    size_t nbad = 0, nlen = 0;
    if (tenor_utf8_repair(owned, &nlen, *s, *len, &nbad))
        return TENOR_ENOMEM;
    if (r) {
        if (r->invalid_utf8 == 0)
            r->first_offset = base + (long long)bad;
        r->invalid_utf8 += nbad;
    }
    *s = *owned;
    *len = nlen;
    return 0;
}

/* The longest paragraph classify takes. Featurising costs up to ~16 bytes of memory
 * per byte of paragraph (tokens, n-gram ids), so this bounds one paragraph to about
 * 1 GB; longer "paragraphs" are dumps, not prose (README, "Limits and behaviour"). */
#define PARAGRAPH_MAX ((size_t)64 << 20)

static int check_paragraphs(const tenor_article *a, const char *what, tenor_diag *diag)
{
    for (size_t i = 0; i < a->paragraphs.n; i++)
        if (strlen(a->paragraphs.items[i]) > PARAGRAPH_MAX)
            return tenor_diag_set(diag, TENOR_EFORMAT,
                                  "%s: paragraph %zu is longer than %zu MiB; split it", what,
                                  i + 1, PARAGRAPH_MAX >> 20);
    return 0;
}

static char *dup_str(const char *s)
{
    return tenor_strndup(s, strlen(s));
}

/* The decimal digits of whole v, as "%.0f" writes them ("-0" for -0.0), into the end
 * of num[24]; returns where they start. By hand: most JSONL ids are numbers, and
 * snprintf was a tenth of reading a line. */
static char *whole_digits(char num[24], double v)
{
    long long w = (long long)v;
    unsigned long long a = w < 0 ? 0ull - (unsigned long long)w : (unsigned long long)w;
    num[23] = '\0';
    char *p = tenor_format_u64(num + 23, a);
    if (signbit(v))
        *--p = '-';
    return p;
}

/* The id string of a number id (NULL: out of memory). Whole numbers print as such;
 * others with the 15 digits a double holds. The range check comes first: casting
 * 1e300 to long long is undefined (fuzzing). */
static char *number_id(double v)
{
    char num[64];
    bool whole = v >= -9007199254740992.0 && v <= 9007199254740992.0 &&
                 v == (double)(long long)v;
    if (whole)
        return dup_str(whole_digits(num, v));
    tenor_snprintf_c(num, sizeof num, "%.15g", v);
    return dup_str(num);
}

/* Appends the paragraph (s, len) with its white space tidied. */
static int push_clean(tenor_article *a, const char *s, size_t len)
{
    char *clean = NULL;
    int rc = tenor_text_clean_paragraph(&clean, s, len);
    if (!rc && (rc = tenor_strlist_take(&a->paragraphs, clean)) != 0)
        free(clean);
    return rc;
}

/* Fills *a from a JSON article object; `what` names it in messages. */
static int from_object(tenor_article *a, const cJSON *obj, const char *what,
                       const char *default_id, tenor_diag *diag)
{
    if (!cJSON_IsObject(obj))
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s: an article must be a JSON object", what);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(obj, "title");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
    const cJSON *paras = cJSON_GetObjectItemCaseSensitive(obj, "paragraphs");
    if (cJSON_IsString(id)) {
        a->id = dup_str(id->valuestring);
    } else if (cJSON_IsNumber(id)) {
        a->id = number_id(id->valuedouble);
    } else if (id && !cJSON_IsNull(id)) {
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s: \"id\" must be a string or number",
                              what);
    } else {
        a->id = dup_str(default_id);
    }
    if (!a->id)
        return TENOR_ENOMEM;
    if (cJSON_IsString(title)) {
        if (!(a->title = dup_str(title->valuestring)))
            return TENOR_ENOMEM;
    } else if (title && !cJSON_IsNull(title)) {
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s: \"title\" must be a string", what);
    }
    if (cJSON_IsString(text) && !paras) {
        int rc = tenor_text_split_paragraphs(&a->paragraphs, text->valuestring,
                                             strlen(text->valuestring));
        return rc ? rc : check_paragraphs(a, what, diag);
    }
    if (cJSON_IsArray(paras) && !text) {
        const cJSON *p;
        cJSON_ArrayForEach(p, paras)
        {
            if (!cJSON_IsString(p))
                return tenor_diag_set(diag, TENOR_EFORMAT,
                                      "%s: \"paragraphs\" must hold strings", what);
            /* Kept even when empty (boilerplate "empty"), so that an output paragraph's
             * index is its place in the caller's array. */
            int rc = push_clean(a, p->valuestring, strlen(p->valuestring));
            if (rc)
                return rc;
        }
        return check_paragraphs(a, what, diag);
    }
    return tenor_diag_set(diag, TENOR_EFORMAT,
                          "%s: needs \"text\" (a string) or \"paragraphs\" (an array of "
                          "strings), %s", what,
                          text && paras ? "not both"
                          : text        ? "and its \"text\" is not a string"
                          : paras       ? "and its \"paragraphs\" is not an array"
                                        : "and has neither");
}

/* The numbers of the bad items (articles of an array, lines of JSONL), as ", 3, 7, ..."
 * to the first few: each is named, as a stream names each bad line. */
typedef struct {
    char list[96];
    size_t n;
} bad_items;

static void bad_items_add(bad_items *b, long long number)
{
    size_t used = strlen(b->list);
    if (b->n++ < 8)
        snprintf(b->list + used, sizeof b->list - used, ", %lld", number);
    else if (b->n == 9)
        snprintf(b->list + used, sizeof b->list - used, ", ...");
}

static int json_error(const char *path, const char *data, const char *end, long line,
                      tenor_diag *diag)
{
    long long off = end ? (long long)(end - data) : -1;
    tenor_diag_where(diag, path, line, off);
    if (line > 0)
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s:%ld: malformed JSON at column %lld",
                              path, line, off + 1);
    return tenor_diag_set(diag, TENOR_EFORMAT, "%s: malformed JSON at byte offset %lld", path,
                          off);
}

static int parse_json(const char *path, const char *data, size_t len, tenor_article_fn fn,
                      void *payload, tenor_diag *diag)
{
    size_t start = skip_space(data, len, 0), stop = 0;
    int status;
    cJSON *root = tenor_json_parse(data + start, len - start, &stop, &status);
    size_t i = start + stop;
    if (!root || skip_space(data, len, i) != len) {
        int rc = status == TENOR_ENOMEM
                     ? tenor_diag_set(diag, TENOR_ENOMEM, "%s: out of memory", path)
                     : json_error(path, data, data + i, 0, diag);
        cJSON_Delete(root);
        return rc;
    }
    int rc = 0;
    char what[600], id[600];
    if (cJSON_IsArray(root)) {
        /* A bad article costs only itself, as a bad JSONL line does; the first is named. */
        size_t k = 0;
        bad_items bad = {"", 0};
        tenor_diag first_bad;
        tenor_diag_clear(&first_bad);
        const cJSON *item;
        cJSON_ArrayForEach(item, root)
        {
            k++;
            snprintf(what, sizeof what, "%s: article %zu", path, k);
            snprintf(id, sizeof id, "%s#%zu", path, k);
            tenor_article a = TENOR_ARTICLE_INIT;
            rc = from_object(&a, item, what, id, bad.n ? NULL : &first_bad);
            if (rc == TENOR_EFORMAT) {
                bad_items_add(&bad, (long long)k);
                rc = 0;
            } else if (!rc) {
                rc = fn(&a, payload);
            }
            tenor_article_free(&a);
            if (rc)
                break;
        }
        if (!rc && bad.n == k)
            rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s (skipped; all %zu articles were bad)",
                                first_bad.msg, k);
        else if (!rc && bad.n)
            rc = tenor_diag_set(diag, TENOR_EFORMAT,
                                "%s (skipped; %zu of the %zu articles were bad: %s; the others "
                                "were read)", first_bad.msg, bad.n, k, bad.list + 2);
    } else {
        tenor_article a = TENOR_ARTICLE_INIT;
        rc = from_object(&a, root, path, path, diag);
        if (!rc)
            rc = fn(&a, payload);
        tenor_article_free(&a);
    }
    cJSON_Delete(root);
    if (rc == TENOR_ENOMEM)
        tenor_diag_set(diag, rc, "%s: out of memory", path);
    return rc;
}

/* ---- the usual JSONL line, read without cJSON --------------------------------- */

/* cJSON builds a tree of the whole line, copies each string twice and allocates per
 * paragraph: that was a fifth of classify. This reader takes the usual article line:
 * one object whose values are strings, integers of up to 15 digits, true, false or
 * null, and an array of strings for "paragraphs", each of id, title, text and
 * paragraphs at most once. Any other line, and any that from_object would refuse, is
 * left to cJSON and from_object, which write the messages; so is a line where memory
 * ran out. Where it reads a line it reads it as they do: cJSON's white space (any byte
 * up to 32), its escapes, tenor_json_tame_escapes' two repairs. */
typedef struct {
    const char *s;
    size_t len, i;
    tenor_buf scratch; /* the last string read that had escapes, decoded */
} fast_line;

static void lr_space(fast_line *r)
{
    while (r->i < r->len && (unsigned char)r->s[r->i] <= 32)
        r->i++;
}

/* The value of the 4 hex digits at p (in the line), or -1. */
static long lr_hex4(const fast_line *r, const char *p)
{
    return tenor_json_hex4(p, (size_t)(r->s + r->len - p));
}

/* Decodes the escape whose letter is at *p into u, moving *p past it; returns its
 * length in bytes, 0 if it is malformed. As cJSON with its input tamed: \u0000 reads
 * as a space and a lone surrogate as U+FFFD. */
static size_t lr_escape(const fast_line *r, const char **p, char u[4])
{
    switch (**p) {
    case '"': case '\\': case '/': u[0] = **p; break;
    case 'b': u[0] = '\b'; break;
    case 'f': u[0] = '\f'; break;
    case 'n': u[0] = '\n'; break;
    case 'r': u[0] = '\r'; break;
    case 't': u[0] = '\t'; break;
    default: u[0] = 0; break;
    }
    if (u[0]) {
        (*p)++;
        return 1;
    }
    if (**p != 'u')
        return 0;
    long cp = lr_hex4(r, *p + 1);
    if (cp < 0)
        return 0;
    *p += 5;
    if (cp == 0) {
        cp = ' ';
    } else if (cp >= 0xD800 && cp <= 0xDBFF) {
        long low = r->s + r->len - *p >= 2 && (*p)[0] == '\\' && (*p)[1] == 'u'
                       ? lr_hex4(r, *p + 2) : -1;
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp & 0x3FF) << 10) + (low & 0x3FF);
            *p += 6;
        } else {
            cp = 0xFFFD;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
    }
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (size_t k = n - 1; k > 0; k--, cp >>= 6)
        u[k] = (char)(0x80 | (cp & 0x3F));
    u[0] = (char)(lead[n] | cp);
    return n;
}

/* The first '"', '\\' or NUL byte of [p, end), or end: where a JSON string's run of
 * plain bytes stops, found in one pass rather than one memchr for each. */
static const char *lr_special(const char *p, const char *end)
{
#if TENOR_SSE2
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  nul = _mm_setzero_si128();
    for (; end - p >= 16; p += 16) {
        __m128i x = tenor_load16(p);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                _mm_cmpeq_epi8(x, bslash)),
                                   _mm_cmpeq_epi8(x, nul));
        int m = _mm_movemask_epi8(hit);
        if (m)
            return p + tenor_first_bit(m);
    }
#endif
    while (p < end && *p != '"' && *p != '\\' && *p != '\0')
        p++;
    return p;
}

/* The string at r->i into (*out, *n): the line's own bytes when it has no escape, else
 * r->scratch. False if cJSON would refuse it, or it holds a NUL byte (cJSON's strings
 * end there). */
static bool lr_string(fast_line *r, const char **out, size_t *n)
{
    const char *end = r->s + r->len, *p = r->s + r->i + 1;
    if (r->i >= r->len || p[-1] != '"')
        return false;
    const char *stop = lr_special(p, end);
    if (stop == end || *stop == '\0')
        return false;
    if (*stop == '"') {
        *out = p;
        *n = (size_t)(stop - p);
        r->i = (size_t)(stop + 1 - r->s);
        return true;
    }
    /* Decoded, the string is no longer than the rest of the line: room for it at once,
     * not in doublings (a new line's scratch starts empty). */
    tenor_buf_clear(&r->scratch);
    if (tenor_buf_reserve(&r->scratch, (size_t)(end - p)))
        return false;
    for (;;) { /* stop: the first '"', '\\' or NUL from p, or end */
        if (stop == end || *stop == '\0' ||
            tenor_buf_append(&r->scratch, p, (size_t)(stop - p)))
            return false;
        if (*stop == '"')
            break;
        p = stop + 1;
        char u[4];
        size_t un = p == end ? 0 : lr_escape(r, &p, u);
        if (!un || tenor_buf_append(&r->scratch, u, un))
            return false;
        stop = lr_special(p, end);
    }
    *out = r->scratch.data;
    *n = r->scratch.len;
    r->i = (size_t)(stop + 1 - r->s);
    return true;
}

/* An integer of 1 to 15 digits at r->i: exact in a double, as cJSON's strtod reads it.
 * (What follows must be white space, ',' or '}', so 1.5 or 1e3 is left to cJSON.) */
static bool lr_integer(fast_line *r, double *v)
{
    size_t i = r->i + (r->i < r->len && r->s[r->i] == '-'), start = i;
    double x = 0.0;
    for (; i < r->len && r->s[i] >= '0' && r->s[i] <= '9' && i - start < 16; i++)
        x = x * 10.0 + (r->s[i] - '0');
    if (i == start || i - start > 15)
        return false;
    *v = r->s[r->i] == '-' ? -x : x;
    r->i = i;
    return true;
}

/* Steps over true, false or null, or a string or integer. */
static bool lr_skip_scalar(fast_line *r)
{
    static const char *const words[] = {"true", "false", "null"};
    const char *p;
    size_t n;
    double v;
    for (size_t k = 0; k < 3; k++) {
        size_t len = strlen(words[k]);
        if (r->len - r->i >= len && memcmp(r->s + r->i, words[k], len) == 0) {
            r->i += len;
            return true;
        }
    }
    return r->s[r->i] == '"' ? lr_string(r, &p, &n) : lr_integer(r, &v);
}

/* The string at r->i, a paragraph, cleaned (tenor_text_clean_paragraph) straight into
 * a's store: its escapes decoded and its white space collapsed in one pass over the
 * line, with no copy in between and no allocation. False as for lr_string. */
static bool lr_paragraph(fast_line *r, tenor_article *a)
{
    const char *end = r->s + r->len, *p = r->s + r->i + 1;
    tenor_buf *b = &a->store;
    size_t start = b->len;
    /* The store holds the line's length (parse_line_fast), and a paragraph takes no more
     * than its string, closing quote for the NUL: so it never moves, and the paragraphs
     * before stay where they are. Checked all the same. */
    if (r->i >= r->len || p[-1] != '"' || b->cap - b->len < (size_t)(end - p) + 2)
        return false;
    tenor_clean_state st = TENOR_CLEAN_INIT;
    for (;;) {
        size_t took = tenor_clean_json_run(b, &st, p, (size_t)(end - p));
        if (took == SIZE_MAX)
            return false;
        p += took;
        if (p == end || *p == '\0')
            return false;
        if (*p == '"')
            break;
        char u[4];
        size_t un = ++p == end ? 0 : lr_escape(r, &p, u);
        if (!un || tenor_clean_bytes(b, &st, u, un))
            return false;
    }
    if (tenor_buf_putc(b, '\0') || tenor_strlist_take(&a->paragraphs, b->data + start))
        return false;
    r->i = (size_t)(p + 1 - r->s);
    return true;
}

/* The "paragraphs" array at r->i, each string tidied into a. */
static bool lr_paragraphs(fast_line *r, tenor_article *a)
{
    if (r->s[r->i++] != '[')
        return false;
    lr_space(r);
    if (r->i < r->len && r->s[r->i] == ']') {
        r->i++;
        return true;
    }
    for (;;) {
        lr_space(r);
        if (!lr_paragraph(r, a))
            return false;
        lr_space(r);
        if (r->i == r->len)
            return false;
        char c = r->s[r->i++];
        if (c == ']')
            return true;
        if (c != ',')
            return false;
    }
}

enum { KEY_ID = 1, KEY_TITLE = 2, KEY_TEXT = 4, KEY_PARAGRAPHS = 8 };

/* The value of key (one of KEY_*, or 0 for another) at r->i, into a. */
static bool lr_value(fast_line *r, int key, tenor_article *a)
{
    const char *p;
    size_t n;
    double v;
    bool null = r->len - r->i >= 4 && memcmp(r->s + r->i, "null", 4) == 0;
    switch (key) {
    case KEY_ID:
        if (null)
            return lr_skip_scalar(r); /* the default id, later */
        if (r->s[r->i] == '"')
            return lr_string(r, &p, &n) && (a->id = tenor_strndup(p, n)) != NULL;
        return lr_integer(r, &v) && (a->id = number_id(v)) != NULL;
    case KEY_TITLE:
        if (null)
            return lr_skip_scalar(r);
        return lr_string(r, &p, &n) && (a->title = tenor_strndup(p, n)) != NULL;
    case KEY_TEXT:
        return lr_string(r, &p, &n) && tenor_text_split_paragraphs(&a->paragraphs, p, n) == 0;
    case KEY_PARAGRAPHS:
        return lr_paragraphs(r, a);
    default:
        return lr_skip_scalar(r);
    }
}

static int lr_key(const char *p, size_t n)
{
    static const char *const names[] = {"id", "title", "text", "paragraphs"};
    for (int k = 0; k < 4; k++)
        if (strlen(names[k]) == n && memcmp(names[k], p, n) == 0)
            return 1 << k;
    return 0;
}

/* Reads the article line (line, len) into a (empty); false: left to cJSON (a may then
 * hold part of it). */
static bool parse_line_fast(tenor_article *a, const char *path, long line_no,
                            const char *line, size_t len)
{
    fast_line r = {line, len, skip_space(line, len, 0), TENOR_BUF_INIT};
    int seen = 0;
    bool ok = false;
    if (r.i == len || line[r.i] != '{') /* a second BOM, or no object: cJSON's */
        goto done;
    if (tenor_buf_reserve(&a->store, len)) /* room for every paragraph: lr_paragraph */
        goto done;
    r.i++;
    lr_space(&r);
    if (r.i < len && line[r.i] == '}')
        goto done; /* no text: from_object's message */
    for (;;) {
        const char *p;
        size_t n;
        lr_space(&r);
        if (!lr_string(&r, &p, &n))
            goto done;
        int key = lr_key(p, n);
        lr_space(&r);
        if (key & seen || r.i == len || line[r.i++] != ':')
            goto done;
        seen |= key;
        lr_space(&r);
        if (r.i == len || !lr_value(&r, key, a))
            goto done;
        lr_space(&r);
        if (r.i == len)
            goto done;
        char c = line[r.i++];
        if (c == '}')
            break;
        if (c != ',')
            goto done;
    }
    /* A paragraph is no longer than the line it came from: most lines need no check. */
    int body = seen & (KEY_TEXT | KEY_PARAGRAPHS);
    if (skip_space(line, len, r.i) != len || (body != KEY_TEXT && body != KEY_PARAGRAPHS) ||
        (len > PARAGRAPH_MAX && check_paragraphs(a, path, NULL)))
        goto done;
    if (!a->id) {
        char id[600];
        snprintf(id, sizeof id, "%s:%ld", path, line_no);
        if (!(a->id = dup_str(id)))
            goto done;
    }
    ok = true;
done:
    tenor_buf_free(&r.scratch);
    return ok;
}

int tenor_article_parse_line(tenor_article *out, const char *path, long line_no,
                             const char *line, size_t len, tenor_repairs *repairs,
                             tenor_diag *diag)
{
    char *owned;
    article_reset(out);
    int rc = ensure_utf8(&line, &len, &owned, 0, repairs);
    if (rc)
        return tenor_diag_set(diag, rc, "%s:%ld: out of memory", path, line_no);
    if (parse_line_fast(out, path, line_no, line, len)) {
        free(owned);
        return 0;
    }
    article_reset(out);
    size_t start = skip_space(line, len, 0), stop = 0;
    cJSON *obj = tenor_json_parse(line + start, len - start, &stop, &rc);
    if (rc == TENOR_ENOMEM) {
        rc = tenor_diag_set(diag, rc, "%s:%ld: out of memory", path, line_no);
        goto done;
    }
    if (!obj || skip_space(line, len, start + stop) != len) {
        rc = json_error(path, line, line + start + stop, line_no, diag);
        goto done;
    }
    char what[600], id[600];
    snprintf(what, sizeof what, "%s:%ld", path, line_no);
    snprintf(id, sizeof id, "%s:%ld", path, line_no);
    rc = from_object(out, obj, what, id, diag);
    if (rc == TENOR_ENOMEM)
        tenor_diag_set(diag, rc, "%s: out of memory", what);
done:
    cJSON_Delete(obj);
    free(owned);
    return rc;
}

static int parse_text(const char *path, const char *data, size_t len, tenor_article_fn fn,
                      void *payload, tenor_diag *diag)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    int rc = TENOR_ENOMEM;
    if ((a.id = dup_str(path)))
        rc = tenor_text_split_paragraphs(&a.paragraphs, data, len);
    if (!rc)
        rc = check_paragraphs(&a, path, diag);
    if (!rc)
        rc = fn(&a, payload);
    tenor_article_free(&a);
    return rc;
}

static int parse_jsonl(const char *path, const char *data, size_t len, tenor_article_fn fn,
                       void *payload, tenor_diag *diag)
{
    size_t i = 0, records = 0;
    bad_items bad = {"", 0};
    long line = 0;
    int rc = 0;
    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_diag first_bad, line_diag;
    tenor_diag_clear(&first_bad);
    while (i < len && !rc) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        line++;
        if (skip_space(data + i, end - i, 0) < end - i) {
            records++;
            tenor_diag_clear(&line_diag);
            rc = tenor_article_parse_line(&a, path, line, data + i, end - i, NULL, &line_diag);
            if (rc == TENOR_EFORMAT) { /* a bad line costs only itself, as in a stream */
                if (!bad.n)
                    first_bad = line_diag;
                bad_items_add(&bad, line);
                rc = 0;
            } else if (rc) {
                if (diag)
                    *diag = line_diag;
            } else {
                rc = fn(&a, payload);
            }
        }
        i = nl ? end + 1 : len;
    }
    tenor_article_free(&a);
    if (!rc && bad.n) {
        if (diag)
            *diag = first_bad; /* its place in the file */
        rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s (skipped; %zu of the %zu lines were bad: "
                            "%s %s%s)", first_bad.msg, bad.n, records,
                            bad.n == 1 ? "line" : "lines", bad.list + 2,
                            bad.n < records ? "; the others were read" : "");
    }
    return rc;
}

int tenor_articles_parse(const char *path, const char *data, size_t len,
                         tenor_input_format format, tenor_article_fn fn, void *payload,
                         tenor_repairs *repairs, tenor_diag *diag)
{
    char *owned;
    const char *wide = tenor_text_wide_encoding(data, len);
    if (wide)
        return tenor_diag_set(diag, TENOR_EFORMAT, "%s: %s text; convert it to UTF-8 (iconv "
                              "-f %s -t UTF-8)", path, wide, wide);
    int rc = ensure_utf8(&data, &len, &owned, 0, repairs);
    if (rc)
        return tenor_diag_set(diag, rc, "%s: out of memory", path);
    if (format == TENOR_INPUT_AUTO)
        format = tenor_input_detect(data, len);
    switch (format) {
    case TENOR_INPUT_JSON: rc = parse_json(path, data, len, fn, payload, diag); break;
    case TENOR_INPUT_JSONL: rc = parse_jsonl(path, data, len, fn, payload, diag); break;
    default: rc = parse_text(path, data, len, fn, payload, diag); break;
    }
    free(owned);
    return rc;
}
