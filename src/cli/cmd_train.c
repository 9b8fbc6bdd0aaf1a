/* cmd_train.c - tenor train: labelled files in, a model bundle out.
 *
 * The staging directory is created before any data is read, so an unwritable
 * destination fails at once; any later failure removes it and leaves an existing
 * bundle at --output exactly as it was. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/opt.h"
#include "cli/out.h"
#include "tenor/bundle.h"
#include "util/fileio.h"

#define DATA_LIMIT ((size_t)4 << 30) /* one training file */

void cmd_train_help(FILE *f)
{
    fputs("Usage: tenor train --output DIR [options] FILE...\n\n"
          "Trains a one-vs-rest linear SVM bundle on labelled paragraphs. FILE ('-' for\n"
          "stdin) is TSV 'labels<TAB>text' (labels separated by commas), JSONL\n"
          "{\"text\", \"label\"} or {\"text\", \"labels\": [...]}, or fastText\n"
          "'__label__a __label__b text'. Probabilities are calibrated on held-out folds.\n"
          "A label 'name~variant' (another source's examples of 'name') is learnt as a\n"
          "class of its own and reported as 'name' (single-label data).\n\n"
          "Options:\n"
          "  -o, --output DIR         where to write the bundle (replaced atomically)\n"
          "  -n, --name NAME          the bundle's name, its key in classify output\n"
          "                           (default: the last part of DIR)\n"
          "      --c VALUE|auto       SVM cost, above 0 and at most 1e6 (default 1;\n"
          "                           auto: cross-validated grid)\n"
          "      --ngrams N           longest word n-gram, 1-5 (default 2)\n"
          "      --min-df N           ignore terms in fewer than N texts (default 2)\n"
          "      --max-features N     keep the N most frequent terms (default 200000;\n"
          "                           0 = all)\n"
          "      --class-weight W     balanced or none (default none)\n"
          "      --solver S           auto, libsvm or liblinear (default auto: libsvm up\n"
          "                           to 500 examples, liblinear above)\n"
          "      --folds N            held-out folds for calibration, 2-20 (default 5)\n"
          "      --seed N             seed for folds and shuffling (default 1)\n"
          "      --context-weight W   how much a paragraph's label leans on the rest\n"
          "                           of its article, 0-0.99 (default 0; single-label\n"
          "                           data whose labels belong to whole articles)\n"
          "      --context-sharpness T\n"
          "                           how sharp that blend is, 0.1-10 (default 1)\n"
          "      --context-prior K    paragraphs of evenly spread scores (each weighing\n"
          "                           as a sure paragraph of 10 words) added to the\n"
          "                           rest of the article, so short texts lean on it\n"
          "                           less, 0-100 (default 0)\n"
          "      --summary-sharpness T\n"
          "                           how sharp the article's scores are, 0.1-10\n"
          "                           (default 1; single-label data)\n"
          "  -q, --quiet              no progress or summary on stderr\n"
          "  -h, --help               show this help\n", f);
}

typedef struct {
    bool tty;
    const char *stage;
    int last_pct;
} progress_state;

static void show_progress(const char *stage, size_t done, size_t total, void *payload)
{
    progress_state *p = payload;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;
    bool new_stage = !p->stage || strcmp(p->stage, stage) != 0;
    if (p->tty) {
        if (new_stage && p->stage)
            fputc('\n', stderr);
        int filled = pct * 30 / 100;
        fprintf(stderr, "\rtenor: %-16s [%.*s%*s] %3d%%", stage, filled,
                "##############################", 30 - filled, "", pct);
        if (done == total)
            fputc('\n', stderr);
        p->stage = done == total ? NULL : stage;
        fflush(stderr);
        return;
    }
    if (new_stage || pct / 25 != p->last_pct / 25 || done == total)
        if (new_stage || pct != p->last_pct)
            fprintf(stderr, "tenor: %s %zu/%zu (%d%%)\n", stage, done, total, pct);
    p->stage = stage;
    p->last_pct = pct;
}

static bool parse_enum(const char *s, const char *const *names, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    return false;
}

/* The last path component of dir, for the default bundle name. */
static const char *base_name(const char *dir, char *buf, size_t cap)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    snprintf(buf, cap, "%.*s", (int)(len - start), dir + start);
    return buf;
}

/* Labels that look like a mistake (swapped columns, a spreadsheet's index column, a
 * typo) train without complaint; warn, on stderr, and go on. */
static void warn_about_labels(const tenor_dataset *d)
{
    size_t n = tenor_dataset_size(d), L = tenor_dataset_nlabels(d);
    if (n >= 20 && L * 2 > n) {
        out_error("warning: %zu labels for %zu examples: is every line 'labels<TAB>text'?", L,
                  n);
        return; /* the lines below would list them all */
    }
    size_t warned = 0, more = 0;
    for (size_t l = 0; l < L; l++) {
        const char *label = tenor_dataset_label(d, l);
        size_t count = 0;
        for (size_t i = 0; i < n && count < 2; i++)
            count += tenor_dataset_has(d, i, l);
        bool too_long = strlen(label) > 64, single = count == 1 && n >= 20;
        if ((too_long || single) && warned == 5) {
            more++;
        } else if (too_long) {
            out_error("warning: label '%.40s...' is %zu bytes long: is it text?", label,
                      strlen(label));
            warned++;
        } else if (single) {
            out_error("warning: label '%s' has only one example (a typo?)", label);
            warned++;
        }
    }
    if (more)
        out_error("warning: and %zu more labels like these", more);
}

int cmd_train(int argc, char **argv)
{
    enum { O_C = 256, O_NGRAMS, O_MIN_DF, O_MAX_FEATURES, O_CLASS_WEIGHT, O_SOLVER, O_SEED,
           O_FOLDS, O_CONTEXT, O_SHARPNESS, O_PRIOR, O_SUMMARY_SHARPNESS };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"name", required_argument, NULL, 'n'},
        {"c", required_argument, NULL, O_C},
        {"ngrams", required_argument, NULL, O_NGRAMS},
        {"min-df", required_argument, NULL, O_MIN_DF},
        {"max-features", required_argument, NULL, O_MAX_FEATURES},
        {"class-weight", required_argument, NULL, O_CLASS_WEIGHT},
        {"solver", required_argument, NULL, O_SOLVER},
        {"seed", required_argument, NULL, O_SEED},
        {"folds", required_argument, NULL, O_FOLDS},
        {"context-weight", required_argument, NULL, O_CONTEXT},
        {"context-sharpness", required_argument, NULL, O_SHARPNESS},
        {"context-prior", required_argument, NULL, O_PRIOR},
        {"summary-sharpness", required_argument, NULL, O_SUMMARY_SHARPNESS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const weights[] = {"none", "balanced"};
    static const char *const solvers[] = {"auto", "libsvm", "liblinear"};
    const char *output = NULL, *name = NULL;
    bool quiet = false;
    tenor_bundle_opts o = {NULL, TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT,
                           TENOR_SCORING_INIT};
    long v;
    int c, e;
    optind = 1;
    opterr = 0; /* our own messages, below */
    while ((c = getopt_long(argc, argv, "o:n:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'n': name = optarg; break;
        case 'q': quiet = true; break;
        case O_C:
            if (strcmp(optarg, "auto") == 0)
                o.train.C = 0;
            else if (!opt_parse_double(optarg, 0, 1e6, &o.train.C))
                return out_usage("train", "--c takes a number above 0 and at most 1e6, or "
                                 "'auto', not '%s'", optarg);
            break;
        case O_NGRAMS:
            if (!opt_parse_long(optarg, 1, TENOR_NGRAMS_MAX, &v))
                return out_usage("train", "--ngrams takes a number from 1 to %d", TENOR_NGRAMS_MAX);
            o.features.ngrams = (unsigned)v;
            break;
        case O_MIN_DF:
            if (!opt_parse_long(optarg, 1, 1000000000L, &v))
                return out_usage("train", "--min-df takes a number >= 1, not '%s'", optarg);
            o.features.min_df = (uint32_t)v;
            break;
        case O_MAX_FEATURES:
            if (!opt_parse_long(optarg, 0, 100000000L, &v))
                return out_usage("train", "--max-features takes a number >= 0, not '%s'", optarg);
            o.features.max_features = (size_t)v;
            break;
        case O_CLASS_WEIGHT:
            if (!parse_enum(optarg, weights, 2, &e))
                return out_usage("train", "--class-weight must be balanced or none");
            o.train.class_weight = (tenor_class_weight)e;
            break;
        case O_SOLVER:
            if (!parse_enum(optarg, solvers, 3, &e))
                return out_usage("train", "--solver must be auto, libsvm or liblinear");
            o.train.solver = (tenor_solver)e;
            break;
        case O_SEED:
            if (!opt_parse_long(optarg, 0, 2147483647L, &v))
                return out_usage("train", "--seed takes a number from 0 to 2147483647");
            o.train.seed = (uint64_t)v;
            break;
        case O_FOLDS:
            if (!opt_parse_long(optarg, 2, 20, &v))
                return out_usage("train", "--folds takes a number from 2 to 20");
            o.train.folds = (unsigned)v;
            break;
        case O_CONTEXT:
            if (!opt_parse_double(optarg, -1.0, 0.99, &o.scoring.context_weight) ||
                o.scoring.context_weight < 0.0)
                return out_usage("train", "--context-weight takes a number from 0 to 0.99");
            o.scoring.context_weight += 0.0; /* -0 is 0, and printed so */
            break;
        case O_PRIOR:
            if (!opt_parse_double(optarg, -1.0, TENOR_CONTEXT_PRIOR_MAX,
                                  &o.scoring.context_prior) ||
                o.scoring.context_prior < 0.0)
                return out_usage("train", "--context-prior takes a number from 0 to %d",
                                 TENOR_CONTEXT_PRIOR_MAX);
            o.scoring.context_prior += 0.0; /* -0 is 0, and printed so */
            break;
        case O_SHARPNESS:
        case O_SUMMARY_SHARPNESS: {
            double *t = c == O_SHARPNESS ? &o.scoring.context_sharpness
                                         : &o.scoring.summary_sharpness;
            if (!opt_parse_double(optarg, 0.0, TENOR_SHARPNESS_MAX, t) || *t < 0.1)
                return out_usage("train", "--%s takes a number from 0.1 to %d",
                                 c == O_SHARPNESS ? "context-sharpness" : "summary-sharpness",
                                 TENOR_SHARPNESS_MAX);
            break;
        }
        case 'h': cmd_train_help(stdout); return out_finish(EXIT_OK);
        default:
            return out_usage("train", "unknown option, or one missing its value: '%s'",
                             opt_offending(argc, argv));
        }
    }
    if (!output)
        return out_usage("train", "--output DIR is required");
    if ((o.scoring.context_sharpness != 1.0 || o.scoring.context_prior != 0.0) &&
        o.scoring.context_weight == 0.0)
        return out_usage("train", "--context-%s needs a --context-weight above 0",
                         o.scoring.context_sharpness != 1.0 ? "sharpness" : "prior");
    if (optind >= argc)
        return out_usage("train", "no training files given");
    char name_buf[256];
    o.name = name ? name : base_name(output, name_buf, sizeof name_buf);
    if (!tenor_bundle_name_valid(o.name))
        return out_usage("train", "bundle name '%s'%s must be 1-%d letters, digits, '_' or "
                         "'-', and not a key of classify's output (text, index, ...)%s", o.name,
                         name ? "" : " (from the output directory)", TENOR_BUNDLE_NAME_MAX,
                         name ? "" : "; choose one with --name");

    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_staging *staging = NULL;
    tenor_dataset *data = NULL;
    tenor_bundle *bundle = NULL;
    tenor_buf bytes = TENOR_BUF_INIT;
    int rc = tenor_staging_open(&staging, output, &diag);
    if (rc) {
        out_diag(&diag, rc, output);
        return EXIT_DATA;
    }
    if ((rc = tenor_dataset_new(&data)))
        goto fail;
    for (int i = optind; i < argc; i++) {
        tenor_buf_clear(&bytes);
        if ((rc = tenor_read_file(&bytes, argv[i], DATA_LIMIT, &diag)))
            goto fail;
        const char *path = strcmp(argv[i], "-") == 0 ? "stdin" : argv[i];
        if ((rc = tenor_dataset_add(data, path, bytes.data ? bytes.data : "", bytes.len,
                                    TENOR_DATA_AUTO, &diag)))
            goto fail;
    }
    tenor_buf_free(&bytes);
    const char *what = argc - optind == 1 ? (strcmp(argv[optind], "-") ? argv[optind] : "stdin")
                                          : "the training files";
    if (tenor_dataset_size(data) == 0 || tenor_dataset_nlabels(data) == 0) {
        out_error("%s: no labelled examples (lines 'labels<TAB>text', JSONL or fastText)", what);
        rc = TENOR_EINVAL;
        goto fail_reported;
    }
    if (tenor_dataset_nlabels(data) == 1 && !tenor_dataset_multi_label(data)) {
        out_error("%s: every example has the label '%s': a classifier needs at least two", what,
                  tenor_dataset_label(data, 0));
        rc = TENOR_EINVAL;
        goto fail_reported;
    }
    warn_about_labels(data);
    /* libsvm's time grows about with the square of the examples (3,000 BBC paragraphs:
     * about two minutes, against a second for liblinear and the same linear model). */
    if (o.train.solver == TENOR_SOLVER_LIBSVM && tenor_dataset_size(data) > 2000)
        out_error("warning: --solver libsvm on %zu examples may take minutes; liblinear "
                  "(--solver auto above %d examples) fits the same kind of model in seconds",
                  tenor_dataset_size(data), TENOR_AUTO_LIBSVM_MAX);
    progress_state ps = {isatty(STDERR_FILENO) != 0, NULL, -1};
    if (!quiet && tenor_dataset_size(data) > 0) {
        o.train.progress = show_progress;
        o.train.payload = &ps;
        size_t variants = 0;
        for (size_t l = 0; l < tenor_dataset_nlabels(data); l++)
            variants += strchr(tenor_dataset_label(data, l), '~') != NULL;
        fprintf(stderr, "tenor: %zu examples, %zu labels%s (%s)\n", tenor_dataset_size(data),
                tenor_dataset_nlabels(data), variants ? " and variants" : "",
                tenor_dataset_multi_label(data) ? "multi-label" : "single-label");
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = tenor_bundle_train(&bundle, data, &o, &diag)))
        goto fail;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if ((rc = tenor_bundle_write(bundle, tenor_staging_fd(staging), &diag)))
        goto fail;
    rc = tenor_staging_commit(staging, &diag);
    staging = NULL;
    if (rc)
        goto fail;
    if (!quiet) {
        const tenor_train_summary *s = tenor_model_summary(tenor_bundle_model(bundle));
        fprintf(stderr,
                "tenor: wrote %s: '%s', %zu labels, %zu features, %s, C=%g, %.1f s\n"
                "tenor: held-out (%u-fold): accuracy %.4f, micro-F1 %.4f, macro-F1 %.4f\n",
                output, tenor_bundle_name(bundle), tenor_bundle_nlabels(bundle),
                tenor_vocab_size(tenor_bundle_vocab(bundle)),
                s->solver == TENOR_SOLVER_LIBSVM ? "libsvm" : "liblinear", s->C,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                o.train.folds, s->accuracy, s->micro_f1, s->macro_f1);
        const tenor_scoring *sc = tenor_bundle_scoring(bundle);
        if (sc->context_weight > 0.0 || sc->summary_sharpness != 1.0)
            fprintf(stderr, "tenor: scoring: context weight %g, sharpness %g, prior %g; "
                    "summary sharpness %g\n", sc->context_weight, sc->context_sharpness,
                    sc->context_prior, sc->summary_sharpness);
    }
    tenor_bundle_free(bundle);
    tenor_dataset_free(data);
    return out_finish(EXIT_OK);
fail:
    out_diag(&diag, rc, output);
fail_reported:
    tenor_staging_abort(staging);
    tenor_buf_free(&bytes);
    tenor_bundle_free(bundle);
    tenor_dataset_free(data);
    return EXIT_DATA;
}
