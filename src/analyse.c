/* Diagnosis, then fix guides (see analyse.h). */
#include "config.h"

#include "analyse.h"
#include "fixes.h"

struct diagnosis *
analyse(const struct observation *obs, const struct target_settings *s,
        gnutls_x509_trust_list_t trust, time_t now, const struct origin_facts *facts)
{
    struct diagnosis *d = diagnose(obs, s, trust, now);
    size_t i;

    for (i = 0; i < d->norigins; i++) {
        d->origins[i].facts = facts ? &facts[i] : NULL;
        fixes_build(&d->origins[i], s);
    }
    return d;
}

struct diagnosis *
analyse_deferred(const struct observation *obs, const struct target_settings *s,
                 gnutls_x509_trust_list_t trust, time_t now, const struct origin_facts *facts)
{
    struct diagnosis *d = diagnose(obs, s, trust, now);
    size_t i;

    for (i = 0; i < d->norigins; i++)
        d->origins[i].facts = facts ? &facts[i] : NULL;
    d->fixes_deferred = true;
    return d;
}
