/* fileio.c - whole-file reads and atomic writes (see fileio.h).
 *
 * POSIX plus Linux's renameat2 for the directory swap and getdents64 for listing a
 * bundle directory without allocating; everything else is portable. */
#define _GNU_SOURCE
#include "util/fileio.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

/* ---- reading ---------------------------------------------------------- */

static int read_fd(tenor_buf *out, int fd, const char *path, size_t limit, tenor_diag *diag)
{
    size_t start = out->len;
    for (;;) {
        int rc = tenor_buf_reserve(out, 65536);
        if (rc)
            return tenor_diag_set(diag, rc, "%s: out of memory", path);
        ssize_t n = read(fd, out->data + out->len, 65536);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return tenor_diag_set(diag, TENOR_EIO, "%s: read failed: %s", path, strerror(errno));
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        if (out->len - start > limit)
            return tenor_diag_set(diag, TENOR_ELIMIT, "%s: larger than the limit of %zu bytes",
                                  path, limit);
    }
    return 0;
}

static int open_error(const char *path, tenor_diag *diag)
{
    int status = (errno == ENOENT) ? TENOR_ENOTFOUND : TENOR_EIO;
    return tenor_diag_set(diag, status, "%s: cannot open: %s", path, strerror(errno));
}

int tenor_read_file(tenor_buf *out, const char *path, size_t limit, tenor_diag *diag)
{
    if (strcmp(path, "-") == 0)
        return read_fd(out, STDIN_FILENO, "<stdin>", limit, diag);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return open_error(path, diag);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return tenor_diag_set(diag, TENOR_EIO, "%s: is a directory", path);
    }
    int rc = read_fd(out, fd, path, limit, diag);
    close(fd);
    return rc;
}

int tenor_read_fileat(tenor_buf *out, int dirfd, const char *name, size_t limit,
                      tenor_diag *diag)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return open_error(name, diag);
    int rc = read_fd(out, fd, name, limit, diag);
    close(fd);
    return rc;
}

/* ---- atomic file writes ----------------------------------------------- */

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int tenor_write_fileat(int dirfd, const char *name, const void *data, size_t len,
                       tenor_diag *diag)
{
    char tmp[600];
    int n = snprintf(tmp, sizeof tmp, ".%s.tmp", name);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return tenor_diag_set(diag, TENOR_EINVAL, "%s: file name too long", name);
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return tenor_diag_set(diag, TENOR_EIO, "%s: cannot create: %s", name, strerror(errno));
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int err = errno;
        close(fd);
        unlinkat(dirfd, tmp, 0);
        return tenor_diag_set(diag, TENOR_EIO, "%s: write failed: %s", name, strerror(err));
    }
    if (close(fd) != 0 || renameat(dirfd, tmp, dirfd, name) != 0) {
        int err = errno;
        unlinkat(dirfd, tmp, 0);
        return tenor_diag_set(diag, TENOR_EIO, "%s: write failed: %s", name, strerror(err));
    }
    if (fsync(dirfd) != 0)
        return tenor_diag_set(diag, TENOR_EIO, "%s: fsync of directory failed: %s", name,
                              strerror(errno));
    return 0;
}

/* ---- staged bundle directories ---------------------------------------- */

struct tenor_staging {
    char *final_path;
    char *tmp_path;
    char *parent;
    int fd;
};

/* Removes the regular files directly inside dir_path, then the directory. Bundles are
 * flat, and tenor never deletes anything it did not check is a bundle or its own. */
/* The names a bundle directory may hold: its files (bundle.h, format 1) and the
 * hidden ".<name>.tmp" of an interrupted write. Only these are ever deleted, so no
 * file of the user's can go with an old bundle. */
static bool bundle_file_name(const char *name)
{
    static const char *const files[] = {"manifest.json", "vocab.tsv", "weights.bin"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strcmp(name, files[i]) == 0)
            return true;
    size_t n = strlen(name);
    return n > 5 && name[0] == '.' && strcmp(name + n - 4, ".tmp") == 0 &&
           strcmp(name, "..") != 0;
}

/* Calls fn(fd, name, arg) for each entry but . and .. of the directory open as fd,
 * until fn returns false. Through a buffer on the stack, not opendir's allocation:
 * this runs on failure paths, when memory may be what ran out (a staging directory
 * was left behind, a bundle called "no longer a tenor bundle"). 0, or -1 and errno. */
static int for_each_entry(int fd, bool (*fn)(int fd, const char *name, void *arg), void *arg)
{
    _Alignas(struct dirent64) char buf[4096];
    for (;;) {
        ssize_t n = getdents64(fd, buf, sizeof buf);
        if (n <= 0)
            return n < 0 ? -1 : 0;
        for (ssize_t off = 0; off < n;) {
            const struct dirent64 *e = (const struct dirent64 *)(void *)(buf + off);
            off += e->d_reclen;
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
                !fn(fd, e->d_name, arg))
                return 0;
        }
    }
}

static bool unlink_bundle_file(int fd, const char *name, void *arg)
{
    (void)arg;
    if (bundle_file_name(name))
        unlinkat(fd, name, 0);
    return true;
}

/* Removes a bundle's own files directly inside dir_path, then the directory if that
 * left it empty. A symbolic link is never followed. */
static void remove_flat_dir(const char *dir_path)
{
    int fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    /* A second pass: unlinking while listing may hide entries from the first. */
    for (int pass = 0; pass < 2; pass++) {
        for_each_entry(fd, unlink_bundle_file, NULL);
        lseek(fd, 0, SEEK_SET);
    }
    close(fd);
    rmdir(dir_path);
}

/* Whether `name` is a staging directory of `base` that tenor itself made:
 * ".tenor-tmp-<base>.<pid>.XXXXXX" (mkdtemp's six letters and digits). *pid_out gets
 * the pid of the train that made it. */
static bool staging_name(const char *name, const char *base, long *pid_out)
{
    static const char prefix[] = ".tenor-tmp-";
    size_t plen = sizeof prefix - 1, blen = strlen(base);
    if (strncmp(name, prefix, plen) != 0 || strncmp(name + plen, base, blen) != 0 ||
        name[plen + blen] != '.')
        return false;
    const char *p = name + plen + blen + 1;
    long pid = 0;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9' && digits < 10; p++, digits++)
        pid = pid * 10 + (*p - '0');
    if (digits == 0 || *p != '.' || pid <= 0)
        return false;
    p++;
    for (size_t i = 0; i < 6; i++, p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return false;
    *pid_out = pid;
    return *p == '\0';
}

/* Removes staging directories of `base` left in parent by a train that was killed
 * (kill -9, power loss) before it could clean up. A directory is stale only if both
 * its owner's pid is gone and nobody holds the flock every live train keeps on its
 * staging directory (the lock also covers pid namespaces, where kill cannot see the
 * owner). Anything else, and any name tenor did not make, is left alone. */
static void remove_stale_staging(const char *parent, const char *base)
{
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd < 0)
        return;
    DIR *d = fdopendir(pfd);
    if (!d) {
        close(pfd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid;
        if (!staging_name(e->d_name, base, &pid) || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        int fd = openat(pfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            close(fd);
            continue;
        }
        DIR *sd = fdopendir(fd);
        if (!sd) {
            close(fd);
            continue;
        }
        struct dirent *f;
        while ((f = readdir(sd)) != NULL)
            if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0)
                unlinkat(fd, f->d_name, 0);
        unlinkat(pfd, e->d_name, AT_REMOVEDIR);
        closedir(sd);
    }
    closedir(d);
}

/* Splits path into parent directory and base name; trailing slashes are ignored. */
static int split_path(const char *path, char **parent_out, char **base_out)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t slash = len;
    while (slash > 0 && path[slash - 1] != '/')
        slash--;
    *base_out = tenor_strndup(path + slash, len - slash);
    if (slash == 0)
        *parent_out = tenor_strndup(".", 1);
    else if (slash == 1)
        *parent_out = tenor_strndup("/", 1);
    else
        *parent_out = tenor_strndup(path, slash - 1);
    if (!*parent_out || !*base_out) {
        free(*parent_out);
        free(*base_out);
        return TENOR_ENOMEM;
    }
    return 0;
}

typedef struct {
    bool empty, only_bundle_files;
} dir_contents;

static bool note_entry(int fd, const char *name, void *arg)
{
    (void)fd;
    dir_contents *c = arg;
    c->empty = false;
    c->only_bundle_files &= bundle_file_name(name);
    return true;
}

/* Whether path may be replaced by a new bundle: 1 for an empty directory, or a tenor
 * bundle (its manifest says "tenor-bundle") holding nothing but a bundle's files; 0
 * otherwise (a web app's manifest.json, or a note left inside a bundle, makes it not
 * replaceable); -1 if it cannot be read (errno). */
static int dir_is_replaceable(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOTDIR || errno == ELOOP ? 0 : -1;
    dir_contents c = {true, true};
    if (for_each_entry(fd, note_entry, &c) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    bool ok = c.empty;
    if (!c.empty && c.only_bundle_files) {
        char head[4097];
        int mfd = openat(fd, "manifest.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        ssize_t n = mfd >= 0 ? read(mfd, head, sizeof head - 1) : -1;
        if (n > 0) {
            head[n] = '\0';
            ok = strstr(head, "\"tenor-bundle\"") != NULL;
        }
        if (mfd >= 0)
            close(mfd);
    }
    close(fd);
    return ok;
}

/* mkdir -p: the bundle's parent directories are created as needed. */
static int make_parents(char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -1;
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        int rc = make_parents(dir);
        *slash = '/';
        if (rc)
            return rc;
    }
    return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int tenor_staging_open(tenor_staging **out, const char *path, tenor_diag *diag)
{
    *out = NULL;
    struct stat st;
    mode_t mode = 0755;
    if (lstat(path, &st) == 0) {
        /* A swap would move the link, not the bundle behind it. */
        if (S_ISLNK(st.st_mode))
            return tenor_diag_set(diag, TENOR_EINVAL,
                                  "%s: is a symbolic link; give the bundle directory itself",
                                  path);
        if (!S_ISDIR(st.st_mode))
            return tenor_diag_set(diag, TENOR_EINVAL, "%s: exists and is not a directory", path);
        int replaceable = dir_is_replaceable(path);
        if (replaceable < 0)
            return tenor_diag_set(diag, TENOR_EIO, "%s: cannot read: %s", path, strerror(errno));
        if (!replaceable)
            return tenor_diag_set(diag, TENOR_EINVAL,
                                  "%s: refusing to replace a directory that is neither empty "
                                  "nor a tenor bundle holding only its own files",
                                  path);
        mode = st.st_mode & 07777;
    }
    tenor_staging *s = calloc(1, sizeof *s);
    char *base = NULL, *tmpl = NULL;
    if (!s)
        return tenor_diag_set(diag, TENOR_ENOMEM, "out of memory");
    s->fd = -1;
    int rc = split_path(path, &s->parent, &base);
    if (rc) {
        free(s);
        return tenor_diag_set(diag, rc, "out of memory");
    }
    s->final_path = tenor_strndup(path, strlen(path));
    size_t need = strlen(s->parent) + strlen(base) + 48;
    tmpl = malloc(need);
    if (!s->final_path || !tmpl) {
        rc = tenor_diag_set(diag, TENOR_ENOMEM, "out of memory");
        goto fail;
    }
    /* The pid in the name, and the flock below, let a later train tell a staging
     * directory whose train was killed from one still in use. */
    snprintf(tmpl, need, "%s/.tenor-tmp-%s.%ld.XXXXXX", s->parent, base, (long)getpid());
    if (make_parents(s->parent) != 0) {
        rc = tenor_diag_set(diag, TENOR_EIO, "%s: cannot create a directory in %s: %s", path,
                            s->parent, strerror(errno));
        goto fail;
    }
    remove_stale_staging(s->parent, base);
    if (!mkdtemp(tmpl)) {
        rc = tenor_diag_set(diag, TENOR_EIO, "%s: cannot create a directory in %s: %s", path,
                            s->parent, strerror(errno));
        goto fail;
    }
    s->tmp_path = tmpl;
    tmpl = NULL;
    s->fd = open(s->tmp_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    /* mkdtemp makes 0700; a bundle is shared like any installed file (or keeps the mode
     * of the bundle it replaces). */
    if (s->fd < 0 || fchmod(s->fd, mode) != 0 || flock(s->fd, LOCK_EX | LOCK_NB) != 0) {
        rc = tenor_diag_set(diag, TENOR_EIO, "%s: %s", s->tmp_path, strerror(errno));
        goto fail;
    }
    free(base);
    *out = s;
    return 0;
fail:
    free(base);
    free(tmpl);
    tenor_staging_abort(s);
    return rc;
}

int tenor_staging_fd(const tenor_staging *s)
{
    return s->fd;
}

static void staging_free(tenor_staging *s)
{
    if (s->fd >= 0)
        close(s->fd);
    free(s->final_path);
    free(s->tmp_path);
    free(s->parent);
    free(s);
}

static void fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int tenor_staging_commit(tenor_staging *s, tenor_diag *diag)
{
    int rc = 0;
    if (fsync(s->fd) != 0) {
        rc = tenor_diag_set(diag, TENOR_EIO, "%s: fsync failed: %s", s->tmp_path,
                            strerror(errno));
        tenor_staging_abort(s);
        return rc;
    }
    struct stat st;
    bool exists = lstat(s->final_path, &st) == 0;
    int replaceable = exists && !S_ISLNK(st.st_mode) ? dir_is_replaceable(s->final_path) : 1;
    if (replaceable < 0 || (exists && (S_ISLNK(st.st_mode) || !replaceable))) {
        rc = replaceable < 0 ? tenor_diag_set(diag, TENOR_EIO, "%s: cannot read: %s",
                                              s->final_path, strerror(errno))
                             : tenor_diag_set(diag, TENOR_EINVAL,
                                              "%s: no longer a tenor bundle; not replaced",
                                              s->final_path);
        tenor_staging_abort(s);
        return rc;
    }
    if (exists && renameat2(AT_FDCWD, s->tmp_path, AT_FDCWD, s->final_path,
                            RENAME_EXCHANGE) == 0) {
        /* The old bundle now sits at tmp_path. A reader that opened it and then finds a
         * file gone starts again on the new one (tenor_bundle_load). */
        remove_flat_dir(s->tmp_path);
    } else if (exists) {
        /* No RENAME_EXCHANGE on this file system: move the old bundle aside first. There
         * is a moment with no bundle at the path, but never a mixed one. */
        /* Named like a staging directory, so a later train removes it if we die. */
        size_t tlen = strlen(s->tmp_path);
        char *old = tenor_strndup(s->tmp_path, tlen);
        if (old)
            memcpy(old + tlen - 6, "XXXXXX", 6);
        if (!old || !mkdtemp(old) || rmdir(old) != 0 || rename(s->final_path, old) != 0) {
            rc = tenor_diag_set(diag, TENOR_EIO, "%s: cannot replace: %s", s->final_path,
                                strerror(errno));
            free(old);
            tenor_staging_abort(s);
            return rc;
        }
        if (rename(s->tmp_path, s->final_path) != 0) {
            rc = tenor_diag_set(diag, TENOR_EIO, "%s: cannot replace: %s", s->final_path,
                                strerror(errno));
            rename(old, s->final_path);
            free(old);
            tenor_staging_abort(s);
            return rc;
        }
        remove_flat_dir(old);
        free(old);
    } else if (rename(s->tmp_path, s->final_path) != 0) {
        rc = tenor_diag_set(diag, TENOR_EIO, "%s: cannot create: %s", s->final_path,
                            strerror(errno));
        tenor_staging_abort(s);
        return rc;
    }
    fsync_dir(s->parent);
    staging_free(s);
    return 0;
}

void tenor_staging_abort(tenor_staging *s)
{
    if (!s)
        return;
    if (s->tmp_path)
        remove_flat_dir(s->tmp_path);
    staging_free(s);
}
