/* boilerplate.c - the boilerplate rules of boilerplate.h.
 *
 * One pass over the paragraph collects word statistics (count, stop words, capitalised
 * words, sentence punctuation) and keeps the first words case-folded for cue matching;
 * with SSE2, plain words are taken 64 bytes of text at a time (plain_scan). Then the
 * rules run from the most specific cue to the most general shape. Each rule
 * carries a veto that protects real news text: quotation marks and reporting verbs
 * ("said", "told") mark a paragraph as reporting, never as page furniture.
 * utf8proc is included here, a third .c file beside text.c and tokenizer.c, because
 * the rules need letter categories and case and must not use <ctype.h> on text. */
#include "tenor/boilerplate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/swar.h"

#define MAX_WORDS 64  /* words kept for cue matching; longer paragraphs need no cue */
#define WORD_BYTES 48 /* a folded word longer than this is no cue or stop word */
#define LONG_WORDS 60 /* past this, only the menu rule applies */
#define GLUED_WORDS 5 /* a glued credit's sentence from its first lower-case word on */
#define KEY_BYTES 16  /* a word's table key: its first bytes, zero-padded */
#define FOLD_ROOM 16  /* bytes past a folded word: key loads, 8-byte stores */
_Static_assert(FOLD_ROOM >= KEY_BYTES && FOLD_ROOM >= 8, "fold_letters, word_lists, plain_scan");

typedef struct {
    uint16_t off, len;        /* in scan.low */
    size_t raw_start, raw_end; /* in the paragraph */
    bool cap;                 /* starts with an upper-case or title-case letter */
    bool alpha;               /* starts with a letter */
    uint32_t lists;           /* the word lists it is in (W_*), from one table look-up */
} word;

typedef struct {
    const char *s;
    size_t len;
    word w[MAX_WORDS];
    size_t nw;     /* kept */
    size_t words;  /* all */
    char low[MAX_WORDS * WORD_BYTES + FOLD_ROOM];
    size_t lowlen;
    size_t stops, caps, alphas;
    size_t terminators; /* . ! ? and ellipses anywhere */
    bool ends_sentence;
    bool quote, at, digit, copyright;
    uint32_t kept_lists; /* the lists of all kept words, or-ed: rules skip a word loop
                            when no kept word is in the list they look for */
} scan;

/* ---- word lists (lower case) ------------------------------------------- */

static const char *const stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
    "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "it's",
    "its", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "you", "your"};

/* Words that report speech: a paragraph with one is news, not a notice. */
static const char *const reporting_words[] = {
    "according", "added", "announced", "argued", "asked", "claimed", "denied", "insisted",
    "noted", "reported", "said", "say", "says", "stated", "tells", "told", "warned", "wrote"};

static const char *const reader_words[] = {"our", "us", "we", "we're", "you", "you'll",
                                           "you're", "your", "yours", "yourself"};

static const char *const imperative_words[] = {
    "accept", "allow", "become", "click", "continue", "create", "disable", "donate",
    "download", "enable", "explore", "follow", "get", "install", "join", "learn", "like",
    "listen", "log", "read", "register", "scan", "share", "sign", "subscribe", "support",
    "tap", "try", "turn", "unlock", "upgrade", "visit", "watch"};

/* Single words that, addressed to the reader, make a notice. */
static const char *const notice_words[] = {
    "adblock", "adblocker", "app", "apps", "browser",
    "consent", "cookie", "cookies", "donation", "email", "facebook", "inbox", "instagram",
    "javascript", "linkedin", "login", "membership", "newsletter", "newsletters",
    "notifications", "paywall", "podcast", "premium", "privacy", "reddit", "signup",
    "subscribe", "subscribed", "subscriber",
    "subscribers", "subscription", "subscriptions", "telegram", "trial", "tweet", "twitter",
    "unsubscribe", "whatsapp", "youtube"};

/* Words a share bar is made of. */
static const char *const share_words[] = {
    "bluesky", "comment", "comments", "copy", "email", "facebook", "flipboard", "link",
    "linkedin", "mail", "messenger", "pinterest", "print", "reddit", "save", "share",
    "telegram", "threads", "tweet", "twitter", "whatsapp", "x"};

static const char *const date_words[] = {
    "am", "apr", "april", "aug", "august", "bst", "cest", "cet", "dec", "december", "edt",
    "est", "et", "feb", "february", "fri", "friday", "gmt", "jan", "january", "jul", "july",
    "jun", "june", "mar", "march", "may", "mon", "monday", "nov", "november", "oct",
    "october", "pdt", "pm", "pst", "pt", "sat", "saturday", "sep", "sept", "september",
    "sun", "sunday", "thu", "thursday", "tue", "tuesday", "utc", "wed", "wednesday"};

/* Cue phrases, as space-separated folded words. */
static const char *const link_cues[] = {
    "advertisement", "also read", "article continues below", "back to top", "categories",
    "click here", "comments", "continue reading", "don't miss", "editor's picks",
    "filed under", "jump to", "latest news", "learn more", "leave a comment", "listen",
    "listen to this article", "more from", "more on", "more stories", "most popular",
    "most read", "must read", "next article", "paid content", "paid post", "popular",
    "previous article", "print", "promoted", "read also", "read full article", "read more",
    "read next", "recommended", "recommended for you", "related", "related articles",
    "related content", "related coverage", "related stories", "related topics", "see also",
    "show comments", "skip to content", "sponsored", "sponsored content", "story continues",
    "story continues below", "story continues below advertisement", "tags", "top stories",
    "topics", "trending", "trending now", "view comments", "watch", "watch live",
    "watch now", "you may also like"};

static const char *const byline_cues[] = {
    "additional reporting by", "by", "compiled by", "edited by", "editing by",
    "illustration by", "illustrations by", "photography by", "photos by", "produced by",
    "reporting by", "text by", "words by", "writing by", "written by"};

static const char *const credit_cues[] = {
    "afp photo", "all rights reserved", "ap photo", "file photo", "image courtesy",
    "image credit", "image source", "photo by", "photo courtesy", "photo credit",
    "photograph by", "photograph courtesy", "photos by", "picture alliance", "via getty",
    "getty images", "via reuters", "reuters photo", "photo illustration"};

/* Cue words that start a credit line when followed by a colon: "Photo: AP". */
static const char *const credit_labels[] = {"caption", "credit", "credits", "image",
                                            "photo", "photograph", "picture", "source"};

static const char *const time_cues[] = {"first published", "last modified", "last updated",
                                        "modified", "posted", "published", "updated"};

static const char *const read_time_cues[] = {"min read", "mins read", "minute read",
                                             "minutes read", "minute listen", "min listen"};

static const char *const notice_phrases[] = {"ad blocker", "follow us", "log in",
                                             "privacy policy", "share on", "share this",
                                             "share via", "sign in", "sign up",
                                             "terms of service", "terms of use"};

/* The page talking about the article: "This article was originally published on ...". */
static const char *const meta_phrases[] = {
    "editor's note", "opinions expressed", "the author's own", "this article has",
    "this article was", "this piece was", "this post was", "this story has",
    "this story was", "views expressed"};

/* Small words that may stand between the names of a byline. */
static const char *const name_joiners[] = {"and", "de", "del", "der", "for", "in", "la",
                                           "of", "the", "van", "von"};

/* Verbs that only page furniture aims at the reader with no other cue ("Join us at 9pm
 * for live coverage"); "Get your hands off ..." in a real column must not qualify. */
static const char *const page_verbs[] = {"click", "download", "join", "listen", "register",
                                         "sign", "subscribe", "tap", "watch"};

/* ---- the word table ---------------------------------------------------- */

/* The lists a folded word is in, as bits. One hash look-up per word replaces a binary
 * search per list and word, and each phrase list marks its phrases' first words, so a
 * phrase is only tried where one can start: this runs on every paragraph. */
enum {
    W_STOP = 1u << 0, W_REPORTING = 1u << 1, W_READER = 1u << 2, W_IMPERATIVE = 1u << 3,
    W_NOTICE = 1u << 4, W_SHARE = 1u << 5, W_DATE = 1u << 6, W_CREDIT_LABEL = 1u << 7,
    W_JOINER = 1u << 8, W_PAGE_VERB = 1u << 9,
    /* first words of the phrases of a list */
    P_LINK = 1u << 10, P_BYLINE = 1u << 11, P_CREDIT = 1u << 12, P_TIME = 1u << 13,
    P_NOTICE = 1u << 14, P_META = 1u << 15, P_READ_TIME = 1u << 16
};

#define COUNT(list) (sizeof(list) / sizeof *(list))
#define LISTED                                                                              \
    (COUNT(stop_words) + COUNT(reporting_words) + COUNT(reader_words) +                    \
     COUNT(imperative_words) + COUNT(notice_words) + COUNT(share_words) +                  \
     COUNT(date_words) + COUNT(credit_labels) + COUNT(name_joiners) + COUNT(page_verbs) +  \
     COUNT(link_cues) + COUNT(byline_cues) + COUNT(credit_cues) + COUNT(time_cues) +       \
     COUNT(notice_phrases) + COUNT(meta_phrases) + COUNT(read_time_cues))

/* A perfect hash over the listed words, "hash and displace": a word's hash picks a
 * group and a slot, and its group's displacement moves the slot so that no two listed
 * words share one. A look-up is then one compare and no branch, where whether a word
 * is listed is a coin toss in news text, and the table (10 KB) stays in the L1 cache
 * between paragraphs as a probed 80 KB table did not. Every listed word fits a key:
 * none is longer than KEY_BYTES. */
#define TABLE_SLOTS 512 /* a power of two, some 1.4 times the distinct listed words */
#define GROUP_BITS 7    /* 128 groups, some three listed words to a group */
_Static_assert(LISTED <= TABLE_SLOTS, "every listed word has a slot");

static struct {
    uint64_t seed;                      /* the hash's: the first under which all fit */
    uint16_t shift[1u << GROUP_BITS];   /* a group's displacement */
    uint64_t key[TABLE_SLOTS][2];       /* a listed word's key, or 0, 0 if none */
    uint32_t lists[TABLE_SLOTS];
} table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint64_t table_hash(uint64_t key0, uint64_t key1, uint64_t seed)
{
    return (key0 ^ seed ^ key1 * 0x9E3779B97F4A7C15u) * 0xD6E8FEB86659FD93u;
}

static size_t hash_group(uint64_t h)
{
    return (size_t)(h >> (64 - GROUP_BITS));
}

/* The slot of hash h before its group's displacement. */
static size_t hash_slot(uint64_t h)
{
    return (size_t)(h >> 32) & (TABLE_SLOTS - 1);
}

typedef struct {
    uint64_t key[2];
    uint32_t lists;
    uint64_t hash;
} listed;

/* Adds each entry of list (its first word only if first_word) with the bit to the n
 * distinct words of w; returns how many there are now. */
static size_t collect(listed *w, size_t n, const char *const *list, size_t count,
                      uint32_t bit, bool first_word)
{
    for (size_t i = 0; i < count; i++) {
        size_t len = first_word ? strcspn(list[i], " ") : strlen(list[i]);
        char padded[KEY_BYTES] = {0};
        memcpy(padded, list[i], len < KEY_BYTES ? len : KEY_BYTES);
        uint64_t key[2];
        memcpy(key, padded, sizeof key);
        size_t j = 0;
        while (j < n && (w[j].key[0] != key[0] || w[j].key[1] != key[1]))
            j++;
        if (j == n)
            w[n++] = (listed){{key[0], key[1]}, 0, 0};
        w[j].lists |= bit;
    }
    return n;
}

/* Whether displacement d gives each of the k words of w at member a free slot. */
static bool group_fits(const listed *w, const size_t *member, size_t k, size_t d)
{
    for (size_t a = 0; a < k; a++)
        if (table.key[hash_slot(w[member[a]].hash) ^ d][0])
            return false;
    return true;
}

/* Finds group g's displacement and places its k words (member) there; false if none
 * fits, or if two of them share a slot, which no displacement parts. */
static bool place_group(const listed *w, const size_t *member, size_t k, size_t g)
{
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < a; b++)
            if (hash_slot(w[member[a]].hash) == hash_slot(w[member[b]].hash))
                return false;
    for (size_t d = 0; d < TABLE_SLOTS; d++) {
        if (!group_fits(w, member, k, d))
            continue;
        table.shift[g] = (uint16_t)d;
        for (size_t a = 0; a < k; a++) {
            const listed *x = &w[member[a]];
            size_t slot = hash_slot(x->hash) ^ d;
            table.key[slot][0] = x->key[0];
            table.key[slot][1] = x->key[1];
            table.lists[slot] = x->lists;
        }
        return true;
    }
    return false;
}

/* Places the n words of w under the seed, the biggest groups first while most slots are
 * free; false if some group does not fit. */
static bool table_place(listed *w, size_t n, uint64_t seed)
{
    memset(&table, 0, sizeof table);
    table.seed = seed;
    size_t size[1u << GROUP_BITS] = {0}, biggest = 0;
    for (size_t i = 0; i < n; i++) {
        w[i].hash = table_hash(w[i].key[0], w[i].key[1], seed);
        size_t s = ++size[hash_group(w[i].hash)];
        biggest = s > biggest ? s : biggest;
    }
    for (size_t k = biggest; k > 0; k--)
        for (size_t g = 0; g < (1u << GROUP_BITS); g++) {
            if (size[g] != k)
                continue;
            size_t member[LISTED], m = 0;
            for (size_t i = 0; i < n; i++)
                if (hash_group(w[i].hash) == g)
                    member[m++] = i;
            if (!place_group(w, member, m, g))
                return false;
        }
    return true;
}

#define ADD(list, bit, first) n = collect(w, n, (list), COUNT(list), (bit), (first))

static void table_build(void)
{
    listed w[LISTED];
    size_t n = 0;
    ADD(stop_words, W_STOP, false);
    ADD(reporting_words, W_REPORTING, false);
    ADD(reader_words, W_READER, false);
    ADD(imperative_words, W_IMPERATIVE, false);
    ADD(notice_words, W_NOTICE, false);
    ADD(share_words, W_SHARE, false);
    ADD(date_words, W_DATE, false);
    ADD(credit_labels, W_CREDIT_LABEL, false);
    ADD(name_joiners, W_JOINER, false);
    ADD(page_verbs, W_PAGE_VERB, false);
    ADD(link_cues, P_LINK, true);
    ADD(byline_cues, P_BYLINE, true);
    ADD(credit_cues, P_CREDIT, true);
    ADD(time_cues, P_TIME, true);
    ADD(notice_phrases, P_NOTICE, true);
    ADD(meta_phrases, P_META, true);
    ADD(read_time_cues, P_READ_TIME, true);
    /* Distinct keys collide under a seed only by chance, so some seed soon places all. */
    for (uint64_t seed = 0; !table_place(w, n, seed); seed++)
        ;
}

/* The lists of the word of len bytes whose key (first KEY_BYTES bytes, zero-padded) is
 * key0, key1. A word's first byte is never 0, so no word is the empty slot's key. */
static inline uint32_t key_lists(uint64_t key0, uint64_t key1, size_t len)
{
    uint64_t h = table_hash(key0, key1, table.seed);
    size_t slot = hash_slot(h) ^ table.shift[hash_group(h)];
    bool hit = (table.key[slot][0] == key0) & (table.key[slot][1] == key1) &
               (len <= KEY_BYTES);
    return table.lists[slot] & -(uint32_t)hit;
}

/* The lists of the folded word (s, len); s has KEY_BYTES readable bytes. The key comes
 * from two 8-byte loads masked to len, not from zero padding stored and read back:
 * those loads match the 8-byte stores that folded the word, while a 16-byte load over
 * several stores must wait for them to be written, a stall on every word. */
static uint32_t word_lists(const char *s, size_t len)
{
    static const unsigned char keep[2 * KEY_BYTES] = { /* KEY_BYTES times 0xff, then 0 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const unsigned char *mask = keep + KEY_BYTES - (len < KEY_BYTES ? len : KEY_BYTES);
    uint64_t lo, hi, mask_lo, mask_hi;
    memcpy(&lo, s, 8);
    memcpy(&hi, s + 8, 8);
    memcpy(&mask_lo, mask, 8);
    memcpy(&mask_hi, mask + 8, 8);
    return key_lists(lo & mask_lo, hi & mask_hi, len);
}

/* ---- scanning ---------------------------------------------------------- */

enum {
    F_WORD = 1, F_LETTER = 2, F_UPPER = 4, F_DIGIT = 8, F_SPACE = 16, F_CLOSER = 32,
    F_TERMINATOR = 64, F_QUOTE = 128 /* ASCII only: is_terminator, note_mark */
};

#define LO_ (F_WORD | F_LETTER)
#define UP_ (F_WORD | F_LETTER | F_UPPER)
#define DI_ (F_WORD | F_DIGIT)
static const unsigned char ascii_flags[256] = { /* 0x80 and up: none */
    ['\t'] = F_SPACE, ['\n'] = F_SPACE, ['\r'] = F_SPACE, [' '] = F_SPACE,
    ['"'] = F_CLOSER | F_QUOTE, ['\''] = F_CLOSER, [')'] = F_CLOSER, [']'] = F_CLOSER,
    ['*'] = F_CLOSER, ['.'] = F_TERMINATOR, ['!'] = F_TERMINATOR, ['?'] = F_TERMINATOR,
    ['0'] = DI_, DI_, DI_, DI_, DI_, DI_, DI_, DI_, DI_, DI_,
    ['A'] = UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_,
    UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_, UP_,
    ['a'] = LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_,
    LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_, LO_,
};
#undef LO_
#undef UP_
#undef DI_

/* Everything the scan asks of a code point, from one category look-up; ASCII, most of
 * news text, is answered by table (this runs on every paragraph). F_CLOSER is set
 * for ASCII only: is_closer answers for the rest. */
static unsigned cp_flags(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return ascii_flags[cp];
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        return F_WORD | F_LETTER | F_UPPER;
    case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return F_WORD | F_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return F_WORD;
    case UTF8PROC_CATEGORY_ND:
        return F_WORD | F_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
        return F_SPACE;
    default:
        return 0;
    }
}

/* Closing marks that may follow the end of a sentence: .” .) .' */
static bool is_closer(utf8proc_int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
           cp == 0x2019 || cp == 0x00BB || cp == 0x203A || cp == '*';
}

static bool is_apostrophe(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

static utf8proc_int32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    if ((unsigned char)s[i] < 0x80) {
        *n = 1;
        return (unsigned char)s[i];
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) { /* cannot happen on valid UTF-8; step over the byte */
        *n = 1;
        return 0xFFFD;
    }
    *n = (size_t)k;
    return cp;
}

/* Ends one word: counts it and keeps its folded form if there is room. The form was
 * folded in place, at sc->low + sc->lowlen, whenever a word could still be kept. */
static inline __attribute__((always_inline)) void
end_word(scan *sc, char *fold, size_t flen, size_t start, size_t end, bool cap, bool alpha)
{
    bool fits = flen <= WORD_BYTES;
    uint32_t lists = fits ? word_lists(fold, flen) : 0;
    sc->words++;
    sc->alphas += alpha;
    sc->caps += alpha && cap;
    sc->stops += (lists & W_STOP) != 0;
    if (sc->nw < MAX_WORDS && fits) {
        word *x = &sc->w[sc->nw++];
        x->off = (uint16_t)sc->lowlen;
        x->len = (uint16_t)flen;
        x->raw_start = start;
        x->raw_end = end;
        x->cap = cap;
        x->alpha = alpha;
        x->lists = lists;
        sc->kept_lists |= lists;
        sc->lowlen += flen;
    }
}

/* The word count from which no rule can fire whatever follows, given the marks and
 * kept words so far (SIZE_MAX: none), with words already counted as far as
 * TENOR_BOILERPLATE_WORDS_EXACT. A sentence mark or a quote rules out the menu rule,
 * and past LONG_WORDS it is the only rule. Below that, reporting (a quote or a
 * reporting word) vetoes every rule but the link rule and the menu rule, and the link
 * rule needs a link cue's first word as the first kept word, or at most 40 words. The
 * shape rules need at most 15 words. */
static size_t certain_from(const scan *sc)
{
    if (!sc->terminators && !sc->quote)
        return SIZE_MAX;
    if (!(sc->quote || (sc->kept_lists & W_REPORTING)) || !sc->nw)
        return LONG_WORDS + 1;
    size_t n = sc->w[0].lists & P_LINK ? 41 : 16;
    return n > TENOR_BOILERPLATE_WORDS_EXACT ? n : TENOR_BOILERPLATE_WORDS_EXACT;
}

/* Whether no rule can fire whatever follows (certain_from). */
static bool verdict_certain(const scan *sc)
{
    return sc->words >= certain_from(sc);
}

/* Appends the folded code point cp to the word of flen bytes in fold. A word past
 * WORD_BYTES is no cue or stop word: its flen becomes WORD_BYTES + 1 and stays so. */
static void fold_cp(char *fold, size_t *flen, utf8proc_int32_t cp)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = 1;
    if (cp < 0x80)
        enc[0] = (utf8proc_uint8_t)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    else
        k = utf8proc_encode_char(utf8proc_tolower(cp), enc);
    if (*flen + (size_t)k > WORD_BYTES) {
        *flen = WORD_BYTES + 1;
        return;
    }
    for (utf8proc_ssize_t b = 0; b < k; b++)
        fold[(*flen)++] = (char)enc[b]; /* no call to memcpy */
}

/* Folds the run of ASCII letters from s[i] onto fold as fold_cp would; returns where it
 * ends. Most bytes of news text are such letters. */
static size_t fold_letters(const char *s, size_t len, size_t i, char *fold, size_t *flen)
{
#if TENOR_LITTLE_ENDIAN
    /* Eight bytes at a time (swar.h), stored lower-cased. */
    const uint64_t high = 0x8080808080808080ull;
    while (len - i >= 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t low = (x | 0x2020202020202020ull) & ~high;
        uint64_t other = ~tenor_swar_letters(x) & high;
        size_t run = other ? (size_t)__builtin_ctzll(other) / 8 : 8;
        if (*flen + run <= WORD_BYTES)
            memcpy(fold + *flen, &low, 8);
        *flen = *flen + run <= WORD_BYTES ? *flen + run : WORD_BYTES + 1;
        i += run;
        if (run < 8)
            return i;
    }
#endif
    /* (ascii_flags has no flags from 0x80 up) */
    for (; i < len && (ascii_flags[(unsigned char)s[i]] & F_LETTER); i++) {
        if (*flen < WORD_BYTES)
            fold[(*flen)++] = (char)((unsigned char)s[i] | 0x20);
        else
            *flen = WORD_BYTES + 1;
    }
    return i;
}

/* Reads the word that starts at s[i] (a word character), folded into fold as fold_cp
 * does; returns where it ends. */
static size_t read_word(scan *sc, const char *s, size_t len, size_t i, char *fold,
                        size_t *flen_out)
{
    size_t flen = 0;
    for (;;) {
        i = fold_letters(s, len, i, fold, &flen);
        if (i == len)
            break;
        size_t n, n2;
        utf8proc_int32_t cp = cp_at(s, len, i, &n);
        unsigned fl = cp_flags(cp);
        if (!(fl & F_WORD)) {
            /* An apostrophe joins two letters (don't, editor's). */
            if (!is_apostrophe(cp) || i + n == len ||
                !(cp_flags(cp_at(s, len, i + n, &n2)) & F_LETTER))
                break;
            cp = '\'';
        }
        if (fl & F_DIGIT)
            sc->digit = true;
        fold_cp(fold, &flen, cp);
        i += n;
    }
    *flen_out = flen;
    return i;
}

static bool is_terminator(utf8proc_int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* note_mark for an ASCII code point, by table. */
static inline void note_ascii_mark(scan *sc, unsigned char c)
{
    unsigned fl = ascii_flags[c];
    if (fl & F_SPACE)
        return;
    sc->terminators += (fl & F_TERMINATOR) != 0;
    sc->quote |= (fl & F_QUOTE) != 0;
    sc->at |= c == '@';
    if (!(fl & F_CLOSER))
        sc->ends_sentence = (fl & F_TERMINATOR) != 0;
}

/* Notes a code point outside words (flags fl): sentence marks, quotes, and whether the
 * last one that is no space or closer ends a sentence. */
static void note_mark(scan *sc, utf8proc_int32_t cp, unsigned fl)
{
    if (cp < 0x80) {
        note_ascii_mark(sc, (unsigned char)cp);
        return;
    }
    if (fl & F_SPACE)
        return;
    if (is_terminator(cp))
        sc->terminators++;
    if (cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB)
        sc->quote = true;
    if (cp == 0x00A9)
        sc->copyright = true;
    if (!is_closer(cp))
        sc->ends_sentence = is_terminator(cp);
}

/* Reads, counts and keeps the word that starts at s[i] (flags fl); returns its end. */
static size_t take_word(scan *sc, const char *s, size_t len, size_t i, unsigned fl,
                        char *scratch)
{
    /* room for a word: nw < MAX_WORDS words take at most
     * (MAX_WORDS - 1) * WORD_BYTES bytes of low */
    char *fold = sc->nw < MAX_WORDS ? sc->low + sc->lowlen : scratch;
    size_t flen, end = read_word(sc, s, len, i, fold, &flen);
    end_word(sc, fold, flen, i, end, fl & F_UPPER, fl & F_LETTER);
    sc->ends_sentence = false;
    return end;
}

#if TENOR_SSE2
/* Bits of the 64 bytes at p: ASCII letters, spaces and apostrophes; the bytes where the
 * code point scan must take over (digits, which join words, and bytes from 0x80). */
typedef struct {
    uint64_t letter, space, apostrophe, stop;
} window;

static inline window window_at(const char *p)
{
    tenor_masks64 m = tenor_masks64_at(p, ' ', '\'', ' '); /* the third unused */
    return (window){m.letter, m.byte[0], m.byte[1], m.digit_high};
}

/* What take_word and note_mark make of the plain text from s[i], an ASCII letter that
 * starts a word: words of at most KEY_BYTES ASCII letters, each folded, keyed and kept
 * from one register, and the ASCII marks between them, 64 bytes of text classified at
 * once so that the branches go by bit masks rather than byte by byte. The verdict is
 * checked after each word's gap, as the code point scan would have after one of its
 * code points (the words counted are the same). Returns where it stopped, at a code
 * point for that scan: i itself if the first word is not plain; *done if the verdict
 * is certain. */
static size_t plain_scan(scan *sc, const char *s, size_t len, size_t i, bool *done)
{
    static const unsigned char keep[2 * KEY_BYTES] = { /* KEY_BYTES times 0xff, then 0 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    size_t certain = certain_from(sc); /* changes only with a mark or a kept word */
    char tail[64 + KEY_BYTES];
    for (;;) {
        /* The last bytes are read from a copy, its bytes past the text masked off, where
         * every word's key can be read. */
        const char *p = s + i;
        uint64_t valid = ~0ull, last = 1ull << (64 - KEY_BYTES); /* the last first letter */
        if (len - i < 64) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, s + i, len - i);
            p = tail;
            valid = (1ull << (len - i)) - 1;
            last = ~0ull;
        }
        window m = window_at(p);
        uint64_t starts = m.letter & ~(m.letter << 1), from = 1; /* bit of the cursor */
        for (;;) {
            uint64_t b = starts & -starts; /* the next word's first letter, or 0 */
            uint64_t marks = ~m.space & valid & -from & (b - 1);
            if (marks) {
                uint64_t stop = m.stop & marks;
                stop &= -stop;
                for (marks &= stop - 1; marks; marks &= marks - 1)
                    note_ascii_mark(sc, (unsigned char)p[__builtin_ctzll(marks)]);
                certain = certain_from(sc);
                if (stop) {
                    *done = sc->words >= certain;
                    return i + (unsigned)__builtin_ctzll(stop);
                }
            }
            if (sc->words >= certain) {
                *done = true;
                return i;
            }
            if (!b) {
                if (p == tail)
                    return len;
                i += 64;
                break;
            }
            unsigned pos = (unsigned)__builtin_ctzll(b);
            if (b > last) {
                i += pos;
                break;
            }
            uint64_t end = ~m.letter & -b;
            end &= -end;
            if (m.apostrophe & end) {
                /* Letters after it go on the word ("don't"); else it is a mark. */
                uint64_t next = end << 1;
                if (!next || (m.stop & next))
                    return i + pos; /* past the window, or maybe a letter from 0x80 */
                if (m.letter & next) {
                    starts &= starts - 1; /* the letters after it start no word */
                    end = ~m.letter & -next;
                    end &= -end;
                    if (m.apostrophe & end)
                        return i + pos; /* "rock'n'roll", rare */
                }
            }
            /* More than KEY_BYTES bytes (end is 0 if they reach past the window; from a
             * first letter at 47 on, b << 17 is 0 and the test is that alone), or a word
             * a digit or a byte from 0x80 may go on. */
            if (end - 1 >= (b << (KEY_BYTES + 1)) - 1 || (m.stop & end))
                return i + pos;
            unsigned run = (unsigned)__builtin_ctzll(end) - pos;
            __m128i x = _mm_or_si128(tenor_load16(p + pos), _mm_set1_epi8(0x20));
            x = _mm_and_si128(x, tenor_load16((const char *)keep + KEY_BYTES - run));
            uint32_t lists =
                key_lists((uint64_t)_mm_cvtsi128_si64(x),
                          (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x)), run);
            bool cap = p[pos] < 'a';
            sc->words++;
            sc->alphas++;
            sc->caps += cap;
            sc->stops += (lists & W_STOP) != 0;
            if (sc->nw < MAX_WORDS) {
                _mm_storeu_si128((__m128i *)(void *)(sc->low + sc->lowlen), x);
                word *w = &sc->w[sc->nw++];
                w->off = (uint16_t)sc->lowlen;
                w->len = (uint16_t)run;
                w->raw_start = i + pos;
                w->raw_end = i + pos + run;
                w->cap = cap;
                w->alpha = true;
                w->lists = lists;
                sc->kept_lists |= lists;
                sc->lowlen += run;
                if (sc->nw == 1 || (lists & W_REPORTING))
                    certain = certain_from(sc);
            }
            sc->ends_sentence = false;
            starts &= starts - 1;
            from = end;
        }
    }
}
#endif

static void do_scan(scan *sc, const char *s, size_t len)
{
    /* Field by field: the word arrays (5 KB) are written before they are read, and
     * clearing them cost as much as scanning a short paragraph. */
    sc->s = s;
    sc->len = len;
    sc->nw = sc->words = sc->lowlen = 0;
    sc->stops = sc->caps = sc->alphas = sc->terminators = 0;
    sc->ends_sentence = sc->quote = sc->at = sc->digit = sc->copyright = false;
    sc->kept_lists = 0;
    char scratch[WORD_BYTES + FOLD_ROOM]; /* folds a word that cannot be kept */
#if TENOR_SSE2
    size_t handed = SIZE_MAX; /* where plain_scan last stopped: not to be asked again */
#endif
    for (size_t i = 0; i < len;) {
        size_t n;
        utf8proc_int32_t cp = cp_at(s, len, i, &n);
        unsigned fl = cp_flags(cp);
#if TENOR_SSE2
        if (cp < 0x80 && (fl & F_LETTER) && i != handed) {
            bool done = false;
            handed = plain_scan(sc, s, len, i, &done);
            if (done)
                return;
            if (handed != i) {
                i = handed;
                continue;
            }
        }
#endif
        if (!(fl & F_WORD)) {
            note_mark(sc, cp, fl);
            i += n;
            /* Words, sentence marks, quotes and kept words only change at a non-word
             * code point, and they only ever grow, so the verdict can be known before
             * the end: most paragraphs stop here (verdict_certain). */
            if (verdict_certain(sc))
                return;
            continue;
        }
        /* The usual gap, one space before a letter, has nothing to note: straight on
         * to the next word, after the check the space would have had. */
        for (;;) {
            i = take_word(sc, s, len, i, fl, scratch);
            if (len - i < 2 || s[i] != ' ' ||
                !((fl = ascii_flags[(unsigned char)s[i + 1]]) & F_LETTER))
                break;
            if (verdict_certain(sc))
                return;
            i++;
#if TENOR_SSE2
            break; /* the next word is plain_scan's */
#endif
        }
    }
}

/* Word k of the kept words, NUL-terminated in buf. */
static const char *word_at(const scan *sc, size_t k, char *buf)
{
    memcpy(buf, sc->low + sc->w[k].off, sc->w[k].len);
    buf[sc->w[k].len] = '\0';
    return buf;
}

static bool any_word_in(const scan *sc, uint32_t list)
{
    return sc->kept_lists & list;
}

/* Whether the phrase (space-separated folded words) occurs at word `at`; returns the
 * number of words matched, or 0. */
static size_t phrase_at(const scan *sc, size_t at, const char *phrase)
{
    size_t k = at;
    for (const char *p = phrase; *p; k++) {
        if (k >= sc->nw)
            return 0;
        /* Byte by byte: a try mostly fails within a byte or two, before a strchr or
         * memcmp call would pay off (no folded word holds a space or a NUL). */
        const char *w = sc->low + sc->w[k].off;
        size_t j = 0;
        while (j < sc->w[k].len && p[j] == w[j])
            j++;
        if (j < sc->w[k].len || (p[j] != ' ' && p[j] != '\0'))
            return 0;
        p += j + (p[j] == ' ');
    }
    return k - at;
}

/* The longest cue of the list (whose first words carry the bit first) that starts the
 * paragraph: its word count, or 0. */
static size_t prefix_cue(const scan *sc, const char *const *list, size_t n, uint32_t first)
{
    size_t best = 0;
    if (!sc->nw || !(sc->w[0].lists & first))
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = phrase_at(sc, 0, list[i]);
        if (m > best)
            best = m;
    }
    return best;
}

static bool phrase_anywhere(const scan *sc, const char *const *list, size_t n, uint32_t first)
{
    if (!any_word_in(sc, first))
        return false;
    for (size_t k = 0; k < sc->nw; k++)
        for (size_t i = 0; (sc->w[k].lists & first) && i < n; i++)
            if (phrase_at(sc, k, list[i]))
                return true;
    return false;
}

#define PREFIX_CUE(sc, list, first) prefix_cue((sc), (list), sizeof(list) / sizeof *(list), (first))
#define PHRASE_ANYWHERE(sc, list, first) \
    phrase_anywhere((sc), (list), sizeof(list) / sizeof *(list), (first))

/* Whether nothing but white space precedes the first word, other than bullets,
 * arrows and opening brackets ("▶ Read more", "(Photo: AP)"). */
static bool starts_clean(const scan *sc)
{
    if (!sc->nw)
        return false;
    for (size_t i = 0; i < sc->w[0].raw_start;) {
        size_t n;
        utf8proc_int32_t cp = cp_at(sc->s, sc->len, i, &n);
        if (cp == '"' || cp == 0x201C || cp == 0x2018 || cp == 0x00AB)
            return false; /* a quotation, not a label */
        i += n;
    }
    return true;
}

/* The first code point after word k that is not a space, or 0 at the end. */
static utf8proc_int32_t next_mark(const scan *sc, size_t k)
{
    for (size_t i = sc->w[k].raw_end; i < sc->len;) {
        size_t n;
        utf8proc_int32_t cp = cp_at(sc->s, sc->len, i, &n);
        if (!(cp_flags(cp) & F_SPACE))
            return cp;
        i += n;
    }
    return 0;
}

/* A label separator: "Read more: ...", "Related | ...", "Watch — ...". */
static bool is_separator(utf8proc_int32_t cp)
{
    return cp == 0 || cp == ':' || cp == '|' || cp == '>' || cp == 0x00BB || cp == 0x203A ||
           cp == 0x2192 || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '/' ||
           cp == 0x2022 || cp == 0x00B7 || cp == '(' || cp == '[';
}

/* Whether word k starts with a letter and has no lower-case one (US, AFP). Asked of few
 * words, so read from the paragraph rather than noted for every word in the scan. */
static bool all_upper(const scan *sc, size_t k)
{
    if (!sc->w[k].alpha)
        return false;
    for (size_t i = sc->w[k].raw_start; i < sc->w[k].raw_end;) {
        size_t n;
        unsigned fl = cp_flags(cp_at(sc->s, sc->len, i, &n));
        if ((fl & F_LETTER) && !(fl & F_UPPER))
            return false;
        i += n;
    }
    return true;
}

static bool is_reader_word(const scan *sc, size_t k)
{
    /* "US" in capitals is the country, not the reader. */
    return (sc->w[k].lists & W_READER) && !(sc->w[k].len > 1 && all_upper(sc, k));
}

static bool addresses_reader(const scan *sc)
{
    if (!any_word_in(sc, W_READER))
        return false;
    for (size_t k = 0; k < sc->nw; k++)
        if (is_reader_word(sc, k))
            return true;
    return false;
}

/* Whether word k begins a sentence: first, or after . ! ? and spaces. */
static bool sentence_start(const scan *sc, size_t k)
{
    if (k == 0)
        return true;
    for (size_t i = sc->w[k - 1].raw_end; i < sc->w[k].raw_start;) {
        size_t n;
        utf8proc_int32_t cp = cp_at(sc->s, sc->len, i, &n);
        if (cp == '.' || cp == '!' || cp == '?')
            return true;
        i += n;
    }
    return false;
}

/* Whether a sentence opens with a word of the list: an order to the reader such as
 * "Subscribe now", "Sign up". */
static bool opens_with(const scan *sc, uint32_t list)
{
    if (!any_word_in(sc, list))
        return false;
    for (size_t k = 0; k < sc->nw; k++)
        if ((sc->w[k].lists & list) && sc->w[k].cap && sentence_start(sc, k))
            return true;
    return false;
}

/* Reporting: quotation marks or a reporting verb. Never page furniture. */
static bool reports(const scan *sc)
{
    return sc->quote || any_word_in(sc, W_REPORTING);
}

/* ---- rules ------------------------------------------------------------- */

static tenor_boilerplate_kind rule_link(const scan *sc)
{
    if (!starts_clean(sc) || sc->words > 40)
        return TENOR_BOILERPLATE_NONE;
    size_t m = PREFIX_CUE(sc, link_cues, P_LINK);
    if (!m)
        return TENOR_BOILERPLATE_NONE;
    /* "Read more: ...", "Advertisement"; or a teaser with no sentence in it:
     * "Continue reading the main story". */
    if (is_separator(next_mark(sc, m - 1)) || (!sc->ends_sentence && sc->words <= 20))
        return TENOR_BOILERPLATE_LINK;
    return TENOR_BOILERPLATE_NONE;
}

static bool all_caps_from(const scan *sc, size_t from)
{
    size_t names = 0;
    for (size_t k = from; k < sc->nw; k++) {
        if (sc->w[k].cap)
            names++;
        else if (!(sc->w[k].lists & W_JOINER))
            return false;
    }
    return names > 0;
}

static tenor_boilerplate_kind rule_byline(const scan *sc)
{
    if (sc->words > 20 || !starts_clean(sc))
        return TENOR_BOILERPLATE_NONE;
    if (sc->at && sc->words <= 12 && !sc->ends_sentence && !reports(sc))
        return TENOR_BOILERPLATE_BYLINE; /* a contact line: jane.doe@paper.com */
    size_t m = PREFIX_CUE(sc, byline_cues, P_BYLINE);
    if (!m || m >= sc->nw || reports(sc))
        return TENOR_BOILERPLATE_NONE;
    /* "By Friday, the talks..." has lower-case words after the name-like start. */
    if (!sc->w[m].cap)
        return TENOR_BOILERPLATE_NONE;
    if (m == 1 && !sc->w[0].cap)
        return TENOR_BOILERPLATE_NONE; /* "by" must be capitalised to start a byline */
    if (all_caps_from(sc, m))
        return TENOR_BOILERPLATE_BYLINE;
    /* "Reporting by Jane Doe; editing by John Roe" */
    if (m > 1 && !sc->ends_sentence)
        return TENOR_BOILERPLATE_BYLINE;
    return TENOR_BOILERPLATE_NONE;
}

/* Whether nothing but space stands between words k - 1 and k. */
static bool joined(const scan *sc, size_t k)
{
    for (size_t i = sc->w[k - 1].raw_end; i < sc->w[k].raw_start;) {
        size_t n;
        if (!(cp_flags(cp_at(sc->s, sc->len, i, &n)) & F_SPACE))
            return false;
        i += n;
    }
    return true;
}

/* A credit names someone, so a lower-case word run on from a credit cue makes the line
 * news about that someone: "Copyright holders will", "Getty Images sued". Name joiners
 * ("of", "the") and "by", "via" still link the names of a credit. */
static bool prose_word(const scan *sc, size_t k)
{
    if (k == 0 || k >= sc->nw || !joined(sc, k) || !sc->w[k].alpha || sc->w[k].cap ||
        (sc->w[k].lists & W_JOINER))
        return false;
    char buf[WORD_BYTES + 1];
    const char *w = word_at(sc, k, buf);
    return strcmp(w, "by") != 0 && strcmp(w, "via") != 0;
}

/* "Copyright 2024 BBC", "Copyright (c) Reuters", "Copyright: AP": years and names up to
 * the first mark, where "Copyright Office guidance was ..." runs into prose. */
static bool copyright_line(const scan *sc)
{
    char buf[WORD_BYTES + 1];
    if (!starts_clean(sc) || sc->nw < 2 || sc->words > 20 ||
        strcmp(word_at(sc, 0, buf), "copyright") != 0)
        return false;
    for (size_t k = 1; k < sc->nw && joined(sc, k); k++)
        if (prose_word(sc, k))
            return false;
    return true;
}

/* "Photo: AP": a capitalised credit label and a colon. */
static bool credit_label(const scan *sc, size_t k)
{
    return sc->w[k].cap && (sc->w[k].lists & W_CREDIT_LABEL) && next_mark(sc, k) == ':';
}

/* Whether a credit label or a credit cue starts at word k. */
static bool credit_at(const scan *sc, size_t k)
{
    if (credit_label(sc, k))
        return true;
    if (!(sc->w[k].lists & P_CREDIT))
        return false;
    for (size_t i = 0; i < sizeof credit_cues / sizeof *credit_cues; i++)
        if (phrase_at(sc, k, credit_cues[i]))
            return true;
    return false;
}

/* The words of the photo credit that opens the paragraph ("Photo:", "(AP Photo/"), or 0.
 * "Caption:" introduces a caption, "Source:" cites titles in lower case and "All rights
 * reserved" runs into a licence, so none of them is a credit that prose can follow. */
static size_t photo_credit_cue(const scan *sc)
{
    char buf[WORD_BYTES + 1];
    if (!starts_clean(sc))
        return 0;
    const char *w = word_at(sc, 0, buf);
    if (strcmp(w, "all") == 0 || strcmp(w, "caption") == 0 || strcmp(w, "source") == 0)
        return 0;
    size_t m = PREFIX_CUE(sc, credit_cues, P_CREDIT);
    if (!m && credit_label(sc, 0))
        m = 1;
    return m;
}

/* Scraping glues a caption's credit to the front of the next paragraph: "(AP Photo/Jane
 * Doe) The Hammonds were ordered back to prison ...". A credit is only names, so a
 * lower-case word after two more of them (the credit's name, the sentence's subject)
 * that runs into a sentence starts the paragraph's own text; with one ("Photo: A man
 * walks past ...") it is a caption, and so is a sentence followed by another credit. */
static bool credit_glued_to_prose(const scan *sc)
{
    size_t m = photo_credit_cue(sc);
    if (!m || !sc->ends_sentence)
        return false;
    size_t p = m;
    while (p < sc->nw && !prose_word(sc, p))
        p++;
    if (p < m + 2 || sc->nw - p < GLUED_WORDS)
        return false;
    for (size_t k = p; k < sc->nw; k++)
        if (credit_at(sc, k))
            return false;
    return true;
}

static tenor_boilerplate_kind rule_credit(const scan *sc)
{
    if (sc->words > 30 || reports(sc))
        return TENOR_BOILERPLATE_NONE;
    if ((sc->copyright && sc->words <= 20) || copyright_line(sc))
        return TENOR_BOILERPLATE_CREDIT;
    if (credit_glued_to_prose(sc))
        return TENOR_BOILERPLATE_NONE;
    /* "Photo: AP", or a caption ending "... Photograph: Evan Vucci/AP". */
    for (size_t k = 0; any_word_in(sc, W_CREDIT_LABEL) && k < sc->nw; k++)
        if (credit_label(sc, k))
            return TENOR_BOILERPLATE_CREDIT;
    if (!PHRASE_ANYWHERE(sc, credit_cues, P_CREDIT))
        return TENOR_BOILERPLATE_NONE;
    if (!sc->ends_sentence)
        return TENOR_BOILERPLATE_CREDIT;
    /* In a sentence, only a cue that opens it: "Photograph by Jane Doe for The Guardian." */
    size_t m = PREFIX_CUE(sc, credit_cues, P_CREDIT);
    return m && !prose_word(sc, m) ? TENOR_BOILERPLATE_CREDIT : TENOR_BOILERPLATE_NONE;
}

static tenor_boilerplate_kind rule_notice(const scan *sc)
{
    if (sc->words > LONG_WORDS || reports(sc) || !sc->nw)
        return TENOR_BOILERPLATE_NONE;
    /* A share bar: "Facebook Twitter WhatsApp Email". */
    bool bar = sc->nw == sc->words && sc->words <= 12;
    for (size_t k = 0; bar && k < sc->nw; k++)
        bar = sc->w[k].lists & W_SHARE;
    if (bar)
        return TENOR_BOILERPLATE_NOTICE;
    /* Cheapest test first: few paragraphs have a cue, many a reader word. */
    bool cue = any_word_in(sc, W_NOTICE) || PHRASE_ANYWHERE(sc, notice_phrases, P_NOTICE);
    if (cue && (addresses_reader(sc) || opens_with(sc, W_IMPERATIVE)))
        return TENOR_BOILERPLATE_NOTICE;
    if (sc->words <= 30 && PHRASE_ANYWHERE(sc, meta_phrases, P_META))
        return TENOR_BOILERPLATE_NOTICE;
    /* "Join us at 9pm for live coverage." - an order to the reader about the reader. */
    if (sc->words <= 25 && opens_with(sc, W_PAGE_VERB) && addresses_reader(sc))
        return TENOR_BOILERPLATE_NOTICE;
    return TENOR_BOILERPLATE_NONE;
}

static tenor_boilerplate_kind rule_timestamp(const scan *sc)
{
    if (sc->words > 20 || !sc->digit || reports(sc))
        return TENOR_BOILERPLATE_NONE;
    if (starts_clean(sc) && PREFIX_CUE(sc, time_cues, P_TIME) && !sc->ends_sentence)
        return TENOR_BOILERPLATE_TIMESTAMP;
    if (sc->words <= 8 && PHRASE_ANYWHERE(sc, read_time_cues, P_READ_TIME))
        return TENOR_BOILERPLATE_TIMESTAMP;
    /* Nothing but a date and a time: "Friday 17 January 2025, 12:45 GMT". */
    char buf[WORD_BYTES + 1];
    bool only = sc->nw == sc->words;
    for (size_t k = 0; only && k < sc->nw; k++) {
        const char *w = word_at(sc, k, buf);
        only = !sc->w[k].alpha || (sc->w[k].lists & W_DATE) || strcmp(w, "on") == 0 ||
               strcmp(w, "at") == 0;
    }
    return only ? TENOR_BOILERPLATE_TIMESTAMP : TENOR_BOILERPLATE_NONE;
}

/* Shape rules: no cue, so never on the headline (index 0) and never on a sentence. */
static tenor_boilerplate_kind rule_shape(const scan *sc, size_t index)
{
    if (index == 0 || sc->ends_sentence || reports(sc))
        return TENOR_BOILERPLATE_NONE;
    if (sc->words <= 3)
        return TENOR_BOILERPLATE_FRAGMENT;
    if (sc->words > 15)
        return TENOR_BOILERPLATE_NONE;
    double stop_density = (double)sc->stops / (double)sc->words;
    /* Title Case: "From Zero to Web3 Pro: Your 90-Day Career Launch Plan". */
    if (sc->alphas >= 3 && (double)sc->caps >= 0.7 * (double)sc->alphas && stop_density < 0.5)
        return TENOR_BOILERPLATE_PROMO;
    /* Sentence case but talking to the reader: "Your guide to the best deals this week". */
    if (addresses_reader(sc))
        return TENOR_BOILERPLATE_PROMO;
    return TENOR_BOILERPLATE_NONE;
}

static tenor_boilerplate_kind rule_menu(const scan *sc)
{
    if (sc->words <= 15 || sc->terminators || sc->quote)
        return TENOR_BOILERPLATE_NONE;
    double stop_density = (double)sc->stops / (double)sc->words;
    if (sc->alphas && (double)sc->caps >= 0.8 * (double)sc->alphas && stop_density < 0.1)
        return TENOR_BOILERPLATE_MENU;
    return TENOR_BOILERPLATE_NONE;
}

bool tenor_boilerplate_detect(const char *s, size_t len, size_t index, size_t count,
                              tenor_boilerplate_info *info)
{
    pthread_once(&table_once, table_build);
    scan sc;
    do_scan(&sc, s, len);
    tenor_boilerplate_kind k = TENOR_BOILERPLATE_NONE;
    if (sc.words == 0)
        k = TENOR_BOILERPLATE_EMPTY;
    else if (sc.words > LONG_WORDS)
        k = rule_menu(&sc);
    else {
        tenor_boilerplate_kind (*const cue_rules[])(const scan *) = {
            rule_link, rule_byline, rule_credit, rule_timestamp, rule_notice, rule_menu};
        for (size_t i = 0; !k && i < sizeof cue_rules / sizeof *cue_rules; i++)
            k = cue_rules[i](&sc);
        if (!k && count > 1)
            k = rule_shape(&sc, index);
    }
    if (info) {
        info->kind = k;
        info->words = sc.words;
    }
    return k != TENOR_BOILERPLATE_NONE;
}

const char *tenor_boilerplate_kind_name(tenor_boilerplate_kind kind)
{
    static const char *const names[] = {"none",   "empty",     "link",  "byline",
                                        "credit", "notice",    "timestamp", "promo",
                                        "fragment", "menu"};
    if ((size_t)kind < sizeof names / sizeof *names)
        return names[kind];
    return "none";
}
