#include "config.h"

/* account_read_*: the pure readers of the account's answers, with fixture
 * JSON shaped like the AWS CLI's (and moto's, which leaves some keys out):
 * the load balancer found by its DNS name in any spelling (case, final
 * dot, dualstack.), the listener on the origin's port, the default
 * certificate first, ACM's fields, the ISSUED certificate that covers a
 * name (wildcards one label deep), Route 53 records in public zones only,
 * and the security groups' verdict on the CloudFront prefix list.  Broken
 * or hostile input (wrong types, missing keys) yields nothing, never a
 * crash or a guess. */

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "fixture.h"
#include "unit.h"

static void
fresh(struct account_origin *a, const char *lb_dns, unsigned port)
{
    account_origin_clear(a);
    a->lb_dns = lb_dns ? strdup(lb_dns) : NULL;
    a->port = port;
}

#define ALB_ARN                                                                                    \
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
#define LST_ARN                                                                                    \
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/"       \
    "f2f7dc8efc522ab2"
#define CERT1 "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
#define CERT2 "arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000"

static void
test_names(void)
{
    char r[32];

    unit_set_case("same dns");
    CHECK(account_same_dns("web-1.eu-west-1.elb.amazonaws.com",
                           "dualstack.Web-1.EU-west-1.elb.amazonaws.com."));
    CHECK(!account_same_dns("web-1.eu-west-1.elb.amazonaws.com",
                            "web-2.eu-west-1.elb.amazonaws.com"));
    CHECK(!account_same_dns("web-1.eu-west-1.elb.amazonaws.com", "1.eu-west-1.elb.amazonaws.com"));
    CHECK(!account_same_dns("", "."));
    CHECK(!account_same_dns(NULL, "a"));

    unit_set_case("arn region");
    CHECK(account_arn_region(CERT1, r, sizeof r));
    CHECK_STR("region", "eu-west-1", r);
    CHECK(!account_arn_region("arn:aws:acm", r, sizeof r));
    CHECK(!account_arn_region("arn:aws:route53:::hostedzone/Z1", r, sizeof r));
    CHECK(!account_arn_region("not-an-arn", r, sizeof r));

    unit_set_case("covers");
    CHECK(account_name_covers("*.example.com", "www.example.com"));
    CHECK(account_name_covers("*.example.com", "WWW.Example.com."));
    CHECK(!account_name_covers("*.example.com", "a.b.example.com"));
    CHECK(!account_name_covers("*.example.com", "example.com"));
    CHECK(!account_name_covers("*.example.com", ".example.com"));
    CHECK(account_name_covers("origin.example.com", "origin.example.com"));
    CHECK(!account_name_covers("origin.example.com", "origin.example.org"));
    CHECK(!account_name_covers("*", "com"));
}

static void
test_lbs(void)
{
    struct account_origin a = {0};
    json_t *j = fixture_load(
        "{\"LoadBalancers\": ["
        "{\"DNSName\": \"other-2.eu-west-1.elb.amazonaws.com\", \"LoadBalancerArn\": \"x\"},"
        "{\"LoadBalancerArn\": \"" ALB_ARN "\", \"DNSName\": \"Web-1.eu-west-1.elb.amazonaws.com\","
        " \"CanonicalHostedZoneId\": \"Z32O12XQLNTSW2\", \"LoadBalancerName\": \"web\","
        " \"Scheme\": \"internet-facing\", \"VpcId\": \"vpc-1\", \"Type\": \"application\","
        " \"SecurityGroups\": [\"sg-1\", \"sg-2\", 7, \"sg-1\"]}]}");

    unit_set_case("elbv2 describe-load-balancers");
    fresh(&a, "dualstack.web-1.eu-west-1.elb.amazonaws.com.", 443);
    CHECK(account_read_lbs(j, false, &a));
    CHECK(a.lb_found);
    CHECK_STR("arn", ALB_ARN, a.lb_arn);
    CHECK_STR("name", "web", a.lb_name);
    CHECK_STR("type", "application", a.lb_type);
    CHECK_STR("scheme", "internet-facing", a.lb_scheme);
    CHECK_STR("zone", "Z32O12XQLNTSW2", a.lb_zone);
    CHECK_INT("groups (deduplicated, strings only)", 2, (long)a.nsgs);
    CHECK_STR("sg", "sg-2", a.nsgs > 1 ? a.sgs[1] : NULL);
    CHECK(!account_read_lbs(j, true, &a)); /* not the Classic shape */

    unit_set_case("not there");
    fresh(&a, "web-9.eu-west-1.elb.amazonaws.com", 443);
    CHECK(!account_read_lbs(j, false, &a));
    CHECK(!a.lb_found);
    CHECK(a.lb_arn == NULL);
    json_decref(j);

    unit_set_case("classic");
    j = fixture_load(
        "{\"LoadBalancerDescriptions\": [{\"LoadBalancerName\": \"old\","
        " \"DNSName\": \"old-123.us-east-1.elb.amazonaws.com\","
        " \"CanonicalHostedZoneNameID\": \"Z35SXDOTRQ7X7K\", \"Scheme\": \"internet-facing\","
        " \"SecurityGroups\": [\"sg-9\"], \"VPCId\": \"vpc-9\","
        " \"ListenerDescriptions\": ["
        "  {\"Listener\": {\"Protocol\": \"HTTP\", \"LoadBalancerPort\": 80}},"
        "  {\"Listener\": {\"Protocol\": \"HTTPS\", \"LoadBalancerPort\": 443,"
        "   \"SSLCertificateId\": \"" CERT1 "\"}}]}]}");
    fresh(&a, "old-123.us-east-1.elb.amazonaws.com", 443);
    CHECK(account_read_lbs(j, true, &a));
    CHECK_STR("type", "classic", a.lb_type);
    CHECK(a.lb_arn == NULL);
    CHECK_STR("zone", "Z35SXDOTRQ7X7K", a.lb_zone);
    CHECK(a.listener_found);
    CHECK_STR("protocol", "HTTPS", a.listener_protocol);
    CHECK_INT("certs", 1, (long)a.ncerts);
    CHECK(a.ncerts == 1 && a.certs[0].is_default && strcmp(a.certs[0].arn, CERT1) == 0);
    fresh(&a, "old-123.us-east-1.elb.amazonaws.com", 8443);
    CHECK(account_read_lbs(j, true, &a));
    CHECK(a.listeners_read && !a.listener_found);
    json_decref(j);

    unit_set_case("hostile shapes");
    fresh(&a, "web-1.eu-west-1.elb.amazonaws.com", 443);
    j = fixture_load("{\"LoadBalancers\": {\"DNSName\": \"web-1.eu-west-1.elb.amazonaws.com\"}}");
    CHECK(!account_read_lbs(j, false, &a));
    json_decref(j);
    j = fixture_load("{\"LoadBalancers\": [1, null, {\"DNSName\": 5}, {\"DNSName\": "
                     "\"web-1.eu-west-1.elb.amazonaws.com\","
                     " \"LoadBalancerArn\": [1], \"SecurityGroups\": \"sg-1\"}]}");
    CHECK(account_read_lbs(j, false, &a));
    CHECK(a.lb_arn == NULL);
    CHECK_INT("groups", 0, (long)a.nsgs);
    json_decref(j);
    account_origin_clear(&a);
}

static void
test_listeners(void)
{
    struct account_origin a = {0};
    json_t *l =
        fixture_load("{\"Listeners\": ["
                     "{\"ListenerArn\": \"l80\", \"Port\": 80, \"Protocol\": \"HTTP\"},"
                     "{\"ListenerArn\": \"" LST_ARN "\", \"Port\": 443, \"Protocol\": \"HTTPS\","
                     " \"SslPolicy\": \"ELBSecurityPolicy-2016-08\","
                     " \"Certificates\": [{\"CertificateArn\": \"" CERT1 "\"}]}]}");
    json_t *c = fixture_load("{\"Certificates\": [{\"CertificateArn\": \"" CERT2
                             "\", \"IsDefault\": false},"
                             "{\"CertificateArn\": \"" CERT1 "\", \"IsDefault\": true}]}");

    unit_set_case("describe-listeners");
    fresh(&a, "web-1.eu-west-1.elb.amazonaws.com", 443);
    CHECK(account_read_listeners(l, &a));
    CHECK_STR("arn", LST_ARN, a.listener_arn);
    CHECK_STR("protocol", "HTTPS", a.listener_protocol);
    CHECK_STR("policy", "ELBSecurityPolicy-2016-08", a.ssl_policy);
    CHECK_INT("default certificate", 1, (long)a.ncerts);

    unit_set_case("describe-listener-certificates: default first, no duplicate");
    account_read_listener_certs(c, &a);
    CHECK_INT("certs", 2, (long)a.ncerts);
    CHECK_STR("first", CERT1, a.certs[0].arn);
    CHECK(a.certs[0].is_default);
    CHECK(!a.certs[1].is_default);
    CHECK(a.certs_read);

    unit_set_case("no listener on the port");
    fresh(&a, "web-1.eu-west-1.elb.amazonaws.com", 8443);
    CHECK(!account_read_listeners(l, &a));
    CHECK(a.listeners_read && !a.listener_found);
    json_decref(l);
    json_decref(c);
    account_origin_clear(&a);
}

static void
test_cert(void)
{
    struct account_cert c = {0};
    json_t *j = fixture_load(
        "{\"Certificate\": {\"CertificateArn\": \"" CERT1 "\","
        " \"DomainName\": \"example.com\", \"SubjectAlternativeNames\": [\"example.com\", "
        "\"*.example.com\"],"
        " \"Status\": \"ISSUED\", \"Type\": \"AMAZON_ISSUED\", \"KeyAlgorithm\": \"EC_prime256v1\","
        " \"NotAfter\": 1798606056.0, \"RenewalEligibility\": \"ELIGIBLE\","
        " \"InUseBy\": [\"" LST_ARN "\"]}}");

    unit_set_case("describe-certificate");
    c.arn = strdup(CERT1);
    CHECK(account_read_cert(j, &c));
    CHECK(c.described);
    CHECK_INT("names (DomainName once)", 2, (long)c.nnames);
    CHECK_STR("san", "*.example.com", c.nnames > 1 ? c.names[1] : NULL);
    CHECK_STR("status", "ISSUED", c.status);
    CHECK_STR("key", "EC_prime256v1", c.key_algorithm);
    CHECK_INT("not after", 1798606056L, (long)c.not_after);
    CHECK_STR("renewal", "ELIGIBLE", c.renewal);
    CHECK_INT("in use", 1, (long)c.nin_use_by);
    json_decref(j);

    unit_set_case("ISO dates (CLI v2) and another certificate");
    j = fixture_load("{\"Certificate\": {\"CertificateArn\": \"" CERT1
                     "\", \"NotAfter\": \"2026-12-31T00:00:00+00:00\"}}");
    CHECK(account_read_cert(j, &c));
    CHECK_INT("not after", 1798675200L, (long)c.not_after);
    json_decref(j);
    j = fixture_load("{\"Certificate\": {\"CertificateArn\": \"" CERT2 "\"}}");
    CHECK(!account_read_cert(j, &c));
    json_decref(j);
    free(c.arn);
    free(c.domain);
    for (size_t i = 0; i < c.nnames; i++)
        free(c.names[i]);
    free(c.names);
    free(c.status);
    free(c.type);
    free(c.key_algorithm);
    free(c.renewal);
    for (size_t i = 0; i < c.nin_use_by; i++)
        free(c.in_use_by[i]);
    free(c.in_use_by);
}

static void
test_cert_list(void)
{
    struct account_origin a = {0};
    const char *names[] = {"www.example.com", "api.example.org", "example.net"};
    json_t *j =
        fixture_load("{\"CertificateSummaryList\": ["
                     "{\"CertificateArn\": \"pending\", \"DomainName\": \"www.example.com\", "
                     "\"Status\": \"PENDING_VALIDATION\"},"
                     "{\"CertificateArn\": \"" CERT2
                     "\", \"DomainName\": \"example.org\", \"Status\": \"ISSUED\","
                     " \"SubjectAlternativeNameSummaries\": [\"example.org\", \"*.example.org\"]},"
                     "{\"CertificateArn\": \"" CERT1
                     "\", \"DomainName\": \"*.example.com\", \"Status\": \"ISSUED\"}]}");

    unit_set_case("list-certificates");
    fresh(&a, "x", 443);
    account_read_cert_list(j, names, 3, &a);
    CHECK(a.cert_list_read);
    CHECK_INT("covers", 3, (long)a.ncovers);
    CHECK_STR("www: the ISSUED wildcard, not the pending one", CERT1, a.covers[0].arn);
    CHECK_STR("api: through a SAN", CERT2, a.covers[1].arn);
    CHECK(a.covers[2].arn == NULL);
    json_decref(j);
    account_origin_clear(&a);
}

static void
test_route53(void)
{
    struct account_origin a = {0};
    char **ids, **names, *alias = NULL;
    size_t n;
    json_t *z =
        fixture_load("{\"HostedZones\": ["
                     "{\"Id\": \"/hostedzone/Z111\", \"Name\": \"example.com.\", \"Config\": "
                     "{\"PrivateZone\": false}},"
                     "{\"Id\": \"/hostedzone/Z222\", \"Name\": \"internal.example.com.\", "
                     "\"Config\": {\"PrivateZone\": true}},"
                     "{\"Id\": 3, \"Name\": \"broken.\"}]}");
    json_t *r = fixture_load(
        "{\"ResourceRecordSets\": ["
        "{\"Name\": \"example.com.\", \"Type\": \"NS\", \"ResourceRecords\": [{\"Value\": "
        "\"ns\"}]},"
        "{\"Name\": \"Origin.example.com.\", \"Type\": \"A\", \"AliasTarget\": "
        "{\"HostedZoneId\": \"Z32O12XQLNTSW2\","
        "  \"DNSName\": \"dualstack.WEB-1.eu-west-1.elb.amazonaws.com.\", "
        "\"EvaluateTargetHealth\": false}},"
        "{\"Name\": \"origin.example.com.\", \"Type\": \"AAAA\", \"AliasTarget\": {"
        "  \"DNSName\": \"dualstack.web-1.eu-west-1.elb.amazonaws.com.\"}},"
        "{\"Name\": \"cn.example.com.\", \"Type\": \"CNAME\", \"ResourceRecords\": "
        "[{\"Value\": \"web-1.eu-west-1.elb.amazonaws.com\"}]},"
        "{\"Name\": \"\\\\052.example.com.\", \"Type\": \"CNAME\", \"ResourceRecords\": "
        "[{\"Value\": \"web-1.eu-west-1.elb.amazonaws.com\"}]},"
        "{\"Name\": \"elsewhere.example.com.\", \"Type\": \"CNAME\", \"ResourceRecords\": "
        "[{\"Value\": \"web-2.eu-west-1.elb.amazonaws.com\"}]},"
        "{\"Name\": \"bad.example.com.\", \"Type\": \"CNAME\", \"ResourceRecords\": \"x\"}]}");

    unit_set_case("list-hosted-zones: public ones");
    account_read_zones(z, &ids, &names, &n);
    CHECK_INT("zones", 1, (long)n);
    CHECK_STR("id without /hostedzone/", "Z111", n ? ids[0] : NULL);
    CHECK_STR("name", "example.com", n ? names[0] : NULL);

    unit_set_case("records to the load balancer");
    fresh(&a, "web-1.eu-west-1.elb.amazonaws.com", 443);
    account_read_records(r, "Z111", "example.com", NULL, NULL, &a);
    CHECK_INT("records (A and AAAA of one name once)", 3, (long)a.nrecords);
    CHECK_STR("alias", "origin.example.com", a.nrecords > 0 ? a.records[0].name : NULL);
    CHECK(a.nrecords > 0 && a.records[0].alias);
    CHECK_STR("zone", "Z111", a.nrecords > 0 ? a.records[0].zone_id : NULL);
    CHECK_STR("cname", "cn.example.com", a.nrecords > 1 ? a.records[1].name : NULL);
    CHECK(a.nrecords > 1 && !a.records[1].alias);
    CHECK_STR("wildcard unescaped", "*.example.com", a.nrecords > 2 ? a.records[2].name : NULL);

    unit_set_case("an origin that is an alias to a load balancer");
    fresh(&a, NULL, 443);
    account_read_records(r, "Z111", "example.com", "origin.example.com", &alias, &a);
    CHECK_STR("alias of (as ELB spells it)", "web-1.eu-west-1.elb.amazonaws.com", alias);
    CHECK_INT("no lb yet: no records", 0, (long)a.nrecords);
    free(alias);
    alias = NULL;
    account_read_records(r, "Z111", "example.com", "cn.example.com", &alias, &a);
    CHECK_STR("cname of", "web-1.eu-west-1.elb.amazonaws.com", alias);
    free(alias);
    alias = NULL;
    account_read_records(r, "Z111", "example.com", "nothing.example.com", &alias, &a);
    CHECK(alias == NULL);

    for (size_t i = 0; i < n; i++) {
        free(ids[i]);
        free(names[i]);
    }
    free(ids);
    free(names);
    json_decref(z);
    json_decref(r);
    account_origin_clear(&a);
}

static void
test_sgs(void)
{
    struct account_origin a = {0};
    json_t *pl = fixture_load(
        "{\"PrefixLists\": [{\"PrefixListId\": \"pl-other\", \"PrefixListName\": "
        "\"com.amazonaws.eu-west-1.s3\"},"
        "{\"PrefixListId\": \"pl-cf\", \"PrefixListName\": \"" ACCOUNT_CF_PREFIX_LIST "\"}]}");
    json_t *cf = fixture_load(
        "{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": ["
        "{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443, \"IpRanges\": [],"
        " \"PrefixListIds\": [{\"PrefixListId\": \"pl-cf\"}]},"
        "{\"IpProtocol\": \"tcp\", \"FromPort\": 22, \"ToPort\": 22, \"IpRanges\": "
        "[{\"CidrIp\": \"0.0.0.0/0\"}]}]}]}");
    json_t *open =
        fixture_load("{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"IpPermissions\": ["
                     "{\"IpProtocol\": \"tcp\", \"FromPort\": 443, \"ToPort\": 443,"
                     " \"PrefixListIds\": [{\"PrefixListId\": \"pl-cf\"}]}]},"
                     "{\"GroupId\": \"sg-2\", \"IpPermissions\": [{\"IpProtocol\": \"-1\","
                     " \"IpRanges\": [{\"CidrIp\": \"10.0.0.0/8\"}]}]}]}");
    char *id;

    unit_set_case("the CloudFront prefix list");
    id = account_read_prefix_list(pl);
    CHECK_STR("id", "pl-cf", id);
    free(id);

    unit_set_case("CloudFront only");
    fresh(&a, "x", 443);
    a.prefix_list_id = strdup("pl-cf");
    a.sgs = calloc(2, sizeof *a.sgs);
    a.sgs[0] = strdup("sg-1");
    a.nsgs = 1;
    account_read_sgs(cf, &a);
    CHECK_STR("access", "cloudfront_only", account_access_name(a.access));
    CHECK_STR("group", "sg-1", a.access_sg);

    unit_set_case("another port: closed");
    a.port = 8443;
    account_read_sgs(cf, &a);
    CHECK_STR("access", "closed", account_access_name(a.access));

    unit_set_case("a second group open to addresses");
    a.port = 443;
    a.sgs[1] = strdup("sg-2");
    a.nsgs = 2;
    account_read_sgs(open, &a);
    CHECK_STR("access", "open", account_access_name(a.access));

    unit_set_case("a group missing from the answer: unknown, never cloudfront_only");
    account_read_sgs(cf, &a);
    CHECK_STR("access", "unknown", account_access_name(a.access));

    json_decref(pl);
    json_decref(cf);
    json_decref(open);
    account_origin_clear(&a);
}

static void
test_table(void)
{
    int c;
    unit_set_case("every call names its IAM action");
    for (c = 0; c < ACCOUNT_CALL_COUNT; c++) {
        const char *act = account_call_action((enum account_call)c);
        CHECK(strchr(act, ':') != NULL);
        CHECK(strncmp(account_call_operation((enum account_call)c), "describe-", 9) == 0 ||
              strncmp(account_call_operation((enum account_call)c), "list-", 5) == 0);
    }
    CHECK_STR("elbv2 action", "elasticloadbalancing:DescribeListeners",
              account_call_action(ACALL_LISTENERS));
}

/* describe-rules: the rules by priority, the default last; the host-header
 * values in either form (HostHeaderConfig, the older Values); the action
 * that answers (the highest Order) with its status or target group; a page
 * cut short (NextMarker) leaves the rules unread.  ELB's host matching:
 * any case, '*' any run, '?' one character. */
static void
test_rules(void)
{
    static const struct {
        const char *pattern, *host;
        bool match;
    } m[] = {
        {"app.example.com", "APP.example.COM", true},
        {"*.example.com", "a.b.example.com", true},
        {"*.example.com", "example.com", false},
        {"*example.com", "example.com", true},
        {"app?.example.com", "app1.example.com", true},
        {"app?.example.com", "app.example.com", false},
        {"app.example.com", "app.example.com.evil", false},
        {"*", "anything", true},
        {"a*b*c", "aXbYbZc", true},
        {"a*b*c", "aXbYbZ", false},
    };
    struct account_origin a = {0};
    json_t *doc = fixture_load(
        "{\"Rules\": ["
        "{\"RuleArn\": \"rd\", \"Priority\": \"default\", \"IsDefault\": true, \"Conditions\": [],"
        " \"Actions\": [{\"Type\": \"fixed-response\", \"FixedResponseConfig\":"
        " {\"StatusCode\": \"404\", \"ContentType\": \"text/plain\"}}]},"
        "{\"RuleArn\": \"r20\", \"Priority\": \"20\", \"IsDefault\": false, \"Conditions\":"
        " [{\"Field\": \"host-header\", \"Values\": [\"old.example.com\"]}],"
        " \"Actions\": [{\"Type\": \"redirect\", \"RedirectConfig\": {\"StatusCode\": "
        "\"HTTP_301\"}}]},"
        "{\"RuleArn\": \"r5\", \"Priority\": \"5\", \"IsDefault\": false, \"Conditions\":"
        " [{\"Field\": \"path-pattern\", \"Values\": [\"/api/*\"]},"
        "  {\"Field\": \"host-header\", \"Values\": [\"app.example.com\"],"
        "   \"HostHeaderConfig\": {\"Values\": [\"app.example.com\", \"*.app.example.net\"]}}],"
        " \"Actions\": [{\"Type\": \"authenticate-oidc\", \"Order\": 1},"
        "  {\"Type\": \"forward\", \"Order\": 2, \"ForwardConfig\": {\"TargetGroups\":"
        "   [{\"TargetGroupArn\": \"arn:tg/web\"}]}}]},"
        "{\"RuleArn\": \"r7\", \"Priority\": \"7\", \"Conditions\": [{\"Field\": \"host-header\","
        " \"HostHeaderConfig\": {\"RegexValues\": [\"^api\\\\..*$\"]}}],"
        " \"Actions\": [{\"Type\": \"forward\", \"TargetGroupArn\": \"arn:tg/api\"}]}]}");
    json_t *cut = fixture_load("{\"Rules\": [], \"NextMarker\": \"abc\"}");
    size_t i;

    for (i = 0; i < sizeof m / sizeof m[0]; i++) {
        unit_set_casef("'%s' vs '%s'", m[i].pattern, m[i].host);
        CHECK_INT("match", m[i].match, account_host_rule_match(m[i].pattern, m[i].host));
    }

    unit_set_case("describe-rules");
    account_read_rules(doc, &a);
    CHECK(a.rules_read);
    CHECK_INT("rules", 4, (long)a.nrules);
    if (a.nrules == 4) {
        CHECK_STR("first by priority", "5", a.rules[0].priority);
        CHECK_STR("then", "7", a.rules[1].priority);
        CHECK_STR("then", "20", a.rules[2].priority);
        CHECK(a.rules[3].is_default);
        CHECK(a.rules[0].by_host && !a.rules[0].host_regex);
        CHECK_INT("HostHeaderConfig before Values", 2, (long)a.rules[0].nhosts);
        CHECK_STR("host", "*.app.example.net", a.rules[0].hosts[1]);
        CHECK_STR("the action that answers", "forward", a.rules[0].action);
        CHECK_STR("its target group", "arn:tg/web", a.rules[0].target_group);
        CHECK(a.rules[1].host_regex && !a.rules[1].by_host);
        CHECK_STR("older Values", "old.example.com",
                  a.rules[2].nhosts ? a.rules[2].hosts[0] : NULL);
        CHECK_INT("redirect status", 301, a.rules[2].status);
        CHECK_STR("default", "fixed-response", a.rules[3].action);
        CHECK_INT("fixed status", 404, a.rules[3].status);
    }
    account_origin_clear(&a);

    unit_set_case("a page cut short: not read");
    account_read_rules(cut, &a);
    CHECK(!a.rules_read);
    account_origin_clear(&a);
    json_decref(doc);
    json_decref(cut);
}

int
main(void)
{
    test_rules();
    test_names();
    test_lbs();
    test_listeners();
    test_cert();
    test_cert_list();
    test_route53();
    test_sgs();
    test_table();
    return unit_result();
}
