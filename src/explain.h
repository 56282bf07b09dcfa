/* What the explaining handshakes (and the first bytes) say about why
 * CloudFront's handshake failed, in one word.  Part of the analysis: the
 * observation records what each handshake did, this judges it.  Pure. */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "obs.h"
#include "target.h"

/* The one table: id, JSON name, sentence (N_() here, _() when shown).
 * EXPLAIN_NONE: nothing to say (the handshake worked, or the explaining
 * handshakes did not run or learned nothing). */
#define EXPLAIN_TABLE(X)                                                                           \
    X(EXPLAIN_NONE, NULL, NULL)                                                                    \
    X(EXPLAIN_NOT_TLS, "not_tls", N_("The server does not speak TLS on this port."))               \
    X(EXPLAIN_CLIENT_CERT, "client_cert",                                                          \
      N_("The server asks for a client certificate; CloudFront sends none."))                      \
    X(EXPLAIN_ONLY_TLS13, "only_tls13",                                                            \
      N_("The server speaks only TLS 1.3; CloudFront speaks at most TLS 1.2 to origins."))         \
    X(EXPLAIN_NO_COMMON_VERSION, "no_common_version",                                              \
      N_("The server speaks no protocol version CloudFront offers at this minimum."))              \
    X(EXPLAIN_NO_COMMON_CIPHER, "no_common_cipher",                                                \
      N_("The server accepts none of CloudFront's cipher suites."))                                \
    X(EXPLAIN_CERT_KEY, "cert_key",                                                                \
      N_("The server's certificate key needs signatures CloudFront does not offer."))

#define X_ENUM(id, name, text) id,
enum explain_summary { EXPLAIN_TABLE(X_ENUM) };
#undef X_ENUM

/* The summary for address a when CloudFront offers min (its Minimum Origin
 * SSL Protocol) up to TLS 1.2. */
enum explain_summary explain_summary(const struct obs_addr *a, enum target_proto min);
const char *explain_name(enum explain_summary e); /* JSON name; NULL for NONE */
const char *explain_text(enum explain_summary e); /* translated; NULL for NONE */

#endif
