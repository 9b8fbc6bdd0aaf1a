/* tokenizer.c - the word rule of tokenizer.h on utf8proc categories.
 *
 * One pass over code points, writing each token (digits mapped to 0) into a buffer
 * that is reused between calls, ASCII letters eight at a time; each token is hashed
 * once it ends, from the bytes written. With SSE2, plain words (ASCII letters that no
 * joiner extends, most of news text) are taken 64 bytes of text at a time instead:
 * found by bit masks, and each stored and hashed from one register. */
#include "tenor/tokenizer.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tenor/error.h"
#include "tenor/text.h"
#include "token_hash_internal.h"
#include "util/alloc.h"
#include "util/swar.h"

typedef enum { C_SEP, C_LETTER, C_DIGIT, C_MARK } char_class;

/* ASCII classes by table: this is looked up for every byte of every paragraph. */
#define L_ C_LETTER
#define D_ C_DIGIT
static const unsigned char ascii_class[256] = { /* 0x80 and up: C_SEP */
    ['0'] = D_, D_, D_, D_, D_, D_, D_, D_, D_, D_,
    ['A'] = L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_,
    ['a'] = L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_,
};
#undef L_
#undef D_

static char_class class_of(utf8proc_int32_t cp)
{
    if (cp < 0x80)
        return (char_class)ascii_class[cp];
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_SEP;
    }
}

typedef struct {
    utf8proc_int32_t cp;
    size_t len; /* bytes in the source */
    char_class cls;
} cpinfo;

/* A typographic mark of simple text (text.h), as its ASCII: all are separators.
 * Kept out of line: inlined, it slowed the letters around it by a third. */
static __attribute__((noinline)) cpinfo peek_mark(const char *s, size_t len, size_t i)
{
    char ascii = ' ';
    size_t n = tenor_text_simple_mark(s, len, i, &ascii);
    return (cpinfo){(unsigned char)ascii, n ? n : 1, C_SEP};
}

/* The code point at s[i]; with `fold`, (s, len) is simple text (text.h) not yet
 * normalised and is normalised here: upper case to lower, '`' to '\'', typographic
 * marks to ASCII (white space stays a separator either way). */
static inline cpinfo peek(const char *s, size_t len, size_t i, bool fold)
{
    cpinfo c = {0, 1, C_SEP};
    if (i >= len)
        return c;
    unsigned char b = (unsigned char)s[i];
    if (fold) {
        if (__builtin_expect(b >= 0x80, 0))
            return peek_mark(s, len, i);
        c.cp = b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b == '`' ? '\'' : b;
        c.cls = (char_class)ascii_class[b];
        return c;
    }
    if (b < 0x80) {
        c.cp = b;
    } else {
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c.cp);
        if (n <= 0)
            return c; /* not reachable on normalised input; treated as a separator */
        c.len = (size_t)n;
    }
    c.cls = class_of(c.cp);
    return c;
}

static bool is_word(char_class c)
{
    return c != C_SEP;
}

/* The buffer holds this much past its last token: tokens are hashed, and runs of
 * letters copied, eight bytes at a time, and plain words stored sixteen at a time. */
#define TEXT_SLACK 16

uint64_t tenor_token_hash(const char *s, size_t len)
{
    return token_hash(s, len, false);
}

/* Room for one more token: kept out of the loop, it runs a few times per process. */
static __attribute__((noinline)) int grow_tokens(tenor_tokens *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    size_t *off = realloc(t->off, cap * sizeof *off);
    if (!off)
        return TENOR_ENOMEM;
    t->off = off;
    size_t *ln = realloc(t->len, cap * sizeof *ln);
    if (!ln)
        return TENOR_ENOMEM;
    t->len = ln;
    uint64_t *hash = realloc(t->hash, cap * sizeof *hash);
    if (!hash)
        return TENOR_ENOMEM;
    t->hash = hash;
    t->cap = cap;
    return 0;
}

/* Ends the token text[start, end). */
static inline __attribute__((always_inline)) int push_token(tenor_tokens *t, char *text,
                                                            size_t start, size_t end)
{
    size_t n = end - start;
    /* Drop a final possessive 's ("trump's" -> "trump"). */
    if (n > 2 && text[end - 2] == '\'' && text[end - 1] == 's')
        n -= 2;
    if (n == 0 || n > TENOR_TOKEN_MAX)
        return 0;
    if (t->n == t->cap) {
        int rc = grow_tokens(t);
        if (rc)
            return rc;
    }
    text[start + n] = '\0';
    t->off[t->n] = start;
    t->len[t->n] = n;
    t->hash[t->n] = token_hash(text + start, n, true);
    t->n++;
    return 0;
}

/* push_token, then w past the token's NUL, where the next token starts. */
static inline __attribute__((always_inline)) int end_token(tenor_tokens *t, char *text,
                                                           size_t start, size_t *w)
{
    int rc = push_token(t, text, start, *w);
    ++*w;
    return rc;
}

/* Copies the run of ASCII letters at s[i] to o (lower-cased if fold), returning its
 * length. Eight bytes at a time: a word's letters take one or two rounds, not a round
 * and a mispredicted branch each; bytes stored past the run land in the buffer's slack
 * and are overwritten or never read. Bytes from 0x80 have no letter class. */
static inline __attribute__((always_inline)) size_t letter_run(const char *s, size_t len,
                                                               size_t i, char *o, bool fold)
{
    const unsigned char *q = (const unsigned char *)s + i, *q0 = q,
                        *qend = (const unsigned char *)s + len;
    while (TENOR_LITTLE_ENDIAN && qend - q >= 8) {
        uint64_t x, stop;
        memcpy(&x, q, 8);
        stop = ~tenor_swar_letters(x) & 0x8080808080808080ull;
        if (fold)
            x |= 0x2020202020202020ull;
        memcpy(o, &x, 8);
        size_t run = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
        q += run;
        o += run;
        if (stop)
            return (size_t)(q - q0);
    }
    for (unsigned char b; q < qend && ascii_class[b = *q] == C_LETTER; q++)
        *o++ = (char)(b | (fold ? 0x20 : 0));
    return (size_t)(q - q0);
}

#if TENOR_SSE2
/* Bits of the 64 bytes at p: ASCII letters, full stops, apostrophes, and the bytes that
 * may start or go on a token as no plain word does (digits, '`', bytes from 0x80). */
typedef struct {
    uint64_t letter, dot, apostrophe, stop;
} window;

static inline window window_at(const char *p)
{
    tenor_masks64 m = tenor_masks64_at(p, '.', '\'', '`');
    return (window){m.letter, m.byte[0], m.byte[1], m.digit_high | m.byte[2]};
}

/* The end of the run of letters from bit b of m (the bit after it, or 0 past the
 * window), of a token from bit first, and whether the token may go on as no plain word
 * does: 16 bytes or more (end 0 or from first << 16; from a first letter at 48 on, that
 * is 0 and end 0 is the test), a stop byte after it, or a full stop after one letter. */
static inline uint64_t run_end(const window *m, uint64_t b, uint64_t first, bool *bad)
{
    uint64_t end = ~m->letter & -b;
    end &= -end;
    *bad = end - 1 >= (first << 16) - 1 || ((m->stop | (m->dot & b << 1)) & end);
    return end;
}

/* The plain words from s[i], a letter that would start a token: runs of ASCII letters,
 * or two joined by an apostrophe ("don't", "trump's" -> "trump"), under 16 bytes, with
 * only ASCII punctuation and spaces around them, which no other joiner can extend (a
 * full stop after one letter might: "u.s."). Each is written to text[*wp] with its NUL
 * and hashed from a register, 64 bytes of text classified at once, so the branches go
 * by bit masks rather than byte by byte. Returns where it stopped, at a token to be
 * started or a separator: i itself if the first word is not plain. */
static inline __attribute__((always_inline)) size_t
plain_words(tenor_tokens *t, const char *s, size_t len, size_t i, char *text, size_t *wp,
            bool fold, int *rc)
{
    static const unsigned char keep[32] = { /* 16 times 0xff, then 0 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    /* t's fields in registers: the stores through text could change them for all the
     * compiler knows. */
    size_t w = *wp, n = t->n, cap = t->cap, *off = t->off, *ln = t->len;
    uint64_t *hash = t->hash;
    char tail[64 + 16];
    for (;;) {
        /* The last bytes are read from a copy with zeros (separators) after them, where
         * every word's 16 bytes can be read. */
        const char *p = s + i;
        uint64_t last = 1ull << 48; /* the last first letter whose 16 bytes are here */
        if (len - i < 64) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, s + i, len - i);
            p = tail;
            last = ~0ull;
        }
        window m = window_at(p);
        uint64_t starts = m.letter & ~(m.letter << 1), from = 1; /* bit of the cursor */
        for (;;) {
            uint64_t b = starts & -starts; /* the next word's first letter, or 0 */
            uint64_t stop = m.stop & -from & (b - 1);
            if (stop) { /* in the gap before it */
                i += (unsigned)__builtin_ctzll(stop);
                goto out;
            }
            if (!b) {
                i += 64;
                break;
            }
            unsigned pos = (unsigned)__builtin_ctzll(b);
            if (b > last) {
                i += pos;
                break;
            }
            bool bad;
            uint64_t end = run_end(&m, b, b, &bad);
            unsigned drop = 0;
            if (!bad && (m.apostrophe & end)) {
                /* An apostrophe joins the letters after it; else it is a separator. */
                uint64_t next = end << 1;
                if (!next || (m.stop & next)) {
                    bad = true;
                } else if (m.letter & next) {
                    starts &= starts - 1; /* the run after it starts no token */
                    end = run_end(&m, next, b, &bad);
                    bad |= (m.apostrophe & end) != 0;
                    /* a final possessive 's is dropped */
                    unsigned char c = (unsigned char)p[__builtin_ctzll(next)] | (fold ? 0x20 : 0);
                    drop = end == next << 1 && c == 's' ? 2 : 0;
                }
            }
            if (bad) {
                i += pos;
                goto out;
            }
            unsigned whole = (unsigned)__builtin_ctzll(end) - pos, size = whole - drop;
            if (n == cap) {
                t->n = n;
                if ((*rc = grow_tokens(t)) != 0)
                    goto out;
                cap = t->cap, off = t->off, ln = t->len, hash = t->hash;
            }
            __m128i x = tenor_load16(p + pos);
            if (fold)
                x = _mm_or_si128(x, _mm_set1_epi8(0x20));
            x = _mm_and_si128(x, tenor_load16((const char *)keep + 16 - size));
            _mm_storeu_si128((__m128i *)(void *)(text + w), x); /* the token and its NUL */
            off[n] = w;
            ln[n] = size;
            hash[n] = token_hash16(x, size);
            n++;
            w += whole + 1;
            starts &= starts - 1;
            from = end;
        }
        if (p == tail) {
            i = len;
            break;
        }
    }
out:
    t->n = n;
    *wp = w;
    return i;
}
#endif

/* The tokenizer, inlined twice: on normalised text, and folding simple text (text.h). */
static inline __attribute__((always_inline)) int tokenize(tenor_tokens *t, const char *s,
                                                          size_t len, bool fold)
{
    t->n = 0;
    /* Tokens are at most as long as the input, plus one NUL per token. */
    size_t need;
    if (!tenor_mul_size(len, 2, &need) || !tenor_add_size(need, 1 + TEXT_SLACK, &need))
        return TENOR_ENOMEM;
    if (t->text_cap < need) {
        char *p = realloc(t->text, need);
        if (!p)
            return TENOR_ENOMEM;
        t->text = p;
        t->text_cap = need;
    }

    /* A local copy: a store through char * could change t->text as far as the compiler
     * knows, so it would reload it for every byte (push_token never moves it). */
    char *const text = t->text;
    size_t w = 0;           /* write position in t->text */
    size_t start = 0;       /* start of the current token in t->text */
    bool in_token = false;
    size_t seg_letters = 0; /* letters since the token start or the last joiner */
    char_class prev = C_SEP;
    size_t i = 0;
#if TENOR_SSE2
    size_t handed = SIZE_MAX; /* where plain_words last stopped: not to be asked again */
#endif
    while (i < len) {
        cpinfo c = peek(s, len, i, fold);
#if TENOR_SSE2
        if (!in_token && c.cls == C_LETTER && c.len == 1 && i != handed) {
            int rc = 0;
            handed = plain_words(t, s, len, i, text, &w, fold, &rc);
            if (rc)
                return rc;
            if (handed != i) {
                i = handed;
                continue;
            }
        }
#endif
        i += c.len;
        if (is_word(c.cls)) {
            if (!in_token) {
                in_token = true;
                start = w;
                seg_letters = 0;
            }
            if (c.cls == C_DIGIT) {
                text[w++] = '0'; /* any script's digits count by shape */
            } else if (c.len == 1) {
                text[w++] = (char)c.cp;
            } else {
                memcpy(text + w, s + i - c.len, c.len);
                w += c.len;
            }
            if (c.cls == C_LETTER)
                seg_letters++;
            prev = c.cls;
            /* The rest of an ASCII word in one tight loop: most bytes are letters. */
            if (c.cls == C_LETTER) {
                size_t n = letter_run(s, len, i, text + w, fold);
                i += n;
                w += n;
                seg_letters += n;
#if TENOR_SSE2
                /* One space, then a letter: the token ends, and the next is plain_words'
                 * without a round of the loop for the space. */
                if (i + 1 < len && s[i] == ' ' &&
                    ascii_class[(unsigned char)s[i + 1]] == C_LETTER) {
                    int rc = end_token(t, text, start, &w);
                    if (rc)
                        return rc;
                    in_token = false;
                    prev = C_SEP;
                    i++;
                }
#else
                /* One space, then letters: the next word at once, without a round of
                 * the loop for the space and one for the letter (most words). */
                while (i + 1 < len && s[i] == ' ' &&
                       ascii_class[(unsigned char)s[i + 1]] == C_LETTER) {
                    int rc = end_token(t, text, start, &w);
                    if (rc)
                        return rc;
                    start = w;
                    n = letter_run(s, len, i + 1, text + w, fold);
                    i += 1 + n;
                    w += n;
                    seg_letters = n;
                }
#endif
            }
            continue;
        }
        if (in_token && (c.cp == '\'' || c.cp == '.' || c.cp == ',')) {
            cpinfo next = peek(s, len, i, fold);
            bool join;
            if (c.cp == '\'')
                join = is_word(next.cls) && prev != C_DIGIT;
            else if (c.cp == ',')
                join = prev == C_DIGIT && next.cls == C_DIGIT;
            else /* '.' after a one-letter segment: "u.s.", "e.g." */
                join = (prev == C_DIGIT && next.cls == C_DIGIT) ||
                       (seg_letters == 1 && prev == C_LETTER);
            if (join && is_word(next.cls)) {
                text[w++] = (char)c.cp;
                seg_letters = 0;
                prev = C_SEP;
                continue;
            }
        }
        if (in_token) {
            int rc = end_token(t, text, start, &w);
            if (rc)
                return rc;
            in_token = false;
        }
        prev = C_SEP;
    }
    if (in_token)
        return push_token(t, text, start, w);
    return 0;
}

int tenor_tokenize(tenor_tokens *t, const char *s, size_t len)
{
    return tokenize(t, s, len, false);
}

int tenor_tokenize_simple(tenor_tokens *t, const char *s, size_t len)
{
    return tokenize(t, s, len, true);
}

void tenor_tokens_free(tenor_tokens *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->off);
    free(t->len);
    free(t->hash);
    memset(t, 0, sizeof *t);
}
