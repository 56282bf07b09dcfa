#include "config.h"

#include <string.h>

#include "obs.h"
#include "profile.h"
#include "xmalloc.h"

/* CloudFront's origin cipher suites, in the order of the AWS page
 * "Supported protocols and ciphers between CloudFront and the origin"
 * (CLOUDFRONT.md §4, source S4). */
const struct profile_suite profile_suites[] = {
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", {0xc0, 0x2c}},
    {"ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", {0xc0, 0x24}},
    {"ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", {0xc0, 0x0a}},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", {0xc0, 0x2b}},
    {"ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", {0xc0, 0x23}},
    {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", {0xc0, 0x09}},
    {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", {0xc0, 0x30}},
    {"ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", {0xc0, 0x28}},
    {"ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", {0xc0, 0x14}},
    {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", {0xc0, 0x2f}},
    {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", {0xc0, 0x27}},
    {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", {0xc0, 0x13}},
    {"AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", {0x00, 0x35}},
    {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", {0x00, 0x2f}},
    {"DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", {0x00, 0x0a}},
    {"RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", {0x00, 0x04}},
};
const size_t profile_nsuites = sizeof profile_suites / sizeof profile_suites[0];

const struct profile_suite *
profile_suite_find(const unsigned char id[2])
{
    size_t i;
    for (i = 0; i < profile_nsuites; i++)
        if (profile_suites[i].id[0] == id[0] && profile_suites[i].id[1] == id[1])
            return &profile_suites[i];
    return NULL;
}

/* Groups and signature schemes CloudFront offers (§4).  No RSA-PSS, no EdDSA. */
#define PROFILE_GROUPS "+GROUP-SECP256R1:+GROUP-SECP384R1:+GROUP-X25519"
#define PROFILE_SIGS                                                                              \
    "+SIGN-RSA-SHA256:+SIGN-RSA-SHA384:+SIGN-RSA-SHA512:+SIGN-RSA-SHA224:"                        \
    "+SIGN-ECDSA-SHA256:+SIGN-ECDSA-SHA384:+SIGN-ECDSA-SHA512:+SIGN-ECDSA-SHA224:"                \
    "+SIGN-RSA-SHA1:+SIGN-ECDSA-SHA1"

/* Suites as key exchange x cipher x MAC products.  The first covers all 16
 * (and some extras); the rest are exact: 12 ECDHE + 3 RSA + RC4-MD5. */
static const char *const suite_sets[] = {
    "+ECDHE-ECDSA:+ECDHE-RSA:+RSA:+AES-256-GCM:+AES-128-GCM:+AES-256-CBC:+AES-128-CBC:"
    "+3DES-CBC:+ARCFOUR-128:+AEAD:+SHA384:+SHA256:+SHA1:+MD5",
    "+ECDHE-ECDSA:+ECDHE-RSA:+AES-256-GCM:+AES-128-GCM:+AES-256-CBC:+AES-128-CBC:"
    "+AEAD:+SHA384:+SHA256:+SHA1",
    "+RSA:+AES-256-CBC:+AES-128-CBC:+3DES-CBC:+SHA1",
    "+RSA:+ARCFOUR-128:+MD5",
};

/* "+VERS-TLS1.2:+VERS-TLS1.1..." for the origin's OriginSslProtocols, a set
 * (CLOUDFRONT.md §3.1).  GnuTLS 3.7 has no SSL 3.0, so SSLv3 offers what
 * TLSv1 does.  Into buf (big enough for all three). */
static const char *
versions(const struct target *t, char buf[64])
{
    unsigned set = t->ssl_protocols;

    buf[0] = '\0';
    if (!set)
        set = TARGET_PROTO_BIT(TARGET_TLS12); /* never empty: CloudFront's default */
    if (set & TARGET_PROTO_BIT(TARGET_TLS12))
        strcat(buf, "+VERS-TLS1.2");
    if (set & TARGET_PROTO_BIT(TARGET_TLS11))
        strcat(buf, *buf ? ":+VERS-TLS1.1" : "+VERS-TLS1.1");
    if (set & (TARGET_PROTO_BIT(TARGET_TLS10) | TARGET_PROTO_BIT(TARGET_SSLV3)))
        strcat(buf, *buf ? ":+VERS-TLS1.0" : "+VERS-TLS1.0");
    return buf;
}

static char *
build(const struct target *t, const char *suites)
{
    char v[64];
    return xasprintf("NONE:%s:%s:+COMP-NULL:+CTYPE-X509:" PROFILE_GROUPS ":" PROFILE_SIGS,
                     versions(t, v), suites);
}

char *
profile_priority_main(const struct target *t)
{
    return build(t, suite_sets[0]);
}

size_t
profile_exact_count(void)
{
    return sizeof suite_sets / sizeof suite_sets[0] - 1;
}

char *
profile_priority_exact(const struct target *t, size_t i)
{
    return build(t, suite_sets[1 + i]);
}

/* Everything GnuTLS can speak, so that a refusal means the server's. */
#define ANY_SUITE                                                                                  \
    "+CIPHER-ALL:+KX-ALL:+MAC-ALL:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509:+ARCFOUR-128:"       \
    "+3DES-CBC:%%COMPAT"

char *
profile_priority_version_only(int v)
{
    static const char *const vers[OBS_VERSION_COUNT] = {"+VERS-TLS1.0", "+VERS-TLS1.1",
                                                        "+VERS-TLS1.2", "+VERS-TLS1.3"};
    return xasprintf("NONE:%s:" ANY_SUITE, vers[v]);
}

char *
profile_priority_any_cipher(const struct target *t)
{
    char v[64];
    return xasprintf("NONE:%s:" ANY_SUITE, versions(t, v));
}
