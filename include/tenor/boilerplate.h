/* boilerplate.h - is a paragraph part of the article, or page furniture around it?
 *
 * Pipeline: article -> [boilerplate] -> scorer. Scraped articles carry lines that are
 * not the article: promotions, "Read more" links, bylines, photo credits, cookie and
 * newsletter notices, share prompts, time stamps. A jusText-style rule set looks at
 * the length, stop-word density, sentence punctuation, title case and a few cue
 * phrases of one paragraph, plus its position in the article. It is tuned for
 * precision: a real paragraph must not vanish, so every rule needs a strong cue, and a
 * paragraph of more than 60 words is only ever boilerplate as a menu (a long run of
 * capitalised words with no sentence in it).
 *
 * Pure functions: no allocation, no state, safe from any thread. Text is valid UTF-8;
 * words are runs of Unicode letters, marks and digits (utf8proc categories, never
 * <ctype.h>), as the tokenizer counts them. */
#ifndef TENOR_BOILERPLATE_H
#define TENOR_BOILERPLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    TENOR_BOILERPLATE_NONE = 0,  /* article text */
    TENOR_BOILERPLATE_EMPTY,     /* no word at all: rules, dots, a lone symbol */
    TENOR_BOILERPLATE_LINK,      /* navigation: "Read more: ...", "Related", "Advertisement" */
    TENOR_BOILERPLATE_BYLINE,    /* "By Jane Doe, Reuters", "Reporting by ...", an e-mail */
    TENOR_BOILERPLATE_CREDIT,    /* photo credit, caption credit or copyright line */
    TENOR_BOILERPLATE_NOTICE,    /* cookie, newsletter, subscription, share or app prompt */
    TENOR_BOILERPLATE_TIMESTAMP, /* "Updated 12:45 GMT", "5 min read" */
    TENOR_BOILERPLATE_PROMO,     /* short title-case or reader-addressed line, no sentence */
    TENOR_BOILERPLATE_FRAGMENT,  /* one to three words without sentence punctuation */
    TENOR_BOILERPLATE_MENU       /* a long run of capitalised words and no sentence */
} tenor_boilerplate_kind;

/* Words counts exactly up to this many: past it, counting may stop once the verdict is
 * certain, and words is then at least this. */
#define TENOR_BOILERPLATE_WORDS_EXACT 16

typedef struct {
    tenor_boilerplate_kind kind; /* TENOR_BOILERPLATE_NONE for article text */
    size_t words;                /* words in the paragraph; past
                                    TENOR_BOILERPLATE_WORDS_EXACT words, counting may
                                    stop once the verdict is certain (still at least
                                    TENOR_BOILERPLATE_WORDS_EXACT) */
} tenor_boilerplate_info;

/* Judges paragraph (s, len) of valid UTF-8, the index-th (from 0) of `count` in its
 * article. The first paragraph of an article with several is taken to be its headline,
 * so the shape rules (promo, fragment) leave it alone; cue rules still apply. Fills
 * *info (may be NULL) and returns whether the paragraph is boilerplate. */
bool tenor_boilerplate_detect(const char *s, size_t len, size_t index, size_t count,
                              tenor_boilerplate_info *info);

/* A short static name for a kind ("none", "empty", "link", "byline", "credit", "notice",
 * "timestamp", "promo", "fragment", "menu"); never NULL. */
const char *tenor_boilerplate_kind_name(tenor_boilerplate_kind kind);

#endif
