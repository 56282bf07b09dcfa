#include "config.h"

/* The TLS record reader (src/tlsrec.c): the server's raw bytes -> the
 * certificate list, whatever the bytes are. */

#include <string.h>

#include "fuzz.h"
#include "obs.h"
#include "tlsrec.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct obs_tls o;
    size_t i, total = 0;

    memset(&o, 0, sizeof o);
    tlsrec_certs(data, size, &o);
    if (o.ncerts > OBS_MAX_CERTS || o.certs_received < o.ncerts)
        fuzz_fail("%zu certificates kept of %zu", o.ncerts, o.certs_received);
    for (i = 0; i < o.ncerts; i++) {
        if (o.certs[i].size > size)
            fuzz_fail("certificate %zu: %zu bytes from %zu bytes of input", i, o.certs[i].size,
                      size);
        if ((o.certs[i].der == NULL) != (o.certs[i].size > OBS_MAX_CERT_SIZE))
            fuzz_fail("certificate %zu: DER kept does not follow the size cap", i);
        total += o.certs[i].size;
    }
    if (total > size)
        fuzz_fail("%zu bytes of certificates from %zu bytes of input", total, size);
    obs_tls_clear(&o);
    return 0;
}
