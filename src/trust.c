/* Loading the trust store (see trust.h). */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "i18n.h"
#include "trust.h"

gnutls_x509_trust_list_t
trust_load(const char *file, const char **err)
{
    gnutls_x509_trust_list_t tl;
    int r;

    if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
        *err = _("cannot initialise a trust list");
        return NULL;
    }
    if (file)
        r = gnutls_x509_trust_list_add_trust_file(tl, file, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
    else
        r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
    if (r <= 0) {
        gnutls_x509_trust_list_deinit(tl, 1);
        *err = file ? _("no certificate could be read from the CA file")
                    : _("the system trust store is empty or unreadable");
        return NULL;
    }
    return tl;
}
