/* The explaining handshakes, judged (see explain.h). */
#include "config.h"

#include <gnutls/gnutls.h>
#include <stdbool.h>

#include "explain.h"
#include "i18n.h"

#define X_NAME(id, name, text) name,
#define X_TEXT(id, name, text) text,
static const char *const names[] = {EXPLAIN_TABLE(X_NAME)};
static const char *const texts[] = {EXPLAIN_TABLE(X_TEXT)};
#undef X_NAME
#undef X_TEXT
#define NSUMMARIES (sizeof names / sizeof *names)

const char *
explain_name(enum explain_summary e)
{
    return (size_t)e < NSUMMARIES ? names[e] : NULL;
}

const char *
explain_text(enum explain_summary e)
{
    return (size_t)e < NSUMMARIES && texts[e] ? _(texts[e]) : NULL;
}

enum explain_summary
explain_summary(const struct obs_addr *a, enum target_proto min)
{
    const struct obs_explain *x = &a->explain;
    int v, lowest = min <= TARGET_TLS10 ? OBS_TLS10 : min == TARGET_TLS11 ? OBS_TLS11 : OBS_TLS12;
    bool offered_ok = false, other_ok = false, tried = false;

    if (a->tls.status == TLS_OK)
        return EXPLAIN_NONE;
    if (a->tls.status == TLS_NOT_TLS)
        return EXPLAIN_NOT_TLS;
    if (a->tls.client_cert_requested)
        return EXPLAIN_CLIENT_CERT;
    /* A certificate GnuTLS could not parse ends the handshake whatever the
     * versions: the explaining handshakes say nothing about it. */
    if (a->tls.gnutls_error == GNUTLS_E_CERTIFICATE_ERROR ||
        a->tls.gnutls_error == GNUTLS_E_ASN1_DER_ERROR ||
        a->tls.gnutls_error == GNUTLS_E_X509_UNSUPPORTED_ATTRIBUTE ||
        a->tls.gnutls_error == GNUTLS_E_CERTIFICATE_LIST_UNSORTED)
        return EXPLAIN_NONE;
    if (!x->ran)
        return EXPLAIN_NONE;
    for (v = 0; v < OBS_VERSION_COUNT; v++) {
        if (x->version_ok[v] < 0)
            continue;
        tried = true;
        if (x->version_ok[v] == 1) {
            if (v >= lowest && v <= OBS_TLS12)
                offered_ok = true;
            else
                other_ok = true;
        }
    }
    if (tried && !offered_ok && other_ok) {
        for (v = OBS_TLS10; v <= OBS_TLS12; v++)
            if (x->version_ok[v] == 1)
                return EXPLAIN_NO_COMMON_VERSION;
        return EXPLAIN_ONLY_TLS13;
    }
    if (x->any_cipher_ok == 1)
        return x->any_cipher_in_profile ? EXPLAIN_CERT_KEY : EXPLAIN_NO_COMMON_CIPHER;
    return EXPLAIN_NONE;
}
