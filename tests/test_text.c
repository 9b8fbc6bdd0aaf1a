/* test_text.c - the text boundary: UTF-8 checking and repair, paragraph splitting,
 * white-space cleaning and the normalisation policy of text.h. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/text.h"

/* ---- helpers ------------------------------------------------------------ */

static int check_str(const char *s, size_t *bad)
{
    return tenor_utf8_check(s, strlen(s), bad);
}

/* Splits s and compares the paragraphs with the NULL-terminated list `want`. */
static void expect_paragraphs(const char *s, size_t len, const char *const *want)
{
    tenor_strlist l = TENOR_STRLIST_INIT;
    CHECK_OK(tenor_text_split_paragraphs(&l, s, len));
    size_t n = 0;
    while (want[n])
        n++;
    CHECK_INT_EQ(l.n, n);
    for (size_t i = 0; i < n && i < l.n; i++)
        CHECK_STR_EQ(l.items[i], want[i]);
    tenor_strlist_free(&l);
}

#define SPLIT(s, ...)                                                                   \
    do {                                                                                \
        static const char *const want_[] = {__VA_ARGS__, NULL};                         \
        expect_paragraphs((s), sizeof(s) - 1, want_);                                   \
    } while (0)

/* Normalises s and compares the result with want, also checking out_len. */
static void expect_normal(const char *s, const char *want)
{
    char *out = NULL;
    size_t out_len = 0;
    CHECK_OK(tenor_text_normalize(&out, &out_len, s, strlen(s)));
    CHECK_STR_EQ(out, want);
    if (out)
        CHECK_INT_EQ(out_len, strlen(want));
    free(out);
}

/* ---- tenor_utf8_check --------------------------------------------------- */

/* UTF-16 and UTF-32 are named with the encoding iconv needs; UTF-8 is not, even with a
 * stray NUL. */
static void wide_encodings_are_named(void)
{
    static const struct {
        const char *s;
        size_t len;
        const char *want;
    } cases[] = {
        {"\xFF\xFEH\0i\0", 6, "UTF-16"},
        {"\xFE\xFF\0H\0i", 6, "UTF-16"},
        {"\xFF\xFE\0\0H\0\0\0", 8, "UTF-32"},
        {"\x1C\x20I\0 \0j\0u\0s\0t\0", 14, "UTF-16LE"}, /* a curly quote first */
        {"\0T\0h\0e\0 \0t\0e\0a\0m", 16, "UTF-16BE"},
        {"A\0The team won the cup final on Sunday.", 40, NULL},
        {"\xE2\x80\x9CI just spoke\xE2\x80\x9D", 17, NULL},
        {"x", 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = tenor_text_wide_encoding(cases[i].s, cases[i].len);
        if (cases[i].want)
            CHECK(got && strcmp(got, cases[i].want) == 0);
        else
            CHECK(got == NULL);
    }
}

static void utf8_check_accepts_ascii_and_multibyte(void)
{
    size_t bad = 12345;
    CHECK_OK(check_str("plain ASCII, 123.", &bad));
    /* 2-, 3- and 4-byte sequences, and the largest code point U+10FFFF. */
    CHECK_OK(check_str("caf\xC3\xA9 \xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1 "
                       "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF",
                       &bad));
    CHECK_INT_EQ(bad, 12345); /* untouched on success */
    CHECK_OK(tenor_utf8_check("", 0, NULL));
    /* Length, not NUL, ends the input. */
    CHECK_OK(tenor_utf8_check("a\0b", 3, NULL));
}

/* ASCII is skipped 16 or eight bytes at a time: a bad byte, or a good sequence, at any
 * position of a longer text is still found, at its offset. */
static void utf8_check_finds_a_bad_byte_at_every_position(void)
{
    for (size_t at = 0; at < 40; at++) {
        char s[41] = "Ministers met in Geneva on Monday night.";
        size_t bad = 12345;
        s[at] = '\xFF';
        CHECK_INT_EQ(tenor_utf8_check(s, 40, &bad), TENOR_EUTF8);
        CHECK_INT_EQ(bad, at);
        if (at + 1 < 40) {
            memcpy(s + at, "\xC3\xA9", 2);
            CHECK_OK(tenor_utf8_check(s, 40, NULL));
            CHECK_INT_EQ(tenor_utf8_check(s, at + 1, &bad), TENOR_EUTF8); /* cut */
            CHECK_INT_EQ(bad, at);
        }
    }
}

static void utf8_check_rejects_overlong_encodings(void)
{
    size_t bad = 99;
    CHECK_INT_EQ(check_str("ab\xC0\xAF", &bad), TENOR_EUTF8); /* '/' in 2 bytes */
    CHECK_INT_EQ(bad, 2);
    CHECK_INT_EQ(check_str("\xC1\xBF", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 0);
    CHECK_INT_EQ(check_str("x\xE0\x80\xAF", &bad), TENOR_EUTF8); /* 3 bytes */
    CHECK_INT_EQ(bad, 1);
    CHECK_INT_EQ(check_str("xy\xF0\x80\x80\xAF", &bad), TENOR_EUTF8); /* 4 bytes */
    CHECK_INT_EQ(bad, 2);
    /* The shortest forms of the smallest 3- and 4-byte code points are fine. */
    CHECK_OK(check_str("\xE0\xA0\x80\xF0\x90\x80\x80", NULL));
}

static void utf8_check_rejects_surrogates(void)
{
    size_t bad = 99;
    CHECK_INT_EQ(check_str("ok \xED\xA0\x80", &bad), TENOR_EUTF8); /* U+D800 */
    CHECK_INT_EQ(bad, 3);
    CHECK_INT_EQ(check_str("\xED\xBF\xBF", &bad), TENOR_EUTF8); /* U+DFFF */
    CHECK_INT_EQ(bad, 0);
    CHECK_OK(check_str("\xED\x9F\xBF\xEE\x80\x80", NULL)); /* U+D7FF, U+E000 */
}

static void utf8_check_rejects_code_points_past_10ffff(void)
{
    size_t bad = 99;
    CHECK_INT_EQ(check_str("a\xF4\x90\x80\x80", &bad), TENOR_EUTF8); /* U+110000 */
    CHECK_INT_EQ(bad, 1);
    CHECK_INT_EQ(check_str("\xF5\x80\x80\x80", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 0);
    CHECK_INT_EQ(check_str("ab\xFF", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 2);
}

static void utf8_check_rejects_truncated_sequences(void)
{
    size_t bad = 99;
    CHECK_INT_EQ(check_str("abc\xE2\x82", &bad), TENOR_EUTF8); /* "€" cut short */
    CHECK_INT_EQ(bad, 3);
    CHECK_INT_EQ(check_str("\xF0\x9F\x98", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 0);
    /* A lead byte followed by a non-continuation byte. */
    CHECK_INT_EQ(check_str("\xC3(", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 0);
    /* A lone continuation byte. */
    CHECK_INT_EQ(check_str("ab\x80", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 2);
    /* A valid string cut by `len` in the middle of a sequence. */
    CHECK_INT_EQ(tenor_utf8_check("\xC3\xA9", 1, &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 0);
}

static void utf8_check_reports_the_first_bad_byte(void)
{
    size_t bad = 99;
    /* "é" is two bytes, so the first bad byte is at offset 3, not the later 0xFE. */
    CHECK_INT_EQ(check_str("\xC3\xA9x\xFFy\xFE", &bad), TENOR_EUTF8);
    CHECK_INT_EQ(bad, 3);
}

/* ---- tenor_utf8_repair -------------------------------------------------- */

static void utf8_repair_replaces_each_bad_byte_with_fffd(void)
{
    char *out = NULL;
    size_t out_len = 0, nbad = 0;
    const char in[] = "a\xFF" "b\xC3\xA9" "c\x80";
    CHECK_OK(tenor_utf8_repair(&out, &out_len, in, sizeof in - 1, &nbad));
    CHECK_INT_EQ(nbad, 2);
    CHECK_STR_EQ(out, "a\xEF\xBF\xBD" "b\xC3\xA9" "c\xEF\xBF\xBD");
    CHECK_INT_EQ(out_len, strlen("a\xEF\xBF\xBD" "b\xC3\xA9" "c\xEF\xBF\xBD"));
    CHECK_OK(tenor_utf8_check(out, out_len, NULL));
    free(out);
}

static void utf8_repair_output_is_always_valid(void)
{
    static const char *const inputs[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                         "abc\xE2\x82", "\xF0\x9F\x98"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char *out = NULL;
        size_t out_len = 0, nbad = 0;
        CHECK_OK(tenor_utf8_repair(&out, &out_len, inputs[i], strlen(inputs[i]), &nbad));
        CHECK(nbad >= 1);
        CHECK(out != NULL && strlen(out) == out_len);
        CHECK_OK(tenor_utf8_check(out, out_len, NULL));
        CHECK(out != NULL && strstr(out, "\xEF\xBF\xBD") != NULL);
        free(out);
    }
}

static void utf8_repair_copies_valid_input_unchanged(void)
{
    char *out = NULL;
    size_t out_len = 0, nbad = 7;
    const char *in = "Z\xC3\xBCrich \xF0\x9F\x98\x80";
    CHECK_OK(tenor_utf8_repair(&out, &out_len, in, strlen(in), &nbad));
    CHECK_INT_EQ(nbad, 0);
    CHECK_STR_EQ(out, in);
    CHECK_INT_EQ(out_len, strlen(in));
    free(out);
}

static void utf8_repair_of_empty_input_is_an_empty_string(void)
{
    char *out = NULL;
    size_t out_len = 5, nbad = 5;
    CHECK_OK(tenor_utf8_repair(&out, &out_len, "", 0, &nbad));
    CHECK(out != NULL);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(out_len, 0);
    CHECK_INT_EQ(nbad, 0);
    free(out);
}

/* ---- tenor_text_split_paragraphs ---------------------------------------- */

static void split_separates_paragraphs_at_blank_lines(void)
{
    SPLIT("First line\nstill first.\n\nSecond one.\n", "First line still first.",
          "Second one.");
    SPLIT("a\n\n\n\nb", "a", "b");
}

static void split_gives_one_paragraph_per_line_without_blank_lines(void)
{
    SPLIT("Line one.\nLine two.\nLine three.", "Line one.", "Line two.", "Line three.");
}

static void split_handles_crlf_and_cr_line_ends(void)
{
    SPLIT("a\r\nb\r\n\r\nc\r\n", "a b", "c");
    SPLIT("one\r\ntwo", "one", "two");
    SPLIT("one\rtwo", "one", "two");
    /* CRLF is one line end, not an LF after an empty CR line. */
    SPLIT("x\r\ny\r\nz", "x", "y", "z");
}

static void split_treats_u2028_as_a_line_end_and_u2029_as_a_paragraph_end(void)
{
    SPLIT("a\xE2\x80\xA8" "b", "a", "b");
    SPLIT("a\xC2\x85" "b", "a", "b"); /* U+0085 NEL */
    /* U+2029 ends a paragraph, so the text is in paragraph mode: b and c join. */
    SPLIT("a\xE2\x80\xA9" "b\nc", "a", "b c");
}

static void split_counts_nbsp_only_lines_as_blank(void)
{
    SPLIT("a\nb\n\xC2\xA0\nc", "a b", "c");
    SPLIT("a\nb\n \t\xC2\xA0\xE2\x80\xAF \nc\nd", "a b", "c d");
}

/* Zero-width joiners and spaces are kept: the text is shown as written, and features
 * drop them (normalisation), as they do for training text. */
static void split_keeps_zero_width_joiners_in_words(void)
{
    SPLIT("family \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 here",
          "family \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 here");
    SPLIT("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85",
          "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85");
    SPLIT("a\xE2\x80\x8B" "b c\xE2\x81\xA0" "d", "a\xE2\x80\x8B" "b c\xE2\x81\xA0" "d");
    SPLIT("\xEF\xBB\xBFtext", "text"); /* a byte-order mark is no part of it */
    /* A line of only zero-width spaces (a scraped spacer) is blank all the same. */
    SPLIT("a\nb\n\xE2\x80\x8B\nc\nd", "a b", "c d");
    SPLIT("a\n \xE2\x80\x8B \xE2\x81\xA0\nb", "a", "b");
}

static void split_collapses_white_space_inside_a_paragraph(void)
{
    SPLIT("  Hello,\t\tworld \xC2\xA0 again.   ", "Hello, world again.");
    SPLIT("p  q\n\n  r\t s  ", "p q", "r s");
}

static void split_ignores_leading_and_trailing_blank_lines(void)
{
    /* Blank lines only at the ends do not put the text in paragraph mode. */
    SPLIT("\n\n  \na\nb\n\n\n", "a", "b");
    SPLIT("\n\na\nb\n\nc\n\n", "a b", "c");
}

static void split_of_empty_or_blank_input_gives_no_paragraphs(void)
{
    tenor_strlist l = TENOR_STRLIST_INIT;
    CHECK_OK(tenor_text_split_paragraphs(&l, "", 0));
    CHECK_INT_EQ(l.n, 0);
    CHECK_OK(tenor_text_split_paragraphs(&l, " \n\t\n\xC2\xA0\r\n", 8));
    CHECK_INT_EQ(l.n, 0);
    tenor_strlist_free(&l);
}

static void split_appends_to_an_existing_list(void)
{
    tenor_strlist l = TENOR_STRLIST_INIT;
    CHECK_OK(tenor_strlist_push(&l, "kept", 4));
    CHECK_OK(tenor_text_split_paragraphs(&l, "x\ny", 3));
    CHECK_INT_EQ(l.n, 3);
    if (l.n == 3) {
        CHECK_STR_EQ(l.items[0], "kept");
        CHECK_STR_EQ(l.items[2], "y");
    }
    tenor_strlist_free(&l);
    CHECK_INT_EQ(l.n, 0);
    CHECK(l.items == NULL);
}

/* ---- tenor_text_clean_paragraph ----------------------------------------- */

static void clean_paragraph_collapses_and_trims_white_space(void)
{
    const char in[] = "  Markets\n  fell\r\n\tsharply\xC2\xA0\xC2\xA0today.  \n";
    char *out = NULL;
    CHECK_OK(tenor_text_clean_paragraph(&out, in, sizeof in - 1));
    CHECK_STR_EQ(out, "Markets fell sharply today.");
    free(out);
}

/* Random mixes of words, single and repeated spaces, tabs, NBSP, controls, an em space,
 * a zero-width space (no white space) and line ends, runs long enough for the 16-byte
 * scan too, against
 * the rule written plainly: the white-space-separated pieces joined by one space. */
static void clean_paragraph_matches_split_and_join(void)
{
    static const char *const pieces[] = {
        "a", "Zz", "\xC3\xA9", ".", " ", " ", "  ", "\t", "\n", "\xC2\xA0", "\x7F", "x y",
        "Ministers met", "in Geneva on", "~!", "\x01", "\x1F", "\xE2\x80\x83", "\xE2\x80\x8B"};
    static const bool blank[] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0};
    unsigned state = 99u;
    int mismatches = 0;
    for (int t = 0; t < 6000; t++) {
        char in[512] = "", want[512] = "";
        size_t n = 0, w = 0;
        bool gap = false;
        state = state * 1103515245u + 12345u;
        size_t count = (state >> 16) % 40;
        for (size_t k = 0; k < count; k++) {
            state = state * 1103515245u + 12345u;
            size_t p = (state >> 16) % (sizeof pieces / sizeof *pieces);
            memcpy(in + n, pieces[p], strlen(pieces[p]));
            n += strlen(pieces[p]);
            if (blank[p]) {
                gap = w > 0;
                continue;
            }
            if (gap)
                want[w++] = ' ';
            gap = false;
            memcpy(want + w, pieces[p], strlen(pieces[p]));
            w += strlen(pieces[p]);
        }
        char *out = NULL;
        CHECK_OK(tenor_text_clean_paragraph(&out, in, n));
        if (!out || strlen(out) != w || memcmp(out, want, w) != 0)
            mismatches++;
        free(out);
    }
    CHECK_INT_EQ(mismatches, 0);
}

static void clean_paragraph_of_only_white_space_is_empty(void)
{
    const char blank[] = " \t\n\xC2\xA0 ";
    char *out = NULL;
    CHECK_OK(tenor_text_clean_paragraph(&out, blank, sizeof blank - 1));
    CHECK(out != NULL);
    CHECK_STR_EQ(out, "");
    free(out);
    out = NULL;
    CHECK_OK(tenor_text_clean_paragraph(&out, "", 0));
    CHECK_STR_EQ(out, "");
    free(out);
}

/* ---- tenor_text_normalize ----------------------------------------------- */

static void normalize_casefolds_turkish_capital_dotted_i(void)
{
    expect_normal("\xC4\xB0STANBUL", "i\xCC\x87stanbul"); /* "İSTANBUL" -> i + U+0307 */
}

static void normalize_applies_compatibility_forms(void)
{
    expect_normal("\xEF\xAC\x81nance", "finance");                               /* ﬁ */
    expect_normal("\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94", "2024");  /* ２０２４ */
}

static void normalize_unifies_typographic_apostrophes(void)
{
    char *a = NULL, *b = NULL;
    CHECK_OK(tenor_text_normalize(&a, NULL, "Trump\xE2\x80\x99s", 9));
    CHECK_OK(tenor_text_normalize(&b, NULL, "Trump's", 7));
    CHECK_STR_EQ(a, b);
    CHECK_STR_EQ(a, "trump's");
    free(a);
    free(b);
}

static void normalize_turns_curly_quotes_into_straight_quotes(void)
{
    expect_normal("\xE2\x80\x9CQuotes\xE2\x80\x9D", "\"quotes\"");
    expect_normal("\xC2\xAB" "oui\xC2\xBB", "\"oui\"");
}

static void normalize_turns_en_and_em_dashes_into_hyphens(void)
{
    expect_normal("2020\xE2\x80\x93" "2021", "2020-2021");
    expect_normal("wait\xE2\x80\x94what", "wait-what");
}

static void normalize_keeps_combining_marks(void)
{
    expect_normal("A\xC3\xB1o", "a\xC3\xB1o");         /* "Año": the ñ stays */
    expect_normal("an\xCC\x83o", "a\xC3\xB1o");        /* NFD input composes to the same */
    char *out = NULL;
    CHECK_OK(tenor_text_normalize(&out, NULL, "a\xC3\xB1o", 4));
    CHECK(out != NULL && strcmp(out, "ano") != 0);
    free(out);
}

static void normalize_drops_control_and_ignorable_characters(void)
{
    expect_normal("a\xE2\x80\x8B" "b\x07" "c", "abc"); /* U+200B, BEL */
}

static void normalize_rejects_invalid_utf8(void)
{
    char *out = NULL;
    CHECK_INT_EQ(tenor_text_normalize(&out, NULL, "ok\xFF", 3), TENOR_EUTF8);
    CHECK_INT_EQ(tenor_text_normalize(&out, NULL, "\xC3", 1), TENOR_EUTF8);
    CHECK(out == NULL);
}

/* Whether tenor_text_normalize gives what utf8proc alone gives for (s, n). */
static bool normalisations_agree(const char *s, size_t n)
{
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    CHECK_OK(tenor_text_normalize(&a, &la, s, n));
    CHECK_OK(tenor_text_normalize_unicode(&b, &lb, s, n));
    bool same = a && b && la == lb && memcmp(a, b, la) == 0;
    free(a);
    free(b);
    return same;
}

/* The ASCII fast path must give exactly what utf8proc gives, controls and CRLF
 * included; random strings from a fixed LCG make that a broad check. */
static void ascii_fast_path_matches_utf8proc(void)
{
    unsigned state = 12345u;
    int mismatches = 0;
    for (int t = 0; t < 5000; t++) {
        char s[48];
        state = state * 1103515245u + 12345u;
        size_t n = (state >> 16) % sizeof s;
        for (size_t i = 0; i < n; i++) {
            state = state * 1103515245u + 12345u;
            s[i] = (char)((state >> 16) % 128);
        }
        mismatches += !normalisations_agree(s, n);
    }
    CHECK_INT_EQ(mismatches, 0);
}

/* Normalising only the non-ASCII stretches through utf8proc must give what utf8proc
 * gives for the whole text: random mixes of ASCII (controls, CRLF, letters, '=') and
 * pieces that compose with or decompose next to them (combining marks, U+0338, the fi
 * ligature, NBSP, curly quotes, Greek capitals, a zero-width space). */
static void segmented_normalisation_matches_utf8proc(void)
{
    static const char *const pieces[] = {
        "a", "E", "=", " ", "\r", "\n", "\r\n", "\t", "\x01", "`", "'", "9", ".",
        "\xCC\x81",     /* U+0301 combining acute */
        "\xCC\xB8",     /* U+0338 combining long solidus: "=" + it -> U+2260 */
        "\xEF\xAC\x81", /* U+FB01 fi ligature */
        "\xC2\xA0",     /* NBSP */
        "\xE2\x80\x99", "\xE2\x80\x9C", /* curly quotes */
        "\xCE\xA3",     /* Greek capital sigma */
        "\xE2\x80\x8B", /* zero-width space (ignorable) */
        "\xC2\xA3",     /* pound sign */
    };
    unsigned state = 777u;
    int mismatches = 0;
    for (int t = 0; t < 5000; t++) {
        char s[96];
        size_t n = random_pieces(s, pieces, sizeof pieces / sizeof *pieces, 20, &state);
        mismatches += !normalisations_agree(s, n);
    }
    CHECK_INT_EQ(mismatches, 0);
}

static void simple_text_excludes_non_ascii_and_controls_but_white_space(void)
{
    CHECK(tenor_text_is_simple("Talks in Geneva.\r\n\tNext\f\v", 24));
    CHECK(tenor_text_is_simple("", 0));
    CHECK(!tenor_text_is_simple("caf\xC3\xA9", 5));
    CHECK(!tenor_text_is_simple("a\x01b", 3));
    CHECK(!tenor_text_is_simple("a\0b", 3));
    CHECK(!tenor_text_is_simple("a\x7F", 2));
    /* past the first eight bytes too, where they are checked a word at a time */
    CHECK(tenor_text_is_simple("The talks resumed on Monday~ {ok} \t\r\n", 37));
    for (size_t at = 0; at < 40; at++) {
        char s[41] = "Ministers met in Geneva on Monday night.";
        static const char bad[] = {'\x7F', '\x01', '\x1F', '\x80', '\xFF', '\0'};
        for (size_t b = 0; b < sizeof bad; b++) {
            s[at] = bad[b];
            CHECK(!tenor_text_is_simple(s, 40));
        }
        s[at] = ' ';
        CHECK(tenor_text_is_simple(s, 40));
        s[at] = '~';
        CHECK(tenor_text_is_simple(s, 40));
    }
    /* a bad byte past a word flagged only for its white space */
    CHECK(!tenor_text_is_simple("Talks\tin Geneva resumed\x01 today.", 33));
    CHECK(!tenor_text_is_simple("Talks\nin Geneva resumed caf\xC3\xA9 today.", 38));
}

/* Curly quotes, en and em dashes, NBSP, pound, euro, bullet and ellipsis are simple
 * (they normalise to ASCII, or only ever separate words), at
 * every position, across the eight-byte words too; other characters of their blocks,
 * and cut sequences, are not. */
static void simple_text_takes_the_typographic_marks_of_news(void)
{
    static const char *const marks[] = {"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
                                        "\xE2\x80\x9D", "\xE2\x80\x93", "\xE2\x80\x94",
                                        "\xC2\xA0",     "\xC2\xA3",     "\xE2\x82\xAC",
                                        "\xE2\x80\xA2", "\xE2\x80\xA6"};
    static const char *const others[] = {"\xE2\x80\xA7", "\xE2\x80\x9A", "\xE2\x80\x95",
                                         "\xC2\xA1", "\xE2\x82\xAD", "\xE2\x80", "\xE2",
                                         "\xC2"};
    static const char expect[] = {'\'', '\'', '"', '"', '-', '-', ' ', ' ', ' ', ' ', ' '};
    const char *base = "Ministers met in Geneva.";
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        char ascii = 0;
        CHECK_INT_EQ(tenor_text_simple_mark(marks[m], strlen(marks[m]), 0, &ascii),
                     strlen(marks[m]));
        CHECK(ascii == expect[m]);
        for (size_t at = 0; at <= 24; at++) {
            char s[40];
            size_t n = (size_t)snprintf(s, sizeof s, "%.*s%s%s", (int)at, base, marks[m],
                                        base + at);
            CHECK(tenor_text_is_simple(s, n));
            CHECK(!tenor_text_is_simple(s, n - (24 - at) - 1)); /* the mark cut short */
        }
    }
    for (size_t o = 0; o < sizeof others / sizeof *others; o++)
        for (size_t at = 0; at <= 24; at++) {
            char s[40];
            size_t n = (size_t)snprintf(s, sizeof s, "%.*s%s%s", (int)at, base, others[o],
                                        base + at);
            CHECK(!tenor_text_is_simple(s, n));
        }
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(wide_encodings_are_named, passed, failed);
    RUN(utf8_check_accepts_ascii_and_multibyte, passed, failed);
    RUN(segmented_normalisation_matches_utf8proc, passed, failed);
    RUN(simple_text_excludes_non_ascii_and_controls_but_white_space, passed, failed);
    RUN(simple_text_takes_the_typographic_marks_of_news, passed, failed);
    RUN(utf8_check_finds_a_bad_byte_at_every_position, passed, failed);
    RUN(utf8_check_rejects_overlong_encodings, passed, failed);
    RUN(utf8_check_rejects_surrogates, passed, failed);
    RUN(utf8_check_rejects_code_points_past_10ffff, passed, failed);
    RUN(utf8_check_rejects_truncated_sequences, passed, failed);
    RUN(utf8_check_reports_the_first_bad_byte, passed, failed);
    RUN(utf8_repair_replaces_each_bad_byte_with_fffd, passed, failed);
    RUN(utf8_repair_output_is_always_valid, passed, failed);
    RUN(utf8_repair_copies_valid_input_unchanged, passed, failed);
    RUN(utf8_repair_of_empty_input_is_an_empty_string, passed, failed);
    RUN(split_separates_paragraphs_at_blank_lines, passed, failed);
    RUN(split_gives_one_paragraph_per_line_without_blank_lines, passed, failed);
    RUN(split_handles_crlf_and_cr_line_ends, passed, failed);
    RUN(split_treats_u2028_as_a_line_end_and_u2029_as_a_paragraph_end, passed, failed);
    RUN(split_counts_nbsp_only_lines_as_blank, passed, failed);
    RUN(split_keeps_zero_width_joiners_in_words, passed, failed);
    RUN(split_collapses_white_space_inside_a_paragraph, passed, failed);
    RUN(split_ignores_leading_and_trailing_blank_lines, passed, failed);
    RUN(split_of_empty_or_blank_input_gives_no_paragraphs, passed, failed);
    RUN(split_appends_to_an_existing_list, passed, failed);
    RUN(clean_paragraph_collapses_and_trims_white_space, passed, failed);
    RUN(clean_paragraph_of_only_white_space_is_empty, passed, failed);
    RUN(clean_paragraph_matches_split_and_join, passed, failed);
    RUN(normalize_casefolds_turkish_capital_dotted_i, passed, failed);
    RUN(normalize_applies_compatibility_forms, passed, failed);
    RUN(normalize_unifies_typographic_apostrophes, passed, failed);
    RUN(normalize_turns_curly_quotes_into_straight_quotes, passed, failed);
    RUN(normalize_turns_en_and_em_dashes_into_hyphens, passed, failed);
    RUN(normalize_keeps_combining_marks, passed, failed);
    RUN(normalize_drops_control_and_ignorable_characters, passed, failed);
    RUN(normalize_rejects_invalid_utf8, passed, failed);
    RUN(ascii_fast_path_matches_utf8proc, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
