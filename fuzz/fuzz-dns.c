#include "config.h"

/* The DNS answer parser (dns_parse_answer in src/dns.c).  The first byte
 * chooses the question type (A or AAAA); the rest is the answer. */

#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "fuzz.h"
#include "obs.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct observation *obs;
    struct obs_origin *o;
    unsigned char *answer;
    char *why = NULL;
    int qtype, rc;
    size_t i;

    if (size < 1 || size > 65536)
        return 0;
    qtype = data[0] & 1 ? 28 /* AAAA */ : 1 /* A */;
    obs = xcalloc(1, sizeof *obs);
    obs->origins = o = xcalloc(1, sizeof *o);
    obs->norigins = 1;
    target_init(&o->target);
    o->target.input = xstrdup("origin.test");
    o->target.name = xstrdup("origin.test");
    /* An exact-size copy of the answer: a read past its end is caught. */
    answer = xmalloc(size - 1 ? size - 1 : 1);
    memcpy(answer, data + 1, size - 1);
    rc = dns_parse_answer(answer, (int)(size - 1), o, qtype, &why);
    free(answer);
    if (rc < -1 || rc > 15)
        fuzz_fail("rcode %d", rc);
    if (rc == -1 && !why)
        fuzz_fail("a malformed answer without a reason");
    if (why && fuzz_has_control(why, strlen(why)))
        fuzz_fail("the reason holds a control byte");
    if (o->ncnames > OBS_MAX_CNAMES || o->naddrs > OBS_MAX_ADDRS)
        fuzz_fail("%zu CNAMEs, %zu addresses kept", o->ncnames, o->naddrs);
    for (i = 0; i < o->naddrs; i++)
        if (o->addrs[i].family != (qtype == 1 ? AF_INET : AF_INET6))
            fuzz_fail("address %zu of the wrong family", i);
    free(why);
    obs_free(obs);
    return 0;
}
