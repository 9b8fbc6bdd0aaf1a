/* test_tokenizer.c - the word rule documented in tokenizer.h: letters, marks and digits
 * form tokens; apostrophe, full-stop and comma joiners; digits mapped to 0; long tokens
 * dropped; one tenor_tokens reused across calls. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/text.h"
#include "tenor/tokenizer.h"

/* Tokenises s with t and compares with the NULL-terminated list `want`. */
static void expect_tokens_with(tenor_tokens *t, const char *s, const char *const *want)
{
    CHECK_OK(tenor_tokenize(t, s, strlen(s)));
    size_t n = 0;
    while (want[n])
        n++;
    CHECK_INT_EQ(t->n, n);
    for (size_t i = 0; i < n && i < t->n; i++) {
        CHECK_STR_EQ(tenor_token(t, i), want[i]);
        CHECK_INT_EQ(t->len[i], strlen(tenor_token(t, i)));
    }
}

static void expect_tokens(const char *s, const char *const *want)
{
    tenor_tokens t = TENOR_TOKENS_INIT;
    expect_tokens_with(&t, s, want);
    tenor_tokens_free(&t);
}

#define TOKENS(s, ...)                                                                  \
    do {                                                                                \
        static const char *const want_[] = {__VA_ARGS__, NULL};                         \
        expect_tokens((s), want_);                                                      \
    } while (0)

#define NO_TOKENS(s)                                                                    \
    do {                                                                                \
        static const char *const want_[] = {NULL};                                      \
        expect_tokens((s), want_);                                                      \
    } while (0)

static void tokenizer_splits_on_spaces(void)
{
    TOKENS("markets fell  sharply", "markets", "fell", "sharply");
}

static void tokenizer_drops_a_final_possessive_s(void)
{
    TOKENS("trump's visit", "trump", "visit");
    TOKENS("the ceo's", "the", "ceo");
}

static void tokenizer_keeps_an_apostrophe_between_letters(void)
{
    TOKENS("don't panic", "don't", "panic");
    TOKENS("o'neill", "o'neill");
    /* An apostrophe at either end of a word is a separator. */
    TOKENS("'quoted' words'", "quoted", "words");
}

static void tokenizer_joins_full_stops_after_one_letter_segments(void)
{
    TOKENS("the u.s. economy", "the", "u.s", "economy");
    TOKENS("e.g. this", "e.g", "this");
    TOKENS("u.s.a.", "u.s.a");
    /* A sentence-final full stop after a longer word separates. */
    TOKENS("it ended. then", "it", "ended", "then");
    TOKENS("mr.smith", "mr", "smith");
}

static void tokenizer_maps_decimal_numbers_to_shape(void)
{
    TOKENS("3.5", "0.0");
    TOKENS("grew 3.5% in", "grew", "0.0", "in");
    TOKENS("12.25", "00.00");
}

static void tokenizer_joins_digit_groups_with_commas(void)
{
    TOKENS("200,000", "000,000");
    TOKENS("1,234,567 people", "0,000,000", "people");
    /* A comma after a word, or between a digit and a space, separates. */
    TOKENS("yes,no", "yes", "no");
    TOKENS("in 2020, then", "in", "0000", "then");
}

static void tokenizer_maps_every_digit_to_zero(void)
{
    TOKENS("in 2021", "in", "0000");
    TOKENS("covid19", "covid00");
    /* Digits of other scripts too: Arabic-Indic "٢٠٢٤". */
    TOKENS("\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4", "0000");
}

static void tokenizer_splits_at_hyphens_and_slashes(void)
{
    TOKENS("cross-border", "cross", "border");
    TOKENS("president-elect", "president", "elect");
    TOKENS("and/or", "and", "or");
}

static void tokenizer_keeps_greek_and_cyrillic_words_whole(void)
{
    TOKENS("\xCE\xB5\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1",
           "\xCE\xB5\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1"); /* ελλάδα */
    TOKENS("\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 talks",
           "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "talks"); /* москва */
}

static void tokenizer_keeps_accented_latin_words_whole(void)
{
    TOKENS("caf\xC3\xA9 z\xC3\xBCrich", "caf\xC3\xA9", "z\xC3\xBCrich");
    /* A combining mark belongs to its word (decomposed "año"). */
    TOKENS("an\xCC\x83o nuevo", "an\xCC\x83o", "nuevo");
}

static void tokenizer_gives_one_token_per_cjk_run(void)
{
    TOKENS("\xE4\xB8\xAD\xE5\x9B\xBD\xE7\xBB\x8F\xE6\xB5\x8E",
           "\xE4\xB8\xAD\xE5\x9B\xBD\xE7\xBB\x8F\xE6\xB5\x8E");
}

static void tokenizer_drops_emoji_and_punctuation(void)
{
    TOKENS("hello \xF0\x9F\x98\x80 world!!! \xC2\xA9 (ok)", "hello", "world", "ok");
    TOKENS("rise\xF0\x9F\x93\x88" "fall", "rise", "fall");
    NO_TOKENS("... !!! \xE2\x80\xA2 \xF0\x9F\x98\x80 -- $ %");
    NO_TOKENS("");
}

static void tokenizer_drops_tokens_longer_than_token_max(void)
{
    char s[3 * TENOR_TOKEN_MAX + 16];
    /* Exactly TENOR_TOKEN_MAX bytes: kept. */
    memset(s, 'a', TENOR_TOKEN_MAX);
    strcpy(s + TENOR_TOKEN_MAX, " ok");
    tenor_tokens t = TENOR_TOKENS_INIT;
    CHECK_OK(tenor_tokenize(&t, s, strlen(s)));
    CHECK_INT_EQ(t.n, 2);
    if (t.n == 2) {
        CHECK_INT_EQ(t.len[0], TENOR_TOKEN_MAX);
        CHECK_STR_EQ(tenor_token(&t, 1), "ok");
    }
    /* One byte more: dropped, and the next token is unaffected. */
    memset(s, 'b', TENOR_TOKEN_MAX + 1);
    strcpy(s + TENOR_TOKEN_MAX + 1, " ok");
    CHECK_OK(tenor_tokenize(&t, s, strlen(s)));
    CHECK_INT_EQ(t.n, 1);
    if (t.n == 1)
        CHECK_STR_EQ(tenor_token(&t, 0), "ok");
    /* The limit is in bytes: 33 two-byte letters (66 bytes) are too long. */
    size_t w = 0;
    for (int i = 0; i < 33; i++) {
        s[w++] = '\xC3';
        s[w++] = '\xA9';
    }
    strcpy(s + w, " z");
    CHECK_OK(tenor_tokenize(&t, s, strlen(s)));
    CHECK_INT_EQ(t.n, 1);
    if (t.n == 1)
        CHECK_STR_EQ(tenor_token(&t, 0), "z");
    tenor_tokens_free(&t);
}

static void tokenizer_reads_only_len_bytes(void)
{
    tenor_tokens t = TENOR_TOKENS_INIT;
    CHECK_OK(tenor_tokenize(&t, "abc def", 3));
    CHECK_INT_EQ(t.n, 1);
    if (t.n == 1)
        CHECK_STR_EQ(tenor_token(&t, 0), "abc");
    tenor_tokens_free(&t);
}

static void tokenizer_reuses_one_tokens_value_across_calls(void)
{
    tenor_tokens t = TENOR_TOKENS_INIT;
    static const char *const first[] = {"one", "two", "three", "four", NULL};
    static const char *const second[] = {"five", NULL};
    static const char *const empty[] = {NULL};
    expect_tokens_with(&t, "one two three four", first);
    expect_tokens_with(&t, "five", second);
    expect_tokens_with(&t, "", empty);

    /* A text with more tokens than the initial capacity, then a short one again. */
    char big[200 * 3 + 1];
    size_t w = 0;
    for (int i = 0; i < 200; i++) {
        big[w++] = (char)('a' + i % 26);
        big[w++] = (char)('a' + i / 26);
        big[w++] = ' ';
    }
    big[w] = '\0';
    CHECK_OK(tenor_tokenize(&t, big, w));
    CHECK_INT_EQ(t.n, 200);
    if (t.n == 200) {
        CHECK_STR_EQ(tenor_token(&t, 0), "aa");
        CHECK_STR_EQ(tenor_token(&t, 199), "rh"); /* 199 = 7 * 26 + 17 */
    }
    expect_tokens_with(&t, "five", second);
    tenor_tokens_free(&t);
    CHECK(t.text == NULL && t.n == 0);
    tenor_tokens_free(NULL);
}

static void tokenizer_after_normalisation_treats_curly_possessive_like_ascii(void)
{
    char *norm = NULL;
    size_t len = 0;
    CHECK_OK(tenor_text_normalize(&norm, &len, "Trump\xE2\x80\x99s U.S. plan",
                                  strlen("Trump\xE2\x80\x99s U.S. plan")));
    if (!norm)
        return;
    static const char *const want[] = {"trump", "u.s", "plan", NULL};
    tenor_tokens t = TENOR_TOKENS_INIT;
    expect_tokens_with(&t, norm, want);
    tenor_tokens_free(&t);
    free(norm);
}

/* The one-pass path for simple text must give the tokens of tokenize(normalize(s)):
 * random strings over the characters the word rule treats specially. */
static void simple_path_matches_normalise_then_tokenize(void)
{
    /* Single bytes, and the typographic marks simple text may hold (text.h). */
    static const char *const alphabet[] = {
        "a", "Z", "q", "9", " ", ".", ",", "'", "`", "-", "\t", "\r", "\n", "S", "0", "s", "/",
        "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x93",
        "\xE2\x80\x94", "\xC2\xA0", "\xC2\xA3", "\xE2\x82\xAC", "\xE2\x80\xA2",
        "\xE2\x80\xA6"};
    enum { LETTERS = sizeof alphabet / sizeof *alphabet };
    unsigned state = 4242u;
    int mismatches = 0, marks = 0;
    tenor_tokens a = TENOR_TOKENS_INIT, b = TENOR_TOKENS_INIT;
    for (int t = 0; t < 5000; t++) {
        char s[200];
        size_t n = random_pieces(s, alphabet, LETTERS, 64, &state);
        for (size_t i = 0; i < n; i++)
            marks += ((unsigned char)s[i] & 0xC0) == 0xC0; /* a mark's first byte */
        CHECK(tenor_text_is_simple(s, n));
        char *norm = NULL;
        size_t norm_len = 0;
        CHECK_OK(tenor_text_normalize(&norm, &norm_len, s, n));
        CHECK_OK(tenor_tokenize(&a, norm, norm_len));
        CHECK_OK(tenor_tokenize_simple(&b, s, n));
        bool same = a.n == b.n;
        for (size_t i = 0; same && i < a.n; i++)
            same = a.len[i] == b.len[i] && strcmp(tenor_token(&a, i), tenor_token(&b, i)) == 0;
        mismatches += !same;
        free(norm);
    }
    CHECK_INT_EQ(mismatches, 0);
    CHECK(marks > 1000);
    tenor_tokens_free(&a);
    tenor_tokens_free(&b);
}

/* Letters are found eight bytes at a time: every ASCII byte at every place of a block
 * ends a word exactly when it is no letter, on both paths. */
static void every_ascii_byte_ends_a_word_unless_a_letter(void)
{
    tenor_tokens t = TENOR_TOKENS_INIT;
    size_t wrong = 0;
    for (int b = 1; b < 0x80; b++) {
        bool letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
        bool joins = (b >= '0' && b <= '9') || b == '\'' || b == '`' || b == '.' || b == ',';
        if (joins)
            continue; /* word characters or joiners: rules of their own */
        for (size_t at = 1; at < 17; at++) {
            char s[24];
            memcpy(s, "Negotiationsandtreaties!", sizeof s);
            s[at] = (char)b;
            for (int path = 0; path < 2; path++) {
                int rc = path ? tenor_tokenize_simple(&t, s, sizeof s)
                              : tenor_tokenize(&t, s, sizeof s);
                if (rc || !tenor_text_is_simple(s, sizeof s))
                    continue; /* control characters are not simple text */
                size_t want = letter ? 1 : 2;
                wrong += t.n != want || t.len[0] != (letter ? 23 : at);
            }
        }
    }
    CHECK_INT_EQ(wrong, 0);
    tenor_tokens_free(&t);
}

/* Plain words are found 64 bytes at a time from the first (eight on the portable
 * path), the last few read from a copy, and hashed from a register: each joiner must
 * read the same wherever it falls in a block and against the text's end, on both
 * paths (tenor_tokenize on the text in lower case, as normalised text is). */
static void tokenizer_reads_a_word_the_same_wherever_it_falls(void)
{
    static const char *const want[] = {"abcdefghijklmno", "don't", "stop", "trump", "u.s",
                                       "plan", "0.0", "ab", "rock'n'roll", "x", "it", "ok"};
    enum { N = sizeof want / sizeof *want };
    tenor_tokens t = TENOR_TOKENS_INIT;
    size_t wrong = 0;
    for (int lead = 0; lead < 80; lead++)
        for (int trail = 0; trail < 10; trail++) {
            /* lead bytes of words before them: "a " and, for an odd lead, "bb " */
            char s[224], low[224];
            int n = 0, words = 0;
            for (int k = lead; k > 0; k -= k % 2 ? 3 : 2, words++)
                n += snprintf(s + n, sizeof s - (size_t)n, k % 2 ? "bb " : "a ");
            n += snprintf(s + n, sizeof s - (size_t)n, "abcdefghijklmno's Don't stop: Trump's "
                          "U.S. plan, 3.5 ab' rock'n'roll x. it's OK%*s", trail, "");
            for (int i = 0; i < n; i++)
                low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
            for (int path = 0; path < 2; path++) {
                int rc = path ? tenor_tokenize_simple(&t, s, (size_t)n)
                              : tenor_tokenize(&t, low, (size_t)n);
                bool same = rc == 0 && t.n == (size_t)words + N;
                for (size_t i = 0; same && i < N; i++) {
                    size_t k = (size_t)words + i;
                    same = strcmp(tenor_token(&t, k), want[i]) == 0 &&
                           t.len[k] == strlen(want[i]) &&
                           t.hash[k] == tenor_token_hash(want[i], t.len[k]);
                }
                wrong += !same;
            }
        }
    CHECK_INT_EQ(wrong, 0);
    tenor_tokens_free(&t);
}

/* Every string of up to two bytes over a-z, 0 and ' and all 64 of one byte each
 * side of a block edge hash apart: tokens of one length up to 8 bytes cannot collide
 * (tokenizer.h), and longer ones mix each block. */
static void token_hashes_differ(void)
{
    enum { N = 28 * 28 + 28 + 1 + 2 * 256 };
    static uint64_t h[N];
    size_t n = 0;
    const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0'";
    char s[20];
    h[n++] = tenor_token_hash("", 0);
    for (size_t a = 0; a < 28; a++) {
        s[0] = alphabet[a];
        h[n++] = tenor_token_hash(s, 1);
        for (size_t b = 0; b < 28; b++) {
            s[1] = alphabet[b];
            h[n++] = tenor_token_hash(s, 2);
        }
    }
    for (size_t len = 8; len <= 9; len++) /* the last byte varies: one block or two */
        for (int c = 0; c < 256; c++) {
            memcpy(s, "negotiat", 8);
            s[len - 1] = (char)c;
            h[n++] = tenor_token_hash(s, len);
        }
    CHECK_INT_EQ(n, N);
    size_t same = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            same += h[i] == h[j];
    CHECK_INT_EQ(same, 0);
}

/* Each token carries its hash, on both paths, for the bytes it kept (a possessive
 * dropped, digits as 0), however long the token and its block tail. */
static void tokens_carry_their_hashes(void)
{
    tenor_tokens t = TENOR_TOKENS_INIT;
    const char *text = "Trump\xE2\x80\x99s 2021 talks: U.S. don't stop, co-operate "
                       "intergovernmental";
    for (int path = 0; path < 2; path++) {
        char *norm = NULL;
        size_t norm_len = 0;
        if (path == 0) {
            CHECK_OK(tenor_text_normalize(&norm, &norm_len, text, strlen(text)));
            CHECK_OK(tenor_tokenize(&t, norm, norm_len));
        } else {
            CHECK(tenor_text_is_simple(text, strlen(text)));
            CHECK_OK(tenor_tokenize_simple(&t, text, strlen(text)));
        }
        CHECK_INT_EQ(t.n, 9); /* trump 0000 talks u.s don't stop co operate intergo... */
        for (size_t i = 0; i < t.n; i++)
            CHECK(t.hash[i] == tenor_token_hash(tenor_token(&t, i), t.len[i]));
        CHECK(t.n > 0 && t.hash[0] == tenor_token_hash("trump", 5));
        free(norm);
    }
    tenor_tokens_free(&t);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(tokenizer_splits_on_spaces, passed, failed);
    RUN(tokenizer_drops_a_final_possessive_s, passed, failed);
    RUN(tokenizer_keeps_an_apostrophe_between_letters, passed, failed);
    RUN(tokenizer_joins_full_stops_after_one_letter_segments, passed, failed);
    RUN(tokenizer_maps_decimal_numbers_to_shape, passed, failed);
    RUN(tokenizer_joins_digit_groups_with_commas, passed, failed);
    RUN(tokenizer_maps_every_digit_to_zero, passed, failed);
    RUN(tokenizer_splits_at_hyphens_and_slashes, passed, failed);
    RUN(tokenizer_keeps_greek_and_cyrillic_words_whole, passed, failed);
    RUN(tokenizer_keeps_accented_latin_words_whole, passed, failed);
    RUN(tokenizer_gives_one_token_per_cjk_run, passed, failed);
    RUN(tokenizer_drops_emoji_and_punctuation, passed, failed);
    RUN(tokenizer_drops_tokens_longer_than_token_max, passed, failed);
    RUN(tokenizer_reads_only_len_bytes, passed, failed);
    RUN(tokenizer_reuses_one_tokens_value_across_calls, passed, failed);
    RUN(tokenizer_after_normalisation_treats_curly_possessive_like_ascii, passed, failed);
    RUN(simple_path_matches_normalise_then_tokenize, passed, failed);
    RUN(every_ascii_byte_ends_a_word_unless_a_letter, passed, failed);
    RUN(tokenizer_reads_a_word_the_same_wherever_it_falls, passed, failed);
    RUN(token_hashes_differ, passed, failed);
    RUN(tokens_carry_their_hashes, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
