/* test_boilerplate.c - the boilerplate rules: cues, shapes, position, Unicode, and
 * precision and recall on a labelled sample (tests/data/boilerplate_sample.tsv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tenor/boilerplate.h"

static bool bp(const char *s, size_t index, size_t count)
{
    return tenor_boilerplate_detect(s, strlen(s), index, count, NULL);
}

static tenor_boilerplate_kind kind(const char *s)
{
    tenor_boilerplate_info info;
    tenor_boilerplate_detect(s, strlen(s), 1, 3, &info);
    return info.kind;
}

static void boilerplate_marks_the_example_promotion(void)
{
    CHECK_INT_EQ(kind("From Zero to Web3 Pro: Your 90-Day Career Launch Plan"),
                 TENOR_BOILERPLATE_PROMO);
    CHECK_STR_EQ(tenor_boilerplate_kind_name(TENOR_BOILERPLATE_PROMO), "promo");
}

static void boilerplate_leaves_a_headline_in_first_place_alone(void)
{
    CHECK(!bp("Trump And Xi Discuss Trade, TikTok In First Call", 0, 5));
    CHECK(bp("Trump And Xi Discuss Trade, TikTok In First Call", 2, 5));
    CHECK(!bp("Leaders agree to resume trade talks after phone call", 0, 5));
    CHECK(!bp("Leaders agree to resume trade talks after phone call", 2, 5));
}

static void boilerplate_keeps_a_lone_paragraph_without_a_cue(void)
{
    CHECK(!bp("Ten Things To Know", 0, 1));
    CHECK(bp("Advertisement", 0, 1));
}

static void boilerplate_knows_cue_kinds(void)
{
    CHECK_INT_EQ(kind("Read more: EU weighs dropping the WTO case"), TENOR_BOILERPLATE_LINK);
    CHECK_INT_EQ(kind("By Jane Smith, Reuters"), TENOR_BOILERPLATE_BYLINE);
    CHECK_INT_EQ(kind("(Photo by Andrew Harnik/Getty Images)"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Sign up for our newsletter to get the news in your inbox."),
                 TENOR_BOILERPLATE_NOTICE);
    CHECK_INT_EQ(kind("Updated 12:45 PM EST, Fri January 17, 2025"),
                 TENOR_BOILERPLATE_TIMESTAMP);
    CHECK_INT_EQ(kind("Xi Jinping"), TENOR_BOILERPLATE_FRAGMENT);
    CHECK_INT_EQ(kind("Share"), TENOR_BOILERPLATE_NOTICE);
    CHECK_INT_EQ(kind("— * —"), TENOR_BOILERPLATE_EMPTY);
    CHECK_INT_EQ(kind(""), TENOR_BOILERPLATE_EMPTY);
}

static void boilerplate_spares_reporting_that_mentions_a_cue(void)
{
    CHECK(!bp("By Friday, the talks had collapsed.", 1, 3));
    CHECK(!bp("Facebook said it would appeal the ruling.", 1, 3));
    CHECK(!bp("\"Sign up now, while you can,\" the campaign urged voters.", 1, 3));
    CHECK(!bp("Regulators fined the site for placing cookies without consent.", 1, 3));
    CHECK(!bp("“No.”", 1, 3));
}

static void boilerplate_spares_news_that_opens_with_a_credit_cue(void)
{
    CHECK(!bp("Copyright holders will be able to demand that platforms remove pirated songs "
              "within a day.", 1, 3));
    CHECK(!bp("Getty Images sued Stability AI in London over the use of its photos.", 1, 3));
    CHECK(!bp("Copyright law was changed in 2019 to protect artists.", 1, 3));
    CHECK(!bp("All rights reserved notices do not stop the copying, the court found.", 1, 3));
    CHECK(!bp("Copyright Office guidance on AI-generated art was published last week.", 1, 3));
    CHECK_INT_EQ(kind("Copyright 2024 BBC"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Copyright (c) 2024 Reuters."), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Copyright: AP"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Copyright 2025 The Associated Press, all rights reserved."),
                 TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Getty Images/AFP"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Photograph by Jane Doe for The Guardian."), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Image courtesy of the artist."), TENOR_BOILERPLATE_CREDIT);
}

/* Scraped text glues a caption's credit to the next paragraph; the paragraph stays. */
static void boilerplate_spares_news_glued_to_a_photo_credit(void)
{
    CHECK(!bp("(AP Photo/Rebecca Boone) The Hammonds were ordered back to prison for four "
              "years each.", 1, 3));
    CHECK(!bp("Photograph: Rick Findler/PA Corbyn has not expressed a view about the specific "
              "structure he favours.", 1, 3));
    CHECK(!bp("(Photo: AP) Yet some comments are too offensive to be ignored.", 1, 3));
    CHECK_INT_EQ(kind("Photo: AP"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("(AP Photo/Jane Doe)"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Protesters gather in Paris on Friday. Photograph: Evan Vucci/AP"),
                 TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("(AP Photo/Jane Doe) Protesters outside the White House in Washington"),
                 TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("Photo: A man walks past a closed shop in Athens on Monday."),
                 TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("(AP Photo/Jane Doe) Police stand guard outside the courthouse in "
                      "Boise, Idaho. (AP Photo/John Roe)"), TENOR_BOILERPLATE_CREDIT);
    CHECK_INT_EQ(kind("All rights reserved. This material may not be published, broadcast, "
                      "rewritten or redistributed."), TENOR_BOILERPLATE_CREDIT);
}

static void boilerplate_reads_us_in_capitals_as_the_country(void)
{
    CHECK(!bp("The US app market shrank last year, and US regulators took note.", 1, 3));
    CHECK(bp("Download our app for breaking news alerts.", 1, 3));
}

static void boilerplate_is_unicode_aware(void)
{
    /* Greek title case without a sentence: a promotion; Greek sentence: text. */
    CHECK(bp("Οδηγός Για Επενδύσεις Στην Αθήνα", 1, 3));
    CHECK(!bp("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.", 1, 3));
    tenor_boilerplate_info info;
    const char *s = "Café Zürich, Ελλάδα: don’t panic.";
    tenor_boilerplate_detect(s, strlen(s), 1, 3, &info);
    CHECK_INT_EQ(info.words, 5);
}

static void boilerplate_never_marks_a_long_paragraph_of_sentences(void)
{
    char text[8192] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, "Sign up for our newsletter and share it with your friends. ");
    tenor_boilerplate_info info;
    CHECK(!tenor_boilerplate_detect(text, strlen(text), 1, 3, &info));
    CHECK(info.words > 60); /* counting may stop once the verdict is certain */
    char menu[4096] = "";
    for (int i = 0; i < 20; i++)
        strcat(menu, "Home World Business Markets ");
    CHECK_INT_EQ(kind(menu), TENOR_BOILERPLATE_MENU);
}

/* The scan classifies 64 bytes at a time from the first word (eight on the portable
 * path) and reads the last few from a copy: a word must read the same wherever it
 * falls in a block and against the paragraph's start and end, a contraction too. */
static void boilerplate_reads_a_word_the_same_wherever_it_falls(void)
{
    for (int lead = 0; lead < 80; lead++)
        for (int trail = 0; trail < 10; trail++) {
            char text[192];
            snprintf(text, sizeof text, "%*sSubscribe to our newsletter%*s", lead % 8, "",
                     trail, "");
            tenor_boilerplate_info info;
            CHECK(tenor_boilerplate_detect(text, strlen(text), 1, 3, &info));
            CHECK_INT_EQ(info.kind, TENOR_BOILERPLATE_NOTICE);
            CHECK_INT_EQ(info.words, 4);
            /* lead bytes of words before it: "a " and, for an odd lead, "bb " */
            int n = 0, words = 0;
            for (int k = lead; k > 0; k -= k % 2 ? 3 : 2, words++)
                n += snprintf(text + n, sizeof text - (size_t)n, k % 2 ? "bb " : "a ");
            snprintf(text + n, sizeof text - (size_t)n,
                     "abcdefghijklmno's don't miss it's rock'n'roll x%*s", trail, "");
            tenor_boilerplate_detect(text, strlen(text), 1, 3, &info);
            CHECK_INT_EQ(info.words, words + 6);
        }
    CHECK_INT_EQ(kind("SUBSCRIBE TO OUR NEWSLETTER"), TENOR_BOILERPLATE_NOTICE);
    CHECK_INT_EQ(kind("Don't miss: it's here"), TENOR_BOILERPLATE_LINK);
}

/* A word of more than 48 bytes is no cue and is not kept for the rules, so it cannot
 * break a byline's run of names; one of 48 bytes is kept, lower case, and does. */
static void boilerplate_keeps_words_of_up_to_48_bytes(void)
{
    char text[128];
    for (int n = 47; n <= 50; n++)
        for (int trail = 0; trail < 2; trail++) {
            snprintf(text, sizeof text, "By Jane %.*s%s", n,
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                     trail ? " " : "");
            tenor_boilerplate_info info;
            tenor_boilerplate_detect(text, strlen(text), 0, 1, &info);
            CHECK_INT_EQ(info.kind, n > 48 ? TENOR_BOILERPLATE_BYLINE : TENOR_BOILERPLATE_NONE);
        }
}

/* Calls check(word, listed) for each space-separated word of words. */
static void each_word(const char *words, bool listed, void (*check)(const char *, bool))
{
    for (const char *p = words; *p;) {
        size_t n = strcspn(p, " ");
        char w[32];
        snprintf(w, sizeof w, "%.*s", (int)n, p);
        check(w, listed);
        p += n + (p[n] == ' ');
    }
}

/* Two stop words in 20 reach the menu rule's stop-word bound, so the line is a menu
 * exactly when the word is no stop word. */
static void check_stop(const char *w, bool listed)
{
    char text[256];
    snprintf(text, sizeof text, "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India "
             "Juliett Kilo Lima Mike Oscar Papa Quebec Romeo Sierra %s %s", w, w);
    CHECK_INT_EQ(kind(text), listed ? TENOR_BOILERPLATE_NONE : TENOR_BOILERPLATE_MENU);
}

/* "prefix w" is of kind when_listed exactly when w is listed. */
static void check_after(const char *prefix, const char *w, bool listed,
                        tenor_boilerplate_kind when_listed)
{
    char text[64];
    snprintf(text, sizeof text, "%s %s", prefix, w);
    tenor_boilerplate_info info;
    tenor_boilerplate_detect(text, strlen(text), 0, 3, &info);
    CHECK_INT_EQ(info.kind, listed ? when_listed : TENOR_BOILERPLATE_NONE);
}

static void check_share(const char *w, bool listed)
{
    check_after("Facebook", w, listed, TENOR_BOILERPLATE_NOTICE);
}

static void check_date(const char *w, bool listed)
{
    check_after("5", w, listed, TENOR_BOILERPLATE_TIMESTAMP);
}

/* The word table is a perfect hash built at run time: each word of the three biggest
 * lists (copied here) must be found, and words next to them must not. */
static void boilerplate_finds_every_listed_word_and_no_other(void)
{
    each_word("a about above after again against all also am an and any are as at be "
              "because been before being between both but by can could did do does doing "
              "down during each few for from further had has have having he her here hers "
              "him his how i if in into is it it's its just me more most my no nor not now "
              "of off on once only or other our out over own same she should so some such "
              "than that the their them then there these they this those through to too "
              "under until up very was we were what when where which while who whom why "
              "will with would you your", true, check_stop);
    each_word("b ab abou abovee againstt al als th thee theirs thereby yours youre its's "
              "wouldn shouldnt", false, check_stop);
    each_word("bluesky comment comments copy email facebook flipboard link linkedin mail "
              "messenger pinterest print reddit save share telegram threads tweet twitter "
              "whatsapp x", true, check_share);
    each_word("y blue commentary copies emails links printer saves sharer thread tweets",
              false, check_share);
    each_word("on at am apr april aug august bst cest cet dec december edt est et feb "
              "february fri friday gmt jan january jul july jun june mar march may mon "
              "monday nov november oct october pdt pm pst pt sat saturday sep sept "
              "september sun sunday thu thursday tue tuesday utc wed wednesday", true,
              check_date);
    each_word("a ap apri marc mays mo tues thurs weds septembers utcs gmtt", false,
              check_date);
}

/* Precision matters most: a real paragraph must not vanish. */
static void boilerplate_sample_has_high_precision_and_fair_recall(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/boilerplate_sample.tsv", TENOR_TEST_DATA);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[2048];
    size_t tp = 0, fp = 0, fn = 0, tn = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "label\t", 6) == 0)
            continue;
        *tab = '\0';
        bool gold = strcmp(line, "boilerplate") == 0;
        tenor_boilerplate_info info;
        /* A paragraph in the middle of an article: no headline exemption. */
        bool got = tenor_boilerplate_detect(tab + 1, strlen(tab + 1), 1, 3, &info);
        tp += gold && got;
        fp += !gold && got;
        fn += gold && !got;
        tn += !gold && !got;
        if (gold != got)
            fprintf(stderr, "  %s: %s (%s)\n", gold ? "missed" : "FALSE POSITIVE", tab + 1,
                    tenor_boilerplate_kind_name(info.kind));
    }
    fclose(f);
    double precision = tp + fp ? (double)tp / (double)(tp + fp) : 0.0;
    double recall = tp + fn ? (double)tp / (double)(tp + fn) : 0.0;
    printf("boilerplate sample: %zu boilerplate, %zu text; tp %zu fp %zu fn %zu tn %zu; "
           "precision %.3f, recall %.3f\n", tp + fn, fp + tn, tp, fp, fn, tn, precision,
           recall);
    CHECK(tp + fn >= 50 && fp + tn >= 50);
    CHECK(precision >= 0.95);
    CHECK(recall >= 0.80);
}

int main(void)
{
    int passed = 0, failed = 0;
    RUN(boilerplate_marks_the_example_promotion, passed, failed);
    RUN(boilerplate_leaves_a_headline_in_first_place_alone, passed, failed);
    RUN(boilerplate_keeps_a_lone_paragraph_without_a_cue, passed, failed);
    RUN(boilerplate_knows_cue_kinds, passed, failed);
    RUN(boilerplate_spares_reporting_that_mentions_a_cue, passed, failed);
    RUN(boilerplate_spares_news_that_opens_with_a_credit_cue, passed, failed);
    RUN(boilerplate_spares_news_glued_to_a_photo_credit, passed, failed);
    RUN(boilerplate_reads_us_in_capitals_as_the_country, passed, failed);
    RUN(boilerplate_is_unicode_aware, passed, failed);
    RUN(boilerplate_never_marks_a_long_paragraph_of_sentences, passed, failed);
    RUN(boilerplate_reads_a_word_the_same_wherever_it_falls, passed, failed);
    RUN(boilerplate_keeps_words_of_up_to_48_bytes, passed, failed);
    RUN(boilerplate_finds_every_listed_word_and_no_other, passed, failed);
    RUN(boilerplate_sample_has_high_precision_and_fair_recall, passed, failed);
    return HARNESS_REPORT(passed, failed);
}
