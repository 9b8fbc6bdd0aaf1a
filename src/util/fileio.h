/* fileio.h - whole-file reads with a size limit, and atomic writes.
 *
 * Writes follow redis's rdbSave: a temp file in the target directory, write, fsync,
 * close, rename, then fsync of the directory; on any failure the temp file is removed.
 * A bundle directory is staged the same way and swapped in with one rename, so a reader
 * sees the old bundle or the new one, never a mix. */
#ifndef TENOR_UTIL_FILEIO_H
#define TENOR_UTIL_FILEIO_H

#include <stddef.h>

#include "tenor/error.h"
#include "tenor/buf.h"

/* Appends the contents of path ("-" = stdin) to out. Fails with TENOR_ELIMIT past
 * `limit` bytes, TENOR_ENOTFOUND if missing, TENOR_EIO otherwise. */
int tenor_read_file(tenor_buf *out, const char *path, size_t limit, tenor_diag *diag);

/* As tenor_read_file, for `name` inside the directory open as dirfd. */
int tenor_read_fileat(tenor_buf *out, int dirfd, const char *name, size_t limit,
                      tenor_diag *diag);

/* Writes (data, len) to `name` inside the directory open as dirfd, atomically. */
int tenor_write_fileat(int dirfd, const char *name, const void *data, size_t len,
                       tenor_diag *diag);

/* A bundle being written: a hidden directory next to its final path. */
typedef struct tenor_staging tenor_staging;

/* Creates "<parent of path>/.tenor-tmp-<basename>.<pid>.XXXXXX" before any work is
 * done, so that an unwritable destination fails at once, and holds a flock on it while
 * s lives. Staging directories of the same basename left by a train that was killed
 * (its pid gone and its lock free) are removed first. Refuses a symbolic link, and an
 * existing `path` that is neither empty nor a tenor bundle holding only a bundle's files
 * (manifest.json naming "tenor-bundle", vocab.tsv, weights.bin): it would be replaced.
 * The new directory gets the mode of the one it replaces, else 0755. */
int tenor_staging_open(tenor_staging **out, const char *path, tenor_diag *diag);

/* The staging directory's fd, for tenor_write_fileat. Borrowed. */
int tenor_staging_fd(const tenor_staging *s);

/* fsyncs the staging directory and moves it to its final path, replacing any bundle
 * there in one step (renameat2 RENAME_EXCHANGE where the file system has it), then
 * removes the old bundle. Frees s whatever the result. */
int tenor_staging_commit(tenor_staging *s, tenor_diag *diag);

/* Removes the staging directory and the bundle files in it; frees s. NULL is a no-op. */
void tenor_staging_abort(tenor_staging *s);

#endif
