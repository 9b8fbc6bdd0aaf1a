/* dataset.c - readers for TSV, JSONL and fastText labelled data (see dataset.h).
 *
 * JSONL lines are parsed with cJSON here rather than in article.c, which reads
 * articles: training data is a different shape, and routing it through article.c would
 * make that module know about labels. */
#include "tenor/dataset.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/text.h"
#include "tenor/vocab.h"
#include "util/alloc.h"
#include "util/ascii.h"
#include "tenor/buf.h"
#include "util/crc32.h"
#include "util/json.h"

struct tenor_dataset {
    tenor_strlist texts;
    size_t *lens;
    size_t lens_cap;
    tenor_vocab *labels;     /* label name -> index */
    uint32_t *label_ids;     /* labels of all examples, back to back */
    size_t nlabel_ids, label_ids_cap;
    size_t *first_label;     /* example i's labels: [first_label[i], first_label[i + 1]) */
    size_t first_cap;
    bool multi;
    uint32_t crc;
};

int tenor_dataset_new(tenor_dataset **out)
{
    tenor_dataset *d = calloc(1, sizeof *d);
    if (!d)
        return TENOR_ENOMEM;
    if (tenor_vocab_new(&d->labels)) {
        free(d);
        return TENOR_ENOMEM;
    }
    d->first_label = malloc(sizeof *d->first_label);
    if (!d->first_label) {
        tenor_dataset_free(d);
        return TENOR_ENOMEM;
    }
    d->first_cap = 1;
    d->first_label[0] = 0;
    *out = d;
    return 0;
}

void tenor_dataset_free(tenor_dataset *d)
{
    if (!d)
        return;
    tenor_strlist_free(&d->texts);
    free(d->lens);
    tenor_vocab_free(d->labels);
    free(d->label_ids);
    free(d->first_label);
    free(d);
}

size_t tenor_dataset_size(const tenor_dataset *d)
{
    return d->texts.n;
}

const char *tenor_dataset_text(const tenor_dataset *d, size_t i)
{
    return d->texts.items[i];
}

size_t tenor_dataset_text_len(const tenor_dataset *d, size_t i)
{
    return d->lens[i];
}

size_t tenor_dataset_nlabels(const tenor_dataset *d)
{
    return tenor_vocab_size(d->labels);
}

const char *tenor_dataset_label(const tenor_dataset *d, size_t label)
{
    return tenor_vocab_term(d->labels, (uint32_t)label);
}

bool tenor_dataset_multi_label(const tenor_dataset *d)
{
    return d->multi;
}

bool tenor_dataset_has(const tenor_dataset *d, size_t i, size_t label)
{
    for (size_t k = d->first_label[i]; k < d->first_label[i + 1]; k++)
        if (d->label_ids[k] == label)
            return true;
    return false;
}

uint32_t tenor_dataset_checksum(const tenor_dataset *d)
{
    return d->crc;
}

/* ---- building examples ------------------------------------------------ */

typedef struct {
    const char *path;
    long line;
    size_t offset; /* of the line in the file */
    tenor_diag *diag;
} where;

/* Reports a problem with the line at w. */
static int fail(const where *w, int status, const char *what)
{
    tenor_diag_where(w->diag, w->path, w->line, (long long)w->offset);
    return tenor_diag_set(w->diag, status, "%s:%ld: %s", w->path, w->line, what);
}

/* Adds a label (trimmed) to the example being built; duplicates are ignored. A
 * control character (a line break from a JSON string) would break every table and
 * file that names labels. */
static int add_label(tenor_dataset *d, const char *s, size_t len, const where *w)
{
    while (len && tenor_ascii_space((unsigned char)s[0])) {
        s++;
        len--;
    }
    while (len && tenor_ascii_space((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return fail(w, TENOR_EFORMAT, "a label holds a control character (a line "
                                          "break or tab, say)");
    uint32_t id;
    int rc = tenor_vocab_intern(d->labels, s, len, &id);
    if (rc)
        return fail(w, rc, tenor_strerror(rc));
    size_t start = d->first_label[d->texts.n];
    for (size_t k = start; k < d->nlabel_ids; k++)
        if (d->label_ids[k] == id)
            return 0;
    void *items = d->label_ids;
    rc = tenor_grow(&items, &d->label_ids_cap, d->nlabel_ids + 1, sizeof *d->label_ids);
    d->label_ids = items;
    if (rc)
        return fail(w, rc, tenor_strerror(rc));
    d->label_ids[d->nlabel_ids++] = id;
    return 0;
}

/* Closes the example being built with its text (copied). */
static int add_text(tenor_dataset *d, const char *text, size_t len, bool label_list)
{
    size_t i = d->texts.n;
    void *items = d->lens;
    int rc = tenor_grow(&items, &d->lens_cap, i + 1, sizeof *d->lens);
    d->lens = items;
    if (rc)
        return rc;
    items = d->first_label;
    rc = tenor_grow(&items, &d->first_cap, i + 2, sizeof *d->first_label);
    d->first_label = items;
    if (rc)
        return rc;
    if ((rc = tenor_strlist_push(&d->texts, text, len)))
        return rc;
    d->lens[i] = len;
    d->first_label[i + 1] = d->nlabel_ids;
    if (label_list || d->first_label[i + 1] - d->first_label[i] != 1)
        d->multi = true;
    return 0;
}

/* ---- formats ---------------------------------------------------------- */

static int add_tsv(tenor_dataset *d, const char *s, size_t len, const where *w,
                   tenor_buf *scratch)
{
    const char *tab = memchr(s, '\t', len);
    if (!tab)
        return fail(w, TENOR_EFORMAT, "expected 'labels<TAB>text'");
    size_t llen = (size_t)(tab - s);
    bool list = memchr(s, ',', llen) != NULL;
    size_t start = 0;
    for (size_t i = 0; i <= llen; i++) {
        if (i == llen || s[i] == ',') {
            int rc = add_label(d, s + start, i - start, w);
            if (rc)
                return rc;
            start = i + 1;
        }
    }
    tenor_buf_clear(scratch);
    const char *t = tab + 1;
    size_t tlen = len - llen - 1;
    for (size_t i = 0; i < tlen; i++) {
        char c = t[i];
        if (c == '\\' && i + 1 < tlen && (t[i + 1] == 'n' || t[i + 1] == 't' ||
                                          t[i + 1] == '\\')) {
            c = t[i + 1] == 'n' ? '\n' : t[i + 1] == 't' ? '\t' : '\\';
            i++;
        } else if (c == '\t') {
            c = ' ';
        }
        if (tenor_buf_putc(scratch, c))
            return fail(w, TENOR_ENOMEM, "out of memory");
    }
    int rc = add_text(d, scratch->data ? scratch->data : "", scratch->len, list);
    return rc ? fail(w, rc, tenor_strerror(rc)) : 0;
}

static int add_fasttext(tenor_dataset *d, const char *s, size_t len, const where *w)
{
    static const char prefix[] = "__label__";
    const size_t plen = sizeof prefix - 1;
    size_t i = 0, nlabels = 0;
    for (;;) {
        while (i < len && tenor_ascii_space((unsigned char)s[i]))
            i++;
        if (len - i < plen || memcmp(s + i, prefix, plen) != 0)
            break;
        size_t start = i + plen;
        i = start;
        while (i < len && !tenor_ascii_space((unsigned char)s[i]))
            i++;
        int rc = add_label(d, s + start, i - start, w);
        if (rc)
            return rc;
        nlabels++;
    }
    if (nlabels == 0)
        return fail(w, TENOR_EFORMAT, "expected '__label__name text'");
    int rc = add_text(d, s + i, len - i, nlabels > 1);
    return rc ? fail(w, rc, tenor_strerror(rc)) : 0;
}

static int add_jsonl(tenor_dataset *d, const char *s, size_t len, const where *w)
{
    size_t end = 0;
    int rc;
    cJSON *obj = tenor_json_parse(s, len, &end, &rc);
    if (rc == TENOR_ENOMEM) {
        rc = fail(w, TENOR_ENOMEM, tenor_strerror(TENOR_ENOMEM));
        goto done;
    }
    if (!obj || !cJSON_IsObject(obj)) {
        rc = fail(w, TENOR_EFORMAT, "not a JSON object");
        goto done;
    }
    for (size_t i = end; i < len; i++)
        if (!tenor_ascii_space((unsigned char)s[i])) {
            rc = fail(w, TENOR_EFORMAT, "more than one JSON value on the line");
            goto done;
        }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(obj, "label");
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(obj, "labels");
    if (!cJSON_IsString(text)) {
        rc = fail(w, TENOR_EFORMAT, "\"text\" must be a string");
        goto done;
    }
    if (cJSON_IsString(label) && !labels) {
        if ((rc = add_label(d, label->valuestring, strlen(label->valuestring), w)))
            goto done;
    } else if (cJSON_IsArray(labels) && !label) {
        const cJSON *item;
        cJSON_ArrayForEach(item, labels)
        {
            if (!cJSON_IsString(item)) {
                rc = fail(w, TENOR_EFORMAT, "\"labels\" must hold strings");
                goto done;
            }
            if ((rc = add_label(d, item->valuestring, strlen(item->valuestring), w)))
                goto done;
        }
    } else {
        rc = fail(w, TENOR_EFORMAT, label && labels ? "has both \"label\" and \"labels\": give one"
                                                    : "needs \"label\" (a string) or \"labels\" "
                                                      "(an array of strings)");
        goto done;
    }
    if ((rc = add_text(d, text->valuestring, strlen(text->valuestring), labels != NULL)))
        rc = fail(w, rc, tenor_strerror(rc));
done:
    cJSON_Delete(obj);
    return rc;
}

static bool field_is(const char *s, size_t len, const char *word)
{
    while (len && tenor_ascii_space((unsigned char)s[len - 1]))
        len--;
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* "label<TAB>text" or "labels<TAB>text" as a first line is a header, not an example. */
static bool is_header(const char *s, size_t len)
{
    const char *tab = memchr(s, '\t', len);
    if (!tab)
        return false;
    size_t first = (size_t)(tab - s);
    return (field_is(s, first, "label") || field_is(s, first, "labels")) &&
           field_is(tab + 1, len - first - 1, "text");
}

static tenor_data_format detect(const char *s, size_t len)
{
    if (len && s[0] == '{')
        return TENOR_DATA_JSONL;
    if (len >= 9 && memcmp(s, "__label__", 9) == 0)
        return TENOR_DATA_FASTTEXT;
    if (memchr(s, '\t', len))
        return TENOR_DATA_TSV;
    return TENOR_DATA_AUTO;
}

int tenor_dataset_add(tenor_dataset *d, const char *path, const char *data, size_t len,
                      tenor_data_format format, tenor_diag *diag)
{
    size_t bad;
    const char *wide = tenor_text_wide_encoding(data, len);
    if (wide)
        return tenor_diag_set(diag, TENOR_EUTF8, "%s: %s text; convert it to UTF-8 (iconv -f %s "
                              "-t UTF-8)", path, wide, wide);
    if (tenor_utf8_check(data, len, &bad)) {
        long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        tenor_diag_where(diag, path, line, (long long)bad);
        return tenor_diag_set(diag, TENOR_EUTF8, "%s:%ld: invalid UTF-8 at byte offset %zu",
                              path, line, bad);
    }
    d->crc = tenor_crc32(d->crc, data, len);
    tenor_buf scratch = TENOR_BUF_INIT;
    where w = {path, 0, 0, diag};
    int rc = 0;
    /* A UTF-8 BOM (Windows editors) would otherwise become part of the first label. */
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && !rc) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + i;
        size_t n = end - i;
        if (n && s[n - 1] == '\r')
            n--;
        w.line++;
        w.offset = i;
        i = nl ? end + 1 : len;
        size_t lead = 0;
        while (lead < n && tenor_ascii_space((unsigned char)s[lead]))
            lead++;
        if (lead == n)
            continue;
        if (format == TENOR_DATA_AUTO) {
            format = detect(s + lead, n - lead);
            if (format == TENOR_DATA_AUTO && memchr(s, '\t', lead))
                format = TENOR_DATA_TSV; /* "<TAB>text": a first example with no label */
            if (format == TENOR_DATA_AUTO) {
                rc = fail(&w, TENOR_EFORMAT, "cannot tell the format: expected "
                                             "'labels<TAB>text', '__label__x text' or JSONL");
                break;
            }
            if (format == TENOR_DATA_TSV && is_header(s, n))
                continue;
        }
        switch (format) {
        case TENOR_DATA_TSV: rc = add_tsv(d, s, n, &w, &scratch); break;
        case TENOR_DATA_FASTTEXT: rc = add_fasttext(d, s, n, &w); break;
        default: rc = add_jsonl(d, s, n, &w); break;
        }
    }
    tenor_buf_free(&scratch);
    return rc;
}
