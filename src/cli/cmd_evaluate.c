/* cmd_evaluate.c - tenor evaluate: a bundle's predictions against labelled files.
 *
 * Gold labels the bundle does not know are kept as extra labels, never predicted, so
 * they lower recall instead of silently vanishing. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/opt.h"
#include "cli/out.h"
#include "tenor/dataset.h"
#include "tenor/metrics.h"
#include "tenor/report.h"
#include "util/alloc.h"
#include "util/fileio.h"
#include "util/json.h"

#define DATA_LIMIT ((size_t)4 << 30)

void cmd_evaluate_help(FILE *f)
{
    fputs("Usage: tenor evaluate --model DIR [options] FILE...\n\n"
          "Classifies labelled paragraphs (the formats of 'tenor train') with a bundle and\n"
          "reports exact-match accuracy, micro- and macro-F1, per-label precision, recall,\n"
          "F1 and support, and the confusion counts (rows gold, columns predicted).\n\n"
          "Options:\n"
          "  -m, --model DIR    the bundle to evaluate\n"
          "  -f, --format F     text or json (default text)\n"
          "  -p, --predictions FILE\n"
          "                     also write each example's gold and predicted labels and\n"
          "                     scores to FILE, one JSON object a line (error analysis)\n"
          "  -h, --help         show this help\n", f);
}

/* Index of (s, len) among names[0, n), or SIZE_MAX. */
static size_t find_name(const char *const *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return SIZE_MAX;
}

/* Metric label i: the bundle's labels, then gold labels it does not know. A gold
 * variant ("politics~usenet") counts as its label ("politics"), as a bundle reports
 * it, unless the bundle has a label of that very name (one from before variants);
 * label names cut from gold labels are kept in `owned`. */
static int build_names(const char ***out, size_t *nout, const tenor_bundle *b,
                       const tenor_dataset *d, size_t **gold_map, tenor_strlist *owned)
{
    size_t L = tenor_bundle_nlabels(b), G = tenor_dataset_nlabels(d);
    const char **names = tenor_alloc_array(L + G, sizeof *names);
    size_t *map = tenor_alloc_array(G ? G : 1, sizeof *map);
    if (!names || !map) {
        free(names);
        free(map);
        return TENOR_ENOMEM;
    }
    size_t n = L;
    for (size_t l = 0; l < L; l++)
        names[l] = tenor_bundle_label(b, l);
    for (size_t g = 0; g < G; g++) {
        const char *label = tenor_dataset_label(d, g);
        size_t len = tenor_label_name_len(label);
        map[g] = find_name(names, L, label, strlen(label));
        if (map[g] == SIZE_MAX)
            map[g] = find_name(names, n, label, len);
        if (map[g] != SIZE_MAX)
            continue;
        /* a typo, or another label set: say so, then count it */
        out_error("warning: gold label '%s' is not one of the bundle's; its examples "
                  "count as misses", label);
        if (tenor_strlist_push(owned, label, len)) {
            free(names);
            free(map);
            return TENOR_ENOMEM;
        }
        map[g] = n;
        names[n++] = owned->items[owned->n - 1];
    }
    *out = names;
    *nout = n;
    *gold_map = map;
    return 0;
}

/* Where --predictions goes, and which input file each example came from. */
typedef struct {
    FILE *f;
    const char *path; /* its name, for messages */
    char **files; /* argv's labelled files */
    size_t *ends; /* examples read after each file */
    size_t nfiles;
} predictions_out;

/* One line of --predictions for example i: {"file", "example" (its number in that file's
 * examples), "text", "gold", "predicted", "correct", "scores"}; labels the bundle lacks
 * appear in gold only. */
static int write_prediction(const predictions_out *po, const tenor_bundle *b,
                            const tenor_dataset *d, size_t i, const uint8_t *gold,
                            const uint8_t *pred, const double *probs, const char *const *names,
                            size_t N)
{
    size_t k = 0;
    while (k + 1 < po->nfiles && i >= po->ends[k])
        k++;
    bool built = true; /* every addition checked: a line that lost a field is not written */
    cJSON *o = cJSON_CreateObject();
    TENOR_JSON_ADD(built, o);
    TENOR_JSON_ADD(built, cJSON_AddStringToObject(o, "file", strcmp(po->files[k], "-")
                                                                  ? po->files[k]
                                                                  : "stdin"));
    TENOR_JSON_ADD(built, cJSON_AddNumberToObject(o, "example",
                                                  (double)(i + 1 - (k ? po->ends[k - 1] : 0))));
    TENOR_JSON_ADD(built, cJSON_AddStringToObject(o, "text", tenor_dataset_text(d, i)));
    cJSON *g = built ? cJSON_AddArrayToObject(o, "gold") : NULL;
    cJSON *p = built ? cJSON_AddArrayToObject(o, "predicted") : NULL;
    TENOR_JSON_ADD(built, g && p);
    bool correct = true;
    for (size_t l = 0; built && l < N; l++) {
        if (gold[l])
            TENOR_JSON_ADD(built, cJSON_AddItemToArray(g, cJSON_CreateString(names[l])));
        if (pred[l])
            TENOR_JSON_ADD(built, cJSON_AddItemToArray(p, cJSON_CreateString(names[l])));
        correct &= gold[l] == pred[l];
    }
    TENOR_JSON_ADD(built, cJSON_AddBoolToObject(o, "correct", correct));
    cJSON *scores = built ? cJSON_AddObjectToObject(o, "scores") : NULL;
    TENOR_JSON_ADD(built, scores);
    for (size_t l = 0; built && l < tenor_bundle_nlabels(b); l++)
        TENOR_JSON_ADD(built, cJSON_AddNumberToObject(scores, names[l],
                                                      round(probs[l] * 1e4) / 1e4));
    char *line = built ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!line)
        return TENOR_ENOMEM;
    bool ok = fputs(line, po->f) >= 0 && fputc('\n', po->f) != EOF;
    free(line);
    if (!ok) /* said here: evaluate is silent about EIO, which on stdout is out_finish's */
        out_error("%s: writing failed: %s", po->path, strerror(errno));
    return ok ? 0 : TENOR_EIO;
}

static int evaluate(const tenor_bundle *b, const tenor_dataset *d, bool json,
                    const predictions_out *predictions)
{
    const char **names = NULL;
    size_t *map = NULL, N;
    tenor_metrics *m = NULL;
    tenor_featurizer *f = NULL;
    tenor_sparse x = TENOR_SPARSE_INIT;
    uint8_t *gold = NULL, *pred = NULL;
    double *probs = NULL;
    tenor_buf out = TENOR_BUF_INIT;
    tenor_strlist owned = TENOR_STRLIST_INIT;
    size_t L = tenor_bundle_nlabels(b);
    int rc = build_names(&names, &N, b, d, &map, &owned);
    if (!rc)
        rc = tenor_metrics_new(&m, N);
    if (!rc)
        rc = tenor_bundle_featurizer(b, &f);
    if (!rc && (!(gold = calloc(N, 1)) || !(pred = calloc(N, 1)) ||
                !(probs = tenor_alloc_array(L, sizeof *probs))))
        rc = TENOR_ENOMEM;
    for (size_t i = 0; !rc && i < tenor_dataset_size(d); i++) {
        rc = tenor_bundle_predict(b, f, tenor_dataset_text(d, i), tenor_dataset_text_len(d, i),
                                  &x, probs);
        if (rc)
            break;
        memset(gold, 0, N);
        memset(pred, 0, N);
        for (size_t g = 0; g < tenor_dataset_nlabels(d); g++)
            if (tenor_dataset_has(d, i, g))
                gold[map[g]] = 1;
        for (size_t l = 0; l < L; l++)
            pred[l] = tenor_bundle_selects(b, probs, l);
        tenor_metrics_add(m, gold, pred);
        if (predictions && predictions->f)
            rc = write_prediction(predictions, b, d, i, gold, pred, probs, names, N);
    }
    if (!rc)
        rc = json ? tenor_report_metrics_json(&out, m, names)
                  : tenor_report_metrics_text(&out, m, names);
    if (!rc && !out_write(out.data, out.len))
        rc = TENOR_EIO;
    if (rc && rc != TENOR_EIO)
        out_error("evaluation failed: %s", tenor_strerror(rc));
    tenor_buf_free(&out);
    free(names);
    tenor_strlist_free(&owned);
    free(map);
    free(gold);
    free(pred);
    free(probs);
    tenor_sparse_free(&x);
    tenor_featurizer_free(f);
    tenor_metrics_free(m);
    return rc;
}

int cmd_evaluate(int argc, char **argv)
{
    static const struct option longopts[] = {{"model", required_argument, NULL, 'm'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"predictions", required_argument, NULL, 'p'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    char *model = NULL, *predictions = NULL;
    bool json = false;
    int c;
    optind = 1;
    opterr = 0; /* our own messages, below */
    while ((c = getopt_long(argc, argv, "m:f:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'p': predictions = optarg; break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") != 0)
                return out_usage("evaluate", "--format must be text or json");
            break;
        case 'h': cmd_evaluate_help(stdout); return out_finish(EXIT_OK);
        default:
            return out_usage("evaluate", "unknown option, or one missing its value: '%s'",
                             opt_offending(argc, argv));
        }
    }
    if (!model)
        return out_usage("evaluate", "--model DIR is required");
    if (optind >= argc)
        return out_usage("evaluate", "no labelled files given");
    struct stat ps, is, os;
    bool exists = predictions && stat(predictions, &ps) == 0;
    bool is_stdout = predictions && (strcmp(predictions, "-") == 0 ||
                                     (exists && fstat(STDOUT_FILENO, &os) == 0 &&
                                      os.st_dev == ps.st_dev && os.st_ino == ps.st_ino));
    for (int i = optind; predictions && i < argc; i++)
        if (is_stdout || strcmp(predictions, argv[i]) == 0 ||
            (exists && stat(argv[i], &is) == 0 && is.st_dev == ps.st_dev &&
             is.st_ino == ps.st_ino))
            return out_usage("evaluate", "--predictions needs a file of its own: '%s' is %s",
                             predictions, is_stdout ? "stdout, where the metrics go"
                                                    : "one of the labelled files");
    bundle_set set;
    int code = bundles_load(&set, &model, 1);
    if (code)
        return code;
    tenor_dataset *d = NULL;
    tenor_buf bytes = TENOR_BUF_INIT;
    tenor_diag diag;
    tenor_diag_clear(&diag);
    int rc = tenor_dataset_new(&d);
    size_t *ends = tenor_alloc_array((size_t)(argc - optind), sizeof *ends);
    if (!rc && !ends)
        rc = TENOR_ENOMEM;
    for (int i = optind; !rc && i < argc; i++) {
        tenor_buf_clear(&bytes);
        rc = tenor_read_file(&bytes, argv[i], DATA_LIMIT, &diag);
        if (!rc)
            rc = tenor_dataset_add(d, strcmp(argv[i], "-") == 0 ? "stdin" : argv[i],
                                   bytes.data ? bytes.data : "", bytes.len, TENOR_DATA_AUTO,
                                   &diag);
        if (!rc)
            ends[i - optind] = tenor_dataset_size(d);
    }
    tenor_buf_free(&bytes);
    if (rc) {
        out_diag(&diag, rc, "evaluate");
        code = EXIT_DATA;
    } else if (tenor_dataset_size(d) == 0) {
        out_error("no labelled examples in the input");
        code = EXIT_DATA;
    } else {
        FILE *pf = predictions ? fopen(predictions, "w") : NULL;
        predictions_out po = {pf, predictions, argv + optind, ends, (size_t)(argc - optind)};
        if (predictions && !pf) {
            out_error("%s: cannot write: %s", predictions, strerror(errno));
            code = EXIT_DATA;
        } else if (evaluate(set.items[0], d, json, &po)) {
            code = EXIT_DATA;
        }
        if (pf && fclose(pf) != 0 && !code) {
            out_error("%s: writing failed: %s", predictions, strerror(errno));
            code = EXIT_DATA;
        }
    }
    free(ends);
    tenor_dataset_free(d);
    bundles_free(&set);
    return out_finish(code);
}
