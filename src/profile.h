/* CloudFront's client profile toward custom origins (CLOUDFRONT.md §2-§6), in
 * one place, expressed as GnuTLS priority strings. */
#ifndef PROFILE_H
#define PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "target.h"

/* One of CloudFront's 16 origin cipher suites. */
struct profile_suite {
    const char *openssl_name; /* ECDHE-RSA-AES128-GCM-SHA256 */
    const char *iana_name;    /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
    unsigned char id[2];
};

extern const struct profile_suite profile_suites[];
extern const size_t profile_nsuites;

/* The suite with this id, or NULL when CloudFront does not offer it. */
const struct profile_suite *profile_suite_find(const unsigned char id[2]);

/* Each string offers the versions of the origin's OriginSslProtocols
 * (t->ssl_protocols): the priority is built per origin.
 *
 * GnuTLS builds its cipher list as a product of key exchanges, ciphers and
 * MACs, so no single priority string offers exactly CloudFront's 16 suites.
 * The main string offers them all plus a few extras; the exact strings
 * below each offer a subset, and together exactly the 16.  Returned strings
 * are freshly allocated; caller frees. */
char *profile_priority_main(const struct target *t);
/* i in 0..profile_exact_count()-1 */
size_t profile_exact_count(void);
char *profile_priority_exact(const struct target *t, size_t i);

/* Explaining handshakes: exactly one protocol version, any suite GnuTLS has. */
char *profile_priority_version_only(int obs_version);
/* CloudFront's versions, any suite. */
char *profile_priority_any_cipher(const struct target *t);

/* Default timeouts of the run (the connection timeout is the origin's:
 * TARGET_DEFAULT_CONNECT_TIMEOUT_MS). */
#define PROFILE_HANDSHAKE_TIMEOUT_MS 10000
#define PROFILE_DNS_TIMEOUT_MS 5000

#endif
