/* dataset.h - labelled paragraphs for training and evaluation.
 *
 * Pipeline: bytes -> [dataset] -> bundle (train) or metrics (evaluate). Each file is one
 * of three formats, detected from its first non-blank line:
 *   - JSONL: one object per line, {"text": ..., "label": "x"} or {"labels": ["x", "y"]}
 *     ("labels": [] is an example with no label);
 *   - fastText: "__label__x __label__y text";
 *   - TSV: "labels<TAB>text", labels separated by commas (empty = none); further TABs
 *     belong to the text (read as spaces); \n, \t and \\ in the text are unescaped; an
 *     optional first line "label<TAB>text" or "labels<TAB>text" is a header.
 * Blank lines and a leading UTF-8 BOM are skipped. Texts must be valid UTF-8 (the file and byte offset of the
 * first bad byte are reported). Labels are trimmed and kept in order of first use. */
#ifndef TENOR_DATASET_H
#define TENOR_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tenor/error.h"

typedef struct tenor_dataset tenor_dataset;

typedef enum {
    TENOR_DATA_AUTO = 0,
    TENOR_DATA_TSV,
    TENOR_DATA_JSONL,
    TENOR_DATA_FASTTEXT
} tenor_data_format;

/* An empty dataset; *out is owned by the caller (tenor_dataset_free). */
int tenor_dataset_new(tenor_dataset **out);
void tenor_dataset_free(tenor_dataset *d); /* NULL is a no-op */

/* Appends the examples in (data, len), read from `path` (used in messages). Returns 0,
 * TENOR_EFORMAT or TENOR_EUTF8 (diag names path, line and byte offset), TENOR_ENOMEM.
 * After a failure the dataset may hold part of the file: discard it. */
int tenor_dataset_add(tenor_dataset *d, const char *path, const char *data, size_t len,
                      tenor_data_format format, tenor_diag *diag);

size_t tenor_dataset_size(const tenor_dataset *d);
const char *tenor_dataset_text(const tenor_dataset *d, size_t i); /* borrowed */
size_t tenor_dataset_text_len(const tenor_dataset *d, size_t i);

size_t tenor_dataset_nlabels(const tenor_dataset *d);
const char *tenor_dataset_label(const tenor_dataset *d, size_t label); /* borrowed */

/* Whether any example has other than exactly one label, or was written with a label
 * list (JSONL "labels", several fastText labels, commas in TSV). */
bool tenor_dataset_multi_label(const tenor_dataset *d);

/* Whether example i has the label. */
bool tenor_dataset_has(const tenor_dataset *d, size_t i, size_t label);

/* CRC-32 over every byte added, in order: identifies the training data in a bundle. */
uint32_t tenor_dataset_checksum(const tenor_dataset *d);

#endif
