#include "config.h"

/* dns_parse_answer(): raw DNS responses built by hand, byte by byte (header,
 * question, answers, compression pointers), including hostile ones: every
 * truncation, pointer loops, runaway CNAME chains and too many addresses. */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "obs.h"
#include "unit.h"
#include "xmalloc.h"

#define T_A 1
#define T_CNAME 5
#define T_SOA 6
#define T_AAAA 28
#define C_IN 1

/* A DNS message under construction. */
struct msg {
    unsigned char b[4096];
    size_t n;
};

static void
put8(struct msg *m, unsigned v)
{
    if (m->n < sizeof m->b)
        m->b[m->n++] = (unsigned char)v;
}

static void
put16(struct msg *m, unsigned v)
{
    put8(m, v >> 8);
    put8(m, v & 0xff);
}

static void
put32(struct msg *m, uint32_t v)
{
    put16(m, v >> 16);
    put16(m, v & 0xffff);
}

/* Labels of name ("" for none), then a pointer to ptr, or the root when
 * ptr is 0.  Returns the offset where the name starts. */
static size_t
put_name(struct msg *m, const char *name, size_t ptr)
{
    size_t start = m->n;

    while (*name) {
        size_t len = strcspn(name, ".");
        put8(m, (unsigned)len);
        while (len--)
            put8(m, (unsigned char)*name++);
        if (*name == '.')
            name++;
    }
    if (ptr)
        put16(m, 0xc000 | (unsigned)ptr);
    else
        put8(m, 0);
    return start;
}

static void
put_header(struct msg *m, unsigned rcode, unsigned qd, unsigned an, unsigned ns)
{
    m->n = 0;
    put16(m, 0x4f44);                /* id */
    put16(m, 0x8180 | (rcode & 15)); /* QR, RD, RA */
    put16(m, qd);
    put16(m, an);
    put16(m, ns);
    put16(m, 0);
}

/* The question; returns the offset of its name (12). */
static size_t
put_question(struct msg *m, const char *name, unsigned qtype)
{
    size_t at = put_name(m, name, 0);
    put16(m, qtype);
    put16(m, C_IN);
    return at;
}

static void
put_rr_head(struct msg *m, const char *name, size_t ptr, unsigned type, uint32_t ttl,
            unsigned rdlen)
{
    put_name(m, name, ptr);
    put16(m, type);
    put16(m, C_IN);
    put32(m, ttl);
    put16(m, rdlen);
}

static void
put_a(struct msg *m, const char *name, size_t ptr, uint32_t ttl, const char *addr)
{
    struct in_addr a;

    inet_pton(AF_INET, addr, &a);
    put_rr_head(m, name, ptr, T_A, ttl, 4);
    memcpy(m->b + m->n, &a, 4);
    m->n += 4;
}

static void
put_aaaa(struct msg *m, const char *name, size_t ptr, uint32_t ttl, const char *addr)
{
    struct in6_addr a;

    inet_pton(AF_INET6, addr, &a);
    put_rr_head(m, name, ptr, T_AAAA, ttl, 16);
    memcpy(m->b + m->n, &a, 16);
    m->n += 16;
}

/* A CNAME whose target is tname followed by a pointer to tptr (or root).
 * Returns the offset of the target name inside the record. */
static size_t
put_cname(struct msg *m, const char *name, size_t ptr, uint32_t ttl, const char *tname,
          size_t tptr)
{
    size_t rdlen_at, start;

    put_rr_head(m, name, ptr, T_CNAME, ttl, 0);
    rdlen_at = m->n - 2;
    start = put_name(m, tname, tptr);
    m->b[rdlen_at] = (unsigned char)((m->n - start) >> 8);
    m->b[rdlen_at + 1] = (unsigned char)((m->n - start) & 0xff);
    return start;
}

static void
put_soa(struct msg *m, const char *zone)
{
    size_t rdlen_at, start;

    put_rr_head(m, zone, 0, T_SOA, 3600, 0);
    rdlen_at = m->n - 2;
    start = m->n;
    put_name(m, "ns", 0);
    put_name(m, "hostmaster", 0);
    put32(m, 1);
    put32(m, 3600);
    put32(m, 600);
    put32(m, 86400);
    put32(m, 60);
    m->b[rdlen_at] = (unsigned char)((m->n - start) >> 8);
    m->b[rdlen_at + 1] = (unsigned char)((m->n - start) & 0xff);
}

/* A fresh observation with one origin named name; free with obs_free. */
static struct observation *
new_obs(const char *name)
{
    struct observation *obs = xcalloc(1, sizeof *obs);

    obs->origins = xcalloc(1, sizeof *obs->origins);
    obs->norigins = 1;
    target_init(&obs->origins[0].target);
    obs->origins[0].target.input = xstrdup(name);
    obs->origins[0].target.name = xstrdup(name);
    return obs;
}

struct want_cname {
    const char *name, *target;
    uint32_t ttl;
};

struct want_addr {
    int family;
    const char *text;
    uint32_t ttl;
};

/* Parse buf as the answer for qname/qtype and compare everything. */
static void
expect(const char *label, const unsigned char *buf, size_t len, const char *qname, int qtype,
       int rcode, const struct want_cname *cn, size_t ncn, const struct want_addr *ad, size_t nad)
{
    struct observation *obs = new_obs(qname);
    struct obs_origin *o = &obs->origins[0];
    unsigned char *copy = xmalloc(len);
    size_t i;
    int rc;

    unit_set_case(label);
    memcpy(copy, buf, len);
    rc = dns_parse_answer(copy, (int)len, o, qtype, NULL);
    free(copy);
    CHECK_INT("return value (rcode)", rcode, rc);
    CHECK_INT("number of CNAMEs", ncn, o->ncnames);
    for (i = 0; i < ncn && i < o->ncnames; i++) {
        CHECK_STR("cname name", cn[i].name, o->cnames[i].name);
        CHECK_STR("cname target", cn[i].target, o->cnames[i].target);
        CHECK_INT("cname ttl", cn[i].ttl, o->cnames[i].ttl);
    }
    CHECK_INT("number of addresses", nad, o->naddrs);
    for (i = 0; i < nad && i < o->naddrs; i++) {
        const struct obs_addr *a = &o->addrs[i];
        char text[INET6_ADDRSTRLEN] = "";

        CHECK_INT("address family", ad[i].family, a->family);
        CHECK_STR("address text", ad[i].text, a->text);
        CHECK_INT("address ttl", ad[i].ttl, a->ttl);
        /* The socket address says the same as the text. */
        CHECK_INT("sockaddr family", ad[i].family, a->sa.ss_family);
        if (a->sa.ss_family == AF_INET) {
            inet_ntop(AF_INET, &((const struct sockaddr_in *)&a->sa)->sin_addr, text, sizeof text);
            CHECK_INT("salen", sizeof(struct sockaddr_in), a->salen);
        } else if (a->sa.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&a->sa)->sin6_addr, text,
                      sizeof text);
            CHECK_INT("salen", sizeof(struct sockaddr_in6), a->salen);
        }
        CHECK_STR("sockaddr address", ad[i].text, text);
    }
    obs_free(obs);
}

/* Malformed input: -1, nothing recorded, no crash (run under ASan too). */
static void
expect_malformed(const char *label, const unsigned char *buf, size_t len, int qtype)
{
    struct observation *obs = new_obs("origin.test");
    struct obs_origin *o = &obs->origins[0];
    unsigned char *copy = xmalloc(len ? len : 1);
    int rc;

    /* An exact-size heap copy, so a read past the end is caught by ASan. */
    memcpy(copy, buf, len);
    unit_set_case(label);
    rc = dns_parse_answer(copy, (int)len, o, qtype, NULL);
    CHECK_INT("return value", -1, rc);
    CHECK_MSG(o->naddrs == 0, "%zu addresses recorded from a malformed answer", o->naddrs);
    free(copy);
    obs_free(obs);
}

/* The canonical answer, written out byte by byte: origin.test A, two
 * addresses, owner names compressed to the question (offset 12). */
static const unsigned char answer_a[] = {
    0x12, 0x34, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, /* header */
    0x06, 'o', 'r', 'i', 'g', 'i', 'n', 0x04, 't', 'e', 's', 't', 0x00,     /* question */
    0x00, 0x01, 0x00, 0x01,                                                 /* A IN */
    0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, /* A, ttl 60 */
    127, 0, 0, 2,                                                           /* */
    0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, /* A, ttl 300 */
    127, 0, 0, 3,
};

static void
test_a(void)
{
    const struct want_addr want[] = {{AF_INET, "127.0.0.2", 60}, {AF_INET, "127.0.0.3", 300}};
    size_t cut;

    expect("A, two addresses", answer_a, sizeof answer_a, "origin.test", T_A, 0, NULL, 0, want,
           2);
    /* The server writes the name in another case (0x20 randomisation or a
     * zone file in capitals): DNS names are case-insensitive. */
    {
        struct msg m;
        put_header(&m, 0, 1, 2, 0);
        put_question(&m, "Origin.TEST", T_A);
        put_a(&m, "ORIGIN.test", 0, 60, "127.0.0.2");
        put_a(&m, "origin.Test", 0, 300, "127.0.0.3");
        expect("A, names in mixed case", m.b, m.n, "origin.test", T_A, 0, NULL, 0, want, 2);
    }
    /* Every strict prefix is a truncated message. */
    for (cut = 0; cut < sizeof answer_a; cut++) {
        char label[64];
        snprintf(label, sizeof label, "A answer cut to %zu bytes", cut);
        expect_malformed(label, answer_a, cut, T_A);
    }
}

static void
test_cname_chain(void)
{
    struct msg m;
    size_t q, test_at, b_at, c_at;
    const struct want_cname cn[] = {{"a.test", "b.test", 300}, {"b.test", "c.test", 200}};
    const struct want_addr ad[] = {{AF_INET, "127.0.0.9", 30}};

    /* a.test CNAME b.test, b.test CNAME c.test, c.test A: targets share the
     * ".test" suffix of the question through pointers, as servers do. */
    put_header(&m, 0, 1, 3, 0);
    q = put_question(&m, "a.test", T_A);
    test_at = q + 2; /* "test" label of the question */
    b_at = put_cname(&m, "", q, 300, "b", test_at);
    c_at = put_cname(&m, "", b_at, 200, "c", test_at);
    put_a(&m, "", c_at, 30, "127.0.0.9");
    expect("CNAME a->b->c then A", m.b, m.n, "a.test", T_A, 0, cn, 2, ad, 1);

    /* Same records, answer section in reverse order: the chain is still
     * followed from the question name and reported in chain order. */
    put_header(&m, 0, 1, 3, 0);
    put_question(&m, "a.test", T_A);
    put_a(&m, "c.test", 0, 30, "127.0.0.9");
    put_cname(&m, "b.test", 0, 200, "c.test", 0);
    put_cname(&m, "a.test", 0, 300, "b.test", 0);
    expect("CNAME chain, records out of order", m.b, m.n, "a.test", T_A, 0, cn, 2, ad, 1);

    /* An address for a name outside the chain is not ours. */
    put_header(&m, 0, 1, 3, 0);
    put_question(&m, "a.test", T_A);
    put_cname(&m, "a.test", 0, 300, "b.test", 0);
    put_a(&m, "evil.test", 0, 30, "6.6.6.6");
    put_a(&m, "b.test", 0, 40, "127.0.0.8");
    {
        const struct want_cname cn1[] = {{"a.test", "b.test", 300}};
        const struct want_addr ad1[] = {{AF_INET, "127.0.0.8", 40}};
        expect("address outside the chain ignored", m.b, m.n, "a.test", T_A, 0, cn1, 1, ad1, 1);
    }

    /* CNAME to a name with no address: NODATA at the end of the chain. */
    put_header(&m, 0, 1, 1, 1);
    put_question(&m, "a.test", T_A);
    put_cname(&m, "a.test", 0, 300, "b.test", 0);
    put_soa(&m, "test");
    {
        const struct want_cname cn1[] = {{"a.test", "b.test", 300}};
        expect("CNAME then NODATA", m.b, m.n, "a.test", T_A, 0, cn1, 1, NULL, 0);
    }

    /* A chain that loops (a -> b -> a) ends, with at most the cap recorded. */
    put_header(&m, 0, 1, 2, 0);
    put_question(&m, "a.test", T_A);
    put_cname(&m, "a.test", 0, 300, "b.test", 0);
    put_cname(&m, "b.test", 0, 300, "a.test", 0);
    {
        struct observation *obs = new_obs("a.test");
        int rc;
        unit_set_case("CNAME loop a->b->a");
        rc = dns_parse_answer(m.b, (int)m.n, &obs->origins[0], T_A, NULL);
        CHECK_MSG(rc == 0 || rc == -1, "returned %d", rc);
        CHECK_MSG(obs->origins[0].ncnames <= OBS_MAX_CNAMES, "%zu cnames recorded",
                  obs->origins[0].ncnames);
        CHECK_INT("addresses", 0, obs->origins[0].naddrs);
        obs_free(obs);
    }
}

static void
test_cname_cap(void)
{
    struct msg m;
    char name[32], target[32];
    int i, links = OBS_MAX_CNAMES + 4;
    struct observation *obs;
    struct obs_origin *o;
    int rc;

    put_header(&m, 0, 1, (unsigned)links + 1, 0);
    put_question(&m, "c0.test", T_A);
    for (i = 0; i < links; i++) {
        snprintf(name, sizeof name, "c%d.test", i);
        snprintf(target, sizeof target, "c%d.test", i + 1);
        put_cname(&m, name, 0, 100, target, 0);
    }
    snprintf(name, sizeof name, "c%d.test", links);
    put_a(&m, name, 0, 10, "127.0.0.1");

    obs = new_obs("c0.test");
    o = &obs->origins[0];
    unit_set_case("more CNAMEs than OBS_MAX_CNAMES");
    rc = dns_parse_answer(m.b, (int)m.n, o, T_A, NULL);
    CHECK_MSG(rc == 0 || rc == -1, "returned %d", rc);
    CHECK_INT("CNAMEs kept (capped)", OBS_MAX_CNAMES, o->ncnames);
    for (i = 0; i < (int)o->ncnames && i < OBS_MAX_CNAMES; i++) {
        snprintf(name, sizeof name, "c%d.test", i);
        snprintf(target, sizeof target, "c%d.test", i + 1);
        CHECK_STR("cname name", name, o->cnames[i].name);
        CHECK_STR("cname target", target, o->cnames[i].target);
    }
    obs_free(obs);
}

static void
test_addr_cap(void)
{
    struct msg m;
    size_t q;
    int i, n = OBS_MAX_ADDRS + 6;
    struct observation *obs;
    struct obs_origin *o;
    int rc;

    put_header(&m, 0, 1, (unsigned)n, 0);
    q = put_question(&m, "many.test", T_A);
    for (i = 0; i < n; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "10.0.%d.%d", i / 200, i % 200 + 1);
        put_a(&m, "", q, 60, addr);
    }
    obs = new_obs("many.test");
    o = &obs->origins[0];
    unit_set_case("more addresses than OBS_MAX_ADDRS");
    rc = dns_parse_answer(m.b, (int)m.n, o, T_A, NULL);
    CHECK_INT("return value", 0, rc);
    CHECK_INT("addresses kept (capped)", OBS_MAX_ADDRS, o->naddrs);
    CHECK_INT("addresses dropped", n - OBS_MAX_ADDRS, o->addrs_dropped);
    if (o->naddrs > 0)
        CHECK_STR("first address", "10.0.0.1", o->addrs[0].text);
    obs_free(obs);
}

static void
test_aaaa(void)
{
    struct msg m;
    size_t q;
    const struct want_addr ad[] = {{AF_INET6, "::1", 120}, {AF_INET6, "2001:db8::5", 3600}};

    put_header(&m, 0, 1, 3, 0);
    q = put_question(&m, "origin.test", T_AAAA);
    put_aaaa(&m, "", q, 120, "::1");
    put_a(&m, "", q, 60, "127.0.0.1"); /* wrong type for this question */
    put_aaaa(&m, "", q, 3600, "2001:db8::5");
    expect("AAAA, two addresses (A record ignored)", m.b, m.n, "origin.test", T_AAAA, 0, NULL, 0,
           ad, 2);

    /* And the other way round: AAAA inside an A answer is not taken. */
    put_header(&m, 0, 1, 2, 0);
    q = put_question(&m, "origin.test", T_A);
    put_aaaa(&m, "", q, 120, "::1");
    put_a(&m, "", q, 60, "127.0.0.1");
    {
        const struct want_addr ad1[] = {{AF_INET, "127.0.0.1", 60}};
        expect("A answer with a stray AAAA", m.b, m.n, "origin.test", T_A, 0, NULL, 0, ad1, 1);
    }
}

static void
test_rcodes(void)
{
    struct msg m;

    put_header(&m, 3, 1, 0, 1);
    put_question(&m, "nope.test", T_A);
    put_soa(&m, "test");
    expect("NXDOMAIN", m.b, m.n, "nope.test", T_A, 3, NULL, 0, NULL, 0);

    put_header(&m, 2, 1, 0, 0);
    put_question(&m, "origin.test", T_A);
    expect("SERVFAIL", m.b, m.n, "origin.test", T_A, 2, NULL, 0, NULL, 0);

    put_header(&m, 5, 1, 0, 0);
    put_question(&m, "origin.test", T_A);
    expect("REFUSED", m.b, m.n, "origin.test", T_A, 5, NULL, 0, NULL, 0);

    put_header(&m, 0, 1, 0, 1);
    put_question(&m, "origin.test", T_AAAA);
    put_soa(&m, "test");
    expect("NODATA (rcode 0, no answers)", m.b, m.n, "origin.test", T_AAAA, 0, NULL, 0, NULL, 0);
}

static void
test_malformed(void)
{
    struct msg m;
    size_t q;

    expect_malformed("empty buffer", (const unsigned char *)"", 0, T_A);
    expect_malformed("short header", answer_a, 11, T_A);

    /* The question name points at itself. */
    put_header(&m, 0, 1, 0, 0);
    put16(&m, 0xc000 | 12);
    put16(&m, T_A);
    put16(&m, C_IN);
    expect_malformed("question name: pointer to itself", m.b, m.n, T_A);

    /* Two pointers pointing at each other (the answer's owner name). */
    put_header(&m, 0, 1, 1, 0);
    q = put_question(&m, "origin.test", T_A);
    (void)q;
    {
        size_t at = m.n;
        put16(&m, 0xc000 | (unsigned)(at + 2));
        put16(&m, 0xc000 | (unsigned)at);
        put16(&m, T_A);
        put16(&m, C_IN);
        put32(&m, 60);
        put16(&m, 4);
        put32(&m, 0x7f000001);
    }
    expect_malformed("answer name: two pointers in a loop", m.b, m.n, T_A);

    /* A CNAME target that loops through pointers. */
    put_header(&m, 0, 1, 1, 0);
    q = put_question(&m, "origin.test", T_A);
    put_rr_head(&m, "", q, T_CNAME, 60, 4);
    put8(&m, 1);
    put8(&m, 'x');
    put16(&m, 0xc000 | (unsigned)(m.n - 2));
    expect_malformed("CNAME target: label then pointer back to it", m.b, m.n, T_A);

    /* A pointer past the end of the message. */
    put_header(&m, 0, 1, 1, 0);
    q = put_question(&m, "origin.test", T_A);
    put_rr_head(&m, "", 0x3ff, T_A, 60, 4);
    put32(&m, 0x7f000001);
    expect_malformed("pointer past the end", m.b, m.n, T_A);

    /* Reserved label type 0x40. */
    put_header(&m, 0, 1, 0, 0);
    put8(&m, 0x41);
    put8(&m, 'a');
    put8(&m, 0);
    put16(&m, T_A);
    put16(&m, C_IN);
    expect_malformed("reserved label type 0x40", m.b, m.n, T_A);

    /* rdlength running past the end of the message. */
    put_header(&m, 0, 1, 1, 0);
    q = put_question(&m, "origin.test", T_A);
    put_rr_head(&m, "", q, T_A, 60, 200);
    put32(&m, 0x7f000001);
    expect_malformed("rdlength past the end", m.b, m.n, T_A);

    /* More answers announced than present. */
    put_header(&m, 0, 1, 3, 0);
    q = put_question(&m, "origin.test", T_A);
    put_a(&m, "", q, 60, "127.0.0.1");
    expect_malformed("ancount 3, one answer present", m.b, m.n, T_A);

    /* An A record whose data is not 4 bytes must not become an address. */
    put_header(&m, 0, 1, 1, 0);
    q = put_question(&m, "origin.test", T_A);
    put_rr_head(&m, "", q, T_A, 60, 3);
    put8(&m, 127);
    put8(&m, 0);
    put8(&m, 0);
    {
        struct observation *obs = new_obs("origin.test");
        int rc;
        unit_set_case("A record with 3 bytes of data");
        rc = dns_parse_answer(m.b, (int)m.n, &obs->origins[0], T_A, NULL);
        CHECK_MSG(rc == -1 || rc == 0, "returned %d", rc);
        CHECK_INT("addresses", 0, obs->origins[0].naddrs);
        obs_free(obs);
    }
}

/* xorshift: reproducible mutations. */
static uint32_t fuzz_state = 2463534242u;

static uint32_t
fuzz_rng(void)
{
    fuzz_state ^= fuzz_state << 13;
    fuzz_state ^= fuzz_state >> 17;
    fuzz_state ^= fuzz_state << 5;
    return fuzz_state;
}

/* Random corruptions of a valid chain answer: never a crash, never more
 * than the caps, a sane return value. */
static void
test_mutations(void)
{
    struct msg base, m;
    size_t q;
    int i;

    put_header(&base, 0, 1, 3, 0);
    q = put_question(&base, "a.test", T_A);
    put_cname(&base, "", q, 300, "b", q + 2);
    put_a(&base, "b.test", 0, 30, "127.0.0.9");
    put_a(&base, "b.test", 0, 30, "127.0.0.10");

    for (i = 0; i < 5000; i++) {
        struct observation *obs = new_obs("a.test");
        unsigned char *copy;
        int k, flips = 1 + (int)(fuzz_rng() % 4), rc;
        char label[48];

        m = base;
        for (k = 0; k < flips; k++)
            m.b[fuzz_rng() % m.n] = (unsigned char)fuzz_rng();
        copy = xmalloc(m.n);
        memcpy(copy, m.b, m.n);
        snprintf(label, sizeof label, "mutation #%d", i);
        unit_set_case(label);
        rc = dns_parse_answer(copy, (int)m.n, &obs->origins[0], T_A, NULL);
        CHECK_MSG(rc >= -1 && rc <= 15, "returned %d", rc);
        CHECK_MSG(obs->origins[0].ncnames <= OBS_MAX_CNAMES, "%zu cnames",
                  obs->origins[0].ncnames);
        CHECK_MSG(obs->origins[0].naddrs <= OBS_MAX_ADDRS, "%zu addresses",
                  obs->origins[0].naddrs);
        free(copy);
        obs_free(obs);
    }
}

int
main(void)
{
    test_a();
    test_cname_chain();
    test_cname_cap();
    test_addr_cap();
    test_aaaa();
    test_rcodes();
    test_malformed();
    test_mutations();
    return unit_result();
}
