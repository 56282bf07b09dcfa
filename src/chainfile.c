/* --chain-file: certificates from a file, judged offline. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chainfile.h"
#include "i18n.h"
#include "xmalloc.h"

#define X_NAME(e, name) name,
static const char *const format_names[] = {CHAINFILE_FORMAT_TABLE(X_NAME)};
#undef X_NAME

const char *
chainfile_format_name(enum chainfile_format f)
{
    return format_names[f];
}

static const char BEGIN[] = "-----BEGIN CERTIFICATE-----";
static const char END[] = "-----END CERTIFICATE-----";

/* Appends one certificate (its DER, or what decoded of it) to t; only the
 * first OBS_MAX_CERTS are kept, and none larger than OBS_MAX_CERT_SIZE. */
static void
keep(struct obs_tls *t, const unsigned char *der, size_t n)
{
    struct obs_cert *c;

    t->certs_received++;
    if (t->ncerts >= OBS_MAX_CERTS)
        return;
    t->certs = xreallocarray(t->certs, t->ncerts + 1, sizeof *t->certs);
    c = &t->certs[t->ncerts++];
    c->size = n;
    c->der = NULL;
    if (n <= OBS_MAX_CERT_SIZE) {
        c->der = xmalloc(n ? n : 1);
        memcpy(c->der, der, n);
    }
}

static int
b64(int ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

/* Decodes base64 text from s to e into out (at least (e - s) * 3 / 4 + 3
 * bytes); whitespace is skipped.  *bad when anything else is in it. */
static size_t
decode(const char *s, const char *e, unsigned char *out, bool *bad)
{
    unsigned acc = 0;
    int nbits = 0;
    size_t n = 0;

    *bad = false;
    for (; s < e; s++) {
        int v = b64((unsigned char)*s);
        if (v >= 0) {
            acc = (acc << 6) | (unsigned)v;
            nbits += 6;
            if (nbits >= 8) {
                nbits -= 8;
                out[n++] = (unsigned char)(acc >> nbits);
                acc &= (1u << nbits) - 1;
            }
        } else if (*s == '=' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            continue;
        } else {
            *bad = true;
        }
    }
    return n;
}

/* A copy of text without terminal escape sequences (CSI "ESC [ ... final",
 * OSC "ESC ] ... BEL/ST", two-byte ESC x) and without NUL bytes. */
static char *
strip_escapes(const unsigned char *in, size_t len)
{
    char *out = xmalloc(len + 1);
    size_t i = 0, n = 0;

    while (i < len) {
        unsigned char ch = in[i];
        if (ch == 0x1b && i + 1 < len && in[i + 1] == '[') {
            i += 2;
            while (i < len && !(in[i] >= 0x40 && in[i] <= 0x7e))
                i++;
            i++;
        } else if (ch == 0x1b && i + 1 < len && in[i + 1] == ']') {
            i += 2;
            while (i < len && in[i] != 0x07 && !(in[i] == 0x1b && i + 1 < len && in[i + 1] == '\\'))
                i++;
            i += i < len && in[i] == 0x1b ? 2 : 1;
        } else if (ch == 0x1b) {
            i += 2;
        } else if (ch == 0) {
            i++;
        } else {
            out[n++] = (char)ch;
            i++;
        }
    }
    out[n] = '\0';
    return out;
}

/* Every PEM certificate block of text, in order. */
static void
pem_blocks(const char *text, struct obs_tls *t, struct chainfile *cf)
{
    const char *p = text, *end = text + strlen(text);

    /* memmem with the length left, not strstr: strstr measures the rest
     * of the text on every call under some C libraries' checkers (ASan's),
     * which makes a file of 10,000 blocks quadratic. */
    while ((p = memmem(p, (size_t)(end - p), BEGIN, sizeof BEGIN - 1))) {
        const char *s = p + sizeof BEGIN - 1;
        const char *next = memmem(s, (size_t)(end - s), BEGIN, sizeof BEGIN - 1);
        const char *limit = next ? next : end;
        const char *e = memmem(s, (size_t)(limit - s), END, sizeof END - 1);
        unsigned char *der;
        size_t n;
        bool bad;

        if (!e) {
            /* No END before the next BEGIN (or the end of the file). */
            e = limit;
            if (!next)
                cf->truncated = true;
            bad = true;
        } else {
            bad = false;
        }
        der = xmalloc((size_t)(e - s) / 4 * 3 + 4);
        {
            bool junk;
            n = decode(s, e, der, &junk);
            bad = bad || junk;
        }
        if (t->ncerts < OBS_MAX_CERTS && bad)
            cf->unreadable++;
        keep(t, der, n);
        cf->blocks++;
        free(der);
        p = e;
    }
}

/* Concatenated DER certificates (SEQUENCE, definite length). */
static void
der_blocks(const unsigned char *d, size_t len, struct obs_tls *t, struct chainfile *cf)
{
    size_t off = 0;

    while (off + 2 <= len && d[off] == 0x30) {
        size_t l = d[off + 1], hdr = 2, total;
        if (l & 0x80) {
            size_t k, nb = l & 0x7f;
            if (nb == 0 || nb > 4 || off + 2 + nb > len)
                break;
            for (l = 0, k = 0; k < nb; k++)
                l = (l << 8) | d[off + 2 + k];
            hdr += nb;
        }
        total = hdr + l;
        if (total > len - off) {
            /* Truncated: what there is, as one unreadable certificate. */
            cf->truncated = true;
            if (t->ncerts < OBS_MAX_CERTS)
                cf->unreadable++;
            keep(t, d + off, len - off);
            cf->blocks++;
            return;
        }
        keep(t, d + off, total);
        cf->blocks++;
        off += total;
    }
}

/* The answer of `aws acm get-certificate`: Certificate, then
 * CertificateChain (absent for a certificate without a chain). */
static bool
acm_object(const json_t *root, struct obs_tls *t, struct chainfile *cf, const char **err)
{
    const json_t *c = json_object_get(root, "Certificate");
    const json_t *chain = json_object_get(root, "CertificateChain");

    if (!json_is_string(c)) {
        *err = _("the JSON has no \"Certificate\" (the output of aws acm get-certificate has one)");
        return false;
    }
    pem_blocks(json_string_value(c), t, cf);
    if (json_is_string(chain))
        pem_blocks(json_string_value(chain), t, cf);
    return true;
}

static bool
acm_json(const char *text, struct obs_tls *t, struct chainfile *cf, const char **err)
{
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    bool ok;

    if (!root || !json_is_object(root)) {
        json_decref(root);
        *err = _("it looks like JSON but does not parse as the output of aws acm get-certificate");
        return false;
    }
    ok = acm_object(root, t, cf, err);
    json_decref(root);
    return ok;
}

/* Something usable was read: a first certificate (the server's) that
 * decodes.  Otherwise t is cleared and *err says why. */
static bool
usable(struct obs_tls *t, const char **err)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t d;
    bool ok = false;

    if (!t->ncerts) {
        *err = _("no certificate in it (not a PEM bundle, an openssl s_client or gnutls-cli "
                 "transcript, a DER certificate or aws acm get-certificate JSON)");
        obs_tls_clear(t);
        return false;
    }
    d.data = t->certs[0].der;
    d.size = (unsigned)t->certs[0].size;
    if (t->certs[0].der && gnutls_x509_crt_init(&crt) >= 0) {
        ok = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) >= 0;
        gnutls_x509_crt_deinit(crt);
    }
    if (!ok) {
        *err = _("its first certificate (the server's) cannot be read: truncated or not "
                 "a certificate");
        obs_tls_clear(t);
        return false;
    }
    return true;
}

static void
start(struct obs_tls *t, struct chainfile *cf)
{
    memset(t, 0, sizeof *t);
    t->status = TLS_SKIPPED;
    t->alert = -1;
    cf->blocks = cf->unreadable = 0;
    cf->truncated = false;
}

bool
chainfile_from_acm(const json_t *answer, const char *arn, struct obs_tls *t, struct chainfile *cf,
                   const char **err)
{
    start(t, cf);
    cf->format = CHAINFILE_ACM;
    if (!json_is_object(answer) || !acm_object(answer, t, cf, err)) {
        if (!json_is_object(answer))
            *err = _("the AWS CLI's answer is not a JSON object");
        obs_tls_clear(t);
        return false;
    }
    if (!usable(t, err))
        return false;
    cf->source = xstrdup(arn);
    return true;
}

bool
chainfile_parse(const unsigned char *data, size_t len, struct obs_tls *t, struct chainfile *cf,
                const char **err)
{
    size_t i = 0;

    start(t, cf);
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    if (len == 0) {
        *err = _("the file is empty");
        return false;
    }
    if (data[0] == 0x30) {
        cf->format = CHAINFILE_DER;
        der_blocks(data, len, t, cf);
    } else {
        char *text = strip_escapes(data, len);
        if (i < len && data[i] == '{') {
            cf->format = CHAINFILE_ACM_JSON;
            if (!acm_json(text, t, cf, err)) {
                free(text);
                obs_tls_clear(t);
                return false;
            }
        } else {
            if (strstr(text, "Certificate chain") && strstr(text, " s:"))
                cf->format = CHAINFILE_S_CLIENT;
            else if (strstr(text, "Certificate[") || strstr(text, "X.509 Certificate Information"))
                cf->format = CHAINFILE_GNUTLS_CLI;
            else
                cf->format = CHAINFILE_PEM;
            pem_blocks(text, t, cf);
        }
        free(text);
    }
    /* The first certificate is the server's: without it nothing is usable. */
    return usable(t, err);
}

bool
chainfile_read(const char *path, struct obs_tls *t, struct chainfile *cf, char **err)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    unsigned char *buf;
    size_t n = 0, cap = 65536;
    const char *perr = NULL;
    bool ok;

    if (fd < 0) {
        *err = xasprintf(_("cannot read chain file '%s': %s"), path, strerror(errno));
        return false;
    }
    buf = xmalloc(cap);
    for (;;) {
        ssize_t r;
        if (n == cap) {
            if (cap > CHAINFILE_MAX_BYTES)
                break;
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *err = xasprintf(_("cannot read chain file '%s': %s"), path, strerror(errno));
            if (fd != STDIN_FILENO)
                close(fd);
            free(buf);
            return false;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (fd != STDIN_FILENO)
        close(fd);
    if (n > CHAINFILE_MAX_BYTES) {
        *err =
            xasprintf(_("chain file '%s' is larger than %u MiB"), path, CHAINFILE_MAX_BYTES >> 20);
        free(buf);
        return false;
    }
    ok = chainfile_parse(buf, n, t, cf, &perr);
    free(buf);
    if (!ok) {
        *err = xasprintf(_("chain file '%s': %s"), path, perr);
        return false;
    }
    cf->source = xstrdup(path);
    return true;
}

struct observation *
chainfile_observation(const struct target *tg, struct obs_tls *t, struct chainfile *cf)
{
    struct observation *obs = xcalloc(1, sizeof *obs);
    struct obs_origin *o;
    struct obs_addr *a;

    obs->started = (int64_t)time(NULL);
    obs->norigins = 1;
    obs->origins = o = xcalloc(1, sizeof *o);
    target_copy(&o->target, tg);
    if (tg->host_header)
        o->sni = xstrdup(tg->host_header);
    else if (!tg->is_literal)
        o->sni = xstrdup(tg->name);
    o->dns = DNS_NOT_CHECKED;
    o->chain_file = xcalloc(1, sizeof *o->chain_file);
    *o->chain_file = *cf;
    memset(cf, 0, sizeof *cf);
    a = obs_origin_add_addr(o);
    snprintf(a->text, sizeof a->text, "%s", "chain-file");
    a->probed = false;
    a->tcp = TCP_SKIPPED;
    a->tls = *t;
    a->http.status = HTTP_SKIPPED;
    memset(t, 0, sizeof *t);
    return obs;
}
