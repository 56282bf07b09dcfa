#include "config.h"

/* diagnose() on observations built here by hand, as the probe would have
 * recorded them, with certificates generated here with GnuTLS, a trust list
 * holding the test root and a fixed "now" (2026-06-01T00:00:00Z); no
 * network.  Covers address findings (refused, timeout, unreachable, private
 * address), what the explaining handshakes say, name findings (mismatch,
 * CN only, a load balancer's name), custom-domain candidates, inconsistency
 * across addresses, the order of the findings and diag_primary(), and that
 * diagnose() builds no fixes while analyse() does. */

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "analyse.h"
#include "diag.h"
#include "obs.h"
#include "unit.h"
#include "xmalloc.h"

#define NOW ((time_t)1780272000) /* 2026-06-01T00:00:00Z */
#define DAY 86400L

#define ELB_NAME "my-alb-123.us-east-1.elb.amazonaws.com"

/* Certificates: a root (trusted) and leaves it signs. */
enum fx {
    C_ROOT,
    C_WWW,     /* SAN www.example.com */
    C_OTHER,   /* SAN other.example.com: a second, different leaf */
    C_CN_ONLY, /* CN cn.example.com, no SAN at all */
    C_EXPIRED, /* SAN www.example.com, expired ten days ago */
    C_COUNT
};

static const struct {
    const char *cn;
    const char *san; /* NULL: none */
    bool ca;
    long not_before, not_after; /* seconds from NOW */
} specs[C_COUNT] = {
    [C_ROOT] = {"Diag Test Root", NULL, true, -3650 * DAY, 3650 * DAY},
    [C_WWW] = {"www.example.com", "www.example.com", false, -30 * DAY, 90 * DAY},
    [C_OTHER] = {"other.example.com", "other.example.com", false, -30 * DAY, 90 * DAY},
    [C_CN_ONLY] = {"cn.example.com", NULL, false, -30 * DAY, 90 * DAY},
    [C_EXPIRED] = {"www.example.com", "www.example.com", false, -400 * DAY, -10 * DAY},
};

static gnutls_x509_privkey_t root_key, leaf_key;
static gnutls_privkey_t root_signer;
static gnutls_x509_crt_t root_crt;
static struct obs_cert ders[C_COUNT];
static gnutls_x509_trust_list_t trust;
static struct target_settings settings;

static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(1);
    }
}

static void
make_cert(enum fx f)
{
    gnutls_x509_crt_t crt;
    unsigned char serial[4] = {0x20, 0, 0, (unsigned char)(f + 1)};
    gnutls_datum_t der = {NULL, 0};
    gnutls_x509_privkey_t key = specs[f].ca ? root_key : leaf_key;

    need(gnutls_x509_crt_init(&crt), "crt_init");
    need(gnutls_x509_crt_set_version(crt, 3), "set_version");
    need(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "set_serial");
    need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, specs[f].cn,
                                       (unsigned)strlen(specs[f].cn)),
         "set CN");
    need(gnutls_x509_crt_set_activation_time(crt, NOW + specs[f].not_before), "activation");
    need(gnutls_x509_crt_set_expiration_time(crt, NOW + specs[f].not_after), "expiration");
    need(gnutls_x509_crt_set_key(crt, key), "set_key");
    need(gnutls_x509_crt_set_basic_constraints(crt, specs[f].ca, -1), "basic constraints");
    if (specs[f].san)
        need(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, specs[f].san,
                                                  (unsigned)strlen(specs[f].san), GNUTLS_FSAN_SET),
             "SAN");
    need(gnutls_x509_crt_privkey_sign(crt, specs[f].ca ? crt : root_crt, root_signer,
                                      GNUTLS_DIG_SHA256, 0),
         specs[f].cn);
    need(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der), "export");
    ders[f].der = xmalloc(der.size);
    memcpy(ders[f].der, der.data, der.size);
    ders[f].size = der.size;
    gnutls_free(der.data);
    if (specs[f].ca)
        root_crt = crt;
    else
        gnutls_x509_crt_deinit(crt);
}

static void
make_fixtures(void)
{
    gnutls_x509_crt_t anchor;
    gnutls_datum_t d;
    size_t i;

    need(gnutls_x509_privkey_init(&root_key), "privkey_init");
    need(gnutls_x509_privkey_generate(root_key, GNUTLS_PK_ECDSA,
                                      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
         "generate root key");
    need(gnutls_x509_privkey_init(&leaf_key), "privkey_init");
    need(gnutls_x509_privkey_generate(leaf_key, GNUTLS_PK_ECDSA,
                                      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
         "generate leaf key");
    need(gnutls_privkey_init(&root_signer), "privkey_init (abstract)");
    need(gnutls_privkey_import_x509(root_signer, root_key, 0), "import_x509");
    for (i = 0; i < C_COUNT; i++)
        make_cert((enum fx)i);

    need(gnutls_x509_trust_list_init(&trust, 0), "trust_list_init");
    d.data = ders[C_ROOT].der;
    d.size = (unsigned)ders[C_ROOT].size;
    need(gnutls_x509_crt_init(&anchor), "crt_init (trust)");
    need(gnutls_x509_crt_import(anchor, &d, GNUTLS_X509_FMT_DER), "import (trust)");
    need(gnutls_x509_trust_list_add_cas(trust, &anchor, 1, 0), "add_cas");

    settings.private_ok = false;
}

static void
free_fixtures(void)
{
    size_t i;

    gnutls_x509_trust_list_deinit(trust, 1);
    gnutls_x509_crt_deinit(root_crt);
    gnutls_privkey_deinit(root_signer);
    gnutls_x509_privkey_deinit(root_key);
    gnutls_x509_privkey_deinit(leaf_key);
    for (i = 0; i < C_COUNT; i++)
        free(ders[i].der);
}

/* ------------------------------------------------ building observations */

static struct observation *
new_obs(size_t norigins)
{
    struct observation *obs = xcalloc(1, sizeof *obs);

    obs->origins = xcalloc(norigins, sizeof *obs->origins);
    obs->norigins = norigins;
    obs->started = (int64_t)NOW;
    return obs;
}

/* A resolved origin name (as the probe leaves it: SNI = the name). */
static void
origin_init(struct obs_origin *o, const char *name)
{
    target_init(&o->target); /* CloudFront's defaults: HTTPS only, 443, TLSv1.2 */
    o->target.input = xstrdup(name);
    o->target.name = xstrdup(name);
    o->sni = xstrdup(name);
    o->dns = DNS_OK;
}

/* An address whose TCP connection ended with tcp (and, when connected,
 * CloudFront's handshake with tls). */
static struct obs_addr *
add_addr(struct obs_origin *o, const char *text, enum tcp_status tcp, enum tls_status tls)
{
    struct obs_addr *a = obs_origin_add_addr(o);

    if (!obs_addr_set_text(a, text)) {
        fprintf(stderr, "fixture: bad address %s\n", text);
        exit(1);
    }
    a->ttl = 60;
    a->tcp = tcp;
    a->connect_ms = tcp == TCP_TIMEOUT ? 10000 : 12;
    a->tls.status = tcp == TCP_CONNECTED ? tls : TLS_SKIPPED;
    if (tls == TLS_OK && tcp == TCP_CONNECTED) {
        a->tls.version = xstrdup("TLS1.2");
        a->tls.cipher_suite = xstrdup("TLS_ECDHE_ECDSA_AES_128_GCM_SHA256");
        a->tls.suite_in_profile = true;
    }
    return a;
}

/* The certificate list sent, leaf first (copies: the observation owns them). */
static void
send_certs(struct obs_addr *a, enum fx leaf, bool with_root)
{
    size_t n = with_root ? 2 : 1, i;
    enum fx list[2] = {leaf, C_ROOT};

    a->tls.certs = xcalloc(n, sizeof *a->tls.certs);
    for (i = 0; i < n; i++) {
        a->tls.certs[i].der = xmalloc(ders[list[i]].size);
        memcpy(a->tls.certs[i].der, ders[list[i]].der, ders[list[i]].size);
        a->tls.certs[i].size = ders[list[i]].size;
    }
    a->tls.ncerts = a->tls.certs_received = n;
}

/* An address that completed CloudFront's handshake with leaf (and the
 * root after it when with_root). */
static struct obs_addr *
add_good_root(struct obs_origin *o, const char *text, enum fx leaf, bool with_root)
{
    struct obs_addr *a = add_addr(o, text, TCP_CONNECTED, TLS_OK);
    send_certs(a, leaf, with_root);
    return a;
}

static struct obs_addr *
add_good(struct obs_origin *o, const char *text, enum fx leaf)
{
    return add_good_root(o, text, leaf, false);
}

/* A DNS-only look-up of a leaf name (obs_origin.lookups). */
static struct obs_origin *
add_lookup(struct obs_origin *o, const char *name, const char *cname_to, const char *addr)
{
    struct obs_origin *l;

    o->lookups = xreallocarray(o->lookups, o->nlookups + 1, sizeof *o->lookups);
    l = &o->lookups[o->nlookups++];
    memset(l, 0, sizeof *l);
    origin_init(l, name);
    if (cname_to) {
        l->cnames = xcalloc(1, sizeof *l->cnames);
        l->cnames[0].name = xstrdup(name);
        l->cnames[0].target = xstrdup(cname_to);
        l->cnames[0].ttl = 300;
        l->ncnames = 1;
    }
    if (addr) {
        struct obs_addr *a = obs_origin_add_addr(l);
        obs_addr_set_text(a, addr);
        a->probed = false; /* DNS only */
    }
    return l;
}

/* ------------------------------------------------------------ queries */

static size_t
count(const struct diag_origin *d, enum finding_id id)
{
    size_t i, n = 0;

    for (i = 0; i < d->nfindings; i++)
        n += d->findings[i].id == id;
    return n;
}

/* The finding id at address addr (-1: the whole origin), or NULL. */
static const struct finding *
find(const struct diag_origin *d, enum finding_id id, int addr)
{
    size_t i;

    for (i = 0; i < d->nfindings; i++)
        if (d->findings[i].id == id && d->findings[i].addr == addr)
            return &d->findings[i];
    return NULL;
}

static bool
contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle);
}

/* Is there a finding id at addr, and does its detail hold needle (when
 * not NULL)? */
static void
check_finding(const char *file, int line, const struct diag_origin *d, enum finding_id id, int addr,
              const char *needle)
{
    const struct finding *f = find(d, id, addr);

    unit_checks++;
    if (!f)
        unit_fail(file, line, "no %s at address %d", findings_def(id)->id, addr);
    else if (needle && !contains(f->detail, needle))
        unit_fail(file, line, "%s detail %s lacks %s", findings_def(id)->id, unit_show(f->detail),
                  unit_show(needle));
}

#define CHECK_FINDING(d, id, addr, needle)                                                         \
    check_finding(__FILE__, __LINE__, (d), (id), (addr), (needle))

/* -------------------------------------------------------------- cases */

static void
test_good(void)
{
    struct observation *obs = new_obs(1);
    struct diagnosis *d;
    struct diag_origin *o;

    unit_set_case("a good origin");
    origin_init(&obs->origins[0], "www.example.com");
    add_good(&obs->origins[0], "192.0.2.10", C_WWW);
    d = diagnose(obs, &settings, trust, NOW);
    o = &d->origins[0];
    CHECK_INT("findings", 0, o->nfindings);
    CHECK(o->ok);
    CHECK_INT("cloudfront status", 0, o->cloudfront_status);
    CHECK(diag_primary(o) == NULL);
    CHECK_INT("chain address", 0, o->chain_addr);
    CHECK(o->chain.anchored);
    CHECK(o->names.match);
    CHECK_INT("explain", EXPLAIN_NONE, diag_explain(o, 0));
    CHECK_INT("diagnose builds no fixes", 0, o->nfixes);
    diag_free(d);
    obs_free(obs);
}

static void
test_tcp(void)
{
    struct observation *obs = new_obs(2);
    struct diagnosis *d;
    struct diag_origin *o;

    unit_set_case("refused, timeout, unreachable");
    origin_init(&obs->origins[0], "www.example.com");
    add_addr(&obs->origins[0], "192.0.2.1", TCP_REFUSED, TLS_SKIPPED);
    add_addr(&obs->origins[0], "192.0.2.2", TCP_TIMEOUT, TLS_SKIPPED);
    add_addr(&obs->origins[0], "192.0.2.3", TCP_UNREACHABLE, TLS_SKIPPED);
    /* Only timeouts: CloudFront answers 504. */
    origin_init(&obs->origins[1], "slow.example.com");
    add_addr(&obs->origins[1], "198.51.100.7", TCP_TIMEOUT, TLS_SKIPPED);
    add_addr(&obs->origins[1], "198.51.100.8", TCP_TIMEOUT, TLS_SKIPPED);
    d = diagnose(obs, &settings, trust, NOW);

    o = &d->origins[0];
    CHECK_FINDING(o, F_TCP_REFUSED, 0, "192.0.2.1 refused the connection to port 443");
    CHECK_FINDING(o, F_TCP_TIMEOUT, 1, "192.0.2.2 did not answer on port 443 within 10000 ms");
    CHECK_FINDING(o, F_TCP_UNREACHABLE, 2, "192.0.2.3");
    CHECK_INT("findings", 3, o->nfindings);
    CHECK(!o->ok);
    /* A 502 cause anywhere decides over a timeout. */
    CHECK_INT("cloudfront status", 502, o->cloudfront_status);
    CHECK_INT("no chain", -1, o->chain_addr);
    /* Errors of one severity keep the order of the addresses. */
    CHECK_INT("first", F_TCP_REFUSED, o->findings[0].id);
    CHECK_INT("second", F_TCP_TIMEOUT, o->findings[1].id);
    CHECK_INT("third", F_TCP_UNREACHABLE, o->findings[2].id);
    CHECK_INT("primary", F_TCP_REFUSED, diag_primary(o) ? (int)diag_primary(o)->id : -1);

    o = &d->origins[1];
    CHECK_FINDING(o, F_TCP_TIMEOUT, 0, "198.51.100.7");
    /* One finding per id and address: both addresses are named. */
    CHECK_FINDING(o, F_TCP_TIMEOUT, 1, "198.51.100.8");
    CHECK_INT("findings", 2, o->nfindings);
    CHECK(!o->ok);
    CHECK_INT("timeouts only", 504, o->cloudfront_status);
    diag_free(d);
    obs_free(obs);
}

static void
test_private(void)
{
    struct observation *obs = new_obs(2);
    struct diagnosis *d;
    struct diag_origin *o;

    unit_set_case("private addresses");
    origin_init(&obs->origins[0], "www.example.com");
    add_good(&obs->origins[0], "10.1.2.3", C_WWW);
    add_good(&obs->origins[0], "192.0.2.10", C_WWW);
    origin_init(&obs->origins[1], "www.example.com");
    add_good(&obs->origins[1], "fd00::5", C_WWW);
    d = diagnose(obs, &settings, trust, NOW);
    o = &d->origins[0];
    CHECK_FINDING(o, F_NET_PRIVATE, 0, "10.1.2.3 is a private or loopback address");
    CHECK(find(o, F_NET_PRIVATE, 1) == NULL);
    CHECK_INT("findings", 1, o->nfindings);
    /* A warning: CloudFront would still connect as far as we can tell. */
    CHECK(o->ok);
    CHECK_INT("cloudfront status", 0, o->cloudfront_status);
    CHECK_INT("primary", F_NET_PRIVATE, diag_primary(o) ? (int)diag_primary(o)->id : -1);
    CHECK_FINDING(&d->origins[1], F_NET_PRIVATE, 0, "fd00::5");
    diag_free(d);

    unit_set_case("private addresses, VPC origin");
    settings.private_ok = true;
    d = diagnose(obs, &settings, trust, NOW);
    settings.private_ok = false;
    CHECK_INT("findings", 0, d->origins[0].nfindings);
    CHECK_INT("findings (v6)", 0, d->origins[1].nfindings);
    diag_free(d);
    obs_free(obs);
}

static void
test_explain(void)
{
    struct observation *obs = new_obs(1);
    struct obs_origin *oo = &obs->origins[0];
    struct obs_addr *a;
    struct diagnosis *d;
    struct diag_origin *o;
    int v;

    unit_set_case("explaining handshakes");
    origin_init(oo, "www.example.com");
    /* 0: TLS 1.3 only. */
    a = add_addr(oo, "192.0.2.1", TCP_CONNECTED, TLS_ALERT);
    a->tls.alert = GNUTLS_A_PROTOCOL_VERSION;
    a->explain.ran = true;
    for (v = 0; v < OBS_VERSION_COUNT; v++)
        a->explain.version_ok[v] = v == OBS_TLS13;
    /* 1: plain HTTP on the HTTPS port. */
    a = add_addr(oo, "192.0.2.2", TCP_CONNECTED, TLS_NOT_TLS);
    memcpy(a->tls.first_bytes, "HTTP/1.1 400 Bad Request", 24);
    a->tls.nfirst_bytes = 24;
    /* 2: failed, nothing explained. */
    a = add_addr(oo, "192.0.2.3", TCP_CONNECTED, TLS_FAILED);
    a->tls.gnutls_error = GNUTLS_E_PUSH_ERROR;
    /* 3: refused: no handshake at all. */
    add_addr(oo, "192.0.2.4", TCP_REFUSED, TLS_SKIPPED);
    d = diagnose(obs, &settings, trust, NOW);
    o = &d->origins[0];

    /* The diagnosis records the summary per address, indexed like addrs. */
    CHECK_INT("explain 0", EXPLAIN_ONLY_TLS13, diag_explain(o, 0));
    CHECK_INT("explain 1", EXPLAIN_NOT_TLS, diag_explain(o, 1));
    CHECK_INT("explain 2", EXPLAIN_NONE, diag_explain(o, 2));
    CHECK_INT("explain 3", EXPLAIN_NONE, diag_explain(o, 3));
    CHECK_INT("no such address", EXPLAIN_NONE, diag_explain(o, 4));
    CHECK_STR("JSON name", "only_tls13", explain_name(diag_explain(o, 0)));
    CHECK_STR("JSON name of none", NULL, explain_name(EXPLAIN_NONE));
    CHECK(contains(explain_text(EXPLAIN_NOT_TLS), "does not speak TLS"));
    CHECK(explain_text(EXPLAIN_NONE) == NULL);

    CHECK_FINDING(o, F_TLS_PROTOCOL, 0, "speaks only TLS 1.3");
    CHECK_FINDING(o, F_TLS_NOT_TLS, 1, "HTTP/1.1 400 Bad Request");
    CHECK_FINDING(o, F_TLS_HANDSHAKE, 2, "192.0.2.3");
    CHECK_FINDING(o, F_TCP_REFUSED, 3, NULL);
    CHECK(find(o, F_TLS_HANDSHAKE, 0) == NULL);
    CHECK_INT("findings", 4, o->nfindings);
    diag_free(d);
    obs_free(obs);
}

static void
test_names(void)
{
    struct observation *obs = new_obs(5);
    struct diagnosis *d;
    struct diag_origin *o;

    origin_init(&obs->origins[0], "origin.example.net");
    add_good(&obs->origins[0], "192.0.2.10", C_WWW);
    origin_init(&obs->origins[1], "cn.example.com");
    add_good(&obs->origins[1], "192.0.2.11", C_CN_ONLY);
    origin_init(&obs->origins[2], ELB_NAME);
    add_good(&obs->origins[2], "192.0.2.12", C_WWW);
    /* The load balancer's name, but the viewer's Host is forwarded: the
     * name checked is www.example.com, which the certificate covers. */
    origin_init(&obs->origins[3], ELB_NAME);
    obs->origins[3].target.host_header = xstrdup("www.example.com");
    free(obs->origins[3].sni);
    obs->origins[3].sni = xstrdup("www.example.com");
    add_good(&obs->origins[3], "192.0.2.12", C_WWW);
    /* Host forwarded and not covered: a mismatch, but the load balancer's
     * own name is not what CloudFront checks. */
    origin_init(&obs->origins[4], ELB_NAME);
    obs->origins[4].target.host_header = xstrdup("shop.example.org");
    free(obs->origins[4].sni);
    obs->origins[4].sni = xstrdup("shop.example.org");
    add_good(&obs->origins[4], "192.0.2.12", C_WWW);
    d = diagnose(obs, &settings, trust, NOW);

    unit_set_case("name mismatch");
    o = &d->origins[0];
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1,
                  "the certificate does not cover origin.example.net; it covers www.example.com");
    CHECK_INT("findings", 1, o->nfindings);
    CHECK(!o->ok);
    CHECK_INT("cloudfront status", 502, o->cloudfront_status);
    CHECK_STR("name checked", "origin.example.net", o->names.checked);
    CHECK(!o->names.match);

    unit_set_case("CN only");
    o = &d->origins[1];
    CHECK_FINDING(o, F_CERT_CN_ONLY, -1, "cn.example.com matches only the Common Name");
    CHECK_INT("no mismatch", 0, count(o, F_CERT_NAME_MISMATCH));
    CHECK_INT("findings", 1, o->nfindings);
    CHECK(o->ok);

    unit_set_case("load balancer name");
    o = &d->origins[2];
    CHECK_FINDING(o, F_ORIGIN_ELB_NAME, -1, "us-east-1");
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1, ELB_NAME);
    CHECK_INT("findings", 2, o->nfindings);

    unit_set_case("load balancer name, Host forwarded");
    o = &d->origins[3];
    CHECK_INT("findings", 0, o->nfindings);
    CHECK_STR("name checked", "www.example.com", o->names.checked);
    CHECK(o->ok);

    unit_set_case("load balancer name, Host forwarded, not covered");
    o = &d->origins[4];
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1, "does not cover shop.example.org");
    CHECK_INT("no load balancer finding", 0, count(o, F_ORIGIN_ELB_NAME));
    CHECK_INT("findings", 1, o->nfindings);
    diag_free(d);
    obs_free(obs);
}

static void
test_candidates(void)
{
    struct observation *obs = new_obs(2);
    struct obs_origin *oo = &obs->origins[0];
    struct diagnosis *d;
    struct diag_origin *o;

    unit_set_case("candidates");
    origin_init(oo, ELB_NAME);
    add_good(oo, "192.0.2.12", C_WWW);
    add_good(oo, "192.0.2.13", C_WWW);
    /* Same addresses (both of them, in another order). */
    {
        struct obs_origin *l = add_lookup(oo, "same.example.com", NULL, "192.0.2.13");
        struct obs_addr *a = obs_origin_add_addr(l);
        obs_addr_set_text(a, "192.0.2.12");
    }
    /* Only one of the two addresses: not the same place. */
    add_lookup(oo, "half.example.com", NULL, "192.0.2.12");
    /* A CNAME to the load balancer's dualstack name. */
    add_lookup(oo, "www.example.com", "dualstack." ELB_NAME, "192.0.2.12");
    /* Elsewhere entirely. */
    add_lookup(oo, "elsewhere.example.com", NULL, "203.0.113.9");
    /* No answer. */
    add_lookup(oo, "gone.example.com", NULL, NULL);

    /* An origin behind a CNAME chain: a look-up that joins that chain. */
    origin_init(&obs->origins[1], "origin.example.net");
    obs->origins[1].cnames = xcalloc(1, sizeof *obs->origins[1].cnames);
    obs->origins[1].cnames[0].name = xstrdup("origin.example.net");
    obs->origins[1].cnames[0].target = xstrdup("edge.hosting.example");
    obs->origins[1].ncnames = 1;
    add_good(&obs->origins[1], "192.0.2.20", C_WWW);
    add_lookup(&obs->origins[1], "www.example.com", "edge.hosting.example", "192.0.2.99");

    d = diagnose(obs, &settings, trust, NOW);
    o = &d->origins[0];
    CHECK_INT("candidates", 2, o->ncandidates);
    if (o->ncandidates == 2) {
        /* The CNAME is the better evidence: first, although found later. */
        CHECK_STR("best", "www.example.com", o->candidates[0].name);
        CHECK_STR("why best", "a CNAME to the origin's name", o->candidates[0].why);
        CHECK_STR("second", "same.example.com", o->candidates[1].name);
        CHECK_STR("why second", "resolves to the same addresses", o->candidates[1].why);
        CHECK(o->candidates[0].score > o->candidates[1].score);
    }
    o = &d->origins[1];
    CHECK_INT("candidates via the CNAME chain", 1, o->ncandidates);
    if (o->ncandidates == 1)
        CHECK_STR("chain candidate", "www.example.com", o->candidates[0].name);
    diag_free(d);
    obs_free(obs);
}

static void
test_inconsistent(void)
{
    struct observation *obs = new_obs(3);
    struct diagnosis *d;
    struct diag_origin *o;

    origin_init(&obs->origins[0], "www.example.com");
    add_good(&obs->origins[0], "192.0.2.10", C_WWW);
    add_addr(&obs->origins[0], "192.0.2.11", TCP_REFUSED, TLS_SKIPPED);
    /* Both complete the handshake, with different leaves. */
    origin_init(&obs->origins[1], "www.example.com");
    add_good(&obs->origins[1], "192.0.2.10", C_WWW);
    add_good(&obs->origins[1], "192.0.2.11", C_OTHER);
    /* The same leaf twice: consistent, findings for the whole origin. */
    origin_init(&obs->origins[2], "origin.example.net");
    add_good(&obs->origins[2], "192.0.2.10", C_WWW);
    add_good(&obs->origins[2], "192.0.2.11", C_WWW);
    d = diagnose(obs, &settings, trust, NOW);

    unit_set_case("one address fails");
    o = &d->origins[0];
    CHECK_FINDING(o, F_ORIGIN_INCONSISTENT, -1, "1 of 2 addresses complete CloudFront's handshake");
    CHECK(!contains(find(o, F_ORIGIN_INCONSISTENT, -1) ? find(o, F_ORIGIN_INCONSISTENT, -1)->detail
                                                       : NULL,
                    "different certificates"));
    CHECK_FINDING(o, F_TCP_REFUSED, 1, NULL);
    CHECK_INT("findings", 2, o->nfindings);

    unit_set_case("different leaves");
    o = &d->origins[1];
    CHECK_FINDING(o, F_ORIGIN_INCONSISTENT, -1, "the addresses serve different certificates");
    /* The findings name the address that served the wrong leaf. */
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, 1, "other.example.com");
    CHECK(find(o, F_CERT_NAME_MISMATCH, 0) == NULL);
    CHECK(find(o, F_CERT_NAME_MISMATCH, -1) == NULL);
    /* The chain shown is the first address's. */
    CHECK_INT("chain address", 0, o->chain_addr);
    CHECK(o->names.match);

    unit_set_case("same leaf everywhere");
    o = &d->origins[2];
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1, NULL);
    CHECK_INT("one finding for both addresses", 1, o->nfindings);
    CHECK_INT("no inconsistency", 0, count(o, F_ORIGIN_INCONSISTENT));
    diag_free(d);
    obs_free(obs);
}

/* Findings are sorted errors, warnings, notes, stable within a severity;
 * the primary is the worst, the name mismatch first among errors. */
static void
test_order_and_primary(void)
{
    struct observation *obs = new_obs(4);
    struct diagnosis *d;
    struct diag_origin *o;
    size_t i;

    /* The private-address warning is found before the refusal. */
    origin_init(&obs->origins[0], "www.example.com");
    add_addr(&obs->origins[0], "10.0.0.1", TCP_REFUSED, TLS_SKIPPED);
    /* Expired leaf (found first) and a name that does not match. */
    origin_init(&obs->origins[1], "origin.example.net");
    add_good(&obs->origins[1], "192.0.2.10", C_EXPIRED);
    /* A note (the root sent along) found before a warning (CN only). */
    origin_init(&obs->origins[2], "cn.example.com");
    add_good_root(&obs->origins[2], "192.0.2.10", C_CN_ONLY, true);
    /* Note only. */
    origin_init(&obs->origins[3], "www.example.com");
    add_good_root(&obs->origins[3], "192.0.2.10", C_WWW, true);
    d = diagnose(obs, &settings, trust, NOW);

    unit_set_case("error before an earlier warning");
    o = &d->origins[0];
    CHECK_INT("findings", 2, o->nfindings);
    if (o->nfindings == 2) {
        CHECK_INT("first", F_TCP_REFUSED, o->findings[0].id);
        CHECK_INT("second", F_NET_PRIVATE, o->findings[1].id);
    }
    CHECK_INT("primary", F_TCP_REFUSED, diag_primary(o) ? (int)diag_primary(o)->id : -1);

    unit_set_case("the name mismatch is primary");
    o = &d->origins[1];
    CHECK_FINDING(o, F_CERT_EXPIRED, -1, "expired 10 days ago");
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1, NULL);
    CHECK_INT("expired found first", F_CERT_EXPIRED, o->nfindings ? (int)o->findings[0].id : -1);
    CHECK_INT("primary", F_CERT_NAME_MISMATCH, diag_primary(o) ? (int)diag_primary(o)->id : -1);

    unit_set_case("warning before note");
    o = &d->origins[2];
    CHECK_INT("findings", 2, o->nfindings);
    if (o->nfindings == 2) {
        CHECK_INT("first", F_CERT_CN_ONLY, o->findings[0].id);
        CHECK_INT("second", F_CHAIN_ROOT, o->findings[1].id);
    }
    CHECK(o->ok);
    CHECK_INT("primary", F_CERT_CN_ONLY, diag_primary(o) ? (int)diag_primary(o)->id : -1);

    unit_set_case("a note alone");
    o = &d->origins[3];
    CHECK_INT("findings", 1, o->nfindings);
    CHECK_INT("primary", F_CHAIN_ROOT, diag_primary(o) ? (int)diag_primary(o)->id : -1);

    unit_set_case("severities never decrease");
    for (i = 0; i < d->norigins; i++) {
        size_t k;
        o = &d->origins[i];
        for (k = 1; k < o->nfindings; k++)
            CHECK_MSG(findings_def(o->findings[k - 1].id)->severity <=
                          findings_def(o->findings[k].id)->severity,
                      "origin %zu: %s before %s", i, findings_def(o->findings[k - 1].id)->id,
                      findings_def(o->findings[k].id)->id);
    }
    diag_free(d);
    obs_free(obs);
}

static void
test_dns(void)
{
    struct observation *obs = new_obs(2);
    struct diagnosis *d;

    unit_set_case("DNS");
    origin_init(&obs->origins[0], "nowhere.example.com");
    obs->origins[0].dns = DNS_NXDOMAIN;
    origin_init(&obs->origins[1], "empty.example.com");
    d = diagnose(obs, &settings, trust, NOW);
    CHECK_FINDING(&d->origins[0], F_DNS_NXDOMAIN, -1, "nowhere.example.com");
    CHECK_FINDING(&d->origins[1], F_DNS_NO_ADDRESS, -1, "empty.example.com has no address");
    CHECK(!d->origins[0].ok);
    diag_free(d);
    obs_free(obs);
}

/* diagnose() judges, analyse() adds the guides on top. */
static void
test_analyse(void)
{
    struct observation *obs = new_obs(1);
    struct diagnosis *d;
    size_t i;
    bool custom = false;

    unit_set_case("analyse");
    origin_init(&obs->origins[0], ELB_NAME);
    add_good(&obs->origins[0], "192.0.2.12", C_WWW);
    d = diagnose(obs, &settings, trust, NOW);
    CHECK_INT("diagnose: no fixes", 0, d->origins[0].nfixes);
    diag_free(d);
    d = analyse(obs, &settings, trust, NOW, NULL);
    CHECK(d->origins[0].nfixes > 0);
    for (i = 0; i < d->origins[0].nfixes; i++)
        custom = custom || d->origins[0].fixes[i].kind == FIX_CUSTOM_DOMAIN;
    CHECK_MSG(custom, "analyse: no custom-domain guide for a load balancer's name");
    CHECK_FINDING(&d->origins[0], F_ORIGIN_ELB_NAME, -1, NULL);
    diag_free(d);
    obs_free(obs);
}

/* What the account says changes two judgements: a timeout on a port the
 * security group opens to CloudFront only is tcp.cloudfront_only (unknown,
 * never 504 nor ok), and the Route 53 records to the load balancer lead
 * the suggested origins, one with an ISSUED certificate first. */
static void
test_account(void)
{
    struct observation *obs = new_obs(4);
    struct diagnosis *d;
    struct diag_origin *o;
    struct account_origin *a;
    int w;

    unit_set_case("account: cloudfront only");
    origin_init(&obs->origins[0], "origin.example.com");
    add_addr(&obs->origins[0], "192.0.2.2", TCP_TIMEOUT, TLS_SKIPPED);
    a = obs->origins[0].account = xcalloc(1, sizeof *a);
    a->port = 443;
    a->lb_found = true;
    a->access = ACCESS_CLOUDFRONT_ONLY;
    a->access_sg = xstrdup("sg-1");
    a->prefix_list_id = xstrdup("pl-cf");
    origin_init(&obs->origins[1], "www.example.com");
    add_addr(&obs->origins[1], "192.0.2.3", TCP_TIMEOUT, TLS_SKIPPED);
    a = obs->origins[1].account = xcalloc(1, sizeof *a);
    a->port = 8443; /* another port: the rule says nothing about 443 */
    a->access = ACCESS_CLOUDFRONT_ONLY;
    a->records = xcalloc(2, sizeof *a->records);
    a->records[0] = (struct account_record){xstrdup("cn.example.com"), xstrdup("CNAME"), false,
                                            xstrdup("Z1"), xstrdup("example.com")};
    a->records[1] = (struct account_record){xstrdup("origin.example.com"), xstrdup("A"), true,
                                            xstrdup("Z1"), xstrdup("example.com")};
    a->nrecords = 2;
    a->covers = xcalloc(1, sizeof *a->covers);
    a->covers[0] = (struct account_cover){xstrdup("origin.example.com"), xstrdup("arn:c"), NULL};
    a->ncovers = 1;
    /* Behind the same rule, the account's listener: its one certificate
     * (described) does not cover the name (a 502 known from the account),
     * or one certificate is not described (still unknown). */
    for (w = 2; w < 4; w++) {
        origin_init(&obs->origins[w], "api.example.com");
        add_addr(&obs->origins[w], "192.0.2.4", TCP_TIMEOUT, TLS_SKIPPED);
        a = obs->origins[w].account = xcalloc(1, sizeof *a);
        a->port = 443;
        a->lb_found = a->listener_found = a->certs_read = true;
        a->access = ACCESS_CLOUDFRONT_ONLY;
        a->listener_protocol = xstrdup("HTTPS");
        a->certs = xcalloc(2, sizeof *a->certs);
        a->ncerts = 2;
        a->certs[0].arn = xstrdup("arn:1");
        a->certs[0].described = true;
        a->certs[0].names = xcalloc(1, sizeof(char *));
        a->certs[0].names[0] = xstrdup("*.example.net");
        a->certs[0].nnames = 1;
        a->certs[1].arn = xstrdup("arn:2");
        a->certs[1].described = w == 2; /* no names: covers nothing */
    }
    d = diagnose(obs, &settings, trust, NOW);

    o = &d->origins[2];
    CHECK_FINDING(o, F_CERT_NAME_MISMATCH, -1, "none of the 2 certificates");
    CHECK_INT("verdict", VERDICT_FAIL, o->verdict);
    CHECK_INT("status", 502, o->cloudfront_status);
    o = &d->origins[3];
    CHECK_INT("findings: only the timeout", 1, o->nfindings);
    CHECK_INT("verdict", VERDICT_UNKNOWN, o->verdict);

    o = &d->origins[0];
    CHECK_FINDING(o, F_TCP_CLOUDFRONT_ONLY, 0, "this machine is not CloudFront");
    CHECK_INT("findings", 1, o->nfindings);
    CHECK_INT("verdict", VERDICT_UNKNOWN, o->verdict);
    CHECK_INT("no status", 0, o->cloudfront_status);

    o = &d->origins[1];
    CHECK_FINDING(o, F_TCP_TIMEOUT, 0, "192.0.2.3");
    CHECK_INT("verdict", VERDICT_FAIL, o->verdict);
    CHECK_INT("candidates", 2, o->ncandidates);
    CHECK_STR("issued first", "origin.example.com", o->ncandidates ? o->candidates[0].name : NULL);
    CHECK_STR("source", "route53", o->ncandidates ? o->candidates[0].source : NULL);
    CHECK_STR("zone", "Z1", o->ncandidates ? o->candidates[0].zone_id : NULL);
    CHECK_STR("then", "cn.example.com", o->ncandidates > 1 ? o->candidates[1].name : NULL);
    diag_free(d);
    obs_free(obs);
}

/* One rule of a listener, for test_lb_rules: host NULL is a rule without a
 * host condition; regex a RegexValues one. */
static void
add_rule(struct account_origin *a, const char *prio, const char *host, bool regex,
         const char *action, int status)
{
    struct account_rule *r;

    a->rules = xreallocarray(a->rules, a->nrules + 1, sizeof *a->rules);
    r = &a->rules[a->nrules++];
    memset(r, 0, sizeof *r);
    r->arn = xasprintf("arn:rule/%s", prio);
    r->priority = xstrdup(prio);
    r->is_default = strcmp(prio, "default") == 0;
    r->host_regex = regex;
    if (host) {
        r->hosts = xcalloc(1, sizeof *r->hosts);
        r->hosts[0] = xstrdup(host);
        r->nhosts = 1;
        r->by_host = true;
    }
    r->action = xstrdup(action);
    r->status = status;
}

/* http.lb_default_action: only when the account's rules were all read,
 * every rule but the default has a host condition, and none matches the
 * Host CloudFront sends (ELB's wildcards, any case; the forwarded Host
 * when there is one); the origin's answer is evidence. */
static void
test_lb_rules(void)
{
    static const struct {
        const char *name, *host_header, *rule_host;
        bool regex, read;
        bool want;
    } cases[] = {
        {"no rule for the origin's name", NULL, "app.example.com", false, true, true},
        {"a wildcard rule covers it", NULL, "*.EXAMPLE.com", false, true, false},
        {"a rule without a host condition might match", NULL, NULL, false, true, false},
        {"a regular expression is not judged", NULL, "app.example.com", true, true, false},
        {"rules not read in full", NULL, "app.example.com", false, false, false},
        {"the forwarded Host has its rule", "www.example.com", "www.example.com", false, true,
         false},
        {"the forwarded Host has none", "www.example.com", "origin.example.com", false, true, true},
    };
    size_t n = sizeof cases / sizeof cases[0], i;
    struct observation *obs = new_obs(n);
    struct diagnosis *d;
    struct obs_addr *ad;

    for (i = 0; i < n; i++) {
        struct account_origin *a;
        origin_init(&obs->origins[i], "origin.example.com");
        if (cases[i].host_header)
            obs->origins[i].target.host_header = xstrdup(cases[i].host_header);
        ad = add_addr(&obs->origins[i], "192.0.2.9", TCP_CONNECTED, TLS_OK);
        ad->http.status = HTTP_OK;
        ad->http.code = 404;
        a = obs->origins[i].account = xcalloc(1, sizeof *a);
        a->port = 443;
        a->lb_found = a->listener_found = true;
        a->listener_protocol = xstrdup("HTTPS");
        a->rules_read = cases[i].read;
        add_rule(a, "10", cases[i].rule_host, cases[i].regex, "forward", 0);
        if (cases[i].rule_host && !cases[i].regex)
            add_rule(a, "20", "api.example.net", false, "forward", 0);
        add_rule(a, "default", NULL, false, "fixed-response", 404);
    }
    d = diagnose(obs, &settings, trust, NOW);
    for (i = 0; i < n; i++) {
        unit_set_case(cases[i].name);
        CHECK_INT("finding", cases[i].want, find(&d->origins[i], F_HTTP_LB_DEFAULT, -1) != NULL);
    }
    unit_set_case("the message: the rules, the Host, the default action, the evidence");
    CHECK_FINDING(&d->origins[0], F_HTTP_LB_DEFAULT, -1,
                  "routes by Host (app.example.com, api.example.net) and no rule matches "
                  "origin.example.com, the Host CloudFront sends: its default action answers (a "
                  "fixed response 404); 192.0.2.9 answered 404, the default action's fixed "
                  "response");
    CHECK_FINDING(&d->origins[6], F_HTTP_LB_DEFAULT, -1, "no rule matches www.example.com");
    CHECK_INT("a warning, no CloudFront status of its own", 0, d->origins[0].cloudfront_status);
    diag_free(d);
    obs_free(obs);
}

/* diag.c keeps the parsed certificates of the last 16 chains only: an
 * origin whose chain was analysed before and has left that ring gets its
 * leaf parsed again for its own name.  40 origins, 20 distinct chains
 * (the same certificates, told apart by how many were received), each
 * chain used by two origins 20 apart: the second of each pair must be
 * judged as the first, and its name checked on the leaf. */
static void
test_parsed_ring(void)
{
    struct observation *obs = new_obs(40);
    struct diagnosis *d;
    size_t i, k;

    for (i = 0; i < 40; i++) {
        struct obs_addr *a;
        origin_init(&obs->origins[i], i % 2 ? "www.example.com" : "origin.example.net");
        a = add_good_root(&obs->origins[i], "192.0.2.10", C_WWW, true);
        a->tls.certs_received = 2 + i % 20;
    }
    d = diagnose(obs, &settings, trust, NOW);
    unit_set_case("parsed ring");
    for (i = 0; i < 40; i++) {
        const struct diag_origin *o = &d->origins[i], *first = &d->origins[i % 20];
        CHECK(o->chain_addr == 0);
        CHECK(o->names.match == (i % 2 == 1));
        CHECK_INT("names listed", first->names.nrows, o->names.nrows);
        CHECK(o->names.nrows > 0);
        CHECK_INT("name mismatch", i % 2 ? 0 : 1, count(o, F_CERT_NAME_MISMATCH));
        CHECK_INT("same findings", first->nfindings, o->nfindings);
        for (k = 0; k < o->nfindings && k < first->nfindings; k++)
            CHECK(o->findings[k].id == first->findings[k].id);
    }
    diag_free(d);
    obs_free(obs);
}

int
main(void)
{
    make_fixtures();
    test_good();
    test_tcp();
    test_private();
    test_explain();
    test_names();
    test_candidates();
    test_inconsistent();
    test_order_and_primary();
    test_dns();
    test_analyse();
    test_account();
    test_lb_rules();
    test_parsed_ring();
    free_fixtures();
    return unit_result();
}
