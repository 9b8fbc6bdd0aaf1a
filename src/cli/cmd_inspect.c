/* cmd_inspect.c - tenor inspect: what a bundle is and what it learned.
 *
 * The strongest terms per label are those with the largest positive weight: the
 * words whose presence pushes a paragraph towards the label most. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/opt.h"
#include "cli/out.h"
#include "util/alloc.h"
#include "util/fileio.h"

void cmd_inspect_help(FILE *f)
{
    fputs("Usage: tenor inspect [options] DIR\n\n"
          "Shows a bundle's name, labels, feature settings, training summary and held-out\n"
          "metrics, and the terms with the strongest weight for each label.\n\n"
          "Options:\n"
          "  -t, --top N       terms per label (default 10)\n"
          "      --manifest    print the bundle's manifest.json as is (then load the\n"
          "                    bundle: a problem is reported and exits 1)\n"
          "  -h, --help        show this help\n", f);
}

typedef struct {
    uint32_t id;
    float w;
} ranked;

static int by_weight_desc(const void *a, const void *b)
{
    float x = ((const ranked *)a)->w, y = ((const ranked *)b)->w;
    if (x != y)
        return x > y ? -1 : 1;
    uint32_t i = ((const ranked *)a)->id, j = ((const ranked *)b)->id;
    return (i > j) - (i < j);
}

static void print_metric(const char *name, double v)
{
    if (isfinite(v))
        printf("  %-10s %.4f\n", name, v);
    else
        printf("  %-10s -\n", name);
}

static int inspect(const tenor_bundle *b, size_t top)
{
    const tenor_model *m = tenor_bundle_model(b);
    const tenor_vocab *v = tenor_bundle_vocab(b);
    const tenor_feature_opts *fo = tenor_bundle_feature_opts(b);
    const tenor_train_summary *s = tenor_model_summary(m);
    size_t L = tenor_bundle_nlabels(b), K = tenor_bundle_nclasses(b), V = tenor_vocab_size(v);
    printf("name:      %s\nlabels:   ", tenor_bundle_name(b));
    for (size_t l = 0; l < L; l++)
        printf(" %s", tenor_bundle_label(b, l));
    if (K != L) {
        printf("\nclasses:  ");
        for (size_t k = 0; k < K; k++)
            printf(" %s", tenor_bundle_class(b, k));
        printf(" (variants report as their label)");
    }
    printf("\nkind:      %s\n", tenor_model_multi_label(m) ? "multi-label" : "single-label");
    const tenor_scoring *sc = tenor_bundle_scoring(b);
    if (sc->context_weight > 0.0)
        printf("context:   weight %g, sharpness %g, prior %g (paragraphs lean on their "
               "article)\n", sc->context_weight, sc->context_sharpness, sc->context_prior);
    if (sc->summary_sharpness != 1.0)
        printf("summary:   sharpness %g\n", sc->summary_sharpness);
    printf("features:  %zu terms, 1-%u-grams, min-df %u, max %zu\n", V, fo->ngrams,
           (unsigned)fo->min_df, fo->max_features);
    printf("training:  %zu examples, %s, C=%g\n", s->examples,
           s->solver == TENOR_SOLVER_LIBSVM      ? "libsvm"
           : s->solver == TENOR_SOLVER_LIBLINEAR ? "liblinear"
                                                 : "unknown solver",
           s->C);
    printf("held-out (cross-validation):\n");
    print_metric("accuracy", s->accuracy);
    print_metric("micro-F1", s->micro_f1);
    print_metric("macro-F1", s->macro_f1);
    ranked *r = tenor_alloc_array(V, sizeof *r);
    if (!r)
        return TENOR_ENOMEM;
    for (size_t k = 0; k < K; k++) {
        for (uint32_t j = 0; j < V; j++)
            r[j] = (ranked){j, tenor_model_weight(m, k, j)};
        qsort(r, V, sizeof *r, by_weight_desc);
        printf("\n%s", tenor_bundle_class(b, k));
        if (tenor_model_multi_label(m) && tenor_model_threshold(m, k) > 1.0)
            printf(" (never selected: no sign of it in held-out folds)");
        else if (tenor_model_multi_label(m))
            printf(" (threshold %.3f)", tenor_model_threshold(m, k));
        printf(":\n");
        for (size_t i = 0; i < top && i < V && r[i].w > 0; i++)
            printf("  %+8.4f  %s\n", (double)r[i].w, tenor_vocab_term(v, r[i].id));
    }
    free(r);
    return 0;
}

/* The manifest file as it is on disk, before the bundle is loaded: of a bundle that
 * does not load (a checksum, a newer format), it is what one reads to see why. One
 * that cannot be read is left to the load to report. */
static void print_manifest(const char *dir)
{
    char path[4096];
    tenor_buf text = TENOR_BUF_INIT;
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    if (tenor_read_file(&text, path, (size_t)1 << 20, NULL) == 0 && text.len) {
        fwrite(text.data, 1, text.len, stdout);
        if (text.data[text.len - 1] != '\n')
            putchar('\n');
    }
    tenor_buf_free(&text);
}

int cmd_inspect(int argc, char **argv)
{
    enum { O_MANIFEST = 256 };
    static const struct option longopts[] = {{"top", required_argument, NULL, 't'},
                                             {"manifest", no_argument, NULL, O_MANIFEST},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    long top = 10;
    bool manifest = false;
    int c;
    optind = 1;
    opterr = 0; /* our own messages, below */
    while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (!opt_parse_long(optarg, 1, 100000, &top))
                return out_usage("inspect", "--top takes a number from 1 to 100000");
            break;
        case O_MANIFEST: manifest = true; break;
        case 'h': cmd_inspect_help(stdout); return out_finish(EXIT_OK);
        default:
            return out_usage("inspect", "unknown option, or one missing its value: '%s'",
                             opt_offending(argc, argv));
        }
    }
    if (optind + 1 != argc)
        return out_usage("inspect", "expected one bundle directory");
    if (manifest)
        print_manifest(argv[optind]);
    bundle_set set;
    int code = bundles_load(&set, &argv[optind], 1);
    if (code)
        return code;
    if (!manifest && inspect(set.items[0], (size_t)top)) {
        out_error("out of memory");
        code = EXIT_DATA;
    }
    bundles_free(&set);
    return out_finish(code);
}
