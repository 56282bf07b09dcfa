#include "config.h"

/* target_*: parsing what the user typed (origins, ports, --resolve,
 * --dns-server, --min-protocol).  Each table row is one input and what a
 * correct parser makes of it. */

#include <ares.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "unit.h"
#include "xmalloc.h"

/* Names of the length limits, built at run time. */
static char label63[64], label64[65], name253[254], name253dot[255], name254[255], name300[301];
static char longidn[128];

static void
make_long_names(void)
{
    size_t i;

    memset(label63, 'a', 63);
    memset(label64, 'b', 64);
    /* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253: the longest name DNS allows. */
    snprintf(name253, sizeof name253, "%s.%s.%s.", label63, label63, label63);
    for (i = strlen(name253); i < 253; i++)
        name253[i] = 'c';
    name253[253] = '\0';
    snprintf(name254, sizeof name254, "%sd", name253);
    snprintf(name253dot, sizeof name253dot, "%s.", name253);
    /* 20 scattered CJK ideographs: 60 bytes of UTF-8, but their A-label
     * (xn-- plus punycode) is 67 characters, over the 63 a label may have. */
    for (i = 0; i < 20; i++) {
        unsigned cp = 0x4e00 + (unsigned)(i * 3001) % 0x5000;
        longidn[3 * i] = (char)(0xe0 | cp >> 12);
        longidn[3 * i + 1] = (char)(0x80 | (cp >> 6 & 0x3f));
        longidn[3 * i + 2] = (char)(0x80 | (cp & 0x3f));
    }
    memcpy(longidn + 60, ".example", 9);
    /* 300 characters of short labels: "a.a.a...." */
    for (i = 0; i < 300; i++)
        name300[i] = (i % 2) ? '.' : 'a';
    name300[299] = 'a';
}

struct parse_case {
    const char *input;
    bool ok;
    const char *name; /* expected ASCII name */
    unsigned port;
    bool literal;
};

static void
check_parse(const struct parse_case *c)
{
    struct target t;
    const char *err = NULL;
    bool ok;

    unit_set_case(unit_show(c->input));
    memset(&t, 0, sizeof t);
    ok = target_parse(&t, c->input, 443, &err);
    if (!c->ok) {
        CHECK_MSG(!ok, "input %s: expected an error, got name %s port %u", unit_show(c->input),
                  unit_show(t.name), t.https_port);
        if (!ok)
            CHECK_MSG(err && *err, "input %s rejected without a message", unit_show(c->input));
        if (ok)
            target_clear(&t);
        return;
    }
    CHECK_MSG(ok, "input %s: expected success, got error %s", unit_show(c->input),
              unit_show(err));
    if (!ok)
        return;
    CHECK_STR("name", c->name, t.name);
    CHECK_STR("input kept as typed", c->input, t.input);
    CHECK_INT("port", c->port, t.https_port);
    CHECK_INT("is_literal", c->literal, t.is_literal);
    CHECK_MSG(t.host_header == NULL, "host_header set to %s", unit_show(t.host_header));

    /* target_copy makes an independent deep copy. */
    {
        struct target copy;
        memset(&copy, 0, sizeof copy);
        target_copy(&copy, &t);
        CHECK_STR("copy name", t.name, copy.name);
        CHECK_STR("copy input", t.input, copy.input);
        CHECK_INT("copy port", t.https_port, copy.https_port);
        CHECK(copy.name != t.name);
        target_clear(&copy);
    }
    target_clear(&t);
}

static void
test_parse(void)
{
    const struct parse_case cases[] = {
        {"origin.example.com", true, "origin.example.com", 443, false},
        {"origin.example.com:8443", true, "origin.example.com", 8443, false},
        {"[::1]:8443", true, "::1", 8443, true},
        {"[::1]", true, "::1", 443, true},
        {"::1", true, "::1", 443, true},
        {"2001:db8::1", true, "2001:db8::1", 443, true},
        {"127.0.0.1:443", true, "127.0.0.1", 443, true},
        {"127.0.0.1", true, "127.0.0.1", 443, true},
        {"https://origin.example.com/some/path", true, "origin.example.com", 443, false},
        {"https://origin.example.com:8443/some/path", true, "origin.example.com", 8443, false},
        {"https://[::1]:8443/", true, "::1", 8443, true},
        {"origin.example.com/", true, "origin.example.com", 443, false},
        {"example.com.", true, "example.com", 443, false},
        {"example.com.:8443", true, "example.com", 8443, false},
        {"localhost", true, "localhost", 443, false},
        {"my-lb-123.us-east-1.elb.amazonaws.com", true, "my-lb-123.us-east-1.elb.amazonaws.com",
         443, false},
        {"b\xc3\xbc" "cher.example", true, "xn--bcher-kva.example", 443, false},
        {"\xe6\x97\xa5\xe6\x9c\xac.example:8443", true, "xn--wgv71a.example", 8443, false},
        /* DNS names are case-insensitive and certificate matching folds
         * case; we expect the stored ASCII name in lower case. */
        {"Origin.Example.COM", true, "origin.example.com", 443, false},
        {"B\xc3\x9c" "CHER.example", true, "xn--bcher-kva.example", 443, false},
        {"HTTPS://origin.example.com", true, "origin.example.com", 443, false},
        /* Underscores occur in real DNS names; target.c allows them. */
        {"_dmarc.example.com", true, "_dmarc.example.com", 443, false},
        {label63, true, label63, 443, false},
        {name253, true, name253, 443, false},
        {name253dot, true, name253, 443, false}, /* the root dot does not count */
        {"origin.example.com:8443/path", true, "origin.example.com", 8443, false},
        {"https://origin.example.com:8443", true, "origin.example.com", 8443, false},
        {"[::ffff:127.0.0.1]:443", true, "::ffff:127.0.0.1", 443, true},

        {"", false, NULL, 0, false},
        {"a..b", false, NULL, 0, false},
        {".example.com", false, NULL, 0, false},
        {"example.com..", false, NULL, 0, false},
        {".", false, NULL, 0, false},
        {label64, false, NULL, 0, false},
        {name254, false, NULL, 0, false},
        {name300, false, NULL, 0, false},
        {"host:0", false, NULL, 0, false},
        {"host:70000", false, NULL, 0, false},
        {"host:65536", false, NULL, 0, false},
        {"host:abc", false, NULL, 0, false},
        {"host:", false, NULL, 0, false},
        {"host:-1", false, NULL, 0, false},
        {"host:443x", false, NULL, 0, false},
        {"bad_char!.com", false, NULL, 0, false},
        {"bad char.com", false, NULL, 0, false},
        {"-lead.example", false, NULL, 0, false},
        {"trail-.example", false, NULL, 0, false},
        {"[::1", false, NULL, 0, false},
        {"[::1]x", false, NULL, 0, false},
        {"[::1]:0", false, NULL, 0, false},
        {"[not-an-ip]:443", false, NULL, 0, false},
        {"https://", false, NULL, 0, false},
        {"https:///path", false, NULL, 0, false},
        {"ex\xff" "ample.com", false, NULL, 0, false}, /* not UTF-8 */
        {"http://origin.example.com", false, NULL, 0, false},
        {"origin.example.com:443:1", false, NULL, 0, false},
        {"fe80::1%eth0", false, NULL, 0, false},
        {longidn, false, NULL, 0, false}, /* A-label longer than 63 */
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_parse(&cases[i]);

    /* The default port applies when none is typed. */
    {
        struct target t;
        const char *err = NULL;
        memset(&t, 0, sizeof t);
        unit_set_case("default port 8443");
        CHECK(target_parse(&t, "origin.example.com", 8443, &err));
        CHECK_INT("port", 8443, t.https_port);
        target_clear(&t);
        memset(&t, 0, sizeof t);
        CHECK(target_parse(&t, "origin.example.com:444", 8443, &err));
        CHECK_INT("explicit port wins", 444, t.https_port);
        target_clear(&t);
        memset(&t, 0, sizeof t);
        CHECK(target_parse(&t, "::1", 8443, &err));
        CHECK_INT("bare IPv6 gets the default port", 8443, t.https_port);
        target_clear(&t);
    }
}

static void
test_host_ascii(void)
{
    const struct {
        const char *in;
        const char *out; /* NULL: invalid */
    } cases[] = {
        {"origin.example.com", "origin.example.com"},
        {"b\xc3\xbc" "cher.example", "xn--bcher-kva.example"},
        {"xn--bcher-kva.example", "xn--bcher-kva.example"},
        {"example.com.", "example.com"},
        {"", NULL},
        {"a..b", NULL},
        {"bad_char!.com", NULL},
        {"-lead.example", NULL},
        {label64, NULL},
        {name254, NULL},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *err = NULL;
        char *got;

        unit_set_case(unit_show(cases[i].in));
        got = target_host_ascii(cases[i].in, &err);
        CHECK_STR("target_host_ascii", cases[i].out, got);
        if (!got)
            CHECK_MSG(err && *err, "rejected without a message");
        free(got);
    }
}

/* The character target_bad_char points at: its offset in the input, -1
 * for none. */
static void
test_bad_char(void)
{
    const struct {
        const char *in;
        bool origin;
        int at;
    } cases[] = {
        {"origin.example.com", true, -1},
        {"bad!.example.com", true, 3},
        {"ba d.example.com", true, 2},
        {"https://a$b.example.com:8443/x", true, 9},
        {"origin.example.com:8443", true, -1},
        {"origin.example.com/a b", true, -1}, /* a path is not the name */
        {"[::1]:443", true, -1},
        {"b\xc3\xbc"
         "cher!.example",
         true, 7},
        {"host.example:80", false, 12}, /* a Host header has no port here */
        {"under_score.example", false, -1},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = target_bad_char(cases[i].in, cases[i].origin);

        unit_set_case(unit_show(cases[i].in));
        CHECK_INT("target_bad_char", cases[i].at, p ? (int)(p - cases[i].in) : -1);
    }
}

static void
test_port(void)
{
    const struct {
        const char *in;
        bool ok;
        unsigned port;
    } cases[] = {
        {"443", true, 443},   {"1", true, 1},         {"65535", true, 65535},
        {"8443", true, 8443}, {"0", false, 0},        {"65536", false, 0},
        {"70000", false, 0},  {"99999999999999999999", false, 0},
        {"", false, 0},       {"abc", false, 0},      {"443x", false, 0},
        {"-1", false, 0},     {"+443", false, 0},     {" 443", false, 0},
        {"443 ", false, 0},   {"0x1bb", false, 0},    {"4294967739", false, 0},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned port = 12345;
        bool ok;

        unit_set_case(unit_show(cases[i].in));
        ok = target_parse_port(cases[i].in, &port);
        CHECK_INT("accepted", cases[i].ok, ok);
        if (ok && cases[i].ok)
            CHECK_INT("port", cases[i].port, port);
    }
}

/* Parse spec into a settings-owned entry so target_settings_clear frees it. */
static void
check_resolve(const char *spec, bool ok_expected, const char *name, unsigned port,
              const char *addr0, const char *addr1, size_t naddrs)
{
    struct target_settings s;
    struct target_resolve *r;
    const char *err = NULL;
    bool ok;

    unit_set_case(unit_show(spec));
    memset(&s, 0, sizeof s);
    s.resolves = xcalloc(1, sizeof *s.resolves);
    s.nresolves = 1;
    r = &s.resolves[0];
    ok = target_parse_resolve(r, spec, &err);
    if (!ok_expected) {
        CHECK_MSG(!ok, "expected an error, got name %s port %u, %zu addresses",
                  unit_show(r->name), r->port, r->naddrs);
        if (!ok)
            CHECK_MSG(err && *err, "rejected without a message");
        if (!ok)
            memset(r, 0, sizeof *r);
        target_settings_clear(&s);
        return;
    }
    CHECK_MSG(ok, "expected success, got error %s", unit_show(err));
    if (ok) {
        CHECK_STR("name", name, r->name);
        CHECK_INT("port", port, r->port);
        CHECK_INT("naddrs", naddrs, r->naddrs);
        if (r->naddrs >= 1)
            CHECK_STR("addrs[0]", addr0, r->addrs[0]);
        if (r->naddrs >= 2 && naddrs >= 2)
            CHECK_STR("addrs[1]", addr1, r->addrs[1]);
    } else {
        memset(r, 0, sizeof *r);
    }
    target_settings_clear(&s);
}

static void
test_resolve(void)
{
    check_resolve("origin.test:443:127.0.0.5", true, "origin.test", 443, "127.0.0.5", NULL, 1);
    check_resolve("origin.test:443:127.0.0.5,127.0.0.6", true, "origin.test", 443, "127.0.0.5",
                  "127.0.0.6", 2);
    check_resolve("origin.test:443:[::1]", true, "origin.test", 443, "::1", NULL, 1);
    check_resolve("origin.test:8443:[::1],127.0.0.1", true, "origin.test", 8443, "::1",
                  "127.0.0.1", 2);
    check_resolve("origin.test:443:::1", true, "origin.test", 443, "::1", NULL, 1);
    check_resolve("Origin.TEST:443:127.0.0.5", true, "origin.test", 443, "127.0.0.5", NULL, 1);

    check_resolve("", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:", false, NULL, 0, NULL, NULL, 0);
    check_resolve(":443:127.0.0.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test::127.0.0.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:0:127.0.0.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:70000:127.0.0.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:abc:127.0.0.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:999.1.1.1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:not-an-ip", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:127.0.0.1,", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:127.0.0.1,,127.0.0.2", false, NULL, 0, NULL, NULL, 0);
    check_resolve("origin.test:443:[::1", false, NULL, 0, NULL, NULL, 0);
    check_resolve("bad_name!:443:127.0.0.1", false, NULL, 0, NULL, NULL, 0);
}

/* One resolver as c-ares will use it: family, numeric address, port
 * (0 in c-ares means its default, 53). */
struct server {
    int family;
    const char *addr;
    int port;
};

/* Feed the CSV to c-ares itself and compare what it understood: the CSV's
 * exact spelling is the implementation's choice, its meaning is not. */
static void
check_csv_meaning(ares_channel ch, const char *csv, const struct server *want, size_t nwant)
{
    struct ares_addr_port_node *list = NULL, *n;
    size_t i = 0;
    int rc;

    rc = ares_set_servers_ports_csv(ch, csv);
    CHECK_MSG(rc == ARES_SUCCESS, "c-ares rejects CSV %s: %s", unit_show(csv), ares_strerror(rc));
    if (rc != ARES_SUCCESS)
        return;
    rc = ares_get_servers_ports(ch, &list);
    CHECK_INT("ares_get_servers_ports", ARES_SUCCESS, rc);
    for (n = list; n; n = n->next, i++) {
        char text[INET6_ADDRSTRLEN];
        int port = n->udp_port ? n->udp_port : 53;

        if (i >= nwant)
            continue;
        inet_ntop(n->family, n->family == AF_INET ? (const void *)&n->addr.addr4
                                                  : (const void *)&n->addr.addr6,
                  text, sizeof text);
        CHECK_INT("server family", want[i].family, n->family);
        CHECK_STR("server address", want[i].addr, text);
        CHECK_INT("server port", want[i].port, port);
    }
    CHECK_INT("number of servers", nwant, i);
    ares_free_data(list);
}

static void
test_dns_servers(void)
{
    const struct server one[] = {{AF_INET, "127.0.0.1", 53}};
    const struct server port[] = {{AF_INET, "127.0.0.1", 5353}};
    const struct server two[] = {{AF_INET6, "::1", 53}, {AF_INET, "127.0.0.1", 53}};
    const struct server v6port[] = {{AF_INET6, "::1", 5353}};
    const struct {
        const char *spec;
        const struct server *want; /* NULL: invalid */
        size_t nwant;
    } cases[] = {
        {"127.0.0.1", one, 1},
        {"127.0.0.1:5353", port, 1},
        {"[::1]:53,127.0.0.1", two, 2},
        {"[::1]:5353", v6port, 1},
        {"::1", (const struct server[]){{AF_INET6, "::1", 53}}, 1},
        {"x.y", NULL, 0},
        {"127.0.0.1:99999", NULL, 0},
        {"127.0.0.1:0", NULL, 0},
        {"127.0.0.1:", NULL, 0},
        {"127.0.0.1:abc", NULL, 0},
        {"300.1.1.1", NULL, 0},
        {"", NULL, 0},
        {"127.0.0.1,", NULL, 0},
        {",127.0.0.1", NULL, 0},
        {"[::1", NULL, 0},
        {"[::1]:", NULL, 0},
    };
    ares_channel ch;
    struct ares_options opts;
    size_t i;

    CHECK_INT("ares_library_init", ARES_SUCCESS, ares_library_init(ARES_LIB_INIT_ALL));
    memset(&opts, 0, sizeof opts);
    if (ares_init_options(&ch, &opts, 0) != ARES_SUCCESS) {
        unit_fail(__FILE__, __LINE__, "ares_init_options failed");
        return;
    }
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *err = NULL;
        char *csv;

        unit_set_case(unit_show(cases[i].spec));
        csv = target_parse_dns_servers(cases[i].spec, &err);
        if (!cases[i].want) {
            CHECK_MSG(!csv, "expected an error, got %s", unit_show(csv));
            if (!csv)
                CHECK_MSG(err && *err, "rejected without a message");
            free(csv);
            continue;
        }
        CHECK_MSG(csv, "expected success, got error %s", unit_show(err));
        if (csv)
            check_csv_meaning(ch, csv, cases[i].want, cases[i].nwant);
        free(csv);
    }
    ares_destroy(ch);
    ares_library_cleanup();
}

static void
test_proto(void)
{
    const struct {
        const char *in;
        bool ok;
        enum target_proto p;
    } cases[] = {
        {"SSLv3", true, TARGET_SSLV3},     {"TLSv1", true, TARGET_TLS10},
        {"TLSv1.1", true, TARGET_TLS11},   {"TLSv1.2", true, TARGET_TLS12},
        {"TLSv1.3", false, TARGET_TLS12},  {"", false, TARGET_TLS12},
        {"TLSv1.2x", false, TARGET_TLS12}, {"TLS", false, TARGET_TLS12},
        {"SSLv2", false, TARGET_TLS12},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum target_proto p = (enum target_proto)-1;
        bool ok;

        unit_set_case(unit_show(cases[i].in));
        ok = target_parse_proto(cases[i].in, &p);
        CHECK_INT("accepted", cases[i].ok, ok);
        if (ok && cases[i].ok) {
            CHECK_INT("protocol", cases[i].p, p);
            /* The name is the CloudFront API spelling and parses back. */
            CHECK_STR("target_proto_name", cases[i].in, target_proto_name(p));
        }
    }
}

/* The constructor: CloudFront's defaults for a custom origin
 * (CLOUDFRONT.md §5-§6), whatever the memory held before. */
static void
test_init(void)
{
    struct target t;

    unit_set_case("target_init");
    memset(&t, 0xa5, sizeof t);
    target_init(&t);
    CHECK(t.id == NULL && t.input == NULL && t.name == NULL && t.host_header == NULL);
    CHECK(t.headers == NULL);
    CHECK_INT("nheaders", 0, t.nheaders);
    CHECK_INT("is_literal", 0, t.is_literal);
    CHECK_INT("policy", POLICY_HTTPS_ONLY, t.policy);
    CHECK_INT("https_port", 443, t.https_port);
    CHECK_INT("http_port", 80, t.http_port);
    CHECK_INT("ssl_protocols", TARGET_PROTO_BIT(TARGET_TLS12), t.ssl_protocols);
    CHECK_INT("min protocol", TARGET_TLS12, target_min_proto(&t));
    CHECK_INT("connect_timeout_ms", 10000, t.connect_timeout_ms);
    CHECK_INT("connect_attempts", 3, t.connect_attempts);
    CHECK_INT("read_timeout_ms", 30000, t.read_timeout_ms);
    CHECK_INT("keepalive_timeout_s", 5, t.keepalive_timeout_s);
    CHECK_INT("port probed", 443, target_port(&t));
    CHECK_INT("uses TLS", 1, target_uses_tls(&t));
    target_clear(&t);

    /* target_parse starts from the same defaults. */
    unit_set_case("target_parse keeps the defaults");
    {
        const char *err = NULL;
        memset(&t, 0x5a, sizeof t);
        CHECK(target_parse(&t, "origin.example.com:8443", 443, &err));
        CHECK_INT("https_port", 8443, t.https_port);
        CHECK_INT("http_port", 80, t.http_port);
        CHECK_INT("ssl_protocols", TARGET_PROTO_BIT(TARGET_TLS12), t.ssl_protocols);
        CHECK_INT("connect_attempts", 3, t.connect_attempts);
        CHECK(t.id == NULL && t.headers == NULL && t.host_header == NULL);
        target_clear(&t);
    }
}

/* Every field of a fully set target survives target_copy as an independent
 * copy; target_clear leaves zeroes. */
static void
test_copy_clear(void)
{
    struct target t, c;
    const char *err = NULL;

    unit_set_case("target_copy of every field");
    CHECK(target_parse(&t, "[2001:db8::1]:8443", 443, &err));
    t.id = xstrdup("alb-origin");
    t.host_header = xstrdup("www.example.com");
    t.policy = POLICY_MATCH_VIEWER;
    t.http_port = 8080;
    t.ssl_protocols = TARGET_PROTO_BIT(TARGET_TLS11) | TARGET_PROTO_BIT(TARGET_TLS12);
    t.connect_timeout_ms = 2500;
    t.connect_attempts = 1;
    t.read_timeout_ms = 60000;
    t.keepalive_timeout_s = 20;
    target_add_header(&t, "X-Origin-Verify", "s3cret");
    target_add_header(&t, "X-Other", NULL);
    memset(&c, 0xa5, sizeof c);
    target_copy(&c, &t);
    CHECK_STR("id", "alb-origin", c.id);
    CHECK(c.id != t.id && c.input != t.input && c.name != t.name && c.host_header != t.host_header);
    CHECK_STR("input", "[2001:db8::1]:8443", c.input);
    CHECK_STR("name", "2001:db8::1", c.name);
    CHECK_INT("is_literal", 1, c.is_literal);
    CHECK_STR("host_header", "www.example.com", c.host_header);
    CHECK_INT("policy", POLICY_MATCH_VIEWER, c.policy);
    CHECK_INT("https_port", 8443, c.https_port);
    CHECK_INT("http_port", 8080, c.http_port);
    CHECK_INT("ssl_protocols", t.ssl_protocols, c.ssl_protocols);
    CHECK_INT("min protocol", TARGET_TLS11, target_min_proto(&c));
    CHECK_INT("connect_timeout_ms", 2500, c.connect_timeout_ms);
    CHECK_INT("connect_attempts", 1, c.connect_attempts);
    CHECK_INT("read_timeout_ms", 60000, c.read_timeout_ms);
    CHECK_INT("keepalive_timeout_s", 20, c.keepalive_timeout_s);
    CHECK_INT("nheaders", 2, c.nheaders);
    if (c.nheaders == 2) {
        CHECK(c.headers != t.headers && c.headers[0].name != t.headers[0].name);
        CHECK_STR("header name", "X-Origin-Verify", c.headers[0].name);
        CHECK_STR("header value", "s3cret", c.headers[0].value);
        CHECK_STR("second header", "X-Other", c.headers[1].name);
        CHECK_STR("empty value", "", c.headers[1].value);
    }
    /* Independent: clearing the original leaves the copy whole. */
    target_clear(&t);
    CHECK(t.id == NULL && t.name == NULL && t.headers == NULL && t.host_header == NULL);
    CHECK_INT("cleared nheaders", 0, t.nheaders);
    CHECK_INT("cleared https_port", 0, t.https_port);
    CHECK_STR("copy outlives the original", "X-Origin-Verify", c.headers[0].name);
    target_clear(&c);
}

/* The name CloudFront checks, the SNI, the port and TLS by policy. */
static void
test_checked_name(void)
{
    struct target t;
    const char *err = NULL;

    unit_set_case("origin name, Host not forwarded");
    CHECK(target_parse(&t, "origin.example.com", 443, &err));
    CHECK_STR("checked", "origin.example.com", target_checked_name(&t));
    CHECK_STR("sni", "origin.example.com", target_sni(&t));
    t.host_header = xstrdup("www.example.com");
    unit_set_case("Host forwarded");
    CHECK_STR("checked", "www.example.com", target_checked_name(&t));
    CHECK_STR("sni", "www.example.com", target_sni(&t));
    target_clear(&t);

    unit_set_case("IP origin: checked, but no SNI");
    CHECK(target_parse(&t, "192.0.2.10", 443, &err));
    CHECK_STR("checked", "192.0.2.10", target_checked_name(&t));
    CHECK(target_sni(&t) == NULL);
    t.host_header = xstrdup("www.example.com");
    unit_set_case("IP origin with Host forwarded");
    CHECK_STR("checked", "www.example.com", target_checked_name(&t));
    CHECK_STR("sni", "www.example.com", target_sni(&t));
    target_clear(&t);

    unit_set_case("policies");
    CHECK(target_parse(&t, "origin.example.com", 443, &err));
    t.http_port = 8080;
    t.policy = POLICY_HTTP_ONLY;
    CHECK_INT("http-only: no TLS", 0, target_uses_tls(&t));
    CHECK_INT("http-only: the HTTP port", 8080, target_port(&t));
    t.policy = POLICY_MATCH_VIEWER;
    CHECK_INT("match-viewer: TLS (viewers on HTTPS)", 1, target_uses_tls(&t));
    CHECK_INT("match-viewer: the HTTPS port", 443, target_port(&t));
    target_clear(&t);
}

/* Policy words are CloudFront's API names, both ways; the min protocol
 * sets the set as the console does. */
static void
test_policy_and_set(void)
{
    static const char *const words[] = {"https-only", "match-viewer", "http-only"};
    enum target_policy p;
    struct target t;
    size_t i;

    for (i = 0; i < 3; i++) {
        unit_set_case(words[i]);
        CHECK(target_parse_policy(words[i], &p));
        CHECK_INT("value", (int)i, p);
        CHECK_STR("name", words[i], target_policy_name(p));
        CHECK_MSG(target_policy_text(p) && *target_policy_text(p), "no text");
    }
    unit_set_case("bad policy words");
    CHECK(!target_parse_policy("https", &p));
    CHECK(!target_parse_policy("", &p));
    CHECK(!target_parse_policy("allow-all", &p));

    unit_set_case("target_set_min_proto");
    target_init(&t);
    target_set_min_proto(&t, TARGET_TLS10);
    CHECK_INT("TLSv1 up",
              TARGET_PROTO_BIT(TARGET_TLS10) | TARGET_PROTO_BIT(TARGET_TLS11) |
                  TARGET_PROTO_BIT(TARGET_TLS12),
              t.ssl_protocols);
    CHECK_INT("min", TARGET_TLS10, target_min_proto(&t));
    target_set_min_proto(&t, TARGET_SSLV3);
    CHECK_INT("SSLv3 up", TARGET_PROTOS_ALL, t.ssl_protocols);
    t.ssl_protocols = TARGET_PROTO_BIT(TARGET_TLS11) | TARGET_PROTO_BIT(TARGET_TLS12);
    CHECK_INT("min of a set", TARGET_TLS11, target_min_proto(&t));
}

/* The command line's settings onto a parsed origin: a port typed with the
 * name is the port of the policy's protocol. */
static void
test_configure(void)
{
    struct target d, t;
    const char *err = NULL;

    target_init(&d);
    d.https_port = 8443;
    d.http_port = 8080;
    target_set_min_proto(&d, TARGET_TLS11);
    d.connect_timeout_ms = 1500;
    d.host_header = xstrdup("www.example.com");
    target_add_header(&d, "X-Origin-Verify", "v");

    unit_set_case("no port typed, https-only");
    CHECK(target_parse(&t, "origin.example.com", 0, &err));
    target_configure(&t, &d);
    CHECK_INT("https_port", 8443, t.https_port);
    CHECK_INT("http_port", 8080, t.http_port);
    CHECK_INT("min", TARGET_TLS11, target_min_proto(&t));
    CHECK_INT("connect_timeout_ms", 1500, t.connect_timeout_ms);
    CHECK_STR("host_header", "www.example.com", t.host_header);
    CHECK(t.host_header != d.host_header);
    CHECK_INT("nheaders", 1, t.nheaders);
    target_clear(&t);

    unit_set_case("port typed, https-only");
    CHECK(target_parse(&t, "origin.example.com:9443", 0, &err));
    target_configure(&t, &d);
    CHECK_INT("https_port", 9443, t.https_port);
    CHECK_INT("http_port", 8080, t.http_port);
    target_clear(&t);

    unit_set_case("port typed, http-only");
    d.policy = POLICY_HTTP_ONLY;
    CHECK(target_parse(&t, "origin.example.com:9080", 0, &err));
    target_configure(&t, &d);
    CHECK_INT("https_port", 8443, t.https_port);
    CHECK_INT("http_port", 9080, t.http_port);
    CHECK_INT("port probed", 9080, target_port(&t));
    target_clear(&t);
    target_clear(&d);
}

int
main(void)
{
    make_long_names();
    test_init();
    test_copy_clear();
    test_checked_name();
    test_policy_and_set();
    test_configure();
    test_parse();
    test_host_ascii();
    test_bad_char();
    test_port();
    test_resolve();
    test_dns_servers();
    test_proto();
    return unit_result();
}
