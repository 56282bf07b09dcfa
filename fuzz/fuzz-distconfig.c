#include "config.h"

/* The distribution-config reader: JSON text, as in a saved file or the CLI's
 * get-distribution(-config) output, parsed by jansson as distrun.c does,
 * then distconfig_parse() and the probes and behaviours it derives. */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "distconfig.h"
#include "fuzz.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *doc;
    struct distconfig dc;
    struct distconfig_target *t = NULL;
    char *err = NULL;
    size_t n = 0, i, *seen;

    if (size > 1 << 20)
        return 0;
    if (!(doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr)))
        return 0;
    memset(&dc, 0, sizeof dc);
    if (!distconfig_parse(doc, &dc, &err)) {
        if (!err || !*err)
            fuzz_fail("a configuration refused without a reason");
        if (fuzz_has_control(err, strlen(err)))
            fuzz_fail("the reason holds a control byte: %s", err);
        free(err);
        json_decref(doc);
        return 0;
    }
    if (err)
        fuzz_fail("a reason for a configuration read");
    distconfig_targets(&dc, &t, &n);
    for (i = 0; i < n; i++) {
        if (t[i].origin >= dc.norigins)
            fuzz_fail("probe %zu: origin %zu of %zu", i, t[i].origin, dc.norigins);
        if (t[i].host_header && fuzz_has_control(t[i].host_header, strlen(t[i].host_header)))
            fuzz_fail("probe %zu: a control byte in the Host", i);
    }
    seen = xcalloc(dc.nbehaviors + 1, sizeof *seen);
    for (i = 0; i < dc.norigins; i++) {
        size_t k = distconfig_origin_behaviors(&dc, i, seen, dc.nbehaviors);
        if (k > dc.nbehaviors)
            fuzz_fail("origin %zu: %zu behaviours of %zu", i, k, dc.nbehaviors);
        if (dc.origins[i].domain_name &&
            fuzz_has_control(dc.origins[i].domain_name, strlen(dc.origins[i].domain_name)))
            fuzz_fail("origin %zu: a control byte in the domain name", i);
    }
    free(seen);
    distconfig_targets_free(t, n);
    distconfig_clear(&dc);
    json_decref(doc);
    return 0;
}
