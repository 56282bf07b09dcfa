#include "config.h"

/* distconfig_*: the three document shapes, the per-origin settings with
 * CloudFront's defaults, the Host decision (legacy headers, managed and
 * custom policies), origin groups, the distinct probes with the behaviours
 * that reach each, and strictness against broken documents (every error
 * names the JSON path). */

#include <stdlib.h>
#include <string.h>

#include "distconfig.h"
#include "fixture.h"
#include "unit.h"
#include "xmalloc.h"

#define ORIGIN(id, name, extra)                                                                    \
    "{\"Id\": \"" id "\", \"DomainName\": \"" name "\", \"OriginPath\": \"\"," extra "}"
#define CUSTOM(policy, https, protos)                                                              \
    "\"CustomOriginConfig\": {\"HTTPPort\": 80, \"HTTPSPort\": " #https                            \
    ", \"OriginProtocolPolicy\": \"" policy "\", \"OriginSslProtocols\": " protos                  \
    ", \"OriginReadTimeout\": 30, \"OriginKeepaliveTimeout\": 5}"
#define TLS12 "{\"Quantity\": 1, \"Items\": [\"TLSv1.2\"]}"
#define DEFB(target, extra)                                                                        \
    "\"DefaultCacheBehavior\": {\"TargetOriginId\": \"" target                                     \
    "\", \"ViewerProtocolPolicy\": \"redirect-to-https\"" extra "}"

static bool
parse(const char *text, struct distconfig *dc, char **err)
{
    json_t *j = fixture_load(text);
    bool ok = distconfig_parse(j, dc, err);
    json_decref(j);
    return ok;
}

static void
test_shapes(void)
{
    struct distconfig dc;
    char *err = NULL;
    const char *cfg = "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]},"
                      "\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
                          "alb", "My-ALB-1.us-east-1.elb.amazonaws.com",
                          CUSTOM("https-only", 443, TLS12)) "]}," DEFB("alb", "") "}";
    char *doc;

    unit_set_case("bare DistributionConfig");
    CHECK(parse(cfg, &dc, &err));
    CHECK_STR("err", NULL, err);
    CHECK_INT("origins", 1, dc.norigins);
    CHECK_STR("domain lower-cased", "my-alb-1.us-east-1.elb.amazonaws.com",
              dc.origins[0].domain_name);
    CHECK_STR("no id", NULL, dc.id);
    CHECK_INT("aliases", 1, dc.naliases);
    CHECK_STR("default behaviour", "*", dc.behaviors[0].path);
    /* CloudFront's defaults where the document is silent. */
    CHECK_INT("attempts default", 3, dc.origins[0].connection_attempts);
    CHECK_INT("timeout default", 10, dc.origins[0].connection_timeout_s);
    distconfig_clear(&dc);

    unit_set_case("get-distribution-config");
    doc = xasprintf("{\"ETag\": \"E2QWRUHAPOMQZL\", \"DistributionConfig\": %s}", cfg);
    CHECK(parse(doc, &dc, &err));
    CHECK_STR("etag", "E2QWRUHAPOMQZL", dc.etag);
    distconfig_clear(&dc);
    free(doc);

    unit_set_case("get-distribution");
    doc = xasprintf("{\"ETag\": \"E1\", \"Distribution\": {\"Id\": \"EDFDVBD6EXAMPLE\", "
                    "\"DomainName\": \"d111111abcdef8.cloudfront.net\", \"Status\": \"Deployed\", "
                    "\"DistributionConfig\": %s}}",
                    cfg);
    CHECK(parse(doc, &dc, &err));
    CHECK_STR("id", "EDFDVBD6EXAMPLE", dc.id);
    CHECK_STR("domain", "d111111abcdef8.cloudfront.net", dc.domain_name);
    CHECK_STR("status", "Deployed", dc.status);
    distconfig_clear(&dc);
    free(doc);
}

static void
test_settings(void)
{
    struct distconfig dc;
    char *err = NULL;
    const char *doc =
        "{\"Origins\": {\"Quantity\": 1, \"Items\": [{\"Id\": \"o\", \"DomainName\": "
        "\"origin.example.com\", \"ConnectionAttempts\": 2, \"ConnectionTimeout\": 4,"
        "\"CustomHeaders\": {\"Quantity\": 1, \"Items\": [{\"HeaderName\": \"X-Secret\", "
        "\"HeaderValue\": \"s3cr3t\"}]},"
        "\"OriginShield\": {\"Enabled\": true, \"OriginShieldRegion\": \"us-east-1\"},"
        "\"CustomOriginConfig\": {\"HTTPPort\": 8080, \"HTTPSPort\": 8443, "
        "\"OriginProtocolPolicy\": \"match-viewer\", \"OriginSslProtocols\": {\"Quantity\": 2, "
        "\"Items\": [\"TLSv1.2\", \"TLSv1.1\"]}, \"OriginReadTimeout\": 60, "
        "\"OriginKeepaliveTimeout\": 10}}]}," DEFB("o", "") "}";

    unit_set_case("settings");
    CHECK(parse(doc, &dc, &err));
    CHECK_STR("err", NULL, err);
    if (dc.norigins == 1) {
        const struct distconfig_origin *o = &dc.origins[0];
        CHECK_STR("policy", "match-viewer", distconfig_policy_name(o->policy));
        CHECK_INT("http port", 8080, o->http_port);
        CHECK_INT("https port", 8443, o->https_port);
        CHECK_STR("minimum", "TLSv1.1", target_proto_name(o->min_proto));
        CHECK_INT("protocols", (1u << TARGET_TLS11) | (1u << TARGET_TLS12), o->ssl_protocols);
        CHECK_INT("read", 60, o->read_timeout_s);
        CHECK_INT("keepalive", 10, o->keepalive_timeout_s);
        CHECK_INT("attempts", 2, o->connection_attempts);
        CHECK_INT("connect timeout", 4, o->connection_timeout_s);
        CHECK_INT("headers", 1, o->nheaders);
        CHECK(o->origin_shield);
    }
    distconfig_clear(&dc);
}

/* The Host decision and the probes it implies. */
static void
test_targets(void)
{
    static const struct {
        const char *name;
        const char *doc;
        const char *want;
    } cases[] =
        {
            {"Host not forwarded: the origin's own name",
             "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
             "{\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("alb",
                                                                                        "") "}",
             "alb|tls|443|-|sure|*"},
            {"legacy ForwardedValues Host: each alias",
             "{\"Aliases\": {\"Quantity\": 2, \"Items\": [\"www.example.com\", \"example.com\"]}, "
             "\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"ForwardedValues\": {\"QueryString\": "
                                                  "false, \"Headers\": {\"Quantity\": 1, "
                                                  "\"Items\": [\"host\"]}}") "}",
             "alb|tls|443|www.example.com|sure|*;alb|tls|443|example.com|sure|*"},
            {"legacy * forwards Host",
             "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
             "{\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"ForwardedValues\": {\"Headers\": "
                                                  "{\"Quantity\": 1, \"Items\": [\"*\"]}}") "}",
             "alb|tls|443|www.example.com|sure|*"},
            {"managed AllViewer forwards Host",
             "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
             "{\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                                  "\"216adef6-5c7f-47e4-b989-5492eafa07d3\"") "}",
             "alb|tls|443|www.example.com|sure|*"},
            {"managed AllViewerExceptHostHeader does not",
             "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
             "{\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                                  "\"b689b0a8-53d0-40ab-baf2-68738e2966ac\"") "}",
             "alb|tls|443|-|sure|*"},
            {"custom policy unknown: both ways",
             "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
             "{\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                                  "\"aaaaaaaa-0000-0000-0000-000000000000\"") "}",
             "alb|tls|443|-|assumed|*;alb|tls|443|www.example.com|assumed|*"},
            {"no alias: the distribution's own name",
             "{\"Distribution\": {\"Id\": \"E1\", \"DomainName\": \"d1.cloudfront.net\", "
             "\"DistributionConfig\": {\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "alb", "alb.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                                  "\"bf0718e1-ba1e-49d1-88b1-f726733018ae\"") "}}}",
             "alb|tls|443|d1.cloudfront.net|sure|*"},
            {"http-only: plain TCP to HTTPPort",
             "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "web", "web.example.net",
                 "\"CustomOriginConfig\": {\"HTTPPort\": 8080, \"HTTPSPort\": 443, "
                 "\"OriginProtocolPolicy\": \"http-only\"}") "]}," DEFB("web", "") "}",
             "web|tcp|8080|-|sure|*"},
            {"match-viewer: HTTP too when viewers may use it",
             "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
                 "web", "web.example.net",
                 CUSTOM("match-viewer", 443,
                        TLS12)) "]},"
                                "\"CacheBehaviors\": {\"Quantity\": 1, \"Items\": "
                                "[{\"PathPattern\": \"/open/*\", "
                                "\"TargetOriginId\": \"web\", \"ViewerProtocolPolicy\": "
                                "\"allow-all\"}]}," DEFB("web", "") "}",
             "web|tcp|80|-|sure|/open/*;web|tls|443|-|sure|/open/*,*"},
            {"two origins on one host, behaviours gathered per probe",
             "{\"Origins\": {\"Quantity\": 2, \"Items\": [" ORIGIN(
                 "a", "h.example.net",
                 CUSTOM(
                     "https-only", 443,
                     TLS12)) "," ORIGIN("b", "h.example.net",
                                        CUSTOM(
                                            "https-only", 443,
                                            "{\"Quantity\": "
                                            "1, \"Items\": "
                                            "[\"TLSv1\"]}")) "]},"
                                                             "\"CacheBehaviors\": {\"Quantity\": "
                                                             "2, \"Items\": [{\"PathPattern\": "
                                                             "\"/api/*\", "
                                                             "\"TargetOriginId\": \"a\", "
                                                             "\"ViewerProtocolPolicy\": "
                                                             "\"https-only\"}, {\"PathPattern\": "
                                                             "\"/old/*\", \"TargetOriginId\": "
                                                             "\"b\", \"ViewerProtocolPolicy\": "
                                                             "\"https-only\"}]}," DEFB("a", "") "}",
             "a|tls|443|-|sure|/api/*,*;b|tls|443|-|sure|/old/*"},
            {"S3 origin skipped, group members probed",
             "{\"Origins\": {\"Quantity\": 3, \"Items\": [" ORIGIN(
                 "p", "p.example.net",
                 CUSTOM("https-only", 443,
                        TLS12)) "," ORIGIN("s", "s.example.net",
                                           CUSTOM(
                                               "https-only", 443,
                                               TLS12)) "," ORIGIN("b", "b.s3.amazonaws.com",
                                                                  "\"S3OriginConfig\": "
                                                                  "{\"OriginAccessIdentity\": "
                                                                  "\"\"}") "]},"
                                                                           "\"OriginGroups\": "
                                                                           "{\"Quantity\": 1, "
                                                                           "\"Items\": [{\"Id\": "
                                                                           "\"g\", "
                                                                           "\"FailoverCriteria\": "
                                                                           "{\"StatusCodes\": "
                                                                           "{\"Quantity\": 2, "
                                                                           "\"Items\": [502, "
                                                                           "504]}}, \"Members\": "
                                                                           "{\"Quantity\": "
                                                                           "2, \"Items\": "
                                                                           "[{\"OriginId\": "
                                                                           "\"p\"}, {\"OriginId\": "
                                                                           "\"s\"}]}}]},"
                                                                           "\"CacheBehaviors\": "
                                                                           "{\"Quantity\": 1, "
                                                                           "\"Items\": "
                                                                           "[{\"PathPattern\": "
                                                                           "\"/img/*\", "
                                                                           "\"TargetOriginId\": "
                                                                           "\"b\", "
                                                                           "\"ViewerProtocolPolicy"
                                                                           "\": "
                                                                           "\"https-only\"}]}"
                                                                           "," DEFB("g", "") "}",
             "p|tls|443|-|sure|*;s|tls|443|-|sure|*"},
        };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct distconfig dc;
        char *err = NULL, *got;

        unit_set_case(cases[i].name);
        if (!parse(cases[i].doc, &dc, &err)) {
            CHECK_STR("parse error", NULL, err);
            free(err);
            continue;
        }
        got = fixture_targets(&dc);
        CHECK_STR("targets", cases[i].want, got);
        free(got);
        distconfig_clear(&dc);
    }
}

static void
test_groups_and_skips(void)
{
    struct distconfig dc;
    char *err = NULL;
    const char *doc = "{\"Origins\": {\"Quantity\": 3, \"Items\": [" ORIGIN(
        "p", "p.example.net",
        CUSTOM("https-only",
               443, TLS12)) "," ORIGIN("s", "s.example.net",
                                       CUSTOM(
                                           "https-only", 443,
                                           TLS12)) "," ORIGIN("b", "b.s3.amazonaws.com",
                                                              "\"CustomHeaders\": {\"Quantity\": "
                                                              "0}") "]},"
                                                                    "\"OriginGroups\": "
                                                                    "{\"Quantity\": 1, \"Items\": "
                                                                    "[{\"Id\": \"g\", "
                                                                    "\"FailoverCriteria\": "
                                                                    "{\"StatusCodes\": "
                                                                    "{\"Quantity\": 2, \"Items\": "
                                                                    "[502, 504]}}, \"Members\": "
                                                                    "{\"Quantity\": "
                                                                    "2, \"Items\": [{\"OriginId\": "
                                                                    "\"p\"}, {\"OriginId\": "
                                                                    "\"s\"}]}}]}," DEFB("g",
                                                                                        "") "}";
    size_t b[4];

    unit_set_case("groups and skips");
    CHECK(parse(doc, &dc, &err));
    CHECK_STR("err", NULL, err);
    CHECK_INT("groups", 1, dc.ngroups);
    if (dc.ngroups == 1) {
        CHECK_INT("members", 2, dc.groups[0].nmembers);
        CHECK_INT("codes", 2, dc.groups[0].ncodes);
        CHECK_INT("code 0", 502, dc.groups[0].status_codes[0]);
    }
    /* An S3 endpoint without S3OriginConfig (the emulator drops it). */
    CHECK_STR("kind", "s3", distconfig_kind_name(dc.origins[2].kind));
    CHECK(dc.origins[2].skip_reason != NULL);
    CHECK_INT("behaviours of p (through the group)", 1, distconfig_origin_behaviors(&dc, 0, b, 4));
    CHECK_INT("behaviours of b", 0, distconfig_origin_behaviors(&dc, 2, b, 4));
    distconfig_clear(&dc);
}

static void
test_custom_policy(void)
{
    struct distconfig dc;
    char *err = NULL, *got;
    json_t *pol;
    const char *doc =
        "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"www.example.com\"]}, \"Origins\": "
        "{\"Quantity\": 1, \"Items\": [" ORIGIN(
            "alb", "alb.example.net",
            CUSTOM("https-only", 443,
                   TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                             "\"aaaaaaaa-0000-0000-0000-000000000000\"") "}";

    unit_set_case("custom policy: whitelist with Host");
    CHECK(parse(doc, &dc, &err));
    pol =
        fixture_load("{\"OriginRequestPolicy\": {\"Id\": \"aaaaaaaa-0000-0000-0000-000000000000\", "
                     "\"OriginRequestPolicyConfig\": {\"HeadersConfig\": {\"HeaderBehavior\": "
                     "\"whitelist\", \"Headers\": {\"Quantity\": 1, \"Items\": [\"Host\"]}}}}}");
    CHECK(distconfig_set_policy(&dc, "aaaaaaaa-0000-0000-0000-000000000000", pol));
    json_decref(pol);
    got = fixture_targets(&dc);
    CHECK_STR("targets", "alb|tls|443|www.example.com|sure|*", got);
    free(got);
    distconfig_clear(&dc);

    unit_set_case("custom policy: allExcept Host");
    CHECK(parse(doc, &dc, &err));
    pol = fixture_load(
        "{\"OriginRequestPolicy\": {\"OriginRequestPolicyConfig\": {\"HeadersConfig\": "
        "{\"HeaderBehavior\": \"allExcept\", \"Headers\": {\"Quantity\": 1, \"Items\": "
        "[\"host\"]}}}}}");
    CHECK(distconfig_set_policy(&dc, "aaaaaaaa-0000-0000-0000-000000000000", pol));
    json_decref(pol);
    got = fixture_targets(&dc);
    CHECK_STR("targets", "alb|tls|443|-|sure|*", got);
    free(got);
    distconfig_clear(&dc);
}

/* Broken documents: an error naming the place, never a crash. */
static void
test_broken(void)
{
    static const struct {
        const char *name;
        const char *doc;
        const char *in_err;
    } cases[] = {
        {"not an object", "[1]", "not a JSON object"},
        {"unrelated object", "{\"a\": 1}", "not a CloudFront"},
        {"Origins a string", "{\"Origins\": \"x\"," DEFB("a", "") "}", "Origins must be an object"},
        {"Quantity mismatch",
         "{\"Origins\": {\"Quantity\": 2, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("a", "") "}",
         "Quantity says 2"},
        {"port a string",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-only", "443", TLS12)) "]}," DEFB("a", "") "}",
         "Origins.Items[0].CustomOriginConfig.HTTPSPort must be a whole number"},
        {"port out of range",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-only", 70000, TLS12)) "]}," DEFB("a", "") "}",
         "HTTPSPort must be from 1 to 65535"},
        {"control byte in a name",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a\\u001b[2J.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("a",
                                                                                          "") "}",
         "Origins.Items[0].DomainName contains control characters"},
        {"control byte in an id",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a\\u0007", "a.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("a", "") "}",
         "Origins.Items[0].Id contains control characters"},
        {"bad host name",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a..example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("a", "") "}",
         "Origins.Items[0].DomainName is not a valid host name"},
        {"unknown target",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB("zz", "") "}",
         "DefaultCacheBehavior.TargetOriginId names no origin"},
        {"no default behaviour",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-only", 443, TLS12)) "]}}",
         "DefaultCacheBehavior is missing"},
        {"bad protocol policy",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net", CUSTOM("https-first", 443, TLS12)) "]}," DEFB("a", "") "}",
         "OriginProtocolPolicy must be"},
        {"bad SSL protocol",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net",
             CUSTOM("https-only", 443,
                    "{\"Quantity\": 1, \"Items\": [\"TLSv1.3\"]}")) "]}," DEFB("a", "") "}",
         "OriginSslProtocols.Items[0] must be"},
        {"duplicate origin ids",
         "{\"Origins\": {\"Quantity\": 2, \"Items\": [" ORIGIN(
             "a", "a.example.net",
             CUSTOM("https-only", 443, TLS12)) "," ORIGIN("a", "b.example.net",
                                                          CUSTOM("https-only", 443,
                                                                 TLS12)) "]}," DEFB("a", "") "}",
         "Origins.Items[1].Id repeats"},
        {"viewer policy a number",
         "{\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
             "a", "a.example.net",
             CUSTOM("https-only", 443, TLS12)) "]},"
                                               "\"DefaultCacheBehavior\": {\"TargetOriginId\": "
                                               "\"a\", \"ViewerProtocolPolicy\": 1}}",
         "DefaultCacheBehavior.ViewerProtocolPolicy must be a string"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct distconfig dc;
        char *err = NULL;

        unit_set_case(cases[i].name);
        CHECK(!parse(cases[i].doc, &dc, &err));
        CHECK_MSG(err && strstr(err, cases[i].in_err), "error %s lacks %s", unit_show(err),
                  unit_show(cases[i].in_err));
        CHECK_INT("left empty", 0, dc.norigins);
        free(err);
    }
}

/* Many origins and a huge string: refused with the cap named. */
static void
test_caps(void)
{
    json_t *doc = json_object(), *origins = json_object(), *items = json_array(), *o;
    struct distconfig dc;
    char *err = NULL, *big;
    size_t i;

    unit_set_case("10,000 origins");
    for (i = 0; i < 10000; i++) {
        char id[32];
        snprintf(id, sizeof id, "o%zu", i);
        o = json_pack("{s:s, s:s}", "Id", id, "DomainName", "a.example.net");
        json_array_append_new(items, o);
    }
    json_object_set_new(origins, "Quantity", json_integer(10000));
    json_object_set_new(origins, "Items", items);
    json_object_set_new(doc, "Origins", origins);
    CHECK(!distconfig_parse(doc, &dc, &err));
    CHECK_MSG(err && strstr(err, "at most 512"), "error %s", unit_show(err));
    free(err);
    json_decref(doc);

    unit_set_case("a huge string");
    big = xmalloc(1000001);
    memset(big, 'a', 1000000);
    big[1000000] = '\0';
    doc = json_pack("{s:{s:i, s:[{s:s, s:s}]}}", "Origins", "Quantity", 1, "Items", "Id", big,
                    "DomainName", "a.example.net");
    CHECK(!distconfig_parse(doc, &dc, &err));
    CHECK_MSG(err && strstr(err, "Origins.Items[0].Id is longer than"), "error %s", unit_show(err));
    free(err);
    free(big);
    json_decref(doc);
}

/* CloudFront's path patterns and the first-match rule (Developer Guide,
 * "Cache behavior settings", "Path pattern"). */
static void
test_path_patterns(void)
{
    static const struct {
        const char *pattern, *path;
        bool match;
    } cases[] = {
        {"*", "/", true},
        {"*", "/anything/at/all.jpg", true},
        {"/images/*", "/images/a.png", true},
        {"images/*", "/images/a.png", true}, /* the leading '/' makes no difference */
        {"/images/*", "/images/", true},     /* '*' matches nothing too */
        {"/images/*", "/images", false},
        {"/images/*", "/Images/a.png", false}, /* case-sensitive */
        {"*.jpg", "/a/b/c.jpg", true},         /* '*' crosses '/' */
        {"*.jpg", "/a/b/c.JPG", false},
        {"*.jpg", "/a.jpg.gz", false},
        {"/api/v?/*", "/api/v1/users", true},
        {"/api/v?/*", "/api/v12/users", false}, /* '?' is exactly one character */
        {"/api/v?/*", "/api/v/users", false},
        {"/a*b*c", "/axxbyyc", true},
        {"/a*b*c", "/axxbyyd", false},
        {"/a*b*c", "/abcbc", true}, /* backtracking */
        {"/static/*", "/static/x?v=1", true},
        {"/x.php", "/x.php?a=/static/", true}, /* the query string is not matched */
        {"/x.php", "/x.php/", false},
        {"/*.css", "/style.css", true},
        {"/**", "/", true},
        {"/a?", "/a?", false}, /* '?' in the path starts the query: nothing left to match */
        {"", "/", true},
        {"", "/a", false},
    };
    const char *text = "{\"Origins\": {\"Quantity\": 3, \"Items\": [" ORIGIN(
        "web", "web.example.com",
        CUSTOM(
            "https-only", 443,
            TLS12)) ", " ORIGIN("api", "api.example.com",
                                CUSTOM(
                                    "https-only", 443,
                                    TLS12)) ", " ORIGIN("img", "img.example.com",
                                                        CUSTOM(
                                                            "https-only", 443,
                                                            TLS12)) "]}, "
                                                                    "\"CacheBehaviors\": "
                                                                    "{\"Quantity\": 3, \"Items\": ["
                                                                    "{\"PathPattern\": \"/api/*\", "
                                                                    "\"TargetOriginId\": \"api\", "
                                                                    "\"ViewerProtocolPolicy\": "
                                                                    "\"https-only\"},"
                                                                    "{\"PathPattern\": \"*.png\", "
                                                                    "\"TargetOriginId\": \"img\", "
                                                                    "\"ViewerProtocolPolicy\": "
                                                                    "\"https-only\"},"
                                                                    "{\"PathPattern\": "
                                                                    "\"/api/*.png\", "
                                                                    "\"TargetOriginId\": \"img\", "
                                                                    "\"ViewerProtocolPolicy\": "
                                                                    "\"https-only\"}]}, " DEFB(
                                                                        "web",
                                                                        "") ", \"Aliases\": "
                                                                            "{\"Quantity\": 2, "
                                                                            "\"Items\": "
                                                                            "[\"www.example.com\", "
                                                                            "\"Shop.Example.com\"]}"
                                                                            "}";
    struct distconfig dc;
    char *err = NULL;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unit_set_casef("pattern '%s' path '%s'", cases[i].pattern, cases[i].path);
        CHECK_INT("match", cases[i].match, distconfig_path_match(cases[i].pattern, cases[i].path));
    }

    unit_set_case("behaviour for a path: the first ordered match, else the default");
    CHECK_MSG(parse(text, &dc, &err), "parse: %s", unit_show(err));
    free(err);
    CHECK_INT("behaviours", 4, dc.nbehaviors);
    CHECK_STR("/api/users", "/api/*",
              dc.behaviors[distconfig_behavior_for(&dc, "/api/users")].path);
    /* Both "/api/..." and "/api/...png" match: the first listed wins. */
    CHECK_STR("/api/x.png", "/api/*",
              dc.behaviors[distconfig_behavior_for(&dc, "/api/x.png")].path);
    CHECK_STR("/img/x.png", "*.png", dc.behaviors[distconfig_behavior_for(&dc, "/img/x.png")].path);
    CHECK_STR("/IMG/X.PNG", "*", dc.behaviors[distconfig_behavior_for(&dc, "/IMG/X.PNG")].path);
    CHECK_STR("/", "*", dc.behaviors[distconfig_behavior_for(&dc, "/")].path);
    CHECK_STR("/api", "*", dc.behaviors[distconfig_behavior_for(&dc, "/api")].path);
    CHECK_STR("/x?y=/api/", "*", dc.behaviors[distconfig_behavior_for(&dc, "/x?y=/api/")].path);
    CHECK_STR("default's origin", "web", dc.behaviors[distconfig_behavior_for(&dc, "/")].target_id);

    unit_set_case("the host a distribution serves");
    CHECK(distconfig_serves_host(&dc, "www.example.com"));
    CHECK(distconfig_serves_host(&dc, "WWW.example.COM"));
    CHECK(distconfig_serves_host(&dc, "shop.example.com"));
    CHECK(!distconfig_serves_host(&dc, "example.com"));
    CHECK(!distconfig_serves_host(&dc, "www.example.com.evil"));
    distconfig_clear(&dc);
}

/* Wildcard alternate domain names: which alias covers a viewer's host and
 * how closely (CloudFront's rules as AWS documents them: "*." then a
 * domain covers any name ending in ".domain", one label or several, not
 * the domain itself; an exact name beats a wildcard, a longer wildcard a
 * shorter one; any case), and the probes: a wildcard is never probed, the
 * viewer's host it covers is, when Host is forwarded. */
static void
test_wildcard_aliases(void)
{
    static const struct {
        const char *alias, *host;
        int rank; /* -1 none, 1024 exact, else the domain's length */
    } ranks[] = {
        {"*.example.com", "a.example.com", 11},
        {"*.example.com", "A.Example.COM", 11},
        {"*.example.com", "a.b.example.com", 11}, /* AWS: marketing.product-name.example.com */
        {"*.example.com", "example.com", -1},
        {"*.example.com", ".example.com", -1},
        {"*.example.com", "aexample.com", -1},
        {"*.example.com", "a.example.com.evil", -1},
        {"*.example.com", "a.example.org", -1},
        {"*.b.example.com", "a.b.example.com", 13},
        {"*.example.com", "*.example.com", DISTCONFIG_RANK_EXACT},
        {"www.example.com", "WWW.example.com", DISTCONFIG_RANK_EXACT},
        {"www.example.com", "a.www.example.com", -1},
        {"*", "a.example.com", -1},
        {"*.", "a.example.com", -1},
    };
    const char *doc =
        "{\"Distribution\": {\"Id\": \"E1\", \"DomainName\": \"d1.cloudfront.net\", "
        "\"DistributionConfig\": {\"Aliases\": {\"Quantity\": 3, \"Items\": [\"*.Example.COM\", "
        "\"www.example.com\", \"*.b.example.com\"]}, \"Origins\": {\"Quantity\": 1, \"Items\": "
        "[" ORIGIN("alb", "alb.example.net", CUSTOM("https-only", 443, TLS12)) "]}," DEFB(
            "alb", ", \"ForwardedValues\": {\"QueryString\": false, \"Headers\": {\"Quantity\": 1, "
                   "\"Items\": [\"Host\"]}}") ", \"Enabled\": true}}}";
    const char *only =
        "{\"Distribution\": {\"Id\": \"E2\", \"DomainName\": \"d2.cloudfront.net\", "
        "\"DistributionConfig\": {\"Aliases\": {\"Quantity\": 1, \"Items\": [\"*.example.com\"]}, "
        "\"Origins\": {\"Quantity\": 1, \"Items\": [" ORIGIN(
            "alb", "alb.example.net",
            CUSTOM("https-only", 443, TLS12)) "]}," DEFB("alb", ", \"OriginRequestPolicyId\": "
                                                                "\"216adef6-5c7f-47e4-b989-"
                                                                "5492eafa07d3\"") ", \"Enabled\": "
                                                                                  "true}}}";
    struct distconfig dc;
    char *err = NULL, *got;
    size_t i;

    for (i = 0; i < sizeof ranks / sizeof ranks[0]; i++) {
        unit_set_casef("alias '%s' host '%s'", ranks[i].alias, ranks[i].host);
        CHECK_INT("rank", ranks[i].rank, distconfig_alias_rank(ranks[i].alias, ranks[i].host));
    }

    unit_set_case("wildcard aliases are kept, in lower case, and rank the distribution");
    CHECK_MSG(parse(doc, &dc, &err), "parse: %s", unit_show(err));
    free(err);
    err = NULL;
    CHECK_INT("aliases", 3, dc.naliases);
    CHECK_STR("wildcard kept", "*.example.com", dc.naliases ? dc.aliases[0] : NULL);
    CHECK_INT("exact alias", DISTCONFIG_RANK_EXACT, distconfig_host_rank(&dc, "www.example.com"));
    CHECK_INT("own name", DISTCONFIG_RANK_EXACT, distconfig_host_rank(&dc, "D1.cloudfront.net"));
    CHECK_INT("the more specific wildcard", 13, distconfig_host_rank(&dc, "x.b.example.com"));
    CHECK_INT("the wildcard", 11, distconfig_host_rank(&dc, "shop.example.com"));
    CHECK_INT("the bare domain", -1, distconfig_host_rank(&dc, "example.com"));
    CHECK(distconfig_serves_host(&dc, "Shop.Example.com"));
    CHECK(!distconfig_serves_host(&dc, "example.com"));

    unit_set_case("Host forwarded: no wildcard probed, the viewer's host that only one covers is");
    got = fixture_targets(&dc);
    CHECK_STR("probes", "alb|tls|443|www.example.com|sure|*", got);
    free(got);
    distconfig_set_viewer_host(&dc, "www.example.com"); /* exact: nothing to add */
    CHECK_STR("exact host", NULL, dc.viewer_host);
    distconfig_set_viewer_host(&dc, "example.com"); /* not served: nothing */
    CHECK_STR("not served", NULL, dc.viewer_host);
    distconfig_set_viewer_host(&dc, "Shop.Example.com");
    CHECK_STR("viewer host", "shop.example.com", dc.viewer_host);
    got = fixture_targets(&dc);
    CHECK_STR("probes", "alb|tls|443|www.example.com|sure|*;alb|tls|443|shop.example.com|sure|*",
              got);
    free(got);
    distconfig_clear(&dc);

    unit_set_case("only a wildcard alias: the own name until a viewer's host is known");
    CHECK_MSG(parse(only, &dc, &err), "parse: %s", unit_show(err));
    free(err);
    err = NULL;
    got = fixture_targets(&dc);
    CHECK_STR("probes", "alb|tls|443|d2.cloudfront.net|sure|*", got);
    free(got);
    distconfig_set_viewer_host(&dc, "www.example.com");
    got = fixture_targets(&dc);
    CHECK_STR("probes", "alb|tls|443|www.example.com|sure|*", got);
    free(got);
    distconfig_clear(&dc);

    unit_set_case("a wildcard alias that is not \"*.\" and a host name is refused");
    {
        static const char *const bad[] = {"*.exa mple.com", "*.", "*foo.example.com",
                                          "www.*.example.com"};
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char *d = xasprintf(
                "{\"Aliases\": {\"Quantity\": 1, \"Items\": [\"%s\"]}, \"Origins\": {\"Quantity\": "
                "1, \"Items\": [" ORIGIN("alb", "alb.example.net",
                                         CUSTOM("https-only", 443, TLS12)) "]}," DEFB("alb",
                                                                                      "") "}",
                bad[i]);
            unit_set_case(bad[i]);
            CHECK(!parse(d, &dc, &err));
            CHECK_MSG(err && strstr(err, "Aliases.Items[0]"), "error: %s", unit_show(err));
            free(err);
            err = NULL;
            distconfig_clear(&dc);
            free(d);
        }
    }
}

int
main(void)
{
    test_wildcard_aliases();
    test_path_patterns();
    test_shapes();
    test_settings();
    test_targets();
    test_groups_and_skips();
    test_custom_policy();
    test_broken();
    test_caps();
    return unit_result();
}
