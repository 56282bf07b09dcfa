/* The verdict is never "ok" when something was not checked (issue 12):
 * hand-built observations through diagnose().  A completed handshake whose
 * leaf was not kept (larger than OBS_MAX_CERT_SIZE) or that sent none is
 * "unknown" with chain.unchecked; an oversized handshake is "unknown" with
 * tls.oversized; a 502 finding beside them makes it "fail". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "obs.h"
#include "report.h"
#include "xmalloc.h"
#include "unit.h"

/* One origin "big.test" on 192.0.2.1 (a public-looking address, so no
 * private-address warning) with the given TLS outcome. */
static struct observation *
one_origin(enum tls_status st, size_t ncerts, size_t size0)
{
    struct observation *obs = xcalloc(1, sizeof *obs);
    struct obs_origin *o;
    struct obs_addr *a;
    const char *err = NULL;

    obs->origins = xcalloc(1, sizeof *obs->origins);
    obs->norigins = 1;
    o = &obs->origins[0];
    if (!target_parse(&o->target, "big.test", 443, &err))
        abort();
    o->sni = xstrdup("big.test");
    o->dns = DNS_OK;
    a = obs_origin_add_addr(o);
    obs_addr_set_text(a, "192.0.2.1");
    a->probed = true;
    a->tcp = TCP_CONNECTED;
    a->tls.status = st;
    a->tls.alert = -1;
    if (ncerts) {
        a->tls.certs = xcalloc(ncerts, sizeof *a->tls.certs);
        a->tls.ncerts = a->tls.certs_received = ncerts;
        a->tls.certs[0].size = size0; /* der NULL: not kept */
    }
    return obs;
}

static bool
has(const struct diag_origin *d, enum finding_id id)
{
    size_t i;
    for (i = 0; i < d->nfindings; i++)
        if (d->findings[i].id == id)
            return true;
    return false;
}

int
main(void)
{
    struct target_settings s;
    struct observation *obs;
    struct diagnosis *d;
    char *v;

    memset(&s, 0, sizeof s); /* the origin's own settings are target_parse's defaults */

    unit_set_case("leaf over the cap, handshake ok");
    obs = one_origin(TLS_OK, 1, OBS_MAX_CERT_SIZE + 1);
    d = diagnose(obs, &s, NULL, 1800000000);
    CHECK(!d->origins[0].ok);
    CHECK_INT("verdict", VERDICT_UNKNOWN, d->origins[0].verdict);
    CHECK_INT("cloudfront_status", 0, d->origins[0].cloudfront_status);
    CHECK(has(&d->origins[0], F_CHAIN_UNCHECKED));
    CHECK_STR("verdict name", "unknown", diag_verdict_name(d->origins[0].verdict));
    v = report_verdict(&d->origins[0]);
    CHECK_MSG(strstr(v, "131073 bytes") != NULL, "summary says the size: %s", v);
    free(v);
    diag_free(d);
    obs_free(obs);

    unit_set_case("handshake ok, no certificate");
    obs = one_origin(TLS_OK, 0, 0);
    d = diagnose(obs, &s, NULL, 1800000000);
    CHECK_INT("verdict", VERDICT_UNKNOWN, d->origins[0].verdict);
    CHECK(has(&d->origins[0], F_CHAIN_UNCHECKED));
    diag_free(d);
    obs_free(obs);

    unit_set_case("oversized handshake");
    obs = one_origin(TLS_OVERSIZED, 0, 0);
    d = diagnose(obs, &s, NULL, 1800000000);
    CHECK_INT("verdict", VERDICT_UNKNOWN, d->origins[0].verdict);
    CHECK(has(&d->origins[0], F_TLS_OVERSIZED));
    diag_free(d);
    obs_free(obs);

    unit_set_case("not checked, and a 502 on another address: fail");
    obs = one_origin(TLS_OK, 1, OBS_MAX_CERT_SIZE + 1);
    {
        struct obs_addr *b = obs_origin_add_addr(&obs->origins[0]);
        obs_addr_set_text(b, "192.0.2.2");
        b->probed = true;
        b->tcp = TCP_REFUSED;
        b->tls.status = TLS_SKIPPED;
        b->tls.alert = -1;
    }
    d = diagnose(obs, &s, NULL, 1800000000);
    CHECK_INT("verdict", VERDICT_FAIL, d->origins[0].verdict);
    CHECK_INT("cloudfront_status", 502, d->origins[0].cloudfront_status);
    CHECK_MSG(diag_primary(&d->origins[0])->id == F_TCP_REFUSED,
              "primary is what CloudFront does: %s",
              findings_def(diag_primary(&d->origins[0])->id)->id);
    diag_free(d);
    obs_free(obs);

    return unit_result();
}
