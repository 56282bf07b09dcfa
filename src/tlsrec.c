#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tlsrec.h"
#include "xmalloc.h"

enum {
    REC_CHANGE_CIPHER_SPEC = 20,
    REC_HANDSHAKE = 22,
    HS_CERTIFICATE = 11,
};

static size_t
get24(const unsigned char *p)
{
    return (size_t)p[0] << 16 | (size_t)p[1] << 8 | p[2];
}

/* The handshake payloads of the records before ChangeCipherSpec, joined;
 * a record cut short contributes what arrived. */
static unsigned char *
join_handshake(const unsigned char *rx, size_t n, size_t *nhs)
{
    unsigned char *hs = NULL;
    size_t off = 0;

    *nhs = 0;
    while (n - off >= 5 && rx[off] != REC_CHANGE_CIPHER_SPEC) {
        size_t len = (size_t)rx[off + 3] << 8 | rx[off + 4];
        size_t have = n - off - 5 < len ? n - off - 5 : len;
        if (rx[off] == REC_HANDSHAKE && have) {
            hs = xrealloc(hs, *nhs + have);
            memcpy(hs + *nhs, rx + off + 5, have);
            *nhs += have;
        }
        off += 5 + have;
    }
    return hs;
}

static void
add_cert(struct obs_tls *o, const unsigned char *der, size_t len)
{
    if (o->ncerts < OBS_MAX_CERTS) {
        struct obs_cert *ce;
        o->certs = xreallocarray(o->certs, o->ncerts + 1, sizeof *o->certs);
        ce = &o->certs[o->ncerts++];
        memset(ce, 0, sizeof *ce);
        ce->size = len;
        if (len <= OBS_MAX_CERT_SIZE) {
            ce->der = xmalloc(len ? len : 1);
            memcpy(ce->der, der, len);
        }
    }
    o->certs_received++;
}

void
tlsrec_certs(const unsigned char *rx, size_t n, struct obs_tls *o)
{
    size_t nhs, p = 0;
    unsigned char *hs = join_handshake(rx, n, &nhs);

    /* Each message: type (1), length (3), body. */
    while (nhs - p >= 4) {
        size_t mlen = get24(hs + p + 1), q, end;
        if (mlen > nhs - p - 4)
            break; /* cut short */
        if (hs[p] != HS_CERTIFICATE || mlen < 3) {
            p += 4 + mlen;
            continue;
        }
        /* The list's own length (3), bounded by the message's. */
        end = p + 4 + mlen;
        if (get24(hs + p + 4) < mlen - 3)
            end = p + 7 + get24(hs + p + 4);
        for (q = p + 7; end - q >= 3;) {
            size_t clen = get24(hs + q);
            if (clen > end - q - 3)
                break;
            add_cert(o, hs + q + 3, clen);
            q += 3 + clen;
        }
        break;
    }
    free(hs);
}
