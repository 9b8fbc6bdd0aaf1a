/* fuzz_boilerplate.c - libFuzzer target for the boilerplate rules (boilerplate.h).
 *
 * The first byte picks the paragraph's place in its article; the rest, repaired to
 * valid UTF-8 as every paragraph is before it gets here, is judged. Whatever the
 * bytes: no crash, the same verdict twice (the rules are pure), "empty" exactly when
 * there is no word, a paragraph counted past 60 words is only ever a menu, and a
 * quotation mark vetoes every rule but the link rule (README, "Boilerplate"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tenor/boilerplate.h"
#include "tenor/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t count = 1 + (data[0] >> 2 & 3), index = (data[0] & 3) % count;
    char *s = NULL;
    size_t len = 0, bad = 0;
    if (tenor_utf8_repair(&s, &len, (const char *)data + 1, size - 1, &bad))
        return 0; /* out of memory */
    tenor_boilerplate_info info, again;
    bool is = tenor_boilerplate_detect(s, len, index, count, &info);
    bool is_again = tenor_boilerplate_detect(s, len, index, count, &again);
    if (is != (info.kind != TENOR_BOILERPLATE_NONE) || is != is_again ||
        info.kind != again.kind || info.words != again.words)
        abort();
    if ((info.kind == TENOR_BOILERPLATE_EMPTY) != (info.words == 0))
        abort();
    if (info.words > 60 && info.kind != TENOR_BOILERPLATE_NONE &&
        info.kind != TENOR_BOILERPLATE_MENU)
        abort();
    if (memchr(s, '"', len) && info.kind != TENOR_BOILERPLATE_NONE &&
        info.kind != TENOR_BOILERPLATE_EMPTY && info.kind != TENOR_BOILERPLATE_LINK)
        abort();
    free(s);
    return 0;
}
