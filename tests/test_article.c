/* test_article.c - articles to classify: input format detection, plain text (one
 * paragraph per line, like the shared example), JSON arrays and objects with "text" or
 * "paragraphs", default and numeric ids, JSONL lines, error positions, and UTF-8
 * repair reporting. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/article.h"
#include "tenor/buf.h"

/* ---- collecting articles from the callback ------------------------------ */

#define MAX_ARTICLES 8

typedef struct {
    size_t n;
    int stop_after; /* return 42 after this many articles; 0 = never */
    char *id[MAX_ARTICLES];
    char *title[MAX_ARTICLES];
    tenor_strlist paras[MAX_ARTICLES];
} collected;

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The article is borrowed for the call, so everything is copied. */
static int collect(tenor_article *a, void *payload)
{
    collected *c = payload;
    if (c->n == MAX_ARTICLES)
        return TENOR_ELIMIT;
    size_t k = c->n++;
    c->id[k] = dup_or_null(a->id);
    c->title[k] = dup_or_null(a->title);
    for (size_t i = 0; i < a->paragraphs.n; i++)
        if (tenor_strlist_push(&c->paras[k], a->paragraphs.items[i],
                               strlen(a->paragraphs.items[i])))
            return TENOR_ENOMEM;
    if (c->stop_after && c->n == (size_t)c->stop_after)
        return 42;
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t k = 0; k < MAX_ARTICLES; k++) {
        free(c->id[k]);
        free(c->title[k]);
        tenor_strlist_free(&c->paras[k]);
    }
    memset(c, 0, sizeof *c);
}

static int parse(collected *c, const char *path, const char *data, tenor_input_format fmt,
                 tenor_repairs *rep, tenor_diag *diag)
{
    memset(c, 0, sizeof *c);
    return tenor_articles_parse(path, data, strlen(data), fmt, collect, c, rep, diag);
}

static void check_msg_has(const tenor_diag *diag, const char *want)
{
    if (!strstr(diag->msg, want)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", diag->msg, want);
        CHECK(strstr(diag->msg, want) != NULL);
    }
}

/* ---- tenor_input_detect ------------------------------------------------- */

static void detect_reads_plain_text_as_text(void)
{
    const char *s = "Markets fell.\nThen rose.\n";
    CHECK_INT_EQ(tenor_input_detect(s, strlen(s)), TENOR_INPUT_TEXT);
    CHECK_INT_EQ(tenor_input_detect("", 0), TENOR_INPUT_TEXT);
    CHECK_INT_EQ(tenor_input_detect("  \n\t", 4), TENOR_INPUT_TEXT);
}

static void detect_reads_a_leading_bracket_as_a_json_array(void)
{
    const char *s = " \n [{\"text\": \"a\"}]";
    CHECK_INT_EQ(tenor_input_detect(s, strlen(s)), TENOR_INPUT_JSON);
}

static void detect_reads_a_multi_line_object_as_json(void)
{
    const char *s = "{\n  \"id\": \"a\",\n  \"text\": \"x\"\n}\n";
    CHECK_INT_EQ(tenor_input_detect(s, strlen(s)), TENOR_INPUT_JSON);
}

static void detect_reads_one_object_per_line_as_jsonl(void)
{
    const char *s = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    CHECK_INT_EQ(tenor_input_detect(s, strlen(s)), TENOR_INPUT_JSONL);
    /* A UTF-8 BOM and leading white space are skipped. */
    const char *bom = "\xEF\xBB\xBF  {\"text\": \"a\"}\n";
    CHECK_INT_EQ(tenor_input_detect(bom, strlen(bom)), TENOR_INPUT_JSONL);
}

/* A broken first record is still JSONL: cut inside a string, or closed but invalid. */
static void detect_reads_a_broken_first_record_as_jsonl(void)
{
    const char *cut = "{\"id\":\"bad\",\"text\":\"The prime minister met the pres\n"
                      "{\"text\": \"b\"}\n";
    CHECK_INT_EQ(tenor_input_detect(cut, strlen(cut)), TENOR_INPUT_JSONL);
    const char *invalid = "{\"id\": broken}\n{\"text\": \"b\"}\n";
    CHECK_INT_EQ(tenor_input_detect(invalid, strlen(invalid)), TENOR_INPUT_JSONL);
    const char *escaped = "{\"text\": \"a \\\"quoted\\\" word\n{\"text\": \"b\"}\n";
    CHECK_INT_EQ(tenor_input_detect(escaped, strlen(escaped)), TENOR_INPUT_JSONL);
    /* Cut between tokens, then the next record: no document goes on that way. */
    const char *between[] = {"{\"id\": \"a\", \"text\": \"The minister met.\"\n{\"text\": \"b\"}\n",
                             "{\"id\": 7\r\n\r\n{\"text\": \"b\"}\n", "{\"id\": \"a\"\n",
                             "{\"id\": \"a\",\n{\"text\": \"b\"}\n", "{\n{\"text\": \"b\"}\n"};
    /* A stream's first line alone: one that needs more starts a document. */
    const char *needs_more = "{\"id\": \"a\",\n";
    CHECK_INT_EQ(tenor_input_detect(needs_more, strlen(needs_more)), TENOR_INPUT_JSON);
    CHECK_INT_EQ(tenor_input_detect("{\n", 2), TENOR_INPUT_JSON);
    for (size_t k = 0; k < sizeof between / sizeof *between; k++)
        CHECK_INT_EQ(tenor_input_detect(between[k], strlen(between[k])), TENOR_INPUT_JSONL);
    /* The first lines of documents written over several lines stay JSON, also with
     * the comma or the colon leading the next line. */
    const char *starts[] = {"{\n  \"id\": 1\n}", "{\"id\": \"a\",\n \"text\": \"x\"}",
                            "{\"paragraphs\": [\n\"a\"]}", "{\"a\": {\"b\": 1},\n \"c\": 2}",
                            "{\"id\": \"a\"\n , \"text\": \"x\"}", "{\"id\": 1\n}",
                            "{\"text\"\n: \"x\"}"};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        CHECK_INT_EQ(tenor_input_detect(starts[k], strlen(starts[k])), TENOR_INPUT_JSON);
}

/* cJSON ends a string at a NUL and refuses a lone surrogate: neither may cost text. */
static void json_nul_and_lone_surrogate_escapes_lose_nothing(void)
{
    const char *jsonl = "{\"id\": \"a\\u0000b\", \"text\": \"before \\u0000 after\"}\n"
                        "{\"text\": \"cut inside an emoji \\ud83d\"}\n";
    const char *json = "[{\"text\": \"x\\u0000y\"}]";
    collected c, d;
    tenor_diag diag;
    CHECK_OK(parse(&c, "in.jsonl", jsonl, TENOR_INPUT_AUTO, NULL, &diag));
    CHECK_INT_EQ(c.n, 2);
    if (c.n == 2) {
        CHECK_STR_EQ(c.id[0], "a b");
        CHECK_STR_EQ(c.paras[0].items[0], "before after");
        CHECK_STR_EQ(c.paras[1].items[0], "cut inside an emoji \xEF\xBF\xBD");
    }
    collected_free(&c);
    CHECK_OK(parse(&d, "in.json", json, TENOR_INPUT_AUTO, NULL, &diag));
    CHECK_INT_EQ(d.n, 1);
    if (d.n == 1)
        CHECK_STR_EQ(d.paras[0].items[0], "x y");
    collected_free(&d);
}

/* ---- plain text --------------------------------------------------------- */

static void text_input_is_one_article_with_one_paragraph_per_line(void)
{
    /* The shape of shared/examples/us-china-call.txt: one paragraph per line, curly
     * quotes, the last line site boilerplate. */
    const char *text =
        "Donald Trump, the president-elect, picked up the phone to talk with China\xE2\x80\x99s "
        "President Xi Jinping on Friday.\n"
        "It happened three days before Trump\xE2\x80\x99s inauguration.\n"
        "He called it \xE2\x80\x9C" "a very good one\xE2\x80\x9D for both China and the "
        "U.S.A.\n"
        "Subscribe to our newsletter.\n";
    collected c;
    tenor_repairs rep = {0, -1};
    CHECK_OK(parse(&c, "us-china-call.txt", text, TENOR_INPUT_AUTO, &rep, NULL));
    CHECK_INT_EQ(c.n, 1);
    CHECK_STR_EQ(c.id[0], "us-china-call.txt");
    CHECK(c.title[0] == NULL);
    CHECK_INT_EQ(c.paras[0].n, 4);
    if (c.paras[0].n == 4) {
        CHECK(strncmp(c.paras[0].items[0], "Donald Trump,", 13) == 0);
        CHECK_STR_EQ(c.paras[0].items[1],
                     "It happened three days before Trump\xE2\x80\x99s inauguration.");
        CHECK_STR_EQ(c.paras[0].items[3], "Subscribe to our newsletter.");
    }
    CHECK_INT_EQ(rep.invalid_utf8, 0);
    CHECK_INT_EQ(rep.first_offset, -1);
    collected_free(&c);
}

static void text_input_with_blank_lines_joins_lines_into_paragraphs(void)
{
    collected c;
    CHECK_OK(parse(&c, "a.txt", "One\ntwo.\n\nThree.\n", TENOR_INPUT_TEXT, NULL, NULL));
    CHECK_INT_EQ(c.n, 1);
    CHECK_INT_EQ(c.paras[0].n, 2);
    if (c.paras[0].n == 2)
        CHECK_STR_EQ(c.paras[0].items[0], "One two.");
    collected_free(&c);
}

static void text_input_forced_as_text_is_not_parsed_as_json(void)
{
    collected c;
    CHECK_OK(parse(&c, "t.txt", "[Reuters] Markets fell.", TENOR_INPUT_TEXT, NULL, NULL));
    CHECK_INT_EQ(c.n, 1);
    CHECK_INT_EQ(c.paras[0].n, 1);
    if (c.paras[0].n == 1)
        CHECK_STR_EQ(c.paras[0].items[0], "[Reuters] Markets fell.");
    collected_free(&c);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_array_reads_text_and_paragraphs_articles(void)
{
    const char *json =
        "[\n"
        " {\"id\": \"a1\", \"title\": \"Trade\", \"text\": \"P1 line\\nmore\\n\\nP2\"},\n"
        " {\"paragraphs\": [\"  x \\t y \", \"\", \"  \", \"z\"], \"title\": null}\n"
        "]\n";
    collected c;
    CHECK_OK(parse(&c, "in.json", json, TENOR_INPUT_AUTO, NULL, NULL));
    CHECK_INT_EQ(c.n, 2);
    if (c.n != 2) {
        collected_free(&c);
        return;
    }
    CHECK_STR_EQ(c.id[0], "a1");
    CHECK_STR_EQ(c.title[0], "Trade");
    CHECK_INT_EQ(c.paras[0].n, 2);
    if (c.paras[0].n == 2) {
        CHECK_STR_EQ(c.paras[0].items[0], "P1 line more");
        CHECK_STR_EQ(c.paras[0].items[1], "P2");
    }
    /* "paragraphs" are taken as given and tidied; empty ones keep their place. */
    CHECK_INT_EQ(c.paras[1].n, 4);
    if (c.paras[1].n == 4) {
        CHECK_STR_EQ(c.paras[1].items[0], "x y");
        CHECK_STR_EQ(c.paras[1].items[1], "");
        CHECK_STR_EQ(c.paras[1].items[2], "");
        CHECK_STR_EQ(c.paras[1].items[3], "z");
    }
    CHECK(c.title[1] == NULL);
    collected_free(&c);
}

static void json_array_elements_get_default_ids_by_position(void)
{
    collected c;
    CHECK_OK(parse(&c, "in.json", "[{\"text\": \"a\"}, {\"id\": null, \"text\": \"b\"}]",
                   TENOR_INPUT_AUTO, NULL, NULL));
    CHECK_INT_EQ(c.n, 2);
    CHECK_STR_EQ(c.id[0], "in.json#1");
    CHECK_STR_EQ(c.id[1], "in.json#2");
    collected_free(&c);
}

static void json_number_id_becomes_its_decimal_text(void)
{
    collected c;
    CHECK_OK(parse(&c, "in.json", "[{\"id\": 42, \"text\": \"a\"}, {\"id\": -7, \"text\": \"b\"}]",
                   TENOR_INPUT_JSON, NULL, NULL));
    CHECK_INT_EQ(c.n, 2);
    CHECK_STR_EQ(c.id[0], "42");
    CHECK_STR_EQ(c.id[1], "-7");
    collected_free(&c);
    /* With a decimal point, even under a program's comma locale (where one exists). */
    locale_t de = newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", (locale_t)0);
    locale_t before = de ? uselocale(de) : (locale_t)0;
    CHECK_OK(parse(&c, "in.json", "[{\"id\": 1.5, \"text\": \"a\"}]", TENOR_INPUT_JSON, NULL,
                   NULL));
    if (before)
        uselocale(before);
    if (de)
        freelocale(de);
    CHECK_INT_EQ(c.n, 1);
    if (c.n == 1)
        CHECK_STR_EQ(c.id[0], "1.5");
    collected_free(&c);
}

/* Whole number ids are written by hand: as "%.0f" writes them, -0 and 2^53 included,
 * on a JSONL line (read by hand) and in a JSON array (read by cJSON). */
static void whole_number_ids_read_as_printf_writes_them(void)
{
    static const char *const ids[] = {"0", "-0", "7", "-12", "100", "123456789012345",
                                      "-999999999999999", "9007199254740992",
                                      "-9007199254740992", "1e3", "-0.0"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char line[128], want[64];
        snprintf(line, sizeof line, "{\"id\": %s, \"text\": \"a\"}", ids[i]);
        snprintf(want, sizeof want, "%.0f", strtod(ids[i], NULL));
        tenor_article a = TENOR_ARTICLE_INIT;
        CHECK_OK(tenor_article_parse_line(&a, "p", 1, line, strlen(line), NULL, NULL));
        CHECK_STR_EQ(a.id, want);
        tenor_article_free(&a);
        collected c;
        snprintf(line, sizeof line, "[{\"id\": %s, \"text\": \"a\"}]", ids[i]);
        CHECK_OK(parse(&c, "in.json", line, TENOR_INPUT_JSON, NULL, NULL));
        CHECK_INT_EQ(c.n, 1);
        if (c.n == 1)
            CHECK_STR_EQ(c.id[0], want);
        collected_free(&c);
    }
}

/* Found by fuzzing (tests/fuzz/regressions/article/id_number_past_long_long): a huge
 * number id was cast to long long, which is undefined. */
static void json_number_id_past_long_long_prints_in_exponent_form(void)
{
    collected c;
    CHECK_OK(parse(&c, "in.json",
                   "[{\"id\": 1e300, \"text\": \"a\"}, {\"id\": -1e19, \"text\": \"b\"},"
                   " {\"id\": 2.5, \"text\": \"c\"}]",
                   TENOR_INPUT_JSON, NULL, NULL));
    CHECK_INT_EQ(c.n, 3);
    CHECK_STR_EQ(c.id[0], "1e+300");
    CHECK_STR_EQ(c.id[1], "-1e+19");
    CHECK_STR_EQ(c.id[2], "2.5");
    collected_free(&c);
}

static void json_single_multi_line_object_is_one_article(void)
{
    collected c;
    CHECK_OK(parse(&c, "one.json", "{\n  \"text\": \"Only\\n\\nTwo\"\n}\n", TENOR_INPUT_AUTO,
                   NULL, NULL));
    CHECK_INT_EQ(c.n, 1);
    CHECK_STR_EQ(c.id[0], "one.json");
    CHECK_INT_EQ(c.paras[0].n, 2);
    collected_free(&c);
}

static void json_malformed_input_fails_with_a_byte_offset(void)
{
    const char *json = "[{\"text\": \"a\"},\n {\"text\": }]";
    collected c;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_INT_EQ(parse(&c, "bad.json", json, TENOR_INPUT_AUTO, NULL, &diag), TENOR_EFORMAT);
    check_msg_has(&diag, "bad.json");
    check_msg_has(&diag, "offset");
    CHECK_STR_EQ(diag.path, "bad.json");
    /* The error is in the second object, which starts at byte 17. */
    CHECK(diag.offset >= 17 && diag.offset <= (long long)strlen(json));
    CHECK_INT_EQ(c.n, 0); /* nothing is passed on from a malformed document */
    collected_free(&c);
}

static void json_trailing_garbage_is_malformed(void)
{
    collected c;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_INT_EQ(parse(&c, "g.json", "[{\"text\": \"a\"}] extra", TENOR_INPUT_JSON, NULL, &diag),
                 TENOR_EFORMAT);
    /* The value ends at byte 15; the garbage starts at 16. */
    CHECK(diag.offset == 15 || diag.offset == 16);
    check_msg_has(&diag, "g.json");
    collected_free(&c);
}

/* A bad article in an array costs only itself: the others are delivered, in order, and
 * the error names the first bad one, counts them and lists their numbers. */
static void json_article_without_text_or_paragraphs_is_rejected(void)
{
    collected c;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_INT_EQ(parse(&c, "in.json",
                       "[{\"text\": \"ok\"}, {\"id\": \"x\", \"title\": \"t\"}, "
                       "{\"id\": \"after\", \"text\": \"b\"}, "
                       "{\"text\": \"c\", \"paragraphs\": [\"d\"]}]",
                       TENOR_INPUT_AUTO, NULL, &diag),
                 TENOR_EFORMAT);
    check_msg_has(&diag, "article 2");
    check_msg_has(&diag, "has neither");
    check_msg_has(&diag, "2 of the 4 articles were bad: 2, 4;");
    CHECK_INT_EQ(c.n, 2);
    if (c.n == 2)
        CHECK_STR_EQ(c.id[1], "after");
    collected_free(&c);
}

static void json_article_of_the_wrong_shape_is_rejected(void)
{
    static const char *const bad[] = {
        "[{\"text\": \"a\", \"paragraphs\": [\"b\"]}]", /* both */
        "[{\"text\": 3}]",                              /* text not a string */
        "[{\"paragraphs\": [\"a\", 1]}]",               /* non-string paragraph */
        "[{\"id\": [1], \"text\": \"a\"}]",             /* id neither string nor number */
        "[{\"title\": 5, \"text\": \"a\"}]",            /* title not a string */
        "[\"just a string\"]",                          /* not an object */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        collected c;
        tenor_diag diag;
        tenor_diag_clear(&diag);
        CHECK_INT_EQ(parse(&c, "w.json", bad[i], TENOR_INPUT_AUTO, NULL, &diag),
                     TENOR_EFORMAT);
        check_msg_has(&diag, "w.json");
        CHECK_INT_EQ(c.n, 0);
        collected_free(&c);
    }
}

static void parse_passes_back_the_callback_code_and_stops(void)
{
    collected c;
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    const char *json = "[{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]";
    CHECK_INT_EQ(tenor_articles_parse("s.json", json, strlen(json), TENOR_INPUT_AUTO, collect,
                                      &c, NULL, NULL),
                 42);
    CHECK_INT_EQ(c.n, 1);
    collected_free(&c);
}

/* ---- JSONL -------------------------------------------------------------- */

static void jsonl_input_gives_one_article_per_line_with_line_ids(void)
{
    const char *jsonl = "{\"text\": \"first\"}\n"
                        "\n"
                        "{\"id\": \"k\", \"paragraphs\": [\"p\", \"q\"]}\r\n"
                        "{\"text\": \"third\"}";
    collected c;
    CHECK_OK(parse(&c, "in.jsonl", jsonl, TENOR_INPUT_AUTO, NULL, NULL));
    CHECK_INT_EQ(c.n, 3);
    CHECK_STR_EQ(c.id[0], "in.jsonl:1");
    CHECK_STR_EQ(c.id[1], "k");
    CHECK_STR_EQ(c.id[2], "in.jsonl:4");
    CHECK_INT_EQ(c.paras[1].n, 2);
    collected_free(&c);
}

/* A malformed line is named and skipped; the lines around it are read. */
static void jsonl_malformed_line_is_named_and_skipped(void)
{
    collected c;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    CHECK_INT_EQ(parse(&c, "in.jsonl",
                       "{\"text\": \"a\"}\n{\"text\": \"b\"\n{\"text\": \"c\"}\n{\"text\": 4}\n",
                       TENOR_INPUT_JSONL, NULL, &diag),
                 TENOR_EFORMAT);
    check_msg_has(&diag, "in.jsonl:2:");
    check_msg_has(&diag, "2 of the 4 lines were bad: lines 2, 4;");
    CHECK_INT_EQ(diag.line, 2);
    CHECK_INT_EQ(c.n, 2);
    if (c.n == 2)
        CHECK_STR_EQ(c.paras[1].items[0], "c");
    collected_free(&c);
}

/* ---- UTF-8 repair ------------------------------------------------------- */

static void invalid_utf8_in_text_is_repaired_and_reported(void)
{
    collected c;
    tenor_repairs rep = {0, -1};
    CHECK_OK(parse(&c, "x.txt", "ok\nbad \xFF byte \xFE\n", TENOR_INPUT_AUTO, &rep, NULL));
    CHECK_INT_EQ(rep.invalid_utf8, 2);
    CHECK_INT_EQ(rep.first_offset, 7);
    CHECK_INT_EQ(c.n, 1);
    CHECK_INT_EQ(c.paras[0].n, 2);
    if (c.paras[0].n == 2)
        CHECK_STR_EQ(c.paras[0].items[1], "bad \xEF\xBF\xBD byte \xEF\xBF\xBD");
    collected_free(&c);
}

static void invalid_utf8_in_json_is_repaired_before_parsing(void)
{
    collected c;
    tenor_repairs rep = {0, -1};
    const char *json = "[{\"text\": \"caf\xE9\"}]"; /* Latin-1 é */
    CHECK_OK(parse(&c, "l1.json", json, TENOR_INPUT_AUTO, &rep, NULL));
    CHECK_INT_EQ(rep.invalid_utf8, 1);
    CHECK_INT_EQ(rep.first_offset, 14);
    CHECK_INT_EQ(c.n, 1);
    if (c.n == 1 && c.paras[0].n == 1)
        CHECK_STR_EQ(c.paras[0].items[0], "caf\xEF\xBF\xBD");
    collected_free(&c);
}

/* ---- tenor_article_parse_line ------------------------------------------- */

static void parse_line_reads_one_article(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *line = "  {\"id\": \"n1\", \"title\": \"Head\", \"text\": \"A\\n\\nB  c\"}\n";
    CHECK_OK(tenor_article_parse_line(&a, "in.jsonl", 3, line, strlen(line), NULL, NULL));
    CHECK_STR_EQ(a.id, "n1");
    CHECK_STR_EQ(a.title, "Head");
    CHECK_INT_EQ(a.paragraphs.n, 2);
    if (a.paragraphs.n == 2)
        CHECK_STR_EQ(a.paragraphs.items[1], "B c");
    tenor_article_free(&a);
    CHECK(a.id == NULL && a.title == NULL && a.paragraphs.n == 0);
}

static void parse_line_uses_path_and_line_as_the_default_id(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *line = "{\"text\": \"x\"}";
    CHECK_OK(tenor_article_parse_line(&a, "feed.jsonl", 17, line, strlen(line), NULL, NULL));
    CHECK_STR_EQ(a.id, "feed.jsonl:17");
    CHECK(a.title == NULL);
    tenor_article_free(&a);
}

static void parse_line_replaces_the_previous_contents(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *one = "{\"id\": \"1\", \"title\": \"T\", \"paragraphs\": [\"a\", \"b\", \"c\"]}";
    const char *two = "{\"id\": \"2\", \"text\": \"d\"}";
    CHECK_OK(tenor_article_parse_line(&a, "f", 1, one, strlen(one), NULL, NULL));
    CHECK_INT_EQ(a.paragraphs.n, 3);
    CHECK_OK(tenor_article_parse_line(&a, "f", 2, two, strlen(two), NULL, NULL));
    CHECK_STR_EQ(a.id, "2");
    CHECK(a.title == NULL);
    CHECK_INT_EQ(a.paragraphs.n, 1);
    if (a.paragraphs.n == 1)
        CHECK_STR_EQ(a.paragraphs.items[0], "d");
    tenor_article_free(&a);
}

/* Paragraphs the reader cleaned into its store know their length; one added after
 * them, owned on its own, is measured. */
static void paragraph_len_of_stored_and_own_paragraphs(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    const char *line = "{\"paragraphs\": [\"a  b\", \"\", \"caf\\u00e9\\n x\", \" y \"]}";
    CHECK_OK(tenor_article_parse_line(&a, "f", 1, line, strlen(line), NULL, NULL));
    CHECK_OK(tenor_strlist_push(&a.paragraphs, "own", 3));
    static const char *const want[] = {"a b", "", "caf\xC3\xA9 x", "y", "own"};
    CHECK_INT_EQ(a.paragraphs.n, 5);
    for (size_t i = 0; i < a.paragraphs.n && i < 5; i++) {
        CHECK_STR_EQ(a.paragraphs.items[i], want[i]);
        CHECK_INT_EQ(tenor_article_paragraph_len(&a, i), strlen(want[i]));
    }
    tenor_article_free(&a);
}

static void parse_line_rejects_malformed_json_with_its_line(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    const char *line = "{\"text\": \"x\",}";
    CHECK_INT_EQ(tenor_article_parse_line(&a, "feed.jsonl", 9, line, strlen(line), NULL, &diag),
                 TENOR_EFORMAT);
    check_msg_has(&diag, "feed.jsonl:9:");
    CHECK_INT_EQ(diag.line, 9);
    CHECK(diag.offset >= 0 && diag.offset <= (long long)strlen(line));
    tenor_article_free(&a);
    /* Two values on one line are malformed too. */
    tenor_diag_clear(&diag);
    line = "{\"text\": \"x\"} {\"text\": \"y\"}";
    CHECK_INT_EQ(tenor_article_parse_line(&a, "feed.jsonl", 10, line, strlen(line), NULL, &diag),
                 TENOR_EFORMAT);
    check_msg_has(&diag, "feed.jsonl:10:");
    tenor_article_free(&a);
}

static void parse_line_rejects_an_article_without_text(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    const char *line = "{\"id\": \"z\"}";
    CHECK_INT_EQ(tenor_article_parse_line(&a, "feed.jsonl", 4, line, strlen(line), NULL, &diag),
                 TENOR_EFORMAT);
    check_msg_has(&diag, "feed.jsonl:4");
    tenor_article_free(&a);
}

static void parse_line_repairs_invalid_utf8_and_reports_it(void)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    tenor_repairs rep = {0, -1};
    const char *line = "{\"text\": \"x\xC3(y\"}";
    CHECK_OK(tenor_article_parse_line(&a, "f", 1, line, strlen(line), &rep, NULL));
    CHECK_INT_EQ(rep.invalid_utf8, 1);
    CHECK_INT_EQ(rep.first_offset, 11);
    CHECK_INT_EQ(a.paragraphs.n, 1);
    if (a.paragraphs.n == 1)
        CHECK_STR_EQ(a.paragraphs.items[0], "x\xEF\xBF\xBD(y");
    tenor_article_free(&a);
}

/* ---- the JSONL fast path against cJSON ------------------------------------ */

static uint64_t rng_state = 88172645463325252ull;

static size_t rnd(size_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (size_t)(rng_state % n);
}

static void put(tenor_buf *b, const char *s)
{
    CHECK_OK(tenor_buf_append(b, s, strlen(s)));
}

/* Pieces of strings: plain text, every escape, surrogates whole, lone and mixed, NUL,
 * raw controls, UTF-8, and escapes cJSON refuses. */
static void gen_string(tenor_buf *b)
{
    static const char *const bits[] = {
        "Talks resumed", " ", "  ", "caf\xC3\xA9", "\xE6\x9D\xB1", "\\\"", "\\\\", "\\/", "\\b",
        "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u6771", "\\u0000", "\\ud83d\\ude00",
        "\\uD83D\\uDE00", "\\ud83d", "\\ude00", "\\ud83d\\u0041", "\\ud83d\\ud83d", "\\u2028",
        "\\u00", "\\u12G4", "\\x", "\\'", "\t", "\x01", "\x7f", "\\\\u0000", "\\u0020\\u0020",
        "\\uFFFF", "\\u0080", "\\u07ff", "\\u0800"};
    put(b, "\"");
    /* sometimes long: runs and escapes across the 16-byte blocks of the scans */
    for (size_t k = rnd(8) ? rnd(6) : rnd(60); k > 0; k--)
        put(b, bits[rnd(sizeof bits / sizeof *bits)]);
    if (rnd(50) == 0)
        CHECK_OK(tenor_buf_append(b, "a\0b", 3)); /* a raw NUL */
    put(b, "\"");
}

static void gen_space(tenor_buf *b)
{
    static const char *const spaces[] = {"", "", "", " ", "\t", "\r\n", "\x01", "  "};
    put(b, rnd(100) ? spaces[rnd(sizeof spaces / sizeof *spaces)] : "!");
}

static void gen_value(tenor_buf *b, int depth)
{
    static const char *const scalars[] = {
        "0", "-0", "7", "-12", "007", "123456789012345", "1234567890123456", "1.5", "1e3",
        "-", "2E+2", "1.", "+1", "0x10", "true", "false", "null", "nul", "truex", "1e400"};
    switch (rnd(depth > 1 ? 3 : 5)) {
    case 0: gen_string(b); break;
    case 1: put(b, scalars[rnd(sizeof scalars / sizeof *scalars)]); break;
    case 2: put(b, scalars[rnd(3) + 14]); break;
    case 3:
        put(b, "[");
        for (size_t k = rnd(4); k > 0; k--) {
            gen_space(b);
            gen_value(b, depth + 1);
            gen_space(b);
            if (k > 1 || rnd(20) == 0)
                put(b, ",");
        }
        put(b, "]");
        break;
    default:
        put(b, "{\"k\":");
        gen_value(b, depth + 1);
        put(b, "}");
    }
}

/* An article line: the four keys and others in any order, sometimes twice, values of
 * the right shape mostly; sometimes cut short or followed by more. */
static void gen_line(tenor_buf *b)
{
    static const char *const keys[] = {"\"id\"", "\"title\"", "\"text\"", "\"paragraphs\"",
                                       "\"source\"", "\"i\\u0064\"", "\"Text\"", "\"id\""};
    tenor_buf_clear(b);
    if (rnd(20) == 0)
        put(b, "\xEF\xBB\xBF");
    gen_space(b);
    put(b, "{");
    for (size_t k = rnd(5); k > 0; k--) {
        gen_space(b);
        size_t key = rnd(sizeof keys / sizeof *keys);
        put(b, keys[key]);
        gen_space(b);
        put(b, ":");
        gen_space(b);
        if (key == 3 && rnd(4)) {
            put(b, "[");
            for (size_t n = rnd(4); n > 0; n--) {
                gen_space(b);
                rnd(10) ? gen_string(b) : gen_value(b, 1);
                gen_space(b);
                if (n > 1)
                    put(b, ",");
            }
            put(b, "]");
        } else if (key != 4 && rnd(4)) {
            gen_string(b);
        } else {
            gen_value(b, 0);
        }
        gen_space(b);
        if (k > 1)
            put(b, rnd(30) ? "," : ";");
    }
    put(b, "}");
    static const char *const tails[] = {"", "", "", "\n", " \r\n", "x", "}", " {}"};
    put(b, tails[rnd(sizeof tails / sizeof *tails)]);
    if (rnd(15) == 0)
        b->data[b->len = rnd(b->len + 1)] = '\0';
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_article(const tenor_article *a, const collected *c)
{
    bool default_id = strcmp(c->id[0], "p") == 0;
    bool same = same_str(a->id, default_id ? "p:1" : c->id[0]) &&
                same_str(a->title, c->title[0]) && a->paragraphs.n == c->paras[0].n;
    for (size_t i = 0; same && i < a->paragraphs.n; i++)
        same = strcmp(a->paragraphs.items[i], c->paras[0].items[i]) == 0 &&
               tenor_article_paragraph_len(a, i) == strlen(a->paragraphs.items[i]);
    return same;
}

/* tenor_article_parse_line reads most lines by hand, leaving the rest to cJSON; a JSON
 * input of one object is still read by cJSON alone. Both must agree on every line:
 * the same refusals, and the same id, title and paragraphs byte for byte, whether the
 * article is new or one that read lines before (its store and list are kept). */
static void parse_line_reads_every_line_as_cjson_does(void)
{
    tenor_buf line = TENOR_BUF_INIT;
    tenor_article reused = TENOR_ARTICLE_INIT;
    int disagree = 0, read = 0;
    for (int t = 0; t < 60000 && disagree < 5; t++) {
        gen_line(&line);
        collected c;
        memset(&c, 0, sizeof c);
        int want = tenor_articles_parse("p", line.data, line.len, TENOR_INPUT_JSON, collect, &c,
                                        NULL, NULL);
        tenor_article a = TENOR_ARTICLE_INIT;
        int got = tenor_article_parse_line(&a, "p", 1, line.data, line.len, NULL, NULL);
        int again = tenor_article_parse_line(&reused, "p", 1, line.data, line.len, NULL, NULL);
        bool same = got == want && again == want;
        if (same && !got) {
            read++;
            same = same_article(&a, &c) && same_article(&reused, &c);
        }
        if (!same) {
            disagree++;
            fprintf(stderr, "  disagree (%d, cJSON %d) on: %.*s\n", got, want, (int)line.len,
                    line.data);
        }
        tenor_article_free(&a);
        collected_free(&c);
    }
    CHECK_INT_EQ(disagree, 0);
    CHECK(read > 1500); /* lines to read, not only lines to refuse */
    tenor_article_free(&reused);
    tenor_buf_free(&line);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(detect_reads_plain_text_as_text, passed, failed);
    RUN(detect_reads_a_leading_bracket_as_a_json_array, passed, failed);
    RUN(detect_reads_a_multi_line_object_as_json, passed, failed);
    RUN(detect_reads_one_object_per_line_as_jsonl, passed, failed);
    RUN(detect_reads_a_broken_first_record_as_jsonl, passed, failed);
    RUN(json_nul_and_lone_surrogate_escapes_lose_nothing, passed, failed);
    RUN(text_input_is_one_article_with_one_paragraph_per_line, passed, failed);
    RUN(text_input_with_blank_lines_joins_lines_into_paragraphs, passed, failed);
    RUN(text_input_forced_as_text_is_not_parsed_as_json, passed, failed);
    RUN(json_array_reads_text_and_paragraphs_articles, passed, failed);
    RUN(json_array_elements_get_default_ids_by_position, passed, failed);
    RUN(json_number_id_becomes_its_decimal_text, passed, failed);
    RUN(json_number_id_past_long_long_prints_in_exponent_form, passed, failed);
    RUN(whole_number_ids_read_as_printf_writes_them, passed, failed);
    RUN(json_single_multi_line_object_is_one_article, passed, failed);
    RUN(json_malformed_input_fails_with_a_byte_offset, passed, failed);
    RUN(json_trailing_garbage_is_malformed, passed, failed);
    RUN(json_article_without_text_or_paragraphs_is_rejected, passed, failed);
    RUN(json_article_of_the_wrong_shape_is_rejected, passed, failed);
    RUN(parse_passes_back_the_callback_code_and_stops, passed, failed);
    RUN(jsonl_input_gives_one_article_per_line_with_line_ids, passed, failed);
    RUN(jsonl_malformed_line_is_named_and_skipped, passed, failed);
    RUN(invalid_utf8_in_text_is_repaired_and_reported, passed, failed);
    RUN(invalid_utf8_in_json_is_repaired_before_parsing, passed, failed);
    RUN(parse_line_reads_one_article, passed, failed);
    RUN(parse_line_uses_path_and_line_as_the_default_id, passed, failed);
    RUN(parse_line_replaces_the_previous_contents, passed, failed);
    RUN(paragraph_len_of_stored_and_own_paragraphs, passed, failed);
    RUN(parse_line_rejects_malformed_json_with_its_line, passed, failed);
    RUN(parse_line_rejects_an_article_without_text, passed, failed);
    RUN(parse_line_repairs_invalid_utf8_and_reports_it, passed, failed);
    RUN(parse_line_reads_every_line_as_cjson_does, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
