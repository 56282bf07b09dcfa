#include "config.h"

/* profile_*: CloudFront's origin client profile as GnuTLS priority strings.
 * GnuTLS itself is asked what each string offers (cipher suites by id,
 * protocol versions); the facts come from CLOUDFRONT.md §3-§4. */

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "obs.h"
#include "profile.h"
#include "target.h"
#include "unit.h"

/* CloudFront's 16 origin suites (CLOUDFRONT.md §4), written out again here
 * so the table in profile.c is checked against an independent copy. */
static const struct {
    const char *openssl;
    unsigned char id[2];
} cloudfront[] = {
    {"ECDHE-ECDSA-AES256-GCM-SHA384", {0xc0, 0x2c}}, {"ECDHE-ECDSA-AES256-SHA384", {0xc0, 0x24}},
    {"ECDHE-ECDSA-AES256-SHA", {0xc0, 0x0a}},        {"ECDHE-ECDSA-AES128-GCM-SHA256", {0xc0, 0x2b}},
    {"ECDHE-ECDSA-AES128-SHA256", {0xc0, 0x23}},     {"ECDHE-ECDSA-AES128-SHA", {0xc0, 0x09}},
    {"ECDHE-RSA-AES256-GCM-SHA384", {0xc0, 0x30}},   {"ECDHE-RSA-AES256-SHA384", {0xc0, 0x28}},
    {"ECDHE-RSA-AES256-SHA", {0xc0, 0x14}},          {"ECDHE-RSA-AES128-GCM-SHA256", {0xc0, 0x2f}},
    {"ECDHE-RSA-AES128-SHA256", {0xc0, 0x27}},       {"ECDHE-RSA-AES128-SHA", {0xc0, 0x13}},
    {"AES256-SHA", {0x00, 0x35}},                    {"AES128-SHA", {0x00, 0x2f}},
    {"DES-CBC3-SHA", {0x00, 0x0a}},                  {"RC4-MD5", {0x00, 0x04}},
};
#define NCLOUDFRONT (sizeof cloudfront / sizeof cloudfront[0])

/* A set of suite ids: a bit per 16-bit id. */
struct suite_set {
    unsigned char bits[65536 / 8];
    size_t count;
};

static void
set_add(struct suite_set *s, const unsigned char id[2])
{
    unsigned v = (unsigned)id[0] << 8 | id[1];
    if (!(s->bits[v / 8] & (1u << (v % 8)))) {
        s->bits[v / 8] |= (unsigned char)(1u << (v % 8));
        s->count++;
    }
}

static bool
set_has(const struct suite_set *s, const unsigned char id[2])
{
    unsigned v = (unsigned)id[0] << 8 | id[1];
    return s->bits[v / 8] & (1u << (v % 8));
}

static int
cloudfront_index(const unsigned char id[2])
{
    size_t i;
    for (i = 0; i < NCLOUDFRONT; i++)
        if (cloudfront[i].id[0] == id[0] && cloudfront[i].id[1] == id[1])
            return (int)i;
    return -1;
}

/* Versions a priority string enables, as a bit mask of gnutls_protocol_t
 * (TLS only; DTLS entries are ignored). */
static unsigned
protocols_of(gnutls_priority_t prio)
{
    const unsigned int *list = NULL;
    int i, n = gnutls_priority_protocol_list(prio, &list);
    unsigned mask = 0;

    for (i = 0; i < n; i++)
        if (list[i] >= GNUTLS_SSL3 && list[i] <= GNUTLS_TLS1_3)
            mask |= 1u << list[i];
    return mask;
}

static const char *
mask_text(unsigned mask)
{
    static char buf[2][64];
    static int which;
    char *b = buf[which ^= 1];
    static const gnutls_protocol_t all[] = {GNUTLS_SSL3, GNUTLS_TLS1_0, GNUTLS_TLS1_1,
                                            GNUTLS_TLS1_2, GNUTLS_TLS1_3};
    size_t i;

    b[0] = '\0';
    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        if (mask & (1u << all[i])) {
            strcat(b, *b ? " " : "");
            strcat(b, gnutls_protocol_get_name(all[i]));
        }
    return *b ? b : "(none)";
}

/* Adds the suites prio offers to set (may be NULL); returns false when the
 * string does not parse.  Flags suites that CloudFront never offers. */
static bool
collect(const char *what, const char *priority, struct suite_set *set, unsigned *protocols,
        bool only_cloudfront)
{
    gnutls_priority_t prio;
    const char *errpos = NULL;
    unsigned idx;
    int rc;

    rc = gnutls_priority_init(&prio, priority, &errpos);
    CHECK_MSG(rc == 0, "%s: gnutls_priority_init: %s at %s", what, gnutls_strerror(rc),
              unit_show(errpos));
    if (rc != 0)
        return false;
    for (idx = 0;; idx++) {
        unsigned sidx;
        unsigned char id[2];
        gnutls_kx_algorithm_t kx;
        gnutls_cipher_algorithm_t cipher;
        gnutls_mac_algorithm_t mac;
        gnutls_protocol_t minver;
        const char *name;

        rc = gnutls_priority_get_cipher_suite_index(prio, idx, &sidx);
        if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        if (rc != 0)
            continue; /* not usable with these versions, or not compiled in */
        name = gnutls_cipher_suite_info(sidx, id, &kx, &cipher, &mac, &minver);
        if (!name)
            continue;
        CHECK_MSG(minver != GNUTLS_TLS1_3, "%s offers the TLS 1.3 suite %s", what, name);
        CHECK_MSG(cipher != GNUTLS_CIPHER_CHACHA20_POLY1305, "%s offers the ChaCha20 suite %s",
                  what, name);
        if (only_cloudfront)
            CHECK_MSG(cloudfront_index(id) >= 0, "%s offers %s (0x%02X,0x%02X), not a CloudFront suite",
                      what, name, id[0], id[1]);
        if (set)
            set_add(set, id);
    }
    if (protocols)
        *protocols = protocols_of(prio);
    gnutls_priority_deinit(prio);
    return true;
}

static void
test_table(void)
{
    size_t i, j;

    unit_set_case("profile_suites[]");
    CHECK_INT("profile_nsuites", NCLOUDFRONT, profile_nsuites);
    for (i = 0; i < NCLOUDFRONT; i++) {
        const struct profile_suite *s = profile_suite_find(cloudfront[i].id);
        unit_set_case(cloudfront[i].openssl);
        CHECK_MSG(s != NULL, "profile_suite_find(0x%02X,0x%02X) is NULL", cloudfront[i].id[0],
                  cloudfront[i].id[1]);
        if (s) {
            CHECK_STR("openssl name", cloudfront[i].openssl, s->openssl_name);
            CHECK(s->iana_name && strncmp(s->iana_name, "TLS_", 4) == 0);
        }
    }
    /* Every entry of the table is found, and ids are unique. */
    for (i = 0; i < profile_nsuites; i++) {
        unit_set_case(profile_suites[i].openssl_name);
        CHECK(profile_suite_find(profile_suites[i].id) == &profile_suites[i]);
        for (j = i + 1; j < profile_nsuites; j++)
            CHECK(memcmp(profile_suites[i].id, profile_suites[j].id, 2) != 0);
    }
    /* Suites CloudFront leaves out (§4): ChaCha20, static-RSA GCM, DHE,
     * TLS 1.3. */
    {
        static const unsigned char absent[][2] = {
            {0xcc, 0xa8}, {0xcc, 0xa9}, {0x00, 0x9c}, {0x00, 0x9d}, {0x00, 0x3c},
            {0x00, 0x9e}, {0x00, 0x33}, {0x13, 0x01}, {0x13, 0x02}, {0x00, 0x05},
        };
        for (i = 0; i < sizeof absent / sizeof absent[0]; i++) {
            char label[32];
            snprintf(label, sizeof label, "absent 0x%02X,0x%02X", absent[i][0], absent[i][1]);
            unit_set_case(label);
            CHECK(profile_suite_find(absent[i]) == NULL);
        }
    }
}

/* What each minimum protocol must enable: min..TLS1.2, never TLS 1.3.
 * GnuTLS 3.7 has no SSL 3.0, so SSLv3 may only add SSL3 where the library
 * has it. */
static unsigned
expected_protocols(enum target_proto min)
{
    unsigned m = 1u << GNUTLS_TLS1_2;
    if (min <= TARGET_TLS11)
        m |= 1u << GNUTLS_TLS1_1;
    if (min <= TARGET_TLS10)
        m |= 1u << GNUTLS_TLS1_0;
    return m;
}

static void
check_protocols(const char *what, enum target_proto min, unsigned got)
{
    unsigned want = expected_protocols(min);

    if (min == TARGET_SSLV3)
        got &= ~(1u << GNUTLS_SSL3);
    CHECK_MSG(got == want, "%s: versions expected %s, got %s", what, mask_text(want),
              mask_text(got));
}

static void
test_priorities(void)
{
    static const enum target_proto mins[] = {TARGET_TLS12, TARGET_TLS11, TARGET_TLS10,
                                             TARGET_SSLV3};
    size_t m, i;

    for (m = 0; m < sizeof mins / sizeof mins[0]; m++) {
        enum target_proto min = mins[m];
        struct target t;
        static struct suite_set exact_union, main_set;
        size_t nexact = profile_exact_count();
        char what[96], *p;
        unsigned protos;

        memset(&exact_union, 0, sizeof exact_union);
        memset(&main_set, 0, sizeof main_set);
        snprintf(what, sizeof what, "min %s", target_proto_name(min));
        unit_set_case(what);
        target_init(&t);
        target_set_min_proto(&t, min);

        /* The main string: all 16 (plus extras GnuTLS cannot leave out). */
        p = profile_priority_main(&t);
        CHECK_MSG(p != NULL, "profile_priority_main returned NULL");
        snprintf(what, sizeof what, "main string, min %s", target_proto_name(min));
        if (p && collect(what, p, &main_set, &protos, false)) {
            check_protocols(what, min, protos);
            for (i = 0; i < NCLOUDFRONT; i++)
                CHECK_MSG(set_has(&main_set, cloudfront[i].id), "%s does not offer %s", what,
                          cloudfront[i].openssl);
        }
        free(p);

        /* The exact strings: only CloudFront suites, together all 16. */
        CHECK_MSG(nexact >= 1, "profile_exact_count() is 0");
        for (i = 0; i < nexact; i++) {
            struct suite_set one;
            memset(&one, 0, sizeof one);
            p = profile_priority_exact(&t, i);
            snprintf(what, sizeof what, "exact string %zu, min %s", i, target_proto_name(min));
            CHECK_MSG(p != NULL, "%s is NULL", what);
            if (p && collect(what, p, &one, &protos, true)) {
                size_t k;
                check_protocols(what, min, protos);
                CHECK_MSG(one.count > 0, "%s offers no suite at all", what);
                for (k = 0; k < 65536; k++) {
                    unsigned char id[2] = {(unsigned char)(k >> 8), (unsigned char)k};
                    if (set_has(&one, id)) {
                        CHECK_MSG(profile_suite_find(id) != NULL,
                                  "%s offers 0x%02X,0x%02X but profile_suite_find disagrees",
                                  what, id[0], id[1]);
                        set_add(&exact_union, id);
                    }
                }
            }
            free(p);
        }
        snprintf(what, sizeof what, "union of exact strings, min %s", target_proto_name(min));
        for (i = 0; i < NCLOUDFRONT; i++)
            CHECK_MSG(set_has(&exact_union, cloudfront[i].id), "%s lacks %s", what,
                      cloudfront[i].openssl);
        CHECK_MSG(exact_union.count == NCLOUDFRONT, "%s has %zu suites, expected %zu", what,
                  exact_union.count, NCLOUDFRONT);

        /* Explaining handshake with CloudFront's versions and any suite. */
        p = profile_priority_any_cipher(&t);
        snprintf(what, sizeof what, "any-cipher string, min %s", target_proto_name(min));
        CHECK_MSG(p != NULL, "%s is NULL", what);
        if (p) {
            gnutls_priority_t prio;
            const char *errpos = NULL;
            int rc = gnutls_priority_init(&prio, p, &errpos);
            CHECK_MSG(rc == 0, "%s: gnutls_priority_init: %s at %s", what, gnutls_strerror(rc),
                      unit_show(errpos));
            if (rc == 0) {
                check_protocols(what, min, protocols_of(prio));
                gnutls_priority_deinit(prio);
            }
        }
        free(p);
    }
}

/* OriginSslProtocols is a set: a gap in it is a gap in what is offered,
 * and two origins of one run get their own strings. */
static void
test_protocol_sets(void)
{
    struct target a, b;
    gnutls_priority_t prio;
    const char *errpos = NULL;
    char *p;
    int rc;

    unit_set_case("SSLv3 and TLSv1.2, nothing between");
    target_init(&a);
    a.ssl_protocols = TARGET_PROTO_BIT(TARGET_SSLV3) | TARGET_PROTO_BIT(TARGET_TLS12);
    p = profile_priority_main(&a);
    rc = gnutls_priority_init(&prio, p, &errpos);
    CHECK_MSG(rc == 0, "gnutls_priority_init: %s at %s", gnutls_strerror(rc), unit_show(errpos));
    if (rc == 0) {
        unsigned got = protocols_of(prio) & ~(1u << GNUTLS_SSL3);
        unsigned want = 1u << GNUTLS_TLS1_2 | 1u << GNUTLS_TLS1_0;
        CHECK_MSG(got == want, "versions expected %s, got %s", mask_text(want), mask_text(got));
        gnutls_priority_deinit(prio);
    }
    free(p);

    unit_set_case("two origins, two minimums");
    target_init(&b);
    target_set_min_proto(&a, TARGET_TLS11);
    target_set_min_proto(&b, TARGET_TLS12);
    {
        char *pa = profile_priority_main(&a), *pb = profile_priority_main(&b);
        CHECK_MSG(strstr(pa, "+VERS-TLS1.1") != NULL, "TLSv1.1 origin: %s", pa);
        CHECK_MSG(strstr(pb, "+VERS-TLS1.1") == NULL, "TLSv1.2 origin: %s", pb);
        free(pa);
        free(pb);
    }
}

/* One version only per explaining handshake, TLS 1.3 included. */
static void
test_version_only(void)
{
    static const gnutls_protocol_t want[OBS_VERSION_COUNT] = {GNUTLS_TLS1_0, GNUTLS_TLS1_1,
                                                              GNUTLS_TLS1_2, GNUTLS_TLS1_3};
    int v;

    for (v = 0; v < OBS_VERSION_COUNT; v++) {
        char *p = profile_priority_version_only(v);
        gnutls_priority_t prio;
        const char *errpos = NULL;
        int rc;

        unit_set_case(obs_version_name((enum obs_version)v));
        CHECK_MSG(p != NULL, "profile_priority_version_only(%d) is NULL", v);
        if (!p)
            continue;
        rc = gnutls_priority_init(&prio, p, &errpos);
        CHECK_MSG(rc == 0, "gnutls_priority_init: %s at %s", gnutls_strerror(rc),
                  unit_show(errpos));
        if (rc == 0) {
            unsigned got = protocols_of(prio);
            unsigned idx, sidx, usable = 0;
            CHECK_MSG(got == 1u << want[v], "versions expected %s, got %s",
                      mask_text(1u << want[v]), mask_text(got));
            for (idx = 0;; idx++) {
                rc = gnutls_priority_get_cipher_suite_index(prio, idx, &sidx);
                if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
                    break;
                if (rc == 0)
                    usable++;
            }
            CHECK_MSG(usable > 0, "offers no usable suite");
            gnutls_priority_deinit(prio);
        }
        free(p);
    }
}

int
main(void)
{
    test_table();
    test_priorities();
    test_protocol_sets();
    test_version_only();
    return unit_result();
}
