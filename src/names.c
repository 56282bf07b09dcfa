/* The leaf's names against the name CloudFront checks. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cert.h"
#include "names.h"
#include "i18n.h"
#include "xmalloc.h"

#define NAMES_MAX_ROWS 256 /* rows kept; a 2,000-name SAN list is counted, not kept */

#define X_NAME(id, name, label) name,
#define X_LABEL(id, name, label) label,
static const char *const kind_names[] = {NAME_KIND_TABLE(X_NAME)};
static const char *const kind_labels[] = {NAME_KIND_TABLE(X_LABEL)};
#undef X_NAME
#undef X_LABEL

const char *
names_kind_name(enum name_kind k)
{
    return (unsigned)k < NAME_KIND_COUNT ? kind_names[k] : "?";
}

const char *
names_kind_label(enum name_kind k)
{
    return (unsigned)k < NAME_KIND_COUNT ? kind_labels[k] : "?";
}

bool
names_match(const char *pattern, const char *name, const char **why)
{
    const char *pdot, *ndot, *ignored, **reason = why ? why : &ignored;

    if (strcasecmp(pattern, name) == 0) {
        *reason = N_("exact match");
        return true;
    }
    if (pattern[0] != '*') {
        *reason =
            strchr(pattern, '*') ? N_("partial wildcards are not supported") : N_("different name");
        return false;
    }
    if (pattern[1] != '.') {
        *reason = N_("partial wildcards are not supported");
        return false;
    }
    pdot = pattern + 1; /* ".example.com" */
    if (!strchr(pdot + 1, '.')) {
        *reason = N_("a wildcard directly under a top-level domain matches nothing");
        return false;
    }
    if (strchr(pdot + 1, '*')) {
        *reason = N_("only the left-most label may be a wildcard");
        return false;
    }
    ndot = strchr(name, '.');
    if (!ndot || ndot == name) {
        *reason = N_("different name");
        return false;
    }
    if (strcasecmp(name, pdot + 1) == 0) {
        *reason = N_("a wildcard does not cover the bare domain");
        return false;
    }
    if (strcasecmp(ndot, pdot) != 0) {
        /* Same suffix deeper down: *.example.com vs a.b.example.com. */
        size_t nl = strlen(name), pl = strlen(pdot);
        if (nl > pl && strcasecmp(name + nl - pl, pdot) == 0)
            *reason = N_("a wildcard covers one label only");
        else
            *reason = N_("different domain");
        return false;
    }
    *reason = N_("wildcard match (one label)");
    return true;
}

static char *
unicode_form(const char *ascii)
{
    gnutls_datum_t out = {NULL, 0};
    char *s = NULL;

    if (!strstr(ascii, "xn--"))
        return NULL;
    if (gnutls_idna_reverse_map(ascii, (unsigned)strlen(ascii), &out, 0) >= 0) {
        if (strcmp((const char *)out.data, ascii) != 0)
            s = xstrndup((const char *)out.data, out.size);
        gnutls_free(out.data);
    }
    return s;
}

static struct name_row *
add_row(struct name_table *t, enum name_kind kind, const char *name)
{
    struct name_row *r;

    if (t->nrows >= NAMES_MAX_ROWS) {
        t->rows_dropped++;
        return NULL;
    }
    t->rows = xreallocarray(t->rows, t->nrows + 1, sizeof *t->rows);
    r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->name = xstrdup(name);
    r->unicode = kind == NAME_SAN_IP ? NULL : unicode_form(name);
    return r;
}

/* An IP-literal origin: compare with iPAddress SANs byte for byte. */
static bool
ip_equal(const char *text, const unsigned char *raw, size_t len)
{
    unsigned char buf[16];
    if (len == 4 && inet_pton(AF_INET, text, buf) == 1)
        return memcmp(buf, raw, 4) == 0;
    if (len == 16 && inet_pton(AF_INET6, text, buf) == 1)
        return memcmp(buf, raw, 16) == 0;
    return false;
}

void
names_check(const unsigned char *der, size_t len, const char *name, struct name_table *out)
{
    struct cert_parsed *p = cert_parse(der, len);

    names_check_crt(p->crt, name, out);
    cert_unref(p);
}

void
names_check_crt(gnutls_x509_crt_t crt, const char *name, struct name_table *out)
{
    unsigned i;
    bool literal;
    unsigned char tmp[16];

    memset(out, 0, sizeof *out);
    out->checked = xstrdup(name);
    out->checked_unicode = unicode_form(name);
    literal = inet_pton(AF_INET, name, tmp) == 1 || inet_pton(AF_INET6, name, tmp) == 1;
    if (!crt)
        return;

    for (i = 0;; i++) {
        char small[1024], *buf = small;
        size_t size = sizeof small - 1;
        unsigned critical;
        int type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size, &critical);
        struct name_row *r;
        const char *reason;

        if (type == GNUTLS_E_SHORT_MEMORY_BUFFER) {
            /* A long name still counts as a SAN (so CN stays ignored). */
            buf = xmalloc(size + 1);
            type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size, &critical);
        }
        if (type < 0) {
            if (buf != small)
                free(buf);
            break; /* no more names, or a broken extension */
        }
        if (type == GNUTLS_SAN_DNSNAME) {
            buf[size] = '\0';
            out->has_san = true;
            if (memchr(buf, '\0', size)) { /* an embedded NUL never matches */
                if (buf != small)
                    free(buf);
                continue;
            }
            bool m = !literal && names_match(buf, name, &reason);
            if (m)
                out->match = true;
            if ((r = add_row(out, NAME_SAN_DNS, buf))) {
                r->match = m;
                r->reason = literal ? N_("the origin is an IP address") : reason;
            }
        } else if (type == GNUTLS_SAN_IPADDRESS) {
            char text[64] = "";
            out->has_san = true;
            if (size == 4 || size == 16)
                inet_ntop(size == 16 ? AF_INET6 : AF_INET, buf, text, sizeof text);
            bool m = literal && ip_equal(name, (unsigned char *)buf, size);
            if (m)
                out->match = true;
            if ((r = add_row(out, NAME_SAN_IP, text))) {
                r->match = m;
                r->reason = m ? N_("exact match") : N_("different address");
            }
        }
        if (buf != small)
            free(buf);
    }

    /* Common Names: consulted only when there is no SAN at all. */
    for (i = 0;; i++) {
        char buf[1024];
        size_t size = sizeof buf - 1;
        struct name_row *r;
        const char *reason;
        bool m;

        if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, i, 0, buf, &size) < 0)
            break;
        buf[size] = '\0';
        m = !out->has_san && !literal && names_match(buf, name, &reason);
        if (!out->has_san && !literal && m) {
            out->match = true;
            out->cn_only_match = true;
        }
        if ((r = add_row(out, NAME_CN, buf))) {
            r->match = m;
            r->reason = out->has_san ? N_("CN is ignored when the certificate has SANs")
                        : literal    ? N_("the origin is an IP address")
                                     : reason;
        }
    }
    out->gnutls_match = gnutls_x509_crt_check_hostname2(crt, name, 0) != 0;
}

bool
names_covers(const unsigned char *der, size_t len, const char *name)
{
    struct name_table t;
    bool m;

    names_check(der, len, name, &t);
    m = t.match;
    names_clear(&t);
    return m;
}

void
names_clear(struct name_table *n)
{
    size_t i;

    for (i = 0; i < n->nrows; i++) {
        free(n->rows[i].name);
        free(n->rows[i].unicode);
    }
    free(n->rows);
    free(n->checked);
    free(n->checked_unicode);
    memset(n, 0, sizeof *n);
}

static bool
glob_same(char a, char b, bool fold)
{
    return fold ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

bool
names_glob(const char *pattern, const char *s, size_t n, bool fold)
{
    const char *p = pattern, *end = s + n, *star = NULL, *resume = NULL;

    /* One backtrack point: the last '*' seen takes one more character
     * whenever what follows it stops matching. */
    while (s < end) {
        if (*p == '*') {
            star = ++p;
            resume = s;
        } else if (*p && (*p == '?' || glob_same(*p, *s, fold))) {
            p++;
            s++;
        } else if (star) {
            p = star;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}
