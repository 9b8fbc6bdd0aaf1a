/* fuzz_dataset.c - libFuzzer target for the training-data readers (dataset.h).
 *
 * The first byte picks the format (auto, TSV, JSONL, fastText); the rest is one file,
 * added twice to the same dataset (as train does with several files). A failure must
 * come with a message; a success must give examples whose accessors agree. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/dataset.h"
#include "tenor/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const tenor_data_format formats[] = {TENOR_DATA_AUTO, TENOR_DATA_TSV,
                                                TENOR_DATA_JSONL, TENOR_DATA_FASTTEXT};
    tenor_data_format fmt = formats[data[0] & 3];
    const char *s = (const char *)data + 1;
    size_t len = size - 1;

    tenor_dataset *d = NULL;
    if (tenor_dataset_new(&d))
        return 0;
    tenor_diag diag;
    for (int round = 0; round < 2; round++) {
        tenor_diag_clear(&diag);
        int rc = tenor_dataset_add(d, "fuzz", s, len, fmt, &diag);
        if (rc != 0) {
            if (rc != TENOR_EFORMAT && rc != TENOR_EUTF8 && rc != TENOR_ELIMIT)
                abort();
            if (diag.msg[0] == '\0')
                abort();
            break;
        }
        size_t n = tenor_dataset_size(d), nl = tenor_dataset_nlabels(d);
        for (size_t i = 0; i < n; i++) {
            const char *t = tenor_dataset_text(d, i);
            size_t tl = tenor_dataset_text_len(d, i);
            if (tenor_utf8_check(t, tl, NULL) != 0 || t[tl] != '\0')
                abort();
            size_t labels = 0;
            for (size_t l = 0; l < nl; l++)
                labels += tenor_dataset_has(d, i, l);
            if (labels != 1 && !tenor_dataset_multi_label(d))
                abort();
        }
        for (size_t l = 0; l < nl; l++) {
            const char *name = tenor_dataset_label(d, l);
            if (!name || tenor_utf8_check(name, strlen(name), NULL) != 0)
                abort();
        }
    }
    tenor_dataset_free(d);
    return 0;
}
