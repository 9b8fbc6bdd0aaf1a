/* fuzz_article.c - libFuzzer target for the article readers (article.h).
 *
 * The first byte picks the input format (auto, text, json, jsonl); the rest is the
 * input, given both to tenor_articles_parse and, as one line, to
 * tenor_article_parse_line. Whatever the bytes, parsing must not crash or leak, and
 * every paragraph handed on must be valid UTF-8 (it may be empty: a "paragraphs" array
 * keeps its empty elements in place). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_article(const tenor_article *a)
{
    for (size_t i = 0; i < a->paragraphs.n; i++) {
        const char *p = a->paragraphs.items[i];
        if (tenor_utf8_check(p, strlen(p), NULL) != 0)
            abort();
    }
}

static int on_article(tenor_article *a, void *payload)
{
    check_article(a);
    ++*(size_t *)payload;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const tenor_input_format formats[] = {TENOR_INPUT_AUTO, TENOR_INPUT_TEXT,
                                                 TENOR_INPUT_JSON, TENOR_INPUT_JSONL};
    tenor_input_format fmt = formats[data[0] & 3];
    const char *s = (const char *)data + 1;
    size_t len = size - 1;

    size_t n = 0;
    tenor_repairs rep = {0, -1};
    tenor_diag diag;
    tenor_diag_clear(&diag);
    int rc = tenor_articles_parse("fuzz", s, len, fmt, on_article, &n, &rep, &diag);
    if (rc != 0 && rc != TENOR_EFORMAT && rc != TENOR_ELIMIT)
        abort();
    if (rc != 0 && diag.msg[0] == '\0')
        abort(); /* every refusal says why */
    if ((rep.invalid_utf8 == 0) != (rep.first_offset < 0))
        abort();
    (void)tenor_input_detect(s, len);

    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_repairs line_rep = {0, -1};
    tenor_diag_clear(&diag);
    rc = tenor_article_parse_line(&a, "fuzz", 1, s, len, &line_rep, &diag);
    if (rc == 0)
        check_article(&a);
    else if (diag.msg[0] == '\0')
        abort();
    tenor_article_free(&a);
    return 0;
}
