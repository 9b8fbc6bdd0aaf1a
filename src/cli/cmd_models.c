/* cmd_models.c - finding and loading model bundles for classify and evaluate.
 *
 * Without --model, every subdirectory of the models directory that holds a
 * manifest.json is a head, loaded in name order so output keys come out stable. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/out.h"

#ifndef TENOR_SOURCE_MODELS_DIR
#define TENOR_SOURCE_MODELS_DIR "models"
#endif
#ifndef TENOR_INSTALL_MODELS_DIR
#define TENOR_INSTALL_MODELS_DIR "/usr/local/share/tenor/models"
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void models_dir(char *buf, size_t cap)
{
    const char *env = getenv("TENOR_MODELS");
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, cap, "%s/../share/tenor/models", exe);
            if (is_dir(buf))
                return;
        }
    }
    snprintf(buf, cap, "%s", is_dir(TENOR_SOURCE_MODELS_DIR) ? TENOR_SOURCE_MODELS_DIR
                                                             : TENOR_INSTALL_MODELS_DIR);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads the bundle at path into set; `scanned`: found in the models directory, not
 * named by --model, so a second bundle of one name is the directory's fault. */
static int load_one(bundle_set *set, const char *path, bool scanned)
{
    tenor_diag diag;
    tenor_diag_clear(&diag);
    tenor_bundle *b;
    int rc = tenor_bundle_load(&b, path, &diag);
    if (rc) {
        out_diag(&diag, rc, path);
        return EXIT_DATA;
    }
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(tenor_bundle_name(set->items[i]), tenor_bundle_name(b)) == 0) {
            out_error("%s: a bundle named '%s' is already loaded%s", path,
                      tenor_bundle_name(b),
                      scanned ? " (two bundles of the models directory carry that name: "
                                "move or rename one)"
                              : "");
            tenor_bundle_free(b);
            return scanned ? EXIT_DATA : EXIT_USAGE;
        }
    set->items[set->n++] = b;
    return 0;
}

int bundles_load(bundle_set *set, char **paths, size_t npaths)
{
    set->items = NULL;
    set->n = 0;
    char dir[PATH_MAX + 64];
    char **found = NULL;
    size_t nfound = 0;
    int rc = 0;
    if (npaths == 0) {
        models_dir(dir, sizeof dir);
        DIR *d = opendir(dir);
        if (!d) {
            out_error("%s: cannot open the models directory (set TENOR_MODELS or pass "
                      "--model DIR)", dir);
            return EXIT_DATA;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char manifest[PATH_MAX * 2];
            snprintf(manifest, sizeof manifest, "%s/%s/manifest.json", dir, e->d_name);
            if (access(manifest, F_OK) != 0)
                continue;
            size_t size = strlen(dir) + strlen(e->d_name) + 2;
            char *path = malloc(size);
            char **grown = path ? realloc(found, (nfound + 1) * sizeof *found) : NULL;
            if (!grown) {
                free(path);
                out_error("out of memory");
                rc = EXIT_DATA;
                break;
            }
            found = grown;
            snprintf(path, size, "%s/%s", dir, e->d_name);
            found[nfound++] = path;
        }
        closedir(d);
        char manifest[PATH_MAX + 80];
        snprintf(manifest, sizeof manifest, "%s/manifest.json", dir);
        if (!rc && nfound == 0) {
            out_error("%s: no model bundles here (%s)", dir,
                      access(manifest, F_OK) == 0
                          ? "it is a bundle itself: pass it as --model DIR, or set "
                            "TENOR_MODELS to the directory that holds bundles"
                          : "set TENOR_MODELS or pass --model DIR");
            rc = EXIT_DATA;
        }
        qsort(found, nfound, sizeof *found, by_name);
        paths = found;
        npaths = nfound;
    }
    if (!rc && !(set->items = calloc(npaths ? npaths : 1, sizeof *set->items))) {
        out_error("out of memory");
        rc = EXIT_DATA;
    }
    for (size_t i = 0; !rc && i < npaths; i++)
        rc = load_one(set, paths[i], found != NULL);
    for (size_t i = 0; i < nfound; i++)
        free(found[i]);
    free(found);
    if (rc)
        bundles_free(set);
    return rc;
}

void bundles_free(bundle_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        tenor_bundle_free(set->items[i]);
    free(set->items);
    set->items = NULL;
    set->n = 0;
}
