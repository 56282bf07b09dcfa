#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distconfig.h"
#include "fixture.h"
#include "xmalloc.h"

json_t *
fixture_load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) {
        fprintf(stderr, "bad fixture: %s (line %d, column %d): %s\n", e.text, e.line, e.column,
                text);
        exit(99);
    }
    return j;
}

char *
fixture_targets(const struct distconfig *dc)
{
    struct distconfig_target *ts;
    size_t n, i, k;
    char *out = xstrdup(""), *tmp;

    distconfig_targets(dc, &ts, &n);
    for (i = 0; i < n; i++) {
        char beh[256] = "";
        for (k = 0; k < ts[i].nbehaviors; k++) {
            strncat(beh, k ? "," : "", sizeof beh - strlen(beh) - 1);
            strncat(beh, ts[i].behaviors[k], sizeof beh - strlen(beh) - 1);
        }
        tmp = xasprintf("%s%s%s|%s|%u|%s|%s|%s", out, *out ? ";" : "", dc->origins[ts[i].origin].id,
                        ts[i].tls ? "tls" : "tcp", ts[i].port,
                        ts[i].host_header ? ts[i].host_header : "-",
                        ts[i].host_assumed ? "assumed" : "sure", beh);
        free(out);
        out = tmp;
    }
    distconfig_targets_free(ts, n);
    return out;
}
