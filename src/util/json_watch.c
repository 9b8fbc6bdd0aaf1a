/* json_watch.c - see json_watch.h. */
#include "util/json_watch.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdlib.h>

static _Thread_local bool failed;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *watched_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        failed = true;
    return p;
}

static void install_hooks(void)
{
    cJSON_Hooks hooks = {watched_malloc, free};
    cJSON_InitHooks(&hooks);
}

void tenor_json_watch(void)
{
    pthread_once(&hooks_once, install_hooks);
    failed = false;
}

bool tenor_json_failed(void)
{
    return failed;
}
