/* Loading the trust store (see trust.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "trust.h"
#include "xmalloc.h"

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

/* The whole of a regular file of at most TRUST_CRL_MAX_BYTES, or NULL with
 * *err.  Checked on the open descriptor: a FIFO or /dev/zero is refused. */
static unsigned char *
read_small_file(const char *file, size_t *len, char **err)
{
    struct stat st;
    unsigned char *buf;
    size_t n = 0;
    int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        *err = xasprintf(_("cannot read CRL file '%s': %s"), file, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *err = xasprintf(_("CRL file '%s' is not a regular file"), file);
        return NULL;
    }
    if ((unsigned long long)st.st_size > TRUST_CRL_MAX_BYTES) {
        close(fd);
        *err = xasprintf(_("CRL file '%s' is larger than %u MiB"), file, TRUST_CRL_MAX_BYTES >> 20);
        return NULL;
    }
    buf = xmalloc((size_t)st.st_size + 1);
    while (n < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

unsigned
trust_add_crls(gnutls_x509_trust_list_t tl, const char *file, char **err)
{
    gnutls_x509_crl_t *crls = NULL;
    unsigned ncrls = 0, i;
    size_t len = 0;
    unsigned char *buf = read_small_file(file, &len, err);
    gnutls_datum_t d;
    int r;

    if (!buf)
        return 0;
    d.data = buf;
    d.size = (unsigned)len;
    if (memmem(buf, len, "-----BEGIN X509 CRL-----", 24)) {
        r = gnutls_x509_crl_list_import2(&crls, &ncrls, &d, GNUTLS_X509_FMT_PEM, 0);
    } else {
        crls = gnutls_malloc(sizeof *crls);
        ncrls = 0;
        r = crls ? gnutls_x509_crl_init(&crls[0]) : GNUTLS_E_MEMORY_ERROR;
        if (r >= 0) {
            r = gnutls_x509_crl_import(crls[0], &d, GNUTLS_X509_FMT_DER);
            if (r < 0)
                gnutls_x509_crl_deinit(crls[0]);
            else
                ncrls = 1;
        }
    }
    free(buf);
    if (r < 0 || ncrls == 0) {
        gnutls_free(crls);
        *err = xasprintf(_("CRL file '%s' holds no CRL GnuTLS can read (PEM \"X509 CRL\" blocks "
                           "or one DER CRL): %s"),
                         file, r < 0 ? gnutls_strerror(r) : _("none found"));
        return 0;
    }
    /* The list takes the CRLs (and frees them with the trust list). */
    r = gnutls_x509_trust_list_add_crls(tl, crls, ncrls, 0, 0);
    if (r < 0) {
        for (i = 0; i < ncrls; i++)
            gnutls_x509_crl_deinit(crls[i]);
        gnutls_free(crls);
        *err = xasprintf(_("CRL file '%s' could not be used: %s"), file, gnutls_strerror(r));
        return 0;
    }
    gnutls_free(crls);
    return ncrls;
}
