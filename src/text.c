/* text.c - UTF-8 checking, paragraph splitting and normalisation (see text.h).
 *
 * The only place besides tokenizer.c that includes utf8proc.h. Debian's utf8proc
 * 2.8 has no utf8proc_free, so results of utf8proc_map are released with free(). */
#include "tenor/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/alloc.h"
#include "util/simd.h"
#include "tenor/buf.h"
#include "text_internal.h"

/* ---- UTF-8 validation ------------------------------------------------- */

/* Length of the valid sequence at s[i], or 0 if it is invalid (RFC 3629 table). */
static size_t utf8_seq_len(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else
        return 0;
    if (len - i < n)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF)
            return 0;
    return n;
}

size_t tenor_text_columns(const char *s, size_t len, size_t i, size_t *n)
{
    *n = 1;
    if ((unsigned char)s[i] < 0x80)
        return 1;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0)
        return 1;
    *n = (size_t)k;
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 1 : (size_t)w;
}

const char *tenor_text_wide_encoding(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                     (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)))
        return "UTF-32";
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return "UTF-16";
    size_t n = len < 64 ? len & ~(size_t)1 : 64, even = 0, odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        even += !u[i];
        odd += !u[i + 1];
    }
    /* Mostly ASCII text: at least half the pairs hold a NUL, all on one side. */
    if (n >= 4 && odd * 4 >= n && !even)
        return "UTF-16LE";
    if (n >= 4 && even * 4 >= n && !odd)
        return "UTF-16BE";
    return NULL;
}

int tenor_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII, most of the input, 16 or eight bytes at a time */
#if TENOR_SSE2
        if (len - i >= 16) {
            int m = _mm_movemask_epi8(tenor_load16(s + i)); /* the bytes from 0x80 */
            i += m ? tenor_first_bit(m) : 16;
            if (!m)
                continue;
        }
#endif
        if (len - i >= 8) {
            uint64_t x;
            memcpy(&x, u + i, 8);
            if (!(x & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq_len(u, i, len);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return TENOR_EUTF8;
        }
        i += n;
    }
    return 0;
}

int tenor_utf8_repair(char **out, size_t *out_len, const char *s, size_t len, size_t *nbad)
{
    const unsigned char *u = (const unsigned char *)s;
    tenor_buf b = TENOR_BUF_INIT;
    size_t bad = 0, i = 0;
    int rc = tenor_buf_reserve(&b, len);
    while (!rc && i < len) {
        size_t n = utf8_seq_len(u, i, len);
        if (n) {
            rc = tenor_buf_append(&b, s + i, n);
            i += n;
        } else {
            rc = tenor_buf_append(&b, "\xEF\xBF\xBD", 3);
            bad++;
            i++;
        }
    }
    if (!rc)
        rc = tenor_buf_reserve(&b, 0);
    if (rc) {
        tenor_buf_free(&b);
        return TENOR_ENOMEM;
    }
    b.data[b.len] = '\0'; /* tenor_buf_reserve does not terminate; empty input appends nothing */
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    if (nbad)
        *nbad = bad;
    return 0;
}

/* ---- string lists ----------------------------------------------------- */

int tenor_strlist_take(tenor_strlist *l, char *s)
{
    void *items = l->items;
    int rc = tenor_grow(&items, &l->cap, l->n + 1, sizeof *l->items);
    l->items = items;
    if (rc)
        return rc;
    l->items[l->n++] = s;
    return 0;
}

int tenor_strlist_push(tenor_strlist *l, const char *s, size_t len)
{
    char *copy = tenor_strndup(s, len);
    if (!copy)
        return TENOR_ENOMEM;
    int rc = tenor_strlist_take(l, copy);
    if (rc)
        free(copy);
    return rc;
}

void tenor_strlist_free(tenor_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

/* ---- paragraphs ------------------------------------------------------- */

/* CP_INVISIBLE: zero-width spaces and joiners. Kept inside a paragraph (an emoji
 * family, a Persian word, a Devanagari conjunct; normalising drops them for features,
 * as for training text), but no content: a line of only them is blank. */
typedef enum { CP_OTHER, CP_INVISIBLE, CP_SPACE, CP_LINE, CP_PARA } cp_class;

static cp_class classify_cp(utf8proc_int32_t cp)
{
    switch (cp) {
    case '\n': case '\r': case 0x0B: case 0x0C: case 0x85: case 0x2028:
        return CP_LINE;
    case 0x2029:
        return CP_PARA;
    case '\t': case 0xFEFF: /* a byte-order mark, mostly: none in the text */
        return CP_SPACE;
    case 0x200B: case 0x200C: case 0x200D: case 0x2060:
        return CP_INVISIBLE; /* as word breaks they split words training saw whole */
    default:
        break;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_ZS)
        return CP_SPACE;
    if (cat == UTF8PROC_CATEGORY_CC)
        return CP_SPACE; /* other C0/C1 controls, NUL included, read as white space */
    return CP_OTHER;
}

/* Decodes one code point of valid UTF-8; returns its byte length. */
static size_t decode(const char *s, size_t len, size_t i, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), cp);
    if (n <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)n;
}

/* Whether the eight bytes at p are visible ASCII and single spaces, the last byte not a
 * space (and, with json, none is '"' or '\\'): inside a run (after a visible byte),
 * collapse's byte loop would step over all eight. The usual bit tricks; every byte is
 * below 0x80 before the sums. */
static inline __attribute__((always_inline)) bool plain_block(const char *p, bool json)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull,
                   low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x;
    memcpy(&x, p, 8);
    if (x & high)
        return false; /* not ASCII */
    if (((x + 0x60 * ones) & high) != high || ((x + ones) & high))
        return false; /* a byte below 0x20 (no carry: each sum stays in its byte), or DEL */
    if (json) { /* a zero byte in x ^ '"' or x ^ '\\' */
        uint64_t q = x ^ ('"' * ones), b = x ^ ('\\' * ones);
        if (((q - ones) & ~q & high) || ((b - ones) & ~b & high))
            return false;
    }
    uint64_t v = x ^ (0x20 * ones);
    uint64_t space = ~(((v & low7) + low7) | v | low7); /* high bit of each space */
    return !(space & (space << 8)) && p[7] != ' ';
}

/* Whether c is visible ASCII: no space, control or DEL; with json, no '"' or '\\'
 * either (a JSON string's end or escape). */
static inline __attribute__((always_inline)) bool visible(char c, bool json)
{
    return (unsigned char)c - 0x21u < 0x5Eu && !(json && (c == '"' || c == '\\'));
}

/* Where a run of visible ASCII, single spaces between it, that has reached i (after a
 * visible byte) stops: the first byte that is neither visible nor a space followed by
 * a visible byte. */
static inline __attribute__((always_inline)) size_t skip_plain(const char *s, size_t len,
                                                               size_t i, bool json)
{
#if TENOR_SSE2
    const __m128i space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7F),
                  quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    while (len - i >= 16) {
        __m128i x = tenor_load16(s + i);
        /* signed: bytes from 0x80 are negative, so not visible */
        __m128i vis = _mm_and_si128(_mm_cmpgt_epi8(x, space), _mm_cmplt_epi8(x, del));
        if (json)
            vis = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                _mm_cmpeq_epi8(x, bslash)), vis);
        /* a space goes with a visible byte after it; the last byte's is the next block's
         * first, not looked at here */
        __m128i ok = _mm_or_si128(vis, _mm_and_si128(_mm_cmpeq_epi8(x, space),
                                                     _mm_srli_si128(vis, 1)));
        int stop = ~_mm_movemask_epi8(ok) & 0xFFFF;
        if (!stop)
            i += 16;
        else if (stop == 0x8000 && s[i + 15] == ' ')
            i += 15; /* the space is judged with the block that starts at it */
        else
            return i + tenor_first_bit(stop);
    }
#endif
    while (i < len) {
        if (len - i >= 8 && plain_block(s + i, json))
            i += 8;
        else if (visible(s[i], json))
            i++;
        else if (s[i] == ' ' && i + 1 < len && visible(s[i + 1], json))
            i += 2;
        else
            break;
    }
    return i;
}

/* Appends (s, len) to b with white-space runs collapsed to one space, going on from
 * *st: no leading space after an empty paragraph and none at the end (a pending space
 * is only written before more content). Runs of other characters, single spaces
 * between them included, are copied in one piece: this is on the path of every
 * paragraph. With json, stops at the first '"', '\\' or NUL, a JSON string's end or
 * escape, and returns its index (else len), or SIZE_MAX when out of memory. */
static inline __attribute__((always_inline)) size_t collapse(tenor_buf *b, const char *s,
                                                             size_t len, bool json,
                                                             tenor_clean_state *st)
{
    size_t i = 0, run = 0; /* run: start of the pending non-space bytes */
    bool pending_space = st->pending_space, in_run = st->in_run;
    while (i < len) {
        /* Inside a run, visible ASCII and single spaces between it go by fast. */
        if (in_run)
            i = skip_plain(s, len, i, json);
        if (i == len)
            break;
        unsigned char c = (unsigned char)s[i];
        if (json && (c == '"' || c == '\\' || c == 0))
            break;
        utf8proc_int32_t cp = c;
        size_t n = c < 0x80 ? 1 : decode(s, len, i, &cp);
        cp_class cls = c < 0x80 ? CP_OTHER : classify_cp(cp);
        bool space = c < 0x80 ? (c <= 0x20 || c == 0x7F) : cls >= CP_SPACE;
        if (space && in_run) {
            if (tenor_buf_append(b, s + run, i - run))
                return SIZE_MAX;
            in_run = false;
            pending_space = true;
        } else if (!space && !in_run) {
            if (pending_space && tenor_buf_putc(b, ' '))
                return SIZE_MAX;
            pending_space = false;
            in_run = true;
            run = i;
        }
        i += n;
    }
    if (in_run && tenor_buf_append(b, s + run, i - run))
        return SIZE_MAX;
    st->pending_space = pending_space;
    st->in_run = in_run;
    return i;
}

/* collapse of a whole piece: a line of a paragraph joins what b holds with a space. */
static int append_collapsed(tenor_buf *b, const char *s, size_t len)
{
    tenor_clean_state st = {b->len > 0, false};
    return collapse(b, s, len, false, &st) == SIZE_MAX ? TENOR_ENOMEM : 0;
}

size_t tenor_clean_json_run(tenor_buf *b, tenor_clean_state *st, const char *s, size_t len)
{
    return collapse(b, s, len, true, st);
}

int tenor_clean_bytes(tenor_buf *b, tenor_clean_state *st, const char *s, size_t len)
{
    return collapse(b, s, len, false, st) == SIZE_MAX ? TENOR_ENOMEM : 0;
}

typedef struct {
    size_t start, len; /* byte range of the line, without its terminator */
    bool blank;
    bool para_break;   /* ended by U+2029 */
} line_span;

int tenor_text_split_paragraphs(tenor_strlist *out, const char *s, size_t len)
{
    line_span *lines = NULL;
    size_t nlines = 0, cap = 0;
    bool any_blank = false;
    int rc = 0;

    size_t i = 0, start = 0;
    bool blank = true;
    while (i <= len) {
        utf8proc_int32_t cp = '\n';
        size_t n = 1;
        cp_class cls = CP_LINE;
        if (i < len) {
            n = decode(s, len, i, &cp);
            cls = classify_cp(cp);
        }
        if (cls == CP_LINE || cls == CP_PARA) {
            void *items = lines;
            rc = tenor_grow(&items, &cap, nlines + 1, sizeof *lines);
            lines = items;
            if (rc)
                goto done;
            lines[nlines++] = (line_span){start, i - start, blank, cls == CP_PARA};
            if (cls == CP_PARA || (blank && i < len))
                any_blank = true;
            if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
                n = 2;
            start = i + n;
            blank = true;
        } else if (cls == CP_OTHER) {
            blank = false;
        }
        i += n;
    }

    /* A blank line only separates paragraphs if text stands on both sides of it. */
    if (any_blank) {
        size_t first = 0, last = nlines;
        while (first < nlines && lines[first].blank)
            first++;
        while (last > first && lines[last - 1].blank)
            last--;
        any_blank = false;
        for (size_t k = first; k < last; k++)
            if (lines[k].blank || (lines[k].para_break && k + 1 < last))
                any_blank = true;
    }

    tenor_buf para = TENOR_BUF_INIT;
    for (size_t k = 0; k < nlines && !rc; k++) {
        if (!lines[k].blank)
            rc = append_collapsed(&para, s + lines[k].start, lines[k].len);
        bool ends = !any_blank || lines[k].blank || lines[k].para_break || k + 1 == nlines;
        if (!rc && ends && para.len > 0) {
            rc = tenor_strlist_push(out, para.data, para.len);
            tenor_buf_clear(&para);
        }
    }
    tenor_buf_free(&para);
done:
    free(lines);
    return rc ? TENOR_ENOMEM : 0;
}

int tenor_text_clean_paragraph(char **out, const char *s, size_t len)
{
    tenor_buf b = TENOR_BUF_INIT;
    int rc = tenor_buf_reserve(&b, len);
    if (!rc)
        rc = append_collapsed(&b, s, len);
    if (rc) {
        tenor_buf_free(&b);
        return TENOR_ENOMEM;
    }
    b.data[b.len] = '\0'; /* all-white-space input appends nothing */
    *out = b.data;
    return 0;
}

/* ---- normalisation ---------------------------------------------------- */

/* Applied to each code point before decomposition: typographic forms that NFKC keeps
 * apart but that mean the same in news text. */
static utf8proc_int32_t unify_typography(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
    case 0x02B9: case 0x0060: case 0x00B4: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB:
    case 0x00BB: case 0x2039: case 0x203A: case 0x275D: case 0x275E:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return '-';
    case 0x00A0: case 0x2007: case 0x202F:
        return ' ';
    default:
        return cp;
    }
}

/* ASCII is the common case in English news, and there the policy reduces to
 * lower-casing, '`' -> '\'', and utf8proc's STRIPCC rule: TAB, LF, VT, FF, CR and CRLF
 * become a space and other controls vanish (tests compare this path with utf8proc's).
 * Writes the normalisation of (s, len) at dst, at most len bytes; returns its length. */
static size_t normalize_ascii(char *dst, const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (c == '`')
            c = '\'';
        else if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
            continue; /* CRLF is one line end, as for utf8proc */
        else if (c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r')
            c = ' ';
        else if (c < 0x20 || c == 0x7F)
            continue;
        dst[w++] = (char)c;
    }
    return w;
}

size_t tenor_text_simple_mark(const char *s, size_t len, size_t i, char *ascii)
{
    /* U+00A0 NBSP and U+00A3 pound: C2 xx; U+20AC euro: E2 82 AC; the rest E2 80 xx. */
    const unsigned char *u = (const unsigned char *)s;
    if (u[i] == 0xC2 && len - i >= 2 && (u[i + 1] == 0xA0 || u[i + 1] == 0xA3)) {
        *ascii = ' ';
        return 2;
    }
    if (u[i] != 0xE2 || len - i < 3)
        return 0;
    if (u[i + 1] == 0x82 && u[i + 2] == 0xAC) {
        *ascii = ' ';
        return 3;
    }
    if (u[i + 1] != 0x80)
        return 0;
    switch (u[i + 2]) {
    case 0x93: case 0x94: *ascii = '-'; return 3;
    case 0x98: case 0x99: *ascii = '\''; return 3;
    case 0x9C: case 0x9D: *ascii = '"'; return 3;
    case 0xA2: case 0xA6: *ascii = ' '; return 3;
    default: return 0;
    }
}

bool tenor_text_is_simple(const char *s, size_t len)
{
    /* Eight bytes at a time while none has the top bit set, is below 0x20 or is DEL
     * (the usual bit tricks); a flagged word (white space, a curly quote) byte by
     * byte. */
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t i = 0;
    while (i < len) {
#if TENOR_SSE2
        if (len - i >= 16) { /* signed compares: bytes from 0x80 are negative */
            __m128i x = tenor_load16(s + i);
            int ok = _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F)),
                                                     _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F))));
            i += ok == 0xFFFF ? 16 : tenor_first_bit(~ok);
            if (ok == 0xFFFF)
                continue;
        }
#endif
        if (len - i >= 8) {
            uint64_t x, del;
            memcpy(&x, s + i, 8);
            del = x ^ (0x7F * ones);
            if (!((x | ((x - 0x20 * ones) & ~x) | ((del - ones) & ~del)) & high)) {
                i += 8;
                continue;
            }
        }
        for (size_t end = len - i < 8 ? len : i + 8; i < end;) {
            unsigned char c = (unsigned char)s[i];
            char ascii;
            size_t n = c >= 0x80 ? tenor_text_simple_mark(s, len, i, &ascii) : 1;
            if (n == 0 || c == 0x7F || (c < 0x20 && (c < '\t' || c > '\r')))
                return false;
            i += n; /* a mark may run past end: the next round starts after it */
        }
    }
    return true;
}

/* Appends the utf8proc normalisation of (s, len) to b. */
static int append_unicode(tenor_buf *b, const char *s, size_t len)
{
    char *seg = NULL;
    size_t seg_len = 0;
    int rc = tenor_text_normalize_unicode(&seg, &seg_len, s, len);
    if (!rc)
        rc = tenor_buf_append(b, seg, seg_len);
    free(seg);
    return rc;
}

/* ASCII that normalises with its neighbours: controls that vanish, and CR and LF,
 * which pair as one CRLF across anything that vanishes (U+200B included). */
static bool binds(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\v' && c != '\f') || c == 0x7F;
}

/* Only the non-ASCII stretches go through utf8proc, each with the ASCII that binds to
 * it on either side and the visible character before it (a letter, or '=', may
 * compose with a combining mark that follows). No ASCII character composes with what
 * precedes it, so the pieces normalise alike apart and together (a test checks), and
 * one '£' or curly quote no longer sends a paragraph through utf8proc (about 60
 * instructions a byte, against 5). */
int tenor_text_normalize(char **out, size_t *out_len, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    tenor_buf b = TENOR_BUF_INIT;
    int rc = tenor_buf_reserve(&b, len);
    size_t i = 0;
    while (!rc && i < len) {
        size_t ascii_end = i;
        while (ascii_end < len && u[ascii_end] < 0x80)
            ascii_end++;
        size_t cut = ascii_end; /* the ASCII bytes [i, cut) take the fast path */
        if (cut < len) {
            while (cut > i && binds(u[cut - 1]))
                cut--;
            if (cut > i && u[cut - 1] > ' ')
                cut--;
        }
        if (cut > i) {
            rc = tenor_buf_reserve(&b, cut - i);
            if (!rc)
                b.len += normalize_ascii(b.data + b.len, s + i, cut - i);
        }
        size_t end = ascii_end;
        do {
            while (end < len && u[end] >= 0x80)
                end++;
            while (end < len && binds(u[end]))
                end++;
        } while (end < len && u[end] >= 0x80);
        if (!rc && end > cut)
            rc = append_unicode(&b, s + cut, end - cut);
        i = end;
    }
    if (!rc)
        rc = tenor_buf_reserve(&b, 0);
    if (rc) {
        tenor_buf_free(&b);
        return rc;
    }
    b.data[b.len] = '\0';
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    return 0;
}

int tenor_text_normalize_unicode(char **out, size_t *out_len, const char *s, size_t len)
{
    utf8proc_uint8_t *dst = NULL;
    if (len > (size_t)PTRDIFF_MAX / 8)
        return TENOR_ENOMEM;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
            UTF8PROC_IGNORE | UTF8PROC_STRIPCC,
        unify_typography, NULL);
    if (n < 0) {
        free(dst);
        return n == UTF8PROC_ERROR_NOMEM || n == UTF8PROC_ERROR_OVERFLOW ? TENOR_ENOMEM
                                                                         : TENOR_EUTF8;
    }
    *out = (char *)dst;
    if (out_len)
        *out_len = (size_t)n;
    return 0;
}

const char *tenor_text_utf8proc_version(void)
{
    return utf8proc_version();
}
