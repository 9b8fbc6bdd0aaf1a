/* fuzz_bundle.c - libFuzzer target for the bundle loader (bundle.h) and the two file
 * parsers under it (tenor_vocab_parse, tenor_model_parse).
 *
 * The input is up to three parts separated by the line "=====": manifest.json,
 * vocab.tsv and weights.bin, written into a private temporary directory and loaded
 * with tenor_bundle_load. So that the fuzzer gets past the checksums to the parsers,
 * the tokens @VBYTES@ @VCRC@ @WBYTES@ @WCRC@ in the manifest are replaced by the true
 * sizes and CRC-32s of the other two parts. A bundle that loads must predict. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tenor/bundle.h"
#include "util/crc32.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];

static void cleanup(void)
{
    static const char *const names[] = {"manifest.json", "vocab.tsv", "weights.bin"};
    char path[320];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static int write_file(const char *name, const void *p, size_t n)
{
    char path[320];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = n ? fwrite(p, 1, n, f) : 0;
    return fclose(f) == 0 && w == n ? 0 : -1;
}

/* Appends s[0..n) to out, replacing the placeholder tokens. */
static size_t substitute(char *out, const char *s, size_t n, size_t vbytes, uint32_t vcrc,
                         size_t wbytes, uint32_t wcrc)
{
    char num[4][24];
    snprintf(num[0], sizeof num[0], "%zu", vbytes);
    snprintf(num[1], sizeof num[1], "%08x", (unsigned)vcrc);
    snprintf(num[2], sizeof num[2], "%zu", wbytes);
    snprintf(num[3], sizeof num[3], "%08x", (unsigned)wcrc);
    static const char *const tokens[] = {"@VBYTES@", "@VCRC@", "@WBYTES@", "@WCRC@"};
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t t = 0;
        for (; t < 4; t++) {
            size_t tl = strlen(tokens[t]);
            if (n - i >= tl && memcmp(s + i, tokens[t], tl) == 0) {
                memcpy(out + w, num[t], strlen(num[t]));
                w += strlen(num[t]);
                i += tl;
                break;
            }
        }
        if (t == 4)
            out[w++] = s[i++];
    }
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/tenor-fuzz-bundle-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
    }
    const char *s = (const char *)data, *end = s + size;
    const char *part[3] = {s, end, end};
    size_t len[3] = {size, 0, 0};
    static const char sep[] = "\n=====\n";
    for (int k = 1; k < 3; k++) {
        const char *from = part[k - 1];
        size_t left = (size_t)(end - from);
        const char *hit = NULL;
        for (size_t i = 0; i + 7 <= left && !hit; i++)
            if (memcmp(from + i, sep, 7) == 0)
                hit = from + i;
        if (!hit)
            break;
        len[k - 1] = (size_t)(hit - part[k - 1]);
        part[k] = hit + 7;
        len[k] = (size_t)(end - part[k]);
    }

    /* The parsers on their own. */
    tenor_vocab *v = NULL;
    if (tenor_vocab_parse(&v, part[1], len[1], "vocab", NULL) == 0)
        tenor_vocab_free(v);
    tenor_model *m = NULL;
    if (tenor_model_parse(&m, part[2], len[2], "weights", NULL) == 0)
        tenor_model_free(m);

    /* The loader over a whole directory. */
    char *manifest = malloc(len[0] * 3 + 1);
    if (!manifest)
        return 0;
    size_t mlen = substitute(manifest, part[0], len[0], len[1], tenor_crc32(0, part[1], len[1]),
                             len[2], tenor_crc32(0, part[2], len[2]));
    int ok = write_file("manifest.json", manifest, mlen) == 0 &&
             write_file("vocab.tsv", part[1], len[1]) == 0 &&
             write_file("weights.bin", part[2], len[2]) == 0;
    free(manifest);
    if (!ok)
        abort();
    tenor_bundle *b = NULL;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    int rc = tenor_bundle_load(&b, dir, &diag);
    if (rc != 0) {
        if (diag.msg[0] == '\0')
            abort();
        return 0;
    }
    tenor_featurizer *f = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    size_t nl = tenor_bundle_nlabels(b);
    double *probs = calloc(nl ? nl : 1, sizeof *probs);
    if (probs && tenor_bundle_featurizer(b, &f) == 0) {
        static const char text[] = "The team won the match; shares rose 3.5% in U.S. trade.";
        if (tenor_bundle_predict(b, f, text, sizeof text - 1, &x, probs) == 0)
            for (size_t l = 0; l < nl; l++)
                if (probs[l] < 0.0 || probs[l] > 1.0 + 1e-9)
                    abort();
    }
    free(probs);
    tenor_sparse_free(&x);
    tenor_featurizer_free(f);
    tenor_bundle_free(b);
    return 0;
}
