/* toy_bundle.h - trains a small bundle for the tests that need real heads (scorer,
 * report): from a file in tests/data or from inline TSV, with min-df 1 and 3 folds so
 * that a few lines make a working model. Include after harness.h. */
#ifndef TENOR_TEST_TOY_BUNDLE_H
#define TENOR_TEST_TOY_BUNDLE_H

#include <stdio.h>
#include <string.h>

#include "tenor/buf.h"
#include "tenor/bundle.h"
#include "tenor/dataset.h"
#include "util/fileio.h"

/* A bundle named name, trained on tests/data/file, or on inline_data when file is NULL,
 * scoring as given (bundle.h); NULL (and a failed check) if training fails. Owned by
 * the caller. */
static tenor_bundle *toy_bundle_train_scoring(const char *name, const char *file,
                                              const char *inline_data, tenor_scoring scoring)
{
    tenor_buf bytes = TENOR_BUF_INIT;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", TENOR_TEST_DATA, file ? file : "inline.tsv");
    if (file)
        CHECK_OK(tenor_read_file(&bytes, path, 1 << 20, NULL));
    else
        CHECK_OK(tenor_buf_append(&bytes, inline_data, strlen(inline_data)));
    tenor_dataset *d = NULL;
    CHECK_OK(tenor_dataset_new(&d));
    CHECK_OK(tenor_dataset_add(d, path, bytes.data, bytes.len, TENOR_DATA_AUTO, NULL));
    tenor_bundle_opts o = {name, TENOR_FEATURE_OPTS_INIT, TENOR_TRAIN_OPTS_INIT, scoring};
    o.features.min_df = 1;
    o.train.folds = 3;
    tenor_bundle *b = NULL;
    CHECK_OK(tenor_bundle_train(&b, d, &o, NULL));
    tenor_dataset_free(d);
    tenor_buf_free(&bytes);
    return b;
}

static tenor_bundle *toy_bundle_train(const char *name, const char *file,
                                      const char *inline_data)
{
    return toy_bundle_train_scoring(name, file, inline_data, (tenor_scoring)TENOR_SCORING_INIT);
}

#endif
