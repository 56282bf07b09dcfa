#include "config.h"

/* distrun_summary_doc: a list-distributions summary in the shape AWS's
 * ListDistributions answers with (API Reference, DistributionSummary; the
 * AWS CLI's `aws cloudfront list-distributions` example output) becomes
 * the same configuration as get-distribution's, so that
 * --all-distributions needs no get-distribution per distribution; a
 * summary without the configuration (moto 5.2's: Id, ARN, Status,
 * DomainName only) is refused, and is then completed with
 * get-distribution. */

#include <stdlib.h>
#include <string.h>

#include "distconfig.h"
#include "distrun.h"
#include "fixture.h"
#include "unit.h"
#include "xmalloc.h"

/* The configuration members, as both a summary and a DistributionConfig
 * carry them: a load balancer origin (custom, https-only, TLSv1.2), an S3
 * origin for the static files, Host forwarded by the managed policy
 * AllViewer on the API's path. */
#define CONFIG_MEMBERS                                                                             \
    "\"Aliases\": {\"Quantity\": 2, \"Items\": [\"www.example.com\", \"example.com\"]},"           \
    "\"Origins\": {\"Quantity\": 2, \"Items\": ["                                                  \
    "  {\"Id\": \"alb\", \"DomainName\": \"my-alb-123.ap-northeast-1.elb.amazonaws.com\","         \
    "   \"OriginPath\": \"\", \"CustomHeaders\": {\"Quantity\": 0},"                               \
    "   \"CustomOriginConfig\": {\"HTTPPort\": 80, \"HTTPSPort\": 443,"                            \
    "     \"OriginProtocolPolicy\": \"https-only\","                                               \
    "     \"OriginSslProtocols\": {\"Quantity\": 1, \"Items\": [\"TLSv1.2\"]},"                    \
    "     \"OriginReadTimeout\": 30, \"OriginKeepaliveTimeout\": 5},"                              \
    "   \"ConnectionAttempts\": 3, \"ConnectionTimeout\": 10,"                                     \
    "   \"OriginShield\": {\"Enabled\": false}, \"OriginAccessControlId\": \"\"},"                 \
    "  {\"Id\": \"assets\", \"DomainName\": \"amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com\","   \
    "   \"OriginPath\": \"\", \"CustomHeaders\": {\"Quantity\": 0},"                               \
    "   \"S3OriginConfig\": {\"OriginAccessIdentity\": \"\"},"                                     \
    "   \"ConnectionAttempts\": 3, \"ConnectionTimeout\": 10,"                                     \
    "   \"OriginShield\": {\"Enabled\": false}, \"OriginAccessControlId\": \"EIAP8PEXAMPLE\"}]},"  \
    "\"OriginGroups\": {\"Quantity\": 0},"                                                         \
    "\"DefaultCacheBehavior\": {\"TargetOriginId\": \"alb\","                                      \
    "  \"TrustedSigners\": {\"Enabled\": false, \"Quantity\": 0},"                                 \
    "  \"TrustedKeyGroups\": {\"Enabled\": false, \"Quantity\": 0},"                               \
    "  \"ViewerProtocolPolicy\": \"redirect-to-https\","                                           \
    "  \"AllowedMethods\": {\"Quantity\": 2, \"Items\": [\"HEAD\", \"GET\"],"                      \
    "    \"CachedMethods\": {\"Quantity\": 2, \"Items\": [\"HEAD\", \"GET\"]}},"                   \
    "  \"SmoothStreaming\": false, \"Compress\": true,"                                            \
    "  \"LambdaFunctionAssociations\": {\"Quantity\": 0},"                                         \
    "  \"FunctionAssociations\": {\"Quantity\": 0}, \"FieldLevelEncryptionId\": \"\","             \
    "  \"CachePolicyId\": \"658327ea-f89d-4fab-a63d-7e88639e58f6\"},"                              \
    "\"CacheBehaviors\": {\"Quantity\": 2, \"Items\": ["                                           \
    "  {\"PathPattern\": \"/static/*\", \"TargetOriginId\": \"assets\","                           \
    "   \"ViewerProtocolPolicy\": \"https-only\","                                                 \
    "   \"CachePolicyId\": \"658327ea-f89d-4fab-a63d-7e88639e58f6\"},"                             \
    "  {\"PathPattern\": \"/api/*\", \"TargetOriginId\": \"alb\","                                 \
    "   \"ViewerProtocolPolicy\": \"https-only\","                                                 \
    "   \"CachePolicyId\": \"4135ea2d-6df8-44a3-9df3-4b5a84be39ad\","                              \
    "   \"OriginRequestPolicyId\": \"216adef6-5c7f-47e4-b989-5492eafa07d3\"}]},"                   \
    "\"CustomErrorResponses\": {\"Quantity\": 0},"                                                 \
    "\"Comment\": \"\", \"PriceClass\": \"PriceClass_All\", \"Enabled\": true,"                    \
    "\"ViewerCertificate\": {\"CloudFrontDefaultCertificate\": true,"                              \
    "  \"SSLSupportMethod\": \"vip\", \"MinimumProtocolVersion\": \"TLSv1\","                      \
    "  \"CertificateSource\": \"cloudfront\"},"                                                    \
    "\"Restrictions\": {\"GeoRestriction\": {\"RestrictionType\": \"none\", \"Quantity\": 0}},"    \
    "\"WebACLId\": \"\", \"HttpVersion\": \"HTTP2\", \"IsIPV6Enabled\": true"

#define SUMMARY_HEAD(etag)                                                                         \
    "{\"Id\": \"E23YS8OEXAMPLE\","                                                                 \
    "\"ARN\": \"arn:aws:cloudfront::123456789012:distribution/E23YS8OEXAMPLE\"," etag              \
    "\"Status\": \"Deployed\", \"LastModifiedTime\": \"2024-08-05T18:23:40.375000+00:00\","        \
    "\"DomainName\": \"abcdefgh12ijk.cloudfront.net\","

/* A page of aws cloudfront list-distributions: one summary with its ETag
 * (newer API versions), one without (older ones). */
static const char list_page[] =
    "{\"DistributionList\": {\"Items\": [" SUMMARY_HEAD("\"ETag\": \"E2QWRUHEXAMPLE\",")
        CONFIG_MEMBERS ", \"Staging\": false}," SUMMARY_HEAD("") CONFIG_MEMBERS
    ", \"Staging\": false, \"AliasICPRecordals\": []}]}}";

/* get-distribution's answer for the same distribution. */
static const char get_distribution[] =
    "{\"ETag\": \"E2QWRUHEXAMPLE\", \"Distribution\": {\"Id\": \"E23YS8OEXAMPLE\","
    "\"ARN\": \"arn:aws:cloudfront::123456789012:distribution/E23YS8OEXAMPLE\","
    "\"Status\": \"Deployed\", \"LastModifiedTime\": \"2024-08-05T18:23:40.375000+00:00\","
    "\"InProgressInvalidationBatches\": 0, \"DomainName\": \"abcdefgh12ijk.cloudfront.net\","
    "\"ActiveTrustedSigners\": {\"Enabled\": false, \"Quantity\": 0},"
    "\"DistributionConfig\": {\"CallerReference\": \"cli-example\"," CONFIG_MEMBERS "}}}";

/* moto 5.2's summary. */
static const char moto_summary[] =
    "{\"Id\": \"N0A836QA23EFA\", \"ARN\": \"arn:aws:cloudfront:123456789012:distribution/"
    "N0A836QA23EFA\", \"Status\": \"Deployed\", \"LastModifiedTime\": "
    "\"2021-11-27T10:34:26.802000Z\", \"DomainName\": \"byai2e0ja8xbf.cloudfront.net\", "
    "\"OriginGroups\": {}, \"AliasICPRecordals\": []}";

static char *
settings(const struct distconfig *dc)
{
    char *out = xstrdup(""), *tmp;
    size_t i;
    for (i = 0; i < dc->norigins; i++) {
        const struct distconfig_origin *o = &dc->origins[i];
        tmp = xasprintf("%s%s %s %s %s %u/%u %#x %u %u %u %u|", out, o->id, o->domain_name,
                        distconfig_kind_name(o->kind), distconfig_policy_name(o->policy),
                        o->http_port, o->https_port, o->ssl_protocols, o->read_timeout_s,
                        o->keepalive_timeout_s, o->connection_attempts, o->connection_timeout_s);
        free(out);
        out = tmp;
    }
    for (i = 0; i < dc->nbehaviors; i++) {
        const struct distconfig_behavior *b = &dc->behaviors[i];
        tmp = xasprintf("%s%s>%s %s %s|", out, b->path, b->target_id,
                        distconfig_viewer_name(b->viewer), distconfig_host_name(b->host));
        free(out);
        out = tmp;
    }
    return out;
}

int
main(void)
{
    json_t *page = fixture_load(list_page), *get = fixture_load(get_distribution),
           *moto = fixture_load(moto_summary);
    const json_t *items = json_object_get(json_object_get(page, "DistributionList"), "Items");
    struct distconfig from_get, from_sum, no_etag;
    char *err = NULL, *a, *b;
    json_t *doc;

    unit_set_case("get-distribution");
    CHECK(distconfig_parse(get, &from_get, &err));
    free(err);

    /* The summary with an ETag: the same distribution as get-distribution
     * gives, ETag included. */
    unit_set_case("summary with ETag");
    doc = distrun_summary_doc(json_array_get(items, 0));
    CHECK(doc != NULL);
    CHECK(doc && distconfig_parse(doc, &from_sum, &err));
    CHECK_STR("from_sum.id", "E23YS8OEXAMPLE", from_sum.id);
    CHECK_STR("from_sum.domain_name", "abcdefgh12ijk.cloudfront.net", from_sum.domain_name);
    CHECK_STR("from_sum.status", "Deployed", from_sum.status);
    CHECK_STR("from_sum.etag", "E2QWRUHEXAMPLE", from_sum.etag);
    CHECK(from_sum.enabled);
    CHECK_INT("(long)from_sum.naliases", 2, (long)from_sum.naliases);
    CHECK_STR("from_sum.naliases ? from_sum.aliases[0] : NULL", "www.example.com",
              from_sum.naliases ? from_sum.aliases[0] : NULL);
    CHECK_INT("(long)from_sum.norigins", 2, (long)from_sum.norigins);
    CHECK_INT("(long)from_sum.nbehaviors", 3, (long)from_sum.nbehaviors);
    a = settings(&from_get);
    b = settings(&from_sum);
    CHECK_STR("probes", a, b);
    free(a);
    free(b);
    a = fixture_targets(&from_get);
    b = fixture_targets(&from_sum);
    CHECK_STR("b", a, b);
    /* The load balancer, by each alias for the API's path (AllViewer
     * forwards Host) and by its own name for the default behaviour; S3
     * not probed. */
    CHECK_STR("b",
              "alb|tls|443|www.example.com|sure|/api/*;"
              "alb|tls|443|example.com|sure|/api/*;"
              "alb|tls|443|-|sure|*",
              b);
    free(a);
    free(b);
    CHECK_STR("from_sum.origins[1].skip_reason ? 'skipped' : 'pro", "skipped",
              from_sum.origins[1].skip_reason ? "skipped" : "probed");
    distconfig_clear(&from_sum);
    json_decref(doc);

    /* Without an ETag in the summary, the ETag is unknown (null in the
     * report; the fix guides read it with get-distribution-config). */
    unit_set_case("summary without ETag");
    doc = distrun_summary_doc(json_array_get(items, 1));
    CHECK(doc && distconfig_parse(doc, &no_etag, &err));
    CHECK(no_etag.etag == NULL);
    CHECK_STR("no_etag.id", "E23YS8OEXAMPLE", no_etag.id);
    a = fixture_targets(&from_get);
    b = fixture_targets(&no_etag);
    CHECK_STR("b", a, b);
    free(a);
    free(b);
    distconfig_clear(&no_etag);
    json_decref(doc);

    /* moto 5.2's summary carries no configuration: none is made up. */
    unit_set_case("moto summary");
    CHECK(distrun_summary_doc(moto) == NULL);

    /* Each configuration member is needed; a wrong type is no summary
     * to build from either (get-distribution then decides). */
    {
        static const char *const need[] = {"Aliases", "Origins", "DefaultCacheBehavior",
                                           "CacheBehaviors"};
        size_t i;
        for (i = 0; i < sizeof need / sizeof *need; i++) {
            json_t *s = json_deep_copy(json_array_get(items, 0));
            char name[64];
            snprintf(name, sizeof name, "without %s", need[i]);
            unit_set_case(name);
            json_object_del(s, need[i]);
            CHECK(distrun_summary_doc(s) == NULL);
            json_object_set_new(s, need[i], json_array());
            snprintf(name, sizeof name, "%s a list", need[i]);
            unit_set_case(name);
            CHECK(distrun_summary_doc(s) == NULL);
            json_decref(s);
        }
    }
    unit_set_case("no Id");
    {
        json_t *s = json_deep_copy(json_array_get(items, 0));
        json_object_del(s, "Id");
        CHECK(distrun_summary_doc(s) == NULL);
        json_object_set_new(s, "Id", json_integer(5));
        CHECK(distrun_summary_doc(s) == NULL);
        json_decref(s);
    }
    unit_set_case("not an object");
    CHECK(distrun_summary_doc(json_array_get(items, 5)) == NULL);
    CHECK(distrun_summary_doc(items) == NULL);

    /* A broken configuration inside a complete summary is the parser's
     * strict error, naming the JSON path, as for get-distribution. */
    unit_set_case("broken origin in a summary");
    {
        json_t *s = json_deep_copy(json_array_get(items, 0));
        json_t *o0 = json_array_get(json_object_get(json_object_get(s, "Origins"), "Items"), 0);
        struct distconfig dc;
        json_object_set_new(o0, "DomainName", json_integer(7));
        doc = distrun_summary_doc(s);
        CHECK(doc != NULL);
        err = NULL;
        CHECK(doc && !distconfig_parse(doc, &dc, &err));
        CHECK(err && strstr(err, "Origins.Items[0].DomainName") != NULL);
        free(err);
        json_decref(doc);
        json_decref(s);
    }

    distconfig_clear(&from_get);
    json_decref(page);
    json_decref(get);
    json_decref(moto);
    return unit_result();
}
