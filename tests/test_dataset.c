/* test_dataset.c - labelled data readers: TSV (header, comma lists, escapes, extra
 * TABs), JSONL ("label" / "labels"), fastText, format detection, the multi-label flag,
 * error positions in diag, and the data checksum. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/dataset.h"

/* A new dataset with (data) added in `format`; *rc receives the status. */
static tenor_dataset *load(const char *path, const char *data, tenor_data_format format,
                           tenor_diag *diag, int *rc)
{
    tenor_dataset *d = NULL;
    CHECK_OK(tenor_dataset_new(&d));
    if (!d) {
        *rc = TENOR_ENOMEM;
        return NULL;
    }
    *rc = tenor_dataset_add(d, path, data, strlen(data), format, diag);
    return d;
}

/* Index of the label called name, or -1. */
static long label_index(const tenor_dataset *d, const char *name)
{
    for (size_t i = 0; i < tenor_dataset_nlabels(d); i++)
        if (strcmp(tenor_dataset_label(d, i), name) == 0)
            return (long)i;
    return -1;
}

static bool has(const tenor_dataset *d, size_t i, const char *name)
{
    long l = label_index(d, name);
    return l >= 0 && tenor_dataset_has(d, i, (size_t)l);
}

static size_t nlabels_of(const tenor_dataset *d, size_t i)
{
    size_t n = 0;
    for (size_t l = 0; l < tenor_dataset_nlabels(d); l++)
        n += tenor_dataset_has(d, i, l);
    return n;
}

static void check_msg_has(const tenor_diag *diag, const char *want)
{
    if (!strstr(diag->msg, want)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", diag->msg, want);
        CHECK(strstr(diag->msg, want) != NULL);
    }
}

/* ---- TSV ------------------------------------------------------------------ */

static void tsv_skips_a_header_line_and_reads_examples(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv",
                            "label\ttext\n"
                            "sport\tThe match ended.\n"
                            "\n"
                            "politics\tVote today\n"
                            "sport\tGoal!\n",
                            TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 3);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 2);
    CHECK_INT_EQ(label_index(d, "label"), -1);
    /* Labels are kept in order of first use. */
    if (tenor_dataset_nlabels(d) == 2) {
        CHECK_STR_EQ(tenor_dataset_label(d, 0), "sport");
        CHECK_STR_EQ(tenor_dataset_label(d, 1), "politics");
    }
    if (tenor_dataset_size(d) == 3) {
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "The match ended.");
        CHECK_INT_EQ(tenor_dataset_text_len(d, 0), 16);
        CHECK_STR_EQ(tenor_dataset_text(d, 1), "Vote today");
        CHECK(has(d, 1, "politics"));
        CHECK(!has(d, 1, "sport"));
        CHECK(has(d, 2, "sport"));
    }
    CHECK(!tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void tsv_accepts_a_labels_header_and_crlf_lines(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv", "labels\ttext\r\nsport\tWon.\r\n", TENOR_DATA_AUTO, NULL,
                            &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 1);
    if (tenor_dataset_size(d) == 1)
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "Won.");
    CHECK_INT_EQ(label_index(d, "labels"), -1);
    tenor_dataset_free(d);
}

static void tsv_splits_comma_separated_labels_and_trims_them(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv",
                            "economy, politics\tBudget talks\n"
                            "economy\tRates rise\n",
                            TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 2);
    CHECK(label_index(d, "politics") >= 0); /* not " politics" */
    CHECK(has(d, 0, "economy") && has(d, 0, "politics"));
    CHECK(has(d, 1, "economy") && !has(d, 1, "politics"));
    CHECK(tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void tsv_ignores_a_repeated_label_in_one_example(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv", "a,a, b\tx\n", TENOR_DATA_TSV, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 2);
    CHECK_INT_EQ(nlabels_of(d, 0), 2);
    tenor_dataset_free(d);
}

static void tsv_with_empty_labels_gives_an_unlabelled_example(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv", "sport\tWon.\n\tNothing to see.\n", TENOR_DATA_AUTO,
                            NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 2);
    if (tenor_dataset_size(d) == 2) {
        CHECK_INT_EQ(nlabels_of(d, 1), 0);
        CHECK_STR_EQ(tenor_dataset_text(d, 1), "Nothing to see.");
    }
    CHECK(tenor_dataset_multi_label(d)); /* not exactly one label */
    tenor_dataset_free(d);
}

static void tsv_detects_a_file_whose_first_example_has_no_label(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("t.tsv", "\tNo label yet.\nsport\tWon.\n", TENOR_DATA_AUTO, &diag,
                            &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 2);
    if (tenor_dataset_size(d) == 2) {
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "No label yet.");
        CHECK_INT_EQ(nlabels_of(d, 0), 0);
    }
    tenor_dataset_free(d);
}

static void tsv_unescapes_newline_tab_and_backslash(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv", "a\tline1\\nline2\\tx\\\\y \\q end\\\n", TENOR_DATA_TSV,
                            NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 1);
    if (tenor_dataset_size(d) == 1) {
        /* Unknown escapes and a final backslash stay as written. */
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "line1\nline2\tx\\y \\q end\\");
        CHECK_INT_EQ(tenor_dataset_text_len(d, 0), strlen("line1\nline2\tx\\y \\q end\\"));
    }
    tenor_dataset_free(d);
}

static void tsv_keeps_further_tabs_as_part_of_the_text(void)
{
    int rc;
    tenor_dataset *d = load("t.tsv", "sport\tfirst\tsecond\n", TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 1);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 1);
    CHECK_INT_EQ(label_index(d, "first"), -1);
    if (tenor_dataset_size(d) == 1) {
        const char *t = tenor_dataset_text(d, 0);
        /* The second field is text, separated from the first by one white-space byte
         * (the TAB itself, or a space standing in for it). */
        CHECK_INT_EQ(tenor_dataset_text_len(d, 0), 12);
        CHECK(strncmp(t, "first", 5) == 0 && strcmp(t + 6, "second") == 0);
        CHECK(t[5] == '\t' || t[5] == ' ');
    }
    tenor_dataset_free(d);
}

static void tsv_rejects_a_line_without_tab(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("data/t.tsv", "sport\tWon.\nno tab here\n", TENOR_DATA_AUTO,
                            &diag, &rc);
    if (!d)
        return;
    CHECK_INT_EQ(rc, TENOR_EFORMAT);
    check_msg_has(&diag, "data/t.tsv:2:");
    CHECK_INT_EQ(diag.line, 2);
    CHECK_INT_EQ(diag.offset, 11);
    tenor_dataset_free(d);
}

/* ---- JSONL ---------------------------------------------------------------- */

static void jsonl_reads_label_and_labels(void)
{
    int rc;
    tenor_dataset *d = load("d.jsonl",
                            "{\"text\": \"t1\", \"label\": \"x\"}\n"
                            "  {\"labels\": [\"x\", \" y \"], \"text\": \"t2\\nmore\"}\n"
                            "\n"
                            "{\"text\": \"t3\", \"labels\": []}\n",
                            TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 3);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 2);
    if (tenor_dataset_size(d) == 3) {
        CHECK_STR_EQ(tenor_dataset_text(d, 1), "t2\nmore");
        CHECK(has(d, 0, "x") && !has(d, 0, "y"));
        CHECK(has(d, 1, "x") && has(d, 1, "y"));
        CHECK_INT_EQ(nlabels_of(d, 2), 0); /* "labels": [] */
    }
    CHECK(tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void jsonl_with_one_label_each_is_single_label(void)
{
    int rc;
    tenor_dataset *d = load("d.jsonl",
                            "{\"text\": \"a\", \"label\": \"x\"}\n"
                            "{\"text\": \"b\", \"label\": \"y\"}",
                            TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 2);
    CHECK(!tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
    /* A "labels" list marks the data multi-label even with one label per example. */
    d = load("d.jsonl", "{\"text\": \"a\", \"labels\": [\"x\"]}\n", TENOR_DATA_AUTO, NULL,
             &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK(tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void jsonl_rejects_a_malformed_line_naming_path_and_line(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("train.jsonl",
                            "{\"text\": \"a\", \"label\": \"x\"}\n"
                            "{\"text\": oops}\n",
                            TENOR_DATA_AUTO, &diag, &rc);
    if (!d)
        return;
    CHECK_INT_EQ(rc, TENOR_EFORMAT);
    check_msg_has(&diag, "train.jsonl:2:");
    CHECK_STR_EQ(diag.path, "train.jsonl");
    CHECK_INT_EQ(diag.line, 2);
    tenor_dataset_free(d);
}

static void jsonl_rejects_objects_of_the_wrong_shape(void)
{
    static const char *const bad[] = {
        "{\"label\": \"x\"}",                                  /* no text */
        "{\"text\": 5, \"label\": \"x\"}",                     /* text not a string */
        "{\"text\": \"a\"}",                                   /* no label */
        "{\"text\": \"a\", \"label\": \"x\", \"labels\": []}", /* both */
        "{\"text\": \"a\", \"labels\": [\"x\", 3]}",           /* non-string label */
        "{\"text\": \"a\", \"label\": \"x\"} {}",              /* two values */
        "{\"text\": \"a\", \"label\": \"x\\ny\"}",             /* a line break in a label */
        "{\"text\": \"a\", \"labels\": [\"x\", \"\\u0001\"]}",   /* a control character */
    };
    static const char *const says[] = {NULL, NULL, "needs \"label\"", "has both",
                                       NULL, NULL, "control",           "control"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int rc;
        tenor_diag diag;
        tenor_diag_clear(&diag);
        tenor_dataset *d = load("w.jsonl", bad[i], TENOR_DATA_JSONL, &diag, &rc);
        if (!d)
            return;
        CHECK_INT_EQ(rc, TENOR_EFORMAT);
        check_msg_has(&diag, "w.jsonl:1:");
        if (says[i])
            check_msg_has(&diag, says[i]);
        tenor_dataset_free(d);
    }
}

/* "\u0000" would end the text in cJSON; it is a space to tenor. */
static void jsonl_reads_a_nul_escape_as_a_space(void)
{
    int rc;
    tenor_dataset *d = load("n.jsonl", "{\"text\": \"before\\u0000after\", \"label\": \"x\"}\n",
                            TENOR_DATA_AUTO, NULL, &rc);
    CHECK_OK(rc);
    CHECK_INT_EQ(d ? tenor_dataset_size(d) : 0, 1);
    if (d && tenor_dataset_size(d) == 1)
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "before after");
    tenor_dataset_free(d);
}

/* ---- fastText ------------------------------------------------------------- */

static void fasttext_reads_label_prefixes_and_text(void)
{
    int rc;
    tenor_dataset *d = load("d.txt",
                            "__label__a __label__b Some text here\n"
                            "__label__c  other text\n",
                            TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 2);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 3);
    if (tenor_dataset_size(d) == 2) {
        CHECK_STR_EQ(tenor_dataset_text(d, 0), "Some text here");
        CHECK_STR_EQ(tenor_dataset_text(d, 1), "other text");
        CHECK(has(d, 0, "a") && has(d, 0, "b") && !has(d, 0, "c"));
        CHECK(has(d, 1, "c"));
    }
    CHECK(tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void fasttext_with_one_label_each_is_single_label(void)
{
    int rc;
    tenor_dataset *d = load("d.txt", "__label__x one\n__label__y two\n", TENOR_DATA_AUTO,
                            NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 2);
    CHECK(!tenor_dataset_multi_label(d));
    tenor_dataset_free(d);
}

static void fasttext_rejects_a_line_without_label(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("d.txt", "__label__x one\nplain line\n", TENOR_DATA_AUTO, &diag,
                            &rc);
    if (!d)
        return;
    CHECK_INT_EQ(rc, TENOR_EFORMAT);
    check_msg_has(&diag, "d.txt:2:");
    tenor_dataset_free(d);
}

/* ---- detection, UTF-8 and checksum ----------------------------------------- */

static void dataset_skips_a_utf8_bom_before_the_first_line(void)
{
    int rc;
    /* With the BOM kept, the header would become an example labelled "\uFEFFlabel". */
    tenor_dataset *d = load("bom.tsv", "\xEF\xBB\xBFlabel\ttext\nsport\tWon.\n", TENOR_DATA_AUTO,
                            NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 1);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 1);
    if (tenor_dataset_nlabels(d) == 1)
        CHECK_STR_EQ(tenor_dataset_label(d, 0), "sport");
    tenor_dataset_free(d);
    d = load("bom.jsonl", "\xEF\xBB\xBF{\"text\": \"a\", \"label\": \"x\"}\n", TENOR_DATA_AUTO,
             NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 1);
    tenor_dataset_free(d);
}

static void dataset_rejects_a_file_in_no_known_format(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("prose.txt", "\n  \nJust some prose.\nMore prose.\n",
                            TENOR_DATA_AUTO, &diag, &rc);
    if (!d)
        return;
    CHECK_INT_EQ(rc, TENOR_EFORMAT);
    check_msg_has(&diag, "prose.txt:3:");
    CHECK_INT_EQ(tenor_dataset_size(d), 0);
    tenor_dataset_free(d);
    /* UTF-16 (a BOM, or NUL bytes beside ASCII) is named as such, not as bad UTF-8. */
    static const char le[] = "\xFF\xFEs\0p\0o\0r\0t\0\t\0a\0\n\0", bare[] = "s\0p\0o\0r\0t\0";
    const struct {
        const char *s;
        size_t len;
    } utf16[] = {{le, sizeof le - 1}, {bare, sizeof bare - 1}};
    for (size_t i = 0; i < 2; i++) {
        tenor_dataset *u = NULL;
        CHECK_OK(tenor_dataset_new(&u));
        tenor_diag_clear(&diag);
        if (u)
            CHECK_INT_EQ(tenor_dataset_add(u, "x.tsv", utf16[i].s, utf16[i].len, TENOR_DATA_AUTO,
                                           &diag), TENOR_EUTF8);
        check_msg_has(&diag, "x.tsv: UTF-16");
        check_msg_has(&diag, "text; convert it to UTF-8 (iconv -f UTF-16");
        tenor_dataset_free(u);
    }
}

static void dataset_of_blank_input_is_empty(void)
{
    int rc;
    tenor_dataset *d = load("empty.tsv", "\n \r\n\n", TENOR_DATA_AUTO, NULL, &rc);
    if (!d)
        return;
    CHECK_OK(rc);
    CHECK_INT_EQ(tenor_dataset_size(d), 0);
    CHECK_INT_EQ(tenor_dataset_nlabels(d), 0);
    tenor_dataset_free(d);
}

static void dataset_rejects_invalid_utf8_with_line_and_offset(void)
{
    int rc;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_dataset *d = load("bad.tsv", "a\tok\nb\tbad \xFF here\n", TENOR_DATA_AUTO, &diag,
                            &rc);
    if (!d)
        return;
    CHECK_INT_EQ(rc, TENOR_EUTF8);
    CHECK_STR_EQ(diag.path, "bad.tsv");
    CHECK_INT_EQ(diag.line, 2);
    CHECK_INT_EQ(diag.offset, 11); /* "a\tok\n" is 5 bytes, "b\tbad " 6 more */
    check_msg_has(&diag, "bad.tsv:2:");
    check_msg_has(&diag, "11");
    CHECK_INT_EQ(tenor_dataset_size(d), 0);
    tenor_dataset_free(d);
}

static void dataset_checksum_changes_with_the_data(void)
{
    int rc1, rc2, rc3;
    tenor_dataset *d1 = load("a.tsv", "x\tsame text\n", TENOR_DATA_AUTO, NULL, &rc1);
    tenor_dataset *d2 = load("b.tsv", "x\tsame text\n", TENOR_DATA_AUTO, NULL, &rc2);
    tenor_dataset *d3 = load("a.tsv", "x\tsame text!\n", TENOR_DATA_AUTO, NULL, &rc3);
    if (d1 && d2 && d3) {
        CHECK_OK(rc1);
        CHECK_OK(rc2);
        CHECK_OK(rc3);
        CHECK(tenor_dataset_checksum(d1) != 0);
        CHECK_INT_EQ(tenor_dataset_checksum(d1), tenor_dataset_checksum(d2));
        CHECK(tenor_dataset_checksum(d1) != tenor_dataset_checksum(d3));
        /* Adding a second file changes it again. */
        uint32_t before = tenor_dataset_checksum(d1);
        CHECK_OK(tenor_dataset_add(d1, "c.tsv", "y\tmore\n", 7, TENOR_DATA_AUTO, NULL));
        CHECK(tenor_dataset_checksum(d1) != before);
        CHECK_INT_EQ(tenor_dataset_size(d1), 2);
    }
    tenor_dataset_free(d1);
    tenor_dataset_free(d2);
    tenor_dataset_free(d3);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(tsv_skips_a_header_line_and_reads_examples, passed, failed);
    RUN(tsv_accepts_a_labels_header_and_crlf_lines, passed, failed);
    RUN(tsv_splits_comma_separated_labels_and_trims_them, passed, failed);
    RUN(tsv_ignores_a_repeated_label_in_one_example, passed, failed);
    RUN(tsv_with_empty_labels_gives_an_unlabelled_example, passed, failed);
    RUN(tsv_detects_a_file_whose_first_example_has_no_label, passed, failed);
    RUN(tsv_unescapes_newline_tab_and_backslash, passed, failed);
    RUN(tsv_keeps_further_tabs_as_part_of_the_text, passed, failed);
    RUN(tsv_rejects_a_line_without_tab, passed, failed);
    RUN(jsonl_reads_label_and_labels, passed, failed);
    RUN(jsonl_with_one_label_each_is_single_label, passed, failed);
    RUN(jsonl_rejects_a_malformed_line_naming_path_and_line, passed, failed);
    RUN(jsonl_rejects_objects_of_the_wrong_shape, passed, failed);
    RUN(jsonl_reads_a_nul_escape_as_a_space, passed, failed);
    RUN(fasttext_reads_label_prefixes_and_text, passed, failed);
    RUN(fasttext_with_one_label_each_is_single_label, passed, failed);
    RUN(fasttext_rejects_a_line_without_label, passed, failed);
    RUN(dataset_skips_a_utf8_bom_before_the_first_line, passed, failed);
    RUN(dataset_rejects_a_file_in_no_known_format, passed, failed);
    RUN(dataset_of_blank_input_is_empty, passed, failed);
    RUN(dataset_rejects_invalid_utf8_with_line_and_offset, passed, failed);
    RUN(dataset_checksum_changes_with_the_data, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
