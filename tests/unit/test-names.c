#include "config.h"

/* names_check() on certificates built here (SANs written as raw DER so that
 * embedded NULs, control bytes and 2,000 names are exactly what the test
 * says), with our verdict held against GnuTLS's own
 * gnutls_x509_crt_check_hostname2() wherever the two should agree; and
 * names_match() on its own.  Where they differ the run says so on stderr
 * (DISAGREEMENT), and the case records which side CLOUDFRONT.md §1.3-1.4
 * backs. */

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "unit.h"
#include "xmalloc.h"

#define NOW ((time_t)1780272000) /* 2026-06-01T00:00:00Z */

static gnutls_x509_privkey_t key;

static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(1);
    }
}

/* A growing DER buffer. */
struct buf {
    unsigned char *p;
    size_t n, cap;
};

static void
put(struct buf *b, const void *data, size_t len)
{
    if (b->n + len > b->cap) {
        b->cap = (b->n + len) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
}

/* Tag and definite length (up to 65535 bytes, all the test needs). */
static void
put_tl(struct buf *b, unsigned char tag, size_t len)
{
    unsigned char h[4] = {tag};
    size_t hn;

    if (len < 0x80) {
        h[1] = (unsigned char)len;
        hn = 2;
    } else if (len < 0x100) {
        h[1] = 0x81;
        h[2] = (unsigned char)len;
        hn = 3;
    } else {
        h[1] = 0x82;
        h[2] = (unsigned char)(len >> 8);
        h[3] = (unsigned char)len;
        hn = 4;
    }
    put(b, h, hn);
}

/* One SAN: a dNSName (bytes as given, len 0 for strlen) or an iPAddress
 * (text, converted).  type 0 ends a list. */
enum { S_END, S_DNS, S_IP };

struct san {
    int type;
    const char *data;
    size_t len;
};

static void
put_san(struct buf *b, const struct san *s)
{
    unsigned char ip[16];

    if (s->type == S_DNS) {
        size_t len = s->len ? s->len : strlen(s->data);
        put_tl(b, 0x82, len); /* [2] IMPLICIT IA5String */
        put(b, s->data, len);
    } else if (inet_pton(AF_INET, s->data, ip) == 1) {
        put_tl(b, 0x87, 4); /* [7] IMPLICIT OCTET STRING */
        put(b, ip, 4);
    } else {
        need(inet_pton(AF_INET6, s->data, ip) == 1 ? 0 : -1, s->data);
        put_tl(b, 0x87, 16);
        put(b, ip, 16);
    }
}

/* A self-signed leaf with the given CN (NULL: none) and SAN extension
 * (NULL or empty: none), as DER in *out (gnutls_free). */
static void
make_cert(const char *cn, const struct san *sans, size_t nsans, gnutls_datum_t *out)
{
    gnutls_x509_crt_t crt;
    unsigned char serial[2] = {0x20, 0x01};
    size_t i;

    need(gnutls_x509_crt_init(&crt), "crt_init");
    need(gnutls_x509_crt_set_version(crt, 3), "set_version");
    need(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "set_serial");
    if (cn)
        need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
                                           (unsigned)strlen(cn)),
             "set CN");
    else
        need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                           "Origin Doctor Tests", 19),
             "set O");
    need(gnutls_x509_crt_set_activation_time(crt, NOW - 86400), "activation");
    need(gnutls_x509_crt_set_expiration_time(crt, NOW + 90 * 86400), "expiration");
    need(gnutls_x509_crt_set_key(crt, key), "set_key");
    need(gnutls_x509_crt_set_basic_constraints(crt, 0, -1), "basic constraints");
    if (nsans) {
        struct buf body = {NULL, 0, 0}, ext = {NULL, 0, 0};
        for (i = 0; i < nsans; i++)
            put_san(&body, &sans[i]);
        put_tl(&ext, 0x30, body.n);
        put(&ext, body.p, body.n);
        need(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.17", ext.p, ext.n, 0), "SAN");
        free(body.p);
        free(ext.p);
    }
    need(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign");
    need(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, out), "export");
    gnutls_x509_crt_deinit(crt);
}

#define MAXS 4
#define ANY (-1) /* the row is not checked */

struct ncase {
    const char *name;
    const char *cn;
    struct san sans[MAXS];
    const char *checked;
    /* What is right (CLOUDFRONT.md §1.3-1.4, RFC 6125). */
    bool match, cn_only, has_san;
    int row; /* the row checked below, or ANY */
    enum name_kind kind;
    const char *row_name;
    bool row_match;
    const char *reason;  /* substring of the row's reason */
    const char *unicode; /* the row's U-label form, or NULL */
    /* What GnuTLS says, as observed with 3.7.9. */
    bool gnutls;
    /* Set when the right verdict and GnuTLS's differ: why. */
    const char *disagree;
};

/* clang-format off */
static const struct ncase cases[] = {
    {"exact", NULL, {{S_DNS, "www.example.com", 0}}, "www.example.com",
     true, false, true, 0, NAME_SAN_DNS, "www.example.com", true, "exact match", NULL,
     true, NULL},
    {"case differs in the certificate", NULL, {{S_DNS, "WWW.Example.COM", 0}}, "www.example.com",
     true, false, true, 0, NAME_SAN_DNS, "WWW.Example.COM", true, "exact match", NULL,
     true, NULL},
    {"case differs in the checked name", NULL, {{S_DNS, "www.example.com", 0}}, "WWW.EXAMPLE.COM",
     true, false, true, 0, NAME_SAN_DNS, "www.example.com", true, "exact match", NULL,
     true, NULL},
    {"different name", NULL, {{S_DNS, "www.example.com", 0}}, "api.example.com",
     false, false, true, 0, NAME_SAN_DNS, "www.example.com", false, "different name", NULL,
     false, NULL},
    {"wildcard, one label", NULL, {{S_DNS, "*.example.com", 0}}, "a.example.com",
     true, false, true, 0, NAME_SAN_DNS, "*.example.com", true, "one label", NULL,
     true, NULL},
    {"wildcard, two labels deep", NULL, {{S_DNS, "*.example.com", 0}}, "a.b.example.com",
     false, false, true, 0, NAME_SAN_DNS, "*.example.com", false, "one label", NULL,
     false, NULL},
    {"wildcard and the bare parent", NULL, {{S_DNS, "*.example.com", 0}}, "example.com",
     false, false, true, 0, NAME_SAN_DNS, "*.example.com", false, "", NULL,
     false, NULL},
    {"wildcard under a top-level domain", NULL, {{S_DNS, "*.com", 0}}, "example.com",
     false, false, true, 0, NAME_SAN_DNS, "*.com", false, "top-level", NULL,
     false, NULL},
    {"partial wildcard f*", NULL, {{S_DNS, "f*.example.com", 0}}, "foo.example.com",
     false, false, true, 0, NAME_SAN_DNS, "f*.example.com", false, "partial", NULL,
     false, NULL},
    {"partial wildcard *o", NULL, {{S_DNS, "*o.example.com", 0}}, "foo.example.com",
     false, false, true, 0, NAME_SAN_DNS, "*o.example.com", false, "partial", NULL,
     true, "GnuTLS takes a '*' opening the left-most label as a prefix wildcard (f* it "
           "refuses); RFC 6125 6.4.3 allows fragments, §1.4 emulates whole-label wildcards only"},
    {"wildcard in the second label", NULL, {{S_DNS, "a.*.example.com", 0}}, "a.b.example.com",
     false, false, true, 0, NAME_SAN_DNS, "a.*.example.com", false, "wildcard", NULL,
     false, NULL},
    {"two wildcards", NULL, {{S_DNS, "*.*.example.com", 0}}, "a.b.example.com",
     false, false, true, 0, NAME_SAN_DNS, "*.*.example.com", false, "left-most", NULL,
     false, NULL},
    {"wildcard under a public suffix (no PSL)", NULL, {{S_DNS, "*.co.uk", 0}}, "example.co.uk",
     true, false, true, 0, NAME_SAN_DNS, "*.co.uk", true, "one label", NULL,
     true, NULL},
    {"dNSName with a trailing dot", NULL, {{S_DNS, "www.example.com.", 0}}, "www.example.com",
     false, false, true, 0, NAME_SAN_DNS, "www.example.com.", false, "different name", NULL,
     false, NULL},
    {"second SAN matches", NULL, {{S_DNS, "other.example.com", 0}, {S_DNS, "*.example.com", 0}},
     "a.example.com",
     true, false, true, 1, NAME_SAN_DNS, "*.example.com", true, "wildcard", NULL,
     true, NULL},
    {"CN-only certificate", "cn.example.com", {{0}}, "cn.example.com",
     true, true, false, 0, NAME_CN, "cn.example.com", true, "exact match", NULL,
     true, NULL},
    {"CN-only wildcard", "*.example.com", {{0}}, "a.example.com",
     true, true, false, 0, NAME_CN, "*.example.com", true, "wildcard", NULL,
     true, NULL},
    {"CN-only, different name", "cn.example.com", {{0}}, "www.example.com",
     false, false, false, 0, NAME_CN, "cn.example.com", false, "different name", NULL,
     false, NULL},
    {"CN matches but SANs present: CN ignored", "cn.example.com",
     {{S_DNS, "other.example.com", 0}}, "cn.example.com",
     false, false, true, 1, NAME_CN, "cn.example.com", false, "CN is ignored", NULL,
     false, NULL},
    {"CN matches, the only SAN is an address", "cn.example.com", {{S_IP, "192.0.2.10", 0}},
     "cn.example.com",
     false, false, true, 1, NAME_CN, "cn.example.com", false, "CN is ignored", NULL,
     false, NULL},
    {"IP literal vs iPAddress SAN", NULL, {{S_IP, "192.0.2.10", 0}}, "192.0.2.10",
     true, false, true, 0, NAME_SAN_IP, "192.0.2.10", true, "exact match", NULL,
     true, NULL},
    {"IP literal vs another iPAddress", NULL, {{S_IP, "192.0.2.10", 0}}, "192.0.2.11",
     false, false, true, 0, NAME_SAN_IP, "192.0.2.10", false, "different address", NULL,
     false, NULL},
    {"IPv6 literal, other spelling", NULL, {{S_IP, "2001:db8::1", 0}}, "2001:DB8:0:0::1",
     true, false, true, 0, NAME_SAN_IP, "2001:db8::1", true, "exact match", NULL,
     true, NULL},
    {"IPv4-mapped literal vs IPv4 SAN", NULL, {{S_IP, "192.0.2.10", 0}}, "::ffff:192.0.2.10",
     false, false, true, 0, NAME_SAN_IP, "192.0.2.10", false, "different address", NULL,
     false, NULL},
    {"DNS name vs iPAddress SAN", NULL, {{S_IP, "192.0.2.10", 0}}, "www.example.com",
     false, false, true, 0, NAME_SAN_IP, "192.0.2.10", false, "different address", NULL,
     false, NULL},
    {"IP literal vs the same address as a dNSName", NULL, {{S_DNS, "192.0.2.10", 0}},
     "192.0.2.10",
     false, false, true, 0, NAME_SAN_DNS, "192.0.2.10", false, "IP address", NULL,
     false, NULL},
    {"IP literal vs the same address as CN", "192.0.2.10", {{0}}, "192.0.2.10",
     false, false, false, 0, NAME_CN, "192.0.2.10", false, "IP address", NULL,
     false, NULL},
    {"IDN A-label", NULL, {{S_DNS, "xn--bcher-kva.example", 0}}, "xn--bcher-kva.example",
     true, false, true, 0, NAME_SAN_DNS, "xn--bcher-kva.example", true, "exact match",
     "b\xc3\xbc" "cher.example", true, NULL},
    {"IDN wildcard", NULL, {{S_DNS, "*.xn--bcher-kva.example", 0}}, "www.xn--bcher-kva.example",
     true, false, true, 0, NAME_SAN_DNS, "*.xn--bcher-kva.example", true, "one label",
     "*.b\xc3\xbc" "cher.example", true, NULL},
    {"IDN, other name", NULL, {{S_DNS, "xn--bcher-kva.example", 0}}, "bucher.example",
     false, false, true, 0, NAME_SAN_DNS, "xn--bcher-kva.example", false, "different name",
     "b\xc3\xbc" "cher.example", false, NULL},
    {"embedded NUL", NULL, {{S_DNS, "www.example.com\0.evil.example", 30}}, "www.example.com",
     false, false, true, ANY, NAME_SAN_DNS, NULL, false, NULL, NULL,
     false, NULL},
    {"embedded NUL, then a good SAN", NULL,
     {{S_DNS, "www.example.com\0.evil.example", 30}, {S_DNS, "www.example.com", 0}},
     "www.example.com",
     true, false, true, ANY, NAME_SAN_DNS, NULL, false, NULL, NULL,
     true, NULL},
    {"embedded NUL with a matching CN", "www.example.com",
     {{S_DNS, "www.example.com\0.evil.example", 30}}, "www.example.com",
     false, false, true, ANY, NAME_SAN_DNS, NULL, false, NULL, NULL,
     false, NULL},
    {"control bytes", NULL, {{S_DNS, "www.exa\x01mple.com", 0}, {S_DNS, "\x1b[2Jx.example.com", 0}},
     "www.example.com",
     false, false, true, 0, NAME_SAN_DNS, "www.exa\x01mple.com", false, "different name", NULL,
     false, NULL},
    {"a 300-byte dNSName, then the name", NULL,
     {{S_DNS, "a0123456789012345678901234567890123456789012345678901234567890."
              "a0123456789012345678901234567890123456789012345678901234567890."
              "a0123456789012345678901234567890123456789012345678901234567890."
              "a0123456789012345678901234567890123456789012345678901234567890."
              "a01234567890123456789012345678901234.example.com", 0},
      {S_DNS, "www.example.com", 0}},
     "www.example.com",
     true, false, true, 1, NAME_SAN_DNS, "www.example.com", true, "exact match", NULL,
     true, NULL},
};
/* clang-format on */

/* A dNSName longer than names_check's 1 KiB buffer, in a certificate
 * whose CN is the name checked: the certificate has a SAN, so the CN must
 * be ignored. */
static void
check_long_san(void)
{
    char *longname = xmalloc(1101);
    struct san s[2];
    gnutls_datum_t der;
    struct name_table t;

    memset(longname, 'a', 1100);
    memcpy(longname + 1100 - 12, ".example.com", 12);
    longname[1100] = '\0';
    s[0] = (struct san){S_DNS, longname, 0};
    unit_set_case("a 1,100-byte dNSName and a matching CN");
    make_cert("www.example.com", s, 1, &der);
    names_check(der.data, der.size, "www.example.com", &t);
    /* GnuTLS reads the long name, so it ignores the CN. */
    CHECK_INT("gnutls_match", 0, t.gnutls_match);
    CHECK_INT("has_san", 1, t.has_san);
    CHECK_INT("match", 0, t.match);
    CHECK_INT("cn_only_match", 0, t.cn_only_match);
    CHECK_MSG(t.match == t.gnutls_match, "ours %d, GnuTLS %d: they must agree", t.match,
              t.gnutls_match);
    names_clear(&t);
    gnutls_free(der.data);
    free(longname);

    /* Same, with the name in a second, ordinary SAN: still found. */
    longname = xmalloc(1101);
    memset(longname, 'a', 1100);
    longname[1100] = '\0';
    s[0] = (struct san){S_DNS, longname, 0};
    s[1] = (struct san){S_DNS, "www.example.com", 0};
    unit_set_case("a 1,100-byte dNSName, then the name");
    make_cert(NULL, s, 2, &der);
    names_check(der.data, der.size, "www.example.com", &t);
    CHECK_INT("match", 1, t.match);
    CHECK_INT("has_san", 1, t.has_san);
    names_clear(&t);
    gnutls_free(der.data);
    free(longname);
}

static void
run_case(const struct ncase *c)
{
    size_t nsans = 0;
    gnutls_datum_t der;
    struct name_table t;

    while (nsans < MAXS && c->sans[nsans].type != S_END)
        nsans++;
    unit_set_case(c->name);
    make_cert(c->cn, c->sans, nsans, &der);
    names_check(der.data, der.size, c->checked, &t);

    CHECK_STR("checked", c->checked, t.checked);
    CHECK_INT("match", c->match, t.match);
    CHECK_INT("cn_only_match", c->cn_only, t.cn_only_match);
    CHECK_INT("has_san", c->has_san, t.has_san);
    CHECK_INT("rows_dropped", 0, t.rows_dropped);
    CHECK_INT("gnutls_match (GnuTLS's verdict, as observed)", c->gnutls, t.gnutls_match);
    if (!c->disagree)
        CHECK_MSG(t.match == t.gnutls_match, "ours %d, GnuTLS %d: they must agree", t.match,
                  t.gnutls_match);
    else if (t.match != t.gnutls_match)
        fprintf(stderr, "DISAGREEMENT [%s]: ours %s, GnuTLS %s: %s\n", c->name,
                t.match ? "match" : "no match", t.gnutls_match ? "match" : "no match", c->disagree);
    if (c->row != ANY) {
        CHECK_MSG((size_t)c->row < t.nrows, "row %d of %zu", c->row, t.nrows);
        if ((size_t)c->row < t.nrows) {
            const struct name_row *r = &t.rows[c->row];
            CHECK_INT("row kind", c->kind, r->kind);
            CHECK_STR("row name", c->row_name, r->name);
            CHECK_INT("row match", c->row_match, r->match);
            CHECK_STR("row unicode", c->unicode, r->unicode);
            CHECK_MSG(r->reason && strstr(r->reason, c->reason), "reason %s lacks %s",
                      unit_show(r->reason), c->reason);
        }
    }
    /* A dNSName with an embedded NUL never shows up as the part before
     * the NUL: that would be the name an attacker wants read. */
    {
        size_t i, j;
        for (i = 0; i < nsans; i++)
            if (c->sans[i].type == S_DNS && c->sans[i].len > strlen(c->sans[i].data))
                for (j = 0; j < t.nrows; j++)
                    CHECK_MSG(
                        t.rows[j].kind != NAME_SAN_DNS ||
                            strcmp(t.rows[j].name, c->sans[i].data) != 0 ||
                            (i + 1 < nsans && strcmp(c->sans[i + 1].data, t.rows[j].name) == 0),
                        "row %zu shows the NUL SAN as %s", j, unit_show(t.rows[j].name));
    }
    names_clear(&t);
    CHECK(t.rows == NULL && t.checked == NULL && t.nrows == 0);

    /* The one definition of "covers" (names_covers: the probe's
     * custom-domain look-up and the analysis) held against GnuTLS's own
     * gnutls_x509_crt_check_hostname2 on the same certificate and name,
     * called here directly: they agree wherever the rules are meant to. */
    {
        gnutls_x509_crt_t crt;
        bool ours = names_covers(der.data, der.size, c->checked), theirs = false;

        CHECK_INT("names_covers is names_check's verdict", c->match, ours);
        if (gnutls_x509_crt_init(&crt) >= 0) {
            if (gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER) >= 0)
                theirs = gnutls_x509_crt_check_hostname2(crt, c->checked, 0) != 0;
            gnutls_x509_crt_deinit(crt);
        }
        CHECK_INT("gnutls_x509_crt_check_hostname2, as observed", c->gnutls, theirs);
        if (!c->disagree)
            CHECK_MSG(ours == theirs, "names_covers %d, GnuTLS %d: they must agree", ours, theirs);
    }
    gnutls_free(der.data);
}

/* 2,000 SANs: the rows are capped, the rest counted, and the match is
 * found wherever it is. */
static void
check_many_sans(void)
{
    enum { N = 2000 };
    struct san *s = xcalloc(N, sizeof *s);
    char(*names)[24] = xcalloc(N, sizeof *names);
    gnutls_datum_t der;
    struct name_table t;
    size_t i;
    static const struct {
        const char *what;
        const char *checked;
        bool match;
    } checks[] = {
        {"2,000 SANs, the 1,999th is the name", "n1998.example.com", true},
        {"2,000 SANs, the last is the name", "n1999.example.com", true},
        {"2,000 SANs, the first is the name", "n0000.example.com", true},
        {"2,000 SANs, none is the name", "n2000.example.com", false},
    };

    for (i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "n%04zu.example.com", i);
        s[i] = (struct san){S_DNS, names[i], 0};
    }
    make_cert("n1998.example.com", s, N, &der);
    CHECK_MSG(der.size < 65536, "certificate of %u bytes", der.size);
    for (i = 0; i < sizeof checks / sizeof *checks; i++) {
        unit_set_case(checks[i].what);
        names_check(der.data, der.size, checks[i].checked, &t);
        CHECK_INT("match", checks[i].match, t.match);
        CHECK_INT("gnutls_match", checks[i].match, t.gnutls_match);
        CHECK_INT("has_san", 1, t.has_san);
        CHECK_INT("cn_only_match", 0, t.cn_only_match);
        CHECK_INT("nrows", 256, t.nrows);
        /* 2,000 SANs and the CN, minus the rows kept. */
        CHECK_INT("rows_dropped", N + 1 - 256, t.rows_dropped);
        if (t.nrows == 256) {
            CHECK_STR("rows[0]", "n0000.example.com", t.rows[0].name);
            CHECK_STR("rows[255]", "n0255.example.com", t.rows[255].name);
        }
        names_clear(&t);
    }
    gnutls_free(der.data);
    free(s);
    free(names);
}

/* What is not a certificate: the table names the checked name, and
 * nothing else. */
static void
check_bad_input(void)
{
    static const unsigned char junk[] = "\x30\x03\x02\x01";
    struct name_table t;

    unit_set_case("garbage DER");
    names_check(junk, sizeof junk - 1, "www.example.com", &t);
    CHECK_STR("checked", "www.example.com", t.checked);
    CHECK_INT("nrows", 0, t.nrows);
    CHECK_INT("match", 0, t.match);
    CHECK_INT("gnutls_match", 0, t.gnutls_match);
    names_clear(&t);

    unit_set_case("NULL DER (over the size cap)");
    names_check(NULL, 70000, "xn--bcher-kva.example", &t);
    CHECK_STR("checked", "xn--bcher-kva.example", t.checked);
    CHECK_STR("checked_unicode",
              "b\xc3\xbc"
              "cher.example",
              t.checked_unicode);
    CHECK_INT("nrows", 0, t.nrows);
    CHECK_INT("match", 0, t.match);
    names_clear(&t);

    unit_set_case("checked_unicode of an ASCII name");
    names_check(NULL, 0, "www.example.com", &t);
    CHECK(t.checked_unicode == NULL);
    names_clear(&t);
}

struct mcase {
    const char *pattern, *name;
    bool match;
    const char *reason; /* substring */
};

static const struct mcase mcases[] = {
    {"www.example.com", "www.example.com", true, "exact match"},
    {"WWW.EXAMPLE.COM", "www.example.com", true, "exact match"},
    {"www.example.com", "www.example.org", false, "different name"},
    {"*.example.com", "a.example.com", true, "wildcard match (one label)"},
    {"*.EXAMPLE.com", "A.example.COM", true, "one label"},
    {"*.example.com", "a.b.example.com", false, "one label only"},
    {"*.example.com", "example.com", false, ""},
    {"*.example.com", ".example.com", false, "different name"},
    {"*.example.com", "a.example.org", false, "different domain"},
    {"*.example.com", "a.badexample.com", false, "different domain"},
    {"*.com", "example.com", false, "top-level"},
    {"*.", "a.", false, "top-level"},
    {"*", "example", false, ""},
    {"f*.example.com", "foo.example.com", false, "partial"},
    {"*o.example.com", "foo.example.com", false, "partial"},
    {"xn--*.example.com", "xn--bcher-kva.example.com", false, "partial"},
    {"a.*.example.com", "a.b.example.com", false, "wildcard"},
    {"*.*.example.com", "a.b.example.com", false, "left-most"},
    {"*.co.uk", "example.co.uk", true, "one label"},
    {"*.example.com", "a.example.com.", false, ""},
};

static void
check_names_match(void)
{
    size_t i;

    for (i = 0; i < sizeof mcases / sizeof *mcases; i++) {
        const struct mcase *c = &mcases[i];
        const char *why = NULL;
        char name[160];

        snprintf(name, sizeof name, "names_match(%s, %s)", c->pattern, c->name);
        unit_set_case(name);
        CHECK_INT("match", c->match, names_match(c->pattern, c->name, &why));
        CHECK_MSG(why && strstr(why, c->reason), "why %s lacks %s", unit_show(why), c->reason);
        CHECK_INT("match, why NULL", c->match, names_match(c->pattern, c->name, NULL));
    }
}

/* names_glob: CloudFront's path patterns and ELB's host conditions. */
static const struct gcase {
    const char *pattern, *s;
    size_t n; /* 0: strlen(s) */
    bool fold, match;
} gcases[] = {
    {"*", "", 0, false, true},
    {"", "", 0, false, true},
    {"", "a", 0, false, false},
    {"api/*", "api/v1/users", 0, false, true},
    {"api/*", "API/v1", 0, false, false},
    {"api/*", "API/v1", 0, true, true},
    {"*.jpg", "a/b/c.jpg", 0, false, true},
    {"*.jpg", "a/b/c.jpeg", 0, false, false},
    {"a?c", "abc", 0, false, true},
    {"a?c", "ac", 0, false, false},
    {"*a*b", "xaxxab", 0, false, true},
    {"*a*b", "xaxxa", 0, false, false},
    {"**", "anything", 0, false, true},
    {"www.example.*", "WWW.Example.org", 0, true, true},
    {"*.example.com", "example.com", 0, true, false},
    {"img/x", "img/x?y=1", 5, false, true},
    {"img/x", "img/xy", 5, false, true},
    {"img/x", "img/xy", 0, false, false},
};

static void
check_names_glob(void)
{
    size_t i;

    for (i = 0; i < sizeof gcases / sizeof *gcases; i++) {
        const struct gcase *c = &gcases[i];
        char name[160];

        snprintf(name, sizeof name, "names_glob(%s, %s, %zu, %d)", c->pattern, c->s, c->n, c->fold);
        unit_set_case(name);
        CHECK_INT("match", c->match,
                  names_glob(c->pattern, c->s, c->n ? c->n : strlen(c->s), c->fold));
    }
}

int
main(void)
{
    size_t i;

    if (gnutls_global_init() < 0)
        return 77;
    need(gnutls_x509_privkey_init(&key), "privkey_init");
    need(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
         "generate");

    for (i = 0; i < sizeof cases / sizeof *cases; i++)
        run_case(&cases[i]);
    check_long_san();
    check_many_sans();
    check_bad_input();
    check_names_match();
    check_names_glob();

    gnutls_x509_privkey_deinit(key);
    gnutls_global_deinit();
    return unit_result();
}
