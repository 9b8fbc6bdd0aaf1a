/* json_watch.h - a failed allocation inside cJSON, told apart from bad input.
 *
 * cJSON returns NULL both for malformed input and for a failed malloc, and its
 * cJSON_Add* and cJSON_Create* calls drop an item silently when malloc fails: under
 * memory pressure a bundle manifest was written without a key (and train exited 0),
 * and an out-of-memory was reported as "malformed JSON". tenor installs cJSON hooks,
 * once, that note a failed allocation in a per-thread flag. (A program that installs
 * its own cJSON hooks afterwards only loses this check.) */
#ifndef TENOR_UTIL_JSON_WATCH_H
#define TENOR_UTIL_JSON_WATCH_H

#include <stdbool.h>

/* Installs the hooks on first use and clears this thread's flag. */
void tenor_json_watch(void);

/* Whether a cJSON allocation failed on this thread since tenor_json_watch. */
bool tenor_json_failed(void);

#endif
