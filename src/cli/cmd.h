/* cmd.h - the CLI's commands; each lives in its own cmd_<name>.c with its own help.
 *
 * A command returns the process exit code (out.h) and never calls exit itself. */
#ifndef TENOR_CLI_CMD_H
#define TENOR_CLI_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "tenor/bundle.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *f);
    const char *summary;
} cmd_entry;

int cmd_classify(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_inspect(int argc, char **argv);

void cmd_classify_help(FILE *f);
void cmd_train_help(FILE *f);
void cmd_evaluate_help(FILE *f);
void cmd_inspect_help(FILE *f);

/* Bundles named on the command line or found in the models directory (cmd_models.c). */
typedef struct {
    tenor_bundle **items;
    size_t n;
} bundle_set;

/* Loads `paths` (n of them), or with n == 0 every bundle in the default models
 * directory. Prints its own errors; returns 0 or an exit code. */
int bundles_load(bundle_set *out, char **paths, size_t n);
void bundles_free(bundle_set *set);

/* Writes into buf the directory default bundles are loaded from: TENOR_MODELS, else
 * share/tenor/models beside the binary's bin/ (an install), else the source tree's
 * models/ (a build tree), else the configured install path. */
void models_dir(char *buf, size_t cap);

#endif
