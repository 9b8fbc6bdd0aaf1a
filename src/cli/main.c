/* main.c - the tenor command table and global options.
 *
 * The locale stays "C" (no setlocale), so numbers read and print the same on every
 * machine, whatever the user's environment. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/out.h"
#include "util/json.h"

#ifndef TENOR_VERSION
#define TENOR_VERSION "0.0.0"
#endif

static const cmd_entry COMMANDS[] = {
    {"classify", cmd_classify, cmd_classify_help, "Label each paragraph of articles with topics and tone"},
    {"train", cmd_train, cmd_train_help, "Train a model bundle on labelled paragraphs"},
    {"evaluate", cmd_evaluate, cmd_evaluate_help, "Measure a bundle on labelled paragraphs"},
    {"inspect", cmd_inspect, cmd_inspect_help, "Show a bundle's labels, settings, metrics and terms"},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void print_help(FILE *f)
{
    fputs("Usage: tenor <command> [options] [args]\n\n"
          "tenor labels each paragraph of news articles with its section, topics and tone,\n"
          "with probabilities, and summarises each article.\n\nCommands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("  help CMD   Show help for a command\n\n"
          "Options:\n  -h, --help     show this help\n  -V, --version  show the version\n\n"
          "Exit codes: 0 success, 1 runtime or data error, 2 usage error.\n"
          "Run 'tenor help <command>' for a command's options.\n", f);
}

static const cmd_entry *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

int main(int argc, char **argv)
{
    tenor_json_hooks_install(); /* the process is ours: out of memory is told from bad JSON */
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_help(stdout);
        return out_finish(EXIT_OK);
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("tenor %s\n", TENOR_VERSION);
        return out_finish(EXIT_OK);
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return out_finish(EXIT_OK);
        }
        const cmd_entry *c = find(argv[2]);
        if (!c)
            return out_usage(NULL, "unknown command '%s'", argv[2]);
        c->help(stdout);
        return out_finish(EXIT_OK);
    }
    const cmd_entry *c = find(name);
    if (!c)
        return out_usage(NULL, "unknown command '%s'", name);
    return c->run(argc - 1, argv + 1);
}
