#include "config.h"

/* An origin's facts from the distribution that implied its probe. */

#include <string.h>

#include "distrun.h"
#include "facts.h"

void
facts_from_distrun(struct origin_facts *f, size_t n, const struct distrun *r)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const struct distrun_dist *d;
        const struct distconfig_target *t;
        struct origin_facts *x = &f[i];

        memset(x, 0, sizeof *x);
        if (!distrun_locate(r, i, &d, &t))
            continue;
        x->dist = true;
        x->dist_id = d->dc.id;
        x->dist_domain = d->dc.domain_name;
        x->etag = d->dc.etag;
        x->origin_id = d->dc.origins[t->origin].id;
        x->behaviors = (const char *const *)t->behaviors;
        x->nbehaviors = t->nbehaviors;
        /* An assumed Host is one of the two ways an unknown decision is
         * probed. */
        x->host = t->host_assumed  ? FACTS_HOST_UNKNOWN
                  : t->host_header ? FACTS_HOST_YES
                                   : FACTS_HOST_NO;
        x->aliases = (const char *const *)d->dc.aliases;
        x->naliases = d->dc.naliases;
    }
}
