/* vocab.c - open-addressing hash table from term bytes to dense ids (see vocab.h).
 *
 * Terms live back to back in one pool; each id keeps its term's 64-bit hash, which
 * n-gram look-ups compare instead of bytes. Grows at 1/2 load. A slot of the table packs
 * an id (its low id_bits bits, all ones when empty) with top bits of the term's hash,
 * so a probe that passes other terms, as most look-ups of unknown n-grams do, is settled
 * in the table without reading their hashes: classifying is bound by such reads. */
#include "tenor/vocab.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "token_hash_internal.h"
#include "util/alloc.h"
#include "tenor/buf.h"

#define EMPTY UINT32_MAX
#define MAX_TERMS 0x7FFFFFFEu

struct tenor_vocab {
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off;      /* term id -> offset in pool */
    uint32_t *len;    /* term id -> byte length */
    uint32_t *df;     /* term id -> document frequency */
    uint64_t *hash;   /* term id -> hash_bytes() of the term */
    bool hashes_collide; /* two terms share a hash: n-gram look-ups compare bytes */
    size_t n, cap;    /* terms */
    uint32_t *table;  /* slots, see above */
    size_t nslots;    /* power of two */
    uint32_t id_mask; /* the id bits of a slot: log2(nslots) of them, as an id is below
                       * nslots / 2 it never fills them */
};

/* The hash is part of nothing stored on disk, but is fixed so runs are reproducible.
 * A term hashes as its space-separated tokens' hashes combined, so that classifying
 * can hash each token once and look up its n-grams without building their strings. */
static uint64_t combine(uint64_t h, uint64_t token_hash)
{
    return ((h << 23 | h >> 41) ^ token_hash) * 0x9E3779B97F4A7C15ull;
}

/* Tests narrow the hash to make terms collide (tests/CMakeLists.txt). */
#ifndef TENOR_VOCAB_HASH_MASK
#define TENOR_VOCAB_HASH_MASK UINT64_MAX
#endif

static uint64_t finish(uint64_t h)
{
    return (h ^ (h >> 29)) & TENOR_VOCAB_HASH_MASK;
}

/* The slot bits above id_mask for a term hashing to h: the top bits of h, as the low
 * bits choose the slot. */
static uint32_t check_of(uint32_t id_mask, uint64_t h)
{
    return (uint32_t)(h >> 32) & ~id_mask;
}

static void set_nslots(tenor_vocab *v, size_t nslots)
{
    v->nslots = nslots;
    unsigned bits = (unsigned)__builtin_ctzll((unsigned long long)nslots);
    v->id_mask = bits >= 32 ? UINT32_MAX : (1u << bits) - 1;
}

/* The hashes of the term's space-separated tokens (tenor_token_hash) combined. */
static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0;
    const char *end = s + len, *space;
    for (; (space = memchr(s, ' ', (size_t)(end - s))) != NULL; s = space + 1)
        h = combine(h, token_hash(s, (size_t)(space - s), false));
    return finish(combine(h, token_hash(s, (size_t)(end - s), false)));
}

int tenor_vocab_new(tenor_vocab **out)
{
    tenor_vocab *v = calloc(1, sizeof *v);
    if (!v)
        return TENOR_ENOMEM;
    set_nslots(v, 1024);
    v->table = malloc(v->nslots * sizeof *v->table);
    if (!v->table) {
        free(v);
        return TENOR_ENOMEM;
    }
    memset(v->table, 0xFF, v->nslots * sizeof *v->table);
    *out = v;
    return 0;
}

void tenor_vocab_free(tenor_vocab *v)
{
    if (!v)
        return;
    free(v->pool);
    free(v->off);
    free(v->len);
    free(v->df);
    free(v->hash);
    free(v->table);
    free(v);
}

/* The slot of (term, len) with hash h, or the empty slot where it would go. *collide
 * (if not NULL) is set when another term with hash h is passed on the way: every term
 * with hash h lies on the probe path from h, so a new term's walk meets them all. Only
 * a term with the same hash is compared byte by byte. */
static size_t find_slot(const tenor_vocab *v, const char *term, size_t len, uint64_t h,
                        bool *collide)
{
    size_t mask = v->nslots - 1, i = (size_t)h & mask;
    const uint32_t id_mask = v->id_mask, check = check_of(id_mask, h);
    for (;;) {
        uint32_t id = v->table[i] & id_mask;
        if (id == id_mask)
            return i;
        if ((v->table[i] & ~id_mask) == check && v->hash[id] == h) {
            if (v->len[id] == len && memcmp(v->pool + v->off[id], term, len) == 0)
                return i;
            if (collide)
                *collide = true;
        }
        i = (i + 1) & mask;
    }
}

static int rehash(tenor_vocab *v)
{
    size_t nslots;
    if (!tenor_mul_size(v->nslots, 2, &nslots))
        return TENOR_ENOMEM;
    uint32_t *table = tenor_alloc_array(nslots, sizeof *table);
    if (!table)
        return TENOR_ENOMEM;
    memset(table, 0xFF, nslots * sizeof *table);
    free(v->table);
    v->table = table;
    set_nslots(v, nslots);
    size_t mask = nslots - 1;
    for (uint32_t id = 0; id < v->n; id++) {
        size_t i = (size_t)v->hash[id] & mask;
        while (table[i] != UINT32_MAX)
            i = (i + 1) & mask;
        table[i] = id | check_of(v->id_mask, v->hash[id]);
    }
    return 0;
}

int tenor_vocab_intern(tenor_vocab *v, const char *term, size_t len, uint32_t *id_out)
{
    uint64_t h = hash_bytes(term, len);
    bool collide = false;
    size_t slot = find_slot(v, term, len, h, &collide);
    if ((v->table[slot] & v->id_mask) != v->id_mask) {
        *id_out = v->table[slot] & v->id_mask;
        return 0;
    }
    if (v->n >= MAX_TERMS || len > UINT32_MAX)
        return TENOR_ELIMIT;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        void *p;
        if (!(p = realloc(v->off, cap * sizeof *v->off)))
            return TENOR_ENOMEM;
        v->off = p;
        if (!(p = realloc(v->len, cap * sizeof *v->len)))
            return TENOR_ENOMEM;
        v->len = p;
        if (!(p = realloc(v->df, cap * sizeof *v->df)))
            return TENOR_ENOMEM;
        v->df = p;
        if (!(p = realloc(v->hash, cap * sizeof *v->hash)))
            return TENOR_ENOMEM;
        v->hash = p;
        v->cap = cap;
    }
    size_t need;
    if (!tenor_add_size(v->pool_len, len + 1, &need))
        return TENOR_ENOMEM;
    void *pool = v->pool;
    if (tenor_grow(&pool, &v->pool_cap, need, 1))
        return TENOR_ENOMEM;
    v->pool = pool;
    memcpy(v->pool + v->pool_len, term, len);
    v->pool[v->pool_len + len] = '\0';
    uint32_t id = (uint32_t)v->n++;
    v->off[id] = v->pool_len;
    v->len[id] = (uint32_t)len;
    v->df[id] = 0;
    v->hash[id] = h;
    v->hashes_collide |= collide;
    v->pool_len = need;
    v->table[slot] = id | check_of(v->id_mask, h);
    *id_out = id;
    if (v->n * 2 > v->nslots)
        return rehash(v);
    return 0;
}

int64_t tenor_vocab_lookup(const tenor_vocab *v, const char *term, size_t len)
{
    uint32_t id = v->table[find_slot(v, term, len, hash_bytes(term, len), NULL)] & v->id_mask;
    return id == v->id_mask ? -1 : (int64_t)id;
}

/* Whether term id is tokens [i, i + n) of t joined by single spaces. */
static bool is_gram(const tenor_vocab *v, uint32_t id, const tenor_tokens *t, size_t i,
                    size_t n)
{
    size_t len = n - 1;
    for (size_t k = i; k < i + n; k++)
        len += t->len[k];
    if (v->len[id] != len)
        return false;
    const char *p = v->pool + v->off[id];
    for (size_t k = i; k < i + n; k++) {
        if (k > i && *p++ != ' ')
            return false;
        /* Tokens are a few bytes long: a loop beats a call to memcmp here. */
        const char *q = tenor_token(t, k);
        for (size_t j = 0; j < t->len[k]; j++)
            if (p[j] != q[j])
                return false;
        p += t->len[k];
    }
    return true;
}

/* The table as find_gram reads it, copied to locals once per text: the stores of ids
 * could alias v's fields, so the compiler would reload them for every n-gram. */
typedef struct {
    const uint32_t *table;
    const uint64_t *hash;
    size_t mask;
    uint32_t id_mask;
} probe;

static probe probe_of(const tenor_vocab *v)
{
    return (probe){v->table, v->hash, v->nslots - 1, v->id_mask};
}

/* The id of tokens [i, i + n) of t, whose finished hash is fh, or EMPTY. A term of
 * the vocabulary is found by its 64-bit hash alone; the bytes are compared only if two
 * of its terms share one (`collide`). An n-gram outside it that shares a term's hash
 * would be taken for that term: about once in 10^19 look-ups. */
static inline __attribute__((always_inline)) uint32_t
find_gram(const tenor_vocab *v, probe p, uint64_t fh, const tenor_tokens *t, size_t i,
          size_t n, bool collide)
{
    const uint32_t check = check_of(p.id_mask, fh);
    for (size_t slot = (size_t)fh & p.mask;; slot = (slot + 1) & p.mask) {
        uint32_t s = p.table[slot], id = s & p.id_mask;
        if (id == p.id_mask)
            return EMPTY;
        if ((s & ~p.id_mask) == check && p.hash[id] == fh &&
            !(collide && !is_gram(v, id, t, i, n)))
            return id;
    }
}

int64_t tenor_vocab_lookup_gram(const tenor_vocab *v, const tenor_tokens *t, size_t i,
                                size_t n)
{
    uint64_t h = 0;
    for (size_t k = i; k < i + n; k++)
        h = combine(h, t->hash[k]);
    uint32_t id = find_gram(v, probe_of(v), finish(h), t, i, n, v->hashes_collide);
    return id == EMPTY ? -1 : (int64_t)id;
}

/* tenor_vocab_lookup_grams for one value of hashes_collide (and of ngrams, for 1),
 * inlined for each: the usual case (no two terms share a hash) has no byte-compare
 * path in its loop. */
static inline __attribute__((always_inline)) void
lookup_grams(const tenor_vocab *v, const tenor_tokens *t, size_t ngrams, uint32_t *ids,
             bool collide)
{
    const probe p = probe_of(v);
    const uint64_t *const hash = t->hash;
    const size_t n = t->n;
    for (size_t i = 0; i < n; i++, ids += ngrams) {
        uint64_t h = 0;
        size_t k = 0;
        for (; k < ngrams && i + k < n; k++) {
            h = combine(h, hash[i + k]);
            ids[k] = find_gram(v, p, finish(h), t, i, k + 1, collide);
        }
        for (; k < ngrams; k++)
            ids[k] = EMPTY;
    }
}

/* Tokens whose n-grams lookup_bigrams hashes, asking the processor for their slots,
 * before it probes any: the slots of rare words and of bigrams are seldom in cache, and
 * the probes' branches let the processor run only a few look-ups ahead on its own. */
#define LOOKUP_BLOCK 16

/* lookup_grams for ngrams 2, the shipped heads' value, written out and in blocks. */
static void lookup_bigrams(const tenor_vocab *v, const tenor_tokens *t, uint32_t *ids)
{
    const probe p = probe_of(v);
    const uint64_t *const hash = t->hash;
    const size_t n = t->n;
    uint64_t fh[LOOKUP_BLOCK][2]; /* the finished hashes of a block's unigrams, bigrams */
    for (size_t b = 0; b < n; b += LOOKUP_BLOCK) {
        size_t m = n - b < LOOKUP_BLOCK ? n - b : LOOKUP_BLOCK;
        for (size_t k = 0; k < m; k++) {
            uint64_t h = combine(0, hash[b + k]);
            fh[k][0] = finish(h);
            fh[k][1] = b + k + 1 < n ? finish(combine(h, hash[b + k + 1])) : 0;
            __builtin_prefetch(p.table + (fh[k][0] & p.mask));
            __builtin_prefetch(p.table + (fh[k][1] & p.mask));
        }
        for (size_t k = 0; k < m; k++, ids += 2) {
            size_t i = b + k;
            ids[0] = find_gram(v, p, fh[k][0], t, i, 1, false);
            ids[1] = i + 1 < n ? find_gram(v, p, fh[k][1], t, i, 2, false) : EMPTY;
        }
    }
}

void tenor_vocab_lookup_grams(const tenor_vocab *v, const tenor_tokens *t, size_t ngrams,
                              uint32_t *ids)
{
    if (v->hashes_collide)
        lookup_grams(v, t, ngrams, ids, true);
    else if (ngrams == 1)
        lookup_grams(v, t, 1, ids, false);
    else if (ngrams == 2)
        lookup_bigrams(v, t, ids);
    else
        lookup_grams(v, t, ngrams, ids, false);
}

size_t tenor_vocab_size(const tenor_vocab *v)
{
    return v->n;
}

const char *tenor_vocab_term(const tenor_vocab *v, uint32_t id)
{
    return v->pool + v->off[id];
}

uint32_t tenor_vocab_df(const tenor_vocab *v, uint32_t id)
{
    return v->df[id];
}

void tenor_vocab_add_df(tenor_vocab *v, uint32_t id, uint32_t n)
{
    v->df[id] = (v->df[id] > UINT32_MAX - n) ? UINT32_MAX : v->df[id] + n;
}

/* ---- pruning ---------------------------------------------------------- */

typedef struct {
    const char *term;
    uint32_t id;
    uint32_t df;
} ranked_term;

/* qsort has no payload argument, so each element carries what the order needs. */
static int by_df_then_term(const void *a, const void *b)
{
    const ranked_term *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return strcmp(x->term, y->term);
}

int tenor_vocab_prune(tenor_vocab **out, uint32_t **remap_out, const tenor_vocab *v,
                      uint32_t min_df, size_t max_features)
{
    ranked_term *keep = tenor_alloc_array(v->n, sizeof *keep);
    uint32_t *remap = tenor_alloc_array(v->n, sizeof *remap);
    tenor_vocab *nv = NULL;
    int rc = TENOR_ENOMEM;
    if (!keep || !remap)
        goto fail;
    size_t nkeep = 0;
    for (uint32_t id = 0; id < v->n; id++) {
        remap[id] = EMPTY;
        if (v->df[id] >= min_df)
            keep[nkeep++] = (ranked_term){v->pool + v->off[id], id, v->df[id]};
    }
    qsort(keep, nkeep, sizeof *keep, by_df_then_term);
    if (max_features && nkeep > max_features)
        nkeep = max_features;
    if ((rc = tenor_vocab_new(&nv)))
        goto fail;
    for (size_t k = 0; k < nkeep; k++) {
        uint32_t id = keep[k].id, nid;
        if ((rc = tenor_vocab_intern(nv, v->pool + v->off[id], v->len[id], &nid)))
            goto fail;
        nv->df[nid] = v->df[id];
        remap[id] = nid;
    }
    free(keep);
    *out = nv;
    *remap_out = remap;
    return 0;
fail:
    free(keep);
    free(remap);
    tenor_vocab_free(nv);
    return rc;
}

/* ---- files ------------------------------------------------------------ */

int tenor_vocab_serialize(char **out, size_t *out_len, const tenor_vocab *v)
{
    tenor_buf b = TENOR_BUF_INIT;
    int rc = tenor_buf_reserve(&b, v->pool_len + v->n * 12);
    for (uint32_t id = 0; !rc && id < v->n; id++) {
        rc = tenor_buf_append(&b, v->pool + v->off[id], v->len[id]);
        if (!rc)
            rc = tenor_buf_printf(&b, "\t%u\n", (unsigned)v->df[id]);
    }
    if (!rc)
        rc = tenor_buf_reserve(&b, 0);
    if (rc) {
        tenor_buf_free(&b);
        return TENOR_ENOMEM;
    }
    *out = b.data;
    *out_len = b.len;
    return 0;
}

int tenor_vocab_parse(tenor_vocab **out, const char *s, size_t len, const char *name,
                      tenor_diag *diag)
{
    tenor_vocab *v = NULL;
    int rc = tenor_vocab_new(&v);
    if (rc)
        return tenor_diag_set(diag, rc, "out of memory");
    /* Size the table for every line up front: growing it while loading rehashes the
     * vocabulary several times, and load time is start-up time for classify. */
    size_t lines = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + len - p))) != NULL; p++)
        lines++;
    size_t nslots = v->nslots;
    while (nslots < 2 * lines + 2)
        nslots *= 2;
    set_nslots(v, nslots);
    uint32_t *table = tenor_alloc_array(v->nslots, sizeof *table);
    if (!table) {
        tenor_vocab_free(v);
        return tenor_diag_set(diag, TENOR_ENOMEM, "out of memory");
    }
    memset(table, 0xFF, v->nslots * sizeof *table);
    free(v->table);
    v->table = table;
    size_t i = 0;
    long line = 0;
    while (i < len) {
        line++;
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        const char *tab = memchr(s + i, '\t', end - i);
        if (!tab || tab == s + i) {
            rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s:%ld: expected 'term<TAB>df'", name,
                                line);
            goto fail;
        }
        size_t tlen = (size_t)(tab - (s + i));
        unsigned long df = 0;
        size_t k = (size_t)(tab - s) + 1;
        if (k == end) {
            rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s:%ld: missing document frequency",
                                name, line);
            goto fail;
        }
        for (; k < end; k++) {
            if (s[k] < '0' || s[k] > '9' ||
                df > (UINT32_MAX - (unsigned long)(s[k] - '0')) / 10) {
                rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s:%ld: bad document frequency",
                                    name, line);
                goto fail;
            }
            df = df * 10 + (unsigned long)(s[k] - '0');
        }
        uint32_t id;
        size_t before = v->n;
        if ((rc = tenor_vocab_intern(v, s + i, tlen, &id))) {
            rc = tenor_diag_set(diag, rc, "%s:%ld: %s", name, line, tenor_strerror(rc));
            goto fail;
        }
        if (v->n == before) { /* not id + 1 != n: a repeat of the last term has id n - 1 */
            rc = tenor_diag_set(diag, TENOR_EFORMAT, "%s:%ld: duplicate term", name, line);
            goto fail;
        }
        v->df[id] = (uint32_t)df;
        i = nl ? end + 1 : len;
    }
    *out = v;
    return 0;
fail:
    tenor_vocab_free(v);
    return rc;
}
