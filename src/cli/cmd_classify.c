/* cmd_classify.c - tenor classify: articles in, labelled paragraphs and summaries out.
 *
 * JSONL input is read and answered one line at a time, so a pipeline of millions of
 * articles never holds more than one; other inputs are read whole (up to a limit). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/opt.h"
#include "cli/out.h"
#include "tenor/article.h"
#include "tenor/report.h"
#include "tenor/scorer.h"
#include "util/parallel.h"

/* Documented limits (README, "Limits"). */
#define INPUT_LIMIT ((size_t)256 << 20) /* a whole text or JSON input: ~4x in memory */
#define LINE_LIMIT ((size_t)256 << 20) /* one JSONL line */

typedef enum { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_HTML } out_format;

/* With several threads, articles are scored in batches of this many; each batch is
 * written in input order once all of it is scored. */
#define BATCH_ARTICLES 64

/* A JSONL line of a batch, parsed on a worker thread: parsing was a tenth of the
 * work, and done by the reading thread alone it held --threads 2 to 1.5x. */
typedef struct {
    char *text;
    size_t len, cap;
    long line_no;
    long long offset; /* of the line in its input, for repair messages */
    int parse_rc;
    tenor_diag diag;
    tenor_repairs rep;
} batch_line;

typedef struct run run;

/* A batch for the worker threads: JSONL lines, which they parse into articles[], or
 * articles a text or JSON reader handed over; each is rendered into outs[]. */
typedef struct {
    run *r;
    size_t n;
    bool of_lines;
    const char *path;    /* of the lines' input */
    size_t first_index; /* HTML: its first article's index, if none of its lines is bad */
    tenor_article articles[BATCH_ARTICLES];
    tenor_buf outs[BATCH_ARTICLES];
    int item_rc[BATCH_ARTICLES];
    batch_line lines[BATCH_ARTICLES];
} batch;

struct run {
    tenor_scorer **scorers; /* one per thread: a scorer owns scratch space */
    size_t nthreads;
    out_format format;
    bool color;
    size_t width;
    size_t articles;   /* written so far */
    tenor_buf buf;     /* one thread: the rendered articles not yet written (held) */
    bool hold;         /* one thread, output no terminal: write buf in blocks */
    bool write_failed;
    size_t bad_inputs; /* files or lines that could not be read */
    /* Several threads: while the other threads score one batch, this thread writes the
     * batch before it and reads the next, so the other cores never wait for its I/O. */
    tenor_parallel *pool;
    batch batches[2];
    batch *filling;     /* read into */
    batch *scoring;     /* started on the pool, or NULL */
    size_t numbered;    /* good articles in the batches scored so far: the next index */
    tenor_buf sep;      /* what goes before an article a worker rendered */
    tenor_repairs *rep; /* of the input being read */
    bool text_by_name;  /* the input is read as text for its .txt name */
};

void cmd_classify_help(FILE *f)
{
    fputs("Usage: tenor classify [options] [FILE|-]...\n\n"
          "Labels each paragraph of each article with every loaded model (section, topic,\n"
          "tone, ...) and summarises the article. With no FILE, or '-', reads stdin.\n"
          "Each plain-text file is one article: paragraphs are separated by blank lines,\n"
          "or, with no blank line, are the non-empty lines. JSON input is an article\n"
          "object {\"id\", \"title\", \"text\" | \"paragraphs\"} or an array of them; JSONL\n"
          "is one article object per line.\n\n"
          "Options:\n"
          "  -m, --model DIR        a model bundle; repeat for several (default: every\n"
          "                         bundle in the models directory; see TENOR_MODELS)\n"
          "  -f, --format F         text, json, jsonl or html (default: text on a\n"
          "                         terminal, else jsonl); html is one page\n"
          "  -e, --explain N        add the N terms that pushed each top label most\n"
          "  -i, --input-format F   text, json or jsonl (default: detected)\n"
          "  -t, --threads N        score on N threads (default: all cores); output is\n"
          "                         the same, in input order, whatever N\n"
          "  -h, --help             show this help\n\n"
          "Invalid UTF-8 in articles is replaced with U+FFFD, with a warning.\n"
          "Environment: TENOR_MODELS (models directory), NO_COLOR (no colour).\n", f);
}

/* What goes before the next article written, r->articles of them so far: a blank line
 * between text reports, the JSON array's punctuation, the HTML page's head. Kept out
 * of render so that a worker need not know how many articles come before its own. */
static int put_separator(const run *r, tenor_buf *out, const tenor_article *a)
{
    if (r->format == OUT_TEXT && r->articles)
        return tenor_buf_putc(out, '\n');
    if (r->format == OUT_JSON)
        return tenor_buf_append(out, r->articles ? ",\n" : "[\n", 2);
    if (r->format == OUT_HTML && !r->articles)
        return tenor_report_html_begin(out, a->title ? a->title : a->id);
    return 0;
}

/* Scores article a and renders it at the end of out; HTML numbers it index + 1. */
static int render(const run *r, tenor_scorer *scorer, tenor_buf *out, tenor_article *a,
                  size_t index)
{
    tenor_article_result *res = NULL;
    int rc = tenor_scorer_run(scorer, a, &res);
    if (rc)
        return rc;
    if (r->format == OUT_TEXT) {
        rc = tenor_report_text(out, scorer, a, res, r->width, r->color);
    } else if (r->format == OUT_HTML) {
        rc = tenor_report_html_article(out, scorer, a, res, index + 1);
    } else {
        rc = tenor_report_json(out, scorer, a, res);
        if (!rc && r->format == OUT_JSONL)
            rc = tenor_buf_putc(out, '\n');
    }
    tenor_article_result_free(res, tenor_scorer_nheads(scorer));
    return rc;
}

/* Writes an article a worker rendered into out, after what goes before it. */
static int write_article(run *r, const tenor_article *a, const tenor_buf *out)
{
    tenor_buf_clear(&r->sep);
    int rc = put_separator(r, &r->sep, a);
    if (rc)
        return rc;
    r->articles++;
    if (!out_write(r->sep.data, r->sep.len) || !out_write(out->data, out->len)) {
        r->write_failed = true;
        return TENOR_EIO;
    }
    return 0;
}

/* One thread writes the articles it holds in r->buf (emit) in blocks of this much, or
 * less before a read would wait (flush_pending) and at the end, straight to write(2):
 * not copied article by article into stdio's buffer first. */
#define HOLD_BYTES ((size_t)1 << 16)

static int write_held(run *r)
{
    if (!r->buf.len || r->write_failed)
        return 0;
    bool ok = out_write_block(r->buf.data, r->buf.len);
    tenor_buf_clear(&r->buf);
    if (!ok) {
        r->write_failed = true;
        return TENOR_EIO;
    }
    return 0;
}

/* ---- several threads: a pipeline of two batches ------------------------------------ */

/* Parses (if it is a line) and renders one article of a batch, in one pass so that a
 * batch needs one parallel phase. Its status is kept per item, not returned, so that
 * every item is attempted and the output up to a failure is what one thread writes. */
static int classify_item(size_t item, size_t worker, void *payload)
{
    batch *b = payload;
    if (b->of_lines) {
        batch_line *l = &b->lines[item];
        tenor_diag_clear(&l->diag);
        l->rep = (tenor_repairs){0, -1};
        l->parse_rc = tenor_article_parse_line(&b->articles[item], b->path, l->line_no,
                                               l->text, l->len, &l->rep, &l->diag);
        if (l->parse_rc)
            return 0; /* reported in order by write_batch */
    }
    tenor_buf_clear(&b->outs[item]);
    b->item_rc[item] = render(b->r, b->r->scorers[worker], &b->outs[item], &b->articles[item],
                              b->first_index + item);
    return 0;
}

/* Writes a scored batch in input order: a bad line is reported where it stands and
 * costs only itself, and writing stops at the first article that failed, as a single
 * thread would. */
static int write_batch(run *r, batch *b)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < b->n; i++) {
        if (b->of_lines) {
            batch_line *l = &b->lines[i];
            if (l->rep.invalid_utf8) {
                if (!r->rep->invalid_utf8)
                    r->rep->first_offset = l->offset + l->rep.first_offset;
                r->rep->invalid_utf8 += l->rep.invalid_utf8;
            }
            if (l->parse_rc == TENOR_EFORMAT) {
                out_diag(&l->diag, l->parse_rc, b->path);
                r->bad_inputs++;
                continue;
            }
            if ((rc = l->parse_rc) != 0)
                break;
        }
        rc = b->item_rc[i];
        /* A bad line earlier in the batch moved this HTML article's number: it is
         * rendered again, by worker 0's scorer, which no other thread is given. */
        if (!rc && r->format == OUT_HTML && b->first_index + i != r->articles) {
            tenor_buf_clear(&b->outs[i]);
            rc = render(r, r->scorers[0], &b->outs[i], &b->articles[i], r->articles);
        }
        if (!rc)
            rc = write_article(r, &b->articles[i], &b->outs[i]);
    }
    /* A parsed line's article keeps its storage for the next line parsed into it
     * (tenor_article_parse_line replaces the contents); one handed over is freed. */
    if (!b->of_lines)
        for (size_t i = 0; i < b->n; i++)
            tenor_article_free(&b->articles[i]);
    b->n = 0;
    return rc;
}

/* Joins the batch being scored as worker 0 and waits for the rest of it. */
static batch *finish_batch(run *r)
{
    batch *b = r->scoring;
    r->scoring = NULL;
    tenor_parallel_finish(r->pool); /* each item keeps its own status */
    for (size_t i = 0; i < b->n; i++)
        r->numbered += !b->of_lines || !b->lines[i].parse_rc;
    return b;
}

/* One step of the pipeline: the batch being scored is finished, the filled one is
 * started on the other threads, and the finished one is written meanwhile; it is then
 * the one filled. */
static int advance(run *r)
{
    batch *done = r->scoring ? finish_batch(r) : NULL;
    if (r->filling->n) {
        batch *b = r->filling;
        b->first_index = r->numbered;
        tenor_parallel_start(r->pool, b->n, classify_item, b);
        r->scoring = b;
        r->filling = b == &r->batches[0] ? &r->batches[1] : &r->batches[0];
    }
    return done ? write_batch(r, done) : 0;
}

/* Scores and writes every batch pending. */
static int drain(run *r)
{
    int rc = 0;
    while (!rc && r->pool && (r->scoring || r->filling->n))
        rc = advance(r);
    return rc;
}

/* Queues a JSONL line of path's; a full batch is started. */
static int queue_line(run *r, const char *path, const char *line, size_t len, long line_no,
                      long long offset)
{
    if (r->filling->n && !r->filling->of_lines) { /* articles of an earlier input */
        int rc = advance(r);
        if (rc)
            return rc;
    }
    batch *b = r->filling;
    batch_line *l = &b->lines[b->n];
    if (l->cap < len + 1) {
        char *p = realloc(l->text, len + 1);
        if (!p)
            return TENOR_ENOMEM;
        l->text = p;
        l->cap = len + 1;
    }
    memcpy(l->text, line, len);
    l->text[len] = '\0';
    l->len = len;
    l->line_no = line_no;
    l->offset = offset;
    b->of_lines = true;
    b->path = path;
    return ++b->n == BATCH_ARTICLES ? advance(r) : 0;
}

/* Writes out what is pending (see refill). */
static int flush_pending(run *r)
{
    int rc = write_held(r);
    if (!rc)
        rc = drain(r);
    if (!rc && fflush(stdout) != 0) {
        r->write_failed = true;
        rc = TENOR_EIO;
    }
    return rc;
}

static int emit(tenor_article *a, void *payload)
{
    run *r = payload;
    if (r->nthreads <= 1) {
        size_t held = r->buf.len;
        int rc = put_separator(r, &r->buf, a);
        if (!rc)
            rc = render(r, r->scorers[0], &r->buf, a, r->articles);
        if (rc) {
            r->buf.len = held; /* not a part of a failed article */
            if (r->buf.data)
                r->buf.data[held] = '\0';
            return rc;
        }
        r->articles++;
        return !r->hold || r->buf.len >= HOLD_BYTES ? write_held(r) : 0;
    }
    if (r->filling->n && r->filling->of_lines) { /* lines of an earlier JSONL input */
        int rc = advance(r);
        if (rc)
            return rc;
    }
    batch *b = r->filling;
    b->of_lines = false;
    /* Take the article's contents; the reader frees what it passes us. */
    tenor_article_free(&b->articles[b->n]); /* what a parsed line left there */
    b->articles[b->n++] = *a;
    *a = (tenor_article)TENOR_ARTICLE_INIT;
    return b->n == BATCH_ARTICLES ? advance(r) : 0;
}

static void warn_repairs(const char *path, const tenor_repairs *rep)
{
    if (rep->invalid_utf8)
        out_error("warning: %s: replaced %zu invalid UTF-8 sequence%s with U+FFFD (first at "
                  "byte offset %lld)",
                  path, rep->invalid_utf8, rep->invalid_utf8 == 1 ? "" : "s", rep->first_offset);
}

/* A stream read in blocks (getc per byte was 5% of classify in callgrind), each what
 * one read(2) returns, so that input trickling down a pipe is answered line by line. */
typedef struct {
    int fd;
    bool failed; /* a read error, not the end of the input */
    int stop_rc; /* writing out before a wait failed: reading stops */
    run *r;      /* whose pending output goes out before a read would wait */
    size_t pos, end;
    char buf[1 << 16];
} line_reader;

/* Whether a read from fd would wait: input trickling down a pipe, or typed. */
static bool would_wait(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 0;
}

/* Refills lr's buffer; false at the end of the input, on an error, or when writing out
 * what is pending failed (stop_rc). Before a read that would wait, everything read so
 * far is scored and written, so a stream (tail -f | tenor classify) sees each article
 * as soon as it is complete, while a file is written in large blocks. */
static bool refill(line_reader *lr)
{
    lr->pos = lr->end = 0;
    if (lr->r && would_wait(lr->fd) && (lr->stop_rc = flush_pending(lr->r)) != 0)
        return false;
    for (;;) {
        ssize_t got = read(lr->fd, lr->buf, sizeof lr->buf);
        if (got > 0) {
            lr->end = (size_t)got;
            return true;
        }
        if (got < 0 && errno == EINTR)
            continue;
        lr->failed = got < 0;
        return false;
    }
}

/* The first byte after the white space that follows what has been read, without
 * consuming anything (white space kept in the buffer is moved to its front and more is
 * read after it), or -1 at the end of the input or past a buffer of white space. */
static int peek_next_byte(line_reader *lr)
{
    for (;;) {
        for (size_t i = lr->pos; i < lr->end; i++) {
            char c = lr->buf[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return (unsigned char)c;
        }
        size_t keep = lr->end - lr->pos;
        if (keep == sizeof lr->buf)
            return -1;
        memmove(lr->buf, lr->buf + lr->pos, keep);
        lr->pos = 0;
        lr->end = keep;
        ssize_t got;
        while ((got = read(lr->fd, lr->buf + keep, sizeof lr->buf - keep)) < 0 && errno == EINTR)
            ;
        if (got <= 0) {
            lr->failed = got < 0;
            return -1;
        }
        lr->end += (size_t)got;
    }
}

/* tenor_input_detect for a stream whose first line is (line, len): a line that opens an
 * object but is no whole value is told apart (a document over several lines, or a JSONL
 * record cut between tokens) by the next line's first byte, peeked at, not read. */
static tenor_input_format detect_stream(line_reader *lr, const char *line, size_t len)
{
    tenor_input_format fmt = tenor_input_detect(line, len);
    if (fmt != TENOR_INPUT_JSON || line[strspn(line, " \t\r\n")] != '{')
        return fmt;
    int next = peek_next_byte(lr);
    if (next < 0)
        return fmt;
    char *both = malloc(len + 3);
    if (!both)
        return fmt;
    memcpy(both, line, len);
    size_t n = len;
    if (!n || both[n - 1] != '\n')
        both[n++] = '\n';
    both[n++] = (char)next;
    fmt = tenor_input_detect(both, n);
    free(both);
    return fmt;
}

/* getline that keeps at most limit + 1 bytes of a line (the caller refuses longer
 * ones) but consumes and counts all of it: a multi-gigabyte line with no newline must
 * not be held in memory just to be rejected. Returns the line's full length with its
 * newline, -1 at end of input, -2 out of memory, or -3 if writing out failed. With
 * `view`, a line that lies whole in the reader's buffer is not copied: *view is where
 * it is there, valid until the next read (no NUL after it); else *view is *line. */
static ssize_t read_line(line_reader *lr, char **line, size_t *cap, size_t limit,
                         const char **view)
{
    size_t n = 0, kept = 0;
    for (;;) {
        if (lr->pos == lr->end && !refill(lr))
            break;
        const char *from = lr->buf + lr->pos;
        const char *nl = memchr(from, '\n', lr->end - lr->pos);
        size_t take = nl ? (size_t)(nl - from) + 1 : lr->end - lr->pos;
        if (view && nl && n == 0 && take <= limit + 1) {
            lr->pos += take;
            *view = from;
            return (ssize_t)take; /* take <= 64 KB */
        }
        size_t room = kept <= limit ? limit + 1 - kept : 0; /* still kept of this line */
        size_t keep = take < room ? take : room;
        if (kept + keep + 1 > *cap) {
            size_t ncap = *cap ? *cap : 4096;
            while (ncap < kept + keep + 1)
                ncap *= 2;
            char *p = realloc(*line, ncap);
            if (!p)
                return -2;
            *line = p;
            *cap = ncap;
        }
        memcpy(*line + kept, from, keep);
        kept += keep;
        n += take;
        lr->pos += take;
        if (nl)
            break;
    }
    if (lr->stop_rc)
        return -3;
    if (n == 0)
        return -1;
    (*line)[kept] = '\0';
    if (view)
        *view = *line;
    return n > (size_t)SSIZE_MAX ? SSIZE_MAX : (ssize_t)n;
}

/* Reads JSONL from f one line at a time; `first` is the line already read. */
static int stream_jsonl(run *r, line_reader *lr, const char *path, char *line, ssize_t len,
                        size_t *cap, long line_no, tenor_repairs *rep)
{
    tenor_article a = TENOR_ARTICLE_INIT;
    int rc = 0;
    long long offset = 0;
    r->rep = rep;
    const char *text = line; /* the line: in *line, or in the reader's buffer */
    for (; len >= 0; len = read_line(lr, &line, cap, LINE_LIMIT, &text), line_no++) {
        tenor_diag diag;
        tenor_diag_clear(&diag);
        size_t n = (size_t)len;
        if ((size_t)len > LINE_LIMIT) {
            if ((rc = drain(r)) != 0) /* its messages come first */
                break;
            out_error("%s:%ld: line longer than %zu bytes; skipped", path, line_no, LINE_LIMIT);
            r->bad_inputs++;
            offset += len;
            continue;
        }
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n';
        if (!blank && r->nthreads > 1) {
            if ((rc = queue_line(r, path, text, n, line_no, offset)) != 0)
                break;
        } else if (!blank) {
            tenor_repairs line_rep = {0, -1};
            rc = tenor_article_parse_line(&a, path, line_no, text, n, &line_rep, &diag);
            if (line_rep.invalid_utf8) {
                if (!rep->invalid_utf8)
                    rep->first_offset = offset + line_rep.first_offset;
                rep->invalid_utf8 += line_rep.invalid_utf8;
            }
            if (rc == TENOR_EFORMAT) {
                out_diag(&diag, rc, path); /* one bad line costs only itself */
                r->bad_inputs++;
                rc = 0;
            } else if (!rc) {
                rc = emit(&a, r);
            }
            if (rc)
                break;
        }
        offset += len;
    }
    if (len == -2 && !rc)
        rc = TENOR_ENOMEM;
    if (len == -3 && !rc)
        rc = lr->stop_rc;
    if (!rc) /* its lines refer to this input's path and repairs */
        rc = drain(r);
    if (len == -1 && lr->failed) { /* a read error is not the end of the input */
        out_error("%s:%ld: read error", path, line_no);
        r->bad_inputs++;
    }
    tenor_article_free(&a);
    free(line);
    return rc;
}

/* Whether a first line is JSON's rather than text's: a whole object (JSONL), or an
 * array opening on an object, a string or the end of the line ("[Updated 14:00] ..."
 * is text). */
static bool looks_like_json(const char *line, size_t len)
{
    size_t i = strspn(line, " \t\r\n");
    if (i < len && line[i] == '[') {
        i += 1 + strspn(line + i + 1, " \t\r");
        return i >= len || line[i] == '{' || line[i] == '"' || line[i] == '\n';
    }
    return tenor_input_detect(line, len) == TENOR_INPUT_JSONL;
}

static int classify_stream(run *r, FILE *f, const char *path, tenor_input_format fmt)
{
    static line_reader lr; /* 64 KB: static, not on the stack; one stream at a time */
    lr.fd = fileno(f);
    lr.failed = false;
    lr.stop_rc = 0;
    lr.r = r;
    lr.pos = lr.end = 0;
    char *line = NULL;
    size_t cap = 0;
    long line_no = 1;
    tenor_buf whole = TENOR_BUF_INIT;
    tenor_repairs rep = {0, -1};
    ssize_t len;
    int rc = 0;
    /* The first non-blank line decides between streaming and reading the whole input. */
    size_t blank_bytes = 0; /* leading blank lines: nothing to keep, only to count */
    while ((len = read_line(&lr, &line, &cap, INPUT_LIMIT, NULL)) >= 0) {
        size_t have = (size_t)len > INPUT_LIMIT ? INPUT_LIMIT + 1 : (size_t)len, i = 0;
        while (i < have && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
                            line[i] == '\n'))
            i++;
        if (i < have)
            break;
        blank_bytes += (size_t)len;
        line_no++;
    }
    const char *wide = len >= 0 && !blank_bytes ? tenor_text_wide_encoding(line, (size_t)len)
                                                : NULL;
    if (wide) {
        out_error("%s: %s text; convert it to UTF-8 (iconv -f %s -t UTF-8)", path, wide, wide);
        r->bad_inputs++;
        goto done;
    }
    if (r->text_by_name && len >= 0 && looks_like_json(line, strnlen(line, LINE_LIMIT)))
        out_error("note: %s starts like JSON but is read as text for its name; JSON or "
                  "JSONL: --input-format json or jsonl", path);
    /* A first line over the limit that opens an object is taken as JSONL: either way
     * it is refused, and this way the lines after it are still read. */
    bool object_too_long = len > (ssize_t)INPUT_LIMIT && line[strspn(line, " \t\r\n")] == '{';
    if (len >= 0 && (fmt == TENOR_INPUT_JSONL ||
                     (fmt == TENOR_INPUT_AUTO &&
                      (object_too_long ||
                       detect_stream(&lr, line, strnlen(line, LINE_LIMIT)) == TENOR_INPUT_JSONL)))) {
        tenor_buf_free(&whole);
        rc = stream_jsonl(r, &lr, path, line, len, &cap, line_no, &rep);
        line = NULL;
        goto done;
    }
    if (len == -2 || len == -3) {
        rc = len == -2 ? TENOR_ENOMEM : lr.stop_rc;
        goto done;
    }
    if (len > (ssize_t)INPUT_LIMIT) {
        out_error("%s: larger than the limit of %zu bytes; split it or use JSONL", path,
                  INPUT_LIMIT);
        r->bad_inputs++;
        goto done;
    }
    if (len >= 0 && tenor_buf_append(&whole, line, (size_t)len)) {
        rc = TENOR_ENOMEM;
        goto done;
    }
    free(line);
    line = NULL;
    if (len >= 0) {
        tenor_diag diag;
        tenor_diag_clear(&diag);
        /* The rest of the input: what the reader holds, then the stream. */
        bool more = lr.pos < lr.end || refill(&lr);
        for (; more; more = refill(&lr)) {
            size_t got = lr.end - lr.pos;
            if (whole.len + got > INPUT_LIMIT) {
                out_error("%s: larger than the limit of %zu bytes; split it or use JSONL",
                          path, INPUT_LIMIT);
                r->bad_inputs++;
                goto done;
            }
            if (tenor_buf_append(&whole, lr.buf + lr.pos, got)) {
                rc = TENOR_ENOMEM;
                goto done;
            }
        }
        if ((rc = lr.stop_rc) != 0)
            goto done;
    }
    if (lr.failed) {
        out_error("%s: read error", path);
        r->bad_inputs++;
        goto done;
    }
    tenor_diag diag;
    tenor_diag_clear(&diag);
    rc = tenor_articles_parse(path, whole.data ? whole.data : "", whole.len, fmt, emit, r, &rep,
                              &diag);
    if (rep.invalid_utf8) /* offsets count from the file's start, blank lines included */
        rep.first_offset += (long long)blank_bytes;
    if (rc == TENOR_EFORMAT) {
        out_diag(&diag, rc, path);
        if (fmt == TENOR_INPUT_AUTO && diag.offset >= 0 && /* a JSON syntax error */
            tenor_input_detect(whole.data, whole.len) == TENOR_INPUT_JSON)
            fprintf(stderr, "---> HINT: read as one JSON document because it starts with '[' "
                            "or '{'; JSON Lines: --input-format jsonl; plain text: "
                            "--input-format text\n");
        r->bad_inputs++;
        rc = 0;
    }
done:
    warn_repairs(path, &rep);
    free(line);
    tenor_buf_free(&whole);
    return rc;
}

/* A .txt file is text: detection would read "[Updated 14:00] The minister ..." as JSON.
 * Other names say little (JSONL is often saved as .json), so their content decides. */
static tenor_input_format format_of_name(const char *path)
{
    static const char *const text_ext[] = {".txt", ".text"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof text_ext / sizeof *text_ext; i++) {
        size_t e = strlen(text_ext[i]);
        if (n > e && strcasecmp(path + n - e, text_ext[i]) == 0 && path[n - e - 1] != '/')
            return TENOR_INPUT_TEXT;
    }
    return TENOR_INPUT_AUTO;
}

static int classify_path(run *r, const char *path, tenor_input_format fmt)
{
    bool is_stdin = strcmp(path, "-") == 0;
    r->text_by_name = false;
    if (fmt == TENOR_INPUT_AUTO && !is_stdin)
        r->text_by_name = (fmt = format_of_name(path)) == TENOR_INPUT_TEXT;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        out_error("%s: cannot open: %s", path, strerror(errno));
        r->bad_inputs++;
        return 0;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        out_error("%s: is a directory", path);
        r->bad_inputs++;
        fclose(f);
        return 0;
    }
    int rc = classify_stream(r, f, is_stdin ? "stdin" : path, fmt);
    if (!is_stdin)
        fclose(f);
    return rc;
}

static bool parse_input_format(const char *s, tenor_input_format *out)
{
    static const char *const names[] = {"text", "json", "jsonl"};
    static const tenor_input_format values[] = {TENOR_INPUT_TEXT, TENOR_INPUT_JSON,
                                                TENOR_INPUT_JSONL};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = values[i];
            return true;
        }
    return false;
}

int cmd_classify(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"model", required_argument, NULL, 'm'},   {"format", required_argument, NULL, 'f'},
        {"explain", required_argument, NULL, 'e'}, {"input-format", required_argument, NULL, 'i'},
        {"threads", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    char **models = calloc((size_t)argc, sizeof *models);
    size_t nmodels = 0;
    const char *format = NULL;
    long explain = 0, threads = (long)tenor_cpu_count();
    tenor_input_format in_fmt = TENOR_INPUT_AUTO;
    int c, code = EXIT_OK;
    if (!models) {
        out_error("out of memory");
        return EXIT_DATA;
    }
    optind = 1;
    opterr = 0; /* our own messages, below */
    while ((c = getopt_long(argc, argv, "m:f:e:i:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': models[nmodels++] = optarg; break;
        case 'f': format = optarg; break;
        case 'e':
            if (!opt_parse_long(optarg, 0, 1000, &explain)) {
                free(models);
                return out_usage("classify", "--explain takes a number from 0 to 1000, not "
                                             "'%s'", optarg);
            }
            break;
        case 't':
            if (!opt_parse_long(optarg, 1, 256, &threads)) {
                free(models);
                return out_usage("classify", "--threads takes a number from 1 to 256, not "
                                             "'%s'", optarg);
            }
            break;
        case 'i':
            if (!parse_input_format(optarg, &in_fmt)) {
                free(models);
                return out_usage("classify", "--input-format must be text, json or jsonl");
            }
            break;
        case 'h':
            free(models);
            cmd_classify_help(stdout);
            return out_finish(EXIT_OK);
        default:
            free(models);
            return out_usage("classify", "unknown option, or one missing its value: '%s'",
                             opt_offending(argc, argv));
        }
    }
    run *r = calloc(1, sizeof *r); /* the batch arrays are large for a stack frame */
    if (!r) {
        free(models);
        out_error("out of memory");
        return EXIT_DATA;
    }
    r->format = OUT_JSONL;
    r->width = 100;
    r->nthreads = (size_t)threads;
    r->filling = &r->batches[0];
    for (size_t b = 0; b < 2; b++)
        r->batches[b].r = r;
    if (!format)
        r->format = isatty(STDOUT_FILENO) ? OUT_TEXT : OUT_JSONL;
    else if (strcmp(format, "text") == 0)
        r->format = OUT_TEXT;
    else if (strcmp(format, "json") == 0)
        r->format = OUT_JSON;
    else if (strcmp(format, "jsonl") == 0)
        r->format = OUT_JSONL;
    else if (strcmp(format, "html") == 0)
        r->format = OUT_HTML;
    else {
        free(models);
        free(r);
        return out_usage("classify", "--format must be text, json, jsonl or html, not '%s'",
                         format);
    }
    const char *no_color = getenv("NO_COLOR");
    bool tty = isatty(STDOUT_FILENO);
    if (!tty)
        out_buffer_blocks(); /* pending output still goes out before a read waits (refill) */
    r->hold = !tty && r->nthreads <= 1;
    r->color = r->format == OUT_TEXT && tty && !(no_color && *no_color);
    struct winsize ws;
    if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_col < 100)
        r->width = ws.ws_col; /* a narrow terminal (the table takes at least 60 columns) */

    for (int i = optind, stdin_args = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && ++stdin_args == 2) {
            free(models);
            free(r);
            return out_usage("classify", "'-' (stdin) given twice: it can be read once");
        }
    bundle_set set;
    code = bundles_load(&set, models, nmodels);
    free(models);
    if (code) {
        free(r);
        return code;
    }
    int rc = 0;
    if (!(r->scorers = calloc(r->nthreads, sizeof *r->scorers)))
        rc = TENOR_ENOMEM;
    for (size_t t = 0; !rc && t < r->nthreads; t++)
        rc = tenor_scorer_new(&r->scorers[t], (const tenor_bundle *const *)set.items, set.n,
                              (size_t)explain);
    if (!rc && r->nthreads > 1)
        rc = tenor_parallel_new(&r->pool, r->nthreads);
    if (rc) {
        out_error("out of memory");
        code = EXIT_DATA;
        goto done;
    }
    if (optind >= argc)
        rc = classify_path(r, "-", in_fmt);
    for (int i = optind; !rc && i < argc; i++)
        rc = classify_path(r, argv[i], in_fmt);
    int held_rc = write_held(r); /* the articles before a failure too, as they were */
    if (!rc)
        rc = held_rc;
    if (!rc)
        rc = drain(r);
    if (!rc && r->format == OUT_JSON && !r->write_failed)
        out_write(r->articles ? "\n]\n" : "[]\n", 3);
    if (!rc && r->format == OUT_HTML && !r->write_failed) {
        tenor_buf_clear(&r->buf);
        if ((r->articles || !tenor_report_html_begin(&r->buf, NULL)) &&
            !tenor_report_html_end(&r->buf))
            out_write(r->buf.data, r->buf.len);
    }
    if (rc && !r->write_failed) {
        out_error("%s", tenor_strerror(rc));
        code = EXIT_DATA;
    }
    if (r->bad_inputs)
        code = EXIT_DATA;
done:
    if (r->scoring) /* a batch after a failure: waited for, not written */
        finish_batch(r);
    tenor_parallel_free(r->pool);
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i < BATCH_ARTICLES; i++) {
            /* pending, or kept for the next line */
            tenor_article_free(&r->batches[b].articles[i]);
            tenor_buf_free(&r->batches[b].outs[i]);
            free(r->batches[b].lines[i].text);
        }
    tenor_buf_free(&r->buf);
    tenor_buf_free(&r->sep);
    for (size_t t = 0; r->scorers && t < r->nthreads; t++)
        tenor_scorer_free(r->scorers[t]);
    free(r->scorers);
    free(r);
    bundles_free(&set);
    return out_finish(code);
}
