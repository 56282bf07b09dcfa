#include "config.h"

/* fixes_build() and fixes_route53_batch() over hand-built diagnoses: the
 * article's case (an ELB name as Origin Domain Name, a certificate for the
 * custom domain), its variants, a chain in the wrong order and a refused
 * connection.  Checks the order of the steps, the real values in the
 * commands, and that every JSON document the commands write parses.  Then
 * every command builder of fixes_cmd.h once, by its exact output, and the
 * shell quoting over hostile values. */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "awsname.h"
#include "diag.h"
#include "fixes.h"
#include "fixes_cmd.h"
#include "unit.h"

#define ELB "my-alb-123.ap-northeast-1.elb.amazonaws.com"
#define ELB_ZONE "Z14GRHDCWA56QT"

/* One origin as the probe and the analysis would leave it; the strings are
 * literals, never freed. */
struct fixture {
    struct obs_origin o;
    struct obs_addr addrs[2];
    struct diag_origin d;
    struct finding findings[8];
    struct candidate cand;
    struct name_row rows[2];
};

static void
fixture_init(struct fixture *fx, const char *name, unsigned port)
{
    memset(fx, 0, sizeof *fx);
    target_init(&fx->o.target);
    fx->o.target.name = (char *)name;
    fx->o.target.input = (char *)name;
    fx->o.target.https_port = port;
    fx->o.sni = (char *)name;
    fx->o.dns = DNS_OK;
    fx->d.obs = &fx->o;
    fx->d.findings = fx->findings;
    fx->d.chain_addr = -1;
    awsname_classify(name, &fx->d.aws);
}

static void
add_finding(struct fixture *fx, enum finding_id id, int addr)
{
    struct finding *f = &fx->findings[fx->d.nfindings++];

    f->id = id;
    f->addr = addr;
    f->detail = NULL;
}

static void
add_address(struct fixture *fx, const char *text)
{
    struct obs_addr *a = &fx->addrs[fx->o.naddrs++];

    fx->o.addrs = fx->addrs;
    a->family = strchr(text, ':') ? AF_INET6 : AF_INET;
    snprintf(a->text, sizeof a->text, "%s", text);
    a->probed = true;
    a->tcp = TCP_CONNECTED;
    a->tls.status = TLS_OK;
}

static void
set_candidate(struct fixture *fx, const char *name)
{
    fx->cand.name = (char *)name;
    fx->cand.why = "a CNAME to the origin's name";
    fx->cand.score = 2;
    fx->d.candidates = &fx->cand;
    fx->d.ncandidates = 1;
}

/* The leaf's names: one SAN dNSName per argument (up to two). */
static void
set_cert_names(struct fixture *fx, const char *a, const char *b)
{
    fx->d.names.checked = fx->o.sni;
    fx->d.names.has_san = true;
    fx->d.names.rows = fx->rows;
    fx->rows[0].kind = NAME_SAN_DNS;
    fx->rows[0].name = (char *)a;
    fx->d.names.nrows = 1;
    if (b) {
        fx->rows[1].kind = NAME_SAN_DNS;
        fx->rows[1].name = (char *)b;
        fx->d.names.nrows = 2;
    }
}

static bool
contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle);
}

/* Index of the first step whose commands contain needle, or -1. */
static int
step_with(const struct diag_origin *d, const char *needle)
{
    size_t i;

    for (i = 0; i < d->nfixes; i++)
        if (contains(d->fixes[i].commands, needle))
            return (int)i;
    return -1;
}

static bool
any_text_contains(const struct diag_origin *d, const char *needle)
{
    size_t i;

    for (i = 0; i < d->nfixes; i++)
        if (contains(d->fixes[i].title, needle) || contains(d->fixes[i].why, needle) ||
            contains(d->fixes[i].commands, needle) || contains(d->fixes[i].verify, needle))
            return true;
    return false;
}

/* The re-test of the new origin name gates the change: "if RETEST; then",
 * the edit, "fi", the update inside. */
static void
check_gated(const char *commands, const char *retest)
{
    char want[512];
    const char *g, *u, *fi;

    snprintf(want, sizeof want, "if %s; then\n", retest);
    g = commands ? strstr(commands, want) : NULL;
    u = g ? strstr(g, "update-distribution") : NULL;
    fi = u ? strstr(u, "\nelse\n  echo 'the re-test fails: the distribution was not changed' "
                       ">&2\n  false\nfi")
           : NULL;
    CHECK_MSG(g && u && fi, "the change runs only after: %s", retest);
}

/* Every command of a regional service (ELB, ACM, EC2) names its Region. */
static void
check_regions(const char *text, size_t step)
{
    static const char *const regional[] = {"aws elbv2 ", "aws elb ", "aws acm ", "aws ec2 "};
    const char *line = text;

    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line), k;
        char *l = strndup(line, len);

        for (k = 0; k < sizeof regional / sizeof regional[0]; k++)
            if (l[0] != '#' && strstr(l, regional[k]))
                CHECK_MSG(strstr(l, " --region "), "step %zu: no --region in: %s", step, l);
        free(l);
        line = end ? end + 1 : NULL;
    }
}

/* Every step has a title, an explanation and a check, and the kinds come
 * in the guides' order. */
static void
check_shape(const struct diag_origin *d)
{
    static const enum fix_kind order[] = {FIX_DNS,           FIX_REACH,       FIX_PORT_PROTOCOL,
                                          FIX_CUSTOM_DOMAIN, FIX_CERT,        FIX_CHAIN,
                                          FIX_TLS_POLICY,    FIX_CLIENT_CERT, FIX_CONSISTENCY};
    size_t i, k, last = 0;

    for (i = 0; i < d->nfixes; i++) {
        const struct fix_step *f = &d->fixes[i];

        CHECK_MSG(f->title && *f->title, "step %zu has no title", i);
        CHECK_MSG(f->why && *f->why, "step %zu has no explanation", i);
        CHECK_MSG(f->verify && *f->verify, "step %zu has no check", i);
        for (k = 0; k < sizeof order / sizeof order[0]; k++)
            if (order[k] == f->kind)
                break;
        CHECK_MSG(k < sizeof order / sizeof order[0], "step %zu: unexpected kind %d", i, f->kind);
        CHECK_MSG(k >= last, "step %zu (%s) comes after a later guide", i,
                  findings_fix_name(f->kind));
        last = k;
        check_regions(f->commands, i);
        check_regions(f->verify, i);
    }
}

/* The JSON between "<<'EOF'" and "EOF" after marker in commands, parsed. */
static json_t *
heredoc_json(const char *commands, const char *marker)
{
    const char *p = commands ? strstr(commands, marker) : NULL, *end;
    char *text;
    json_t *j;
    json_error_t err;

    /* <<'EOF', or <<EOF when the batch takes variables the step set. */
    if (!p || !(p = strstr(p, "<<")) || !(p = strchr(p, '\n')))
        return NULL;
    p++;
    if (!(end = strstr(p, "\nEOF\n")) && !(end = strstr(p, "\nEOF")))
        return NULL;
    text = strndup(p, (size_t)(end - p));
    j = json_loads(text, 0, &err);
    if (!j)
        fprintf(stderr, "json: %s (line %d)\n%s\n", err.text, err.line, text);
    free(text);
    return j;
}

/* Checks one alias change of a batch. */
static void
check_alias_change(json_t *batch, size_t i, const char *type, const char *name, const char *zone,
                   const char *target)
{
    json_t *c = json_array_get(json_object_get(batch, "Changes"), i);
    json_t *rrs = json_object_get(c, "ResourceRecordSet");
    json_t *at = json_object_get(rrs, "AliasTarget");

    CHECK_STR("Action", "UPSERT", json_string_value(json_object_get(c, "Action")));
    CHECK_STR("Name", name, json_string_value(json_object_get(rrs, "Name")));
    CHECK_STR("Type", type, json_string_value(json_object_get(rrs, "Type")));
    CHECK_STR("HostedZoneId", zone, json_string_value(json_object_get(at, "HostedZoneId")));
    CHECK_STR("DNSName", target, json_string_value(json_object_get(at, "DNSName")));
    CHECK_MSG(json_is_false(json_object_get(at, "EvaluateTargetHealth")),
              "EvaluateTargetHealth is false");
    CHECK_MSG(!json_object_get(rrs, "TTL"), "an alias record has no TTL");
}

/* The article's case: the ELB name as Origin Domain Name, a custom domain
 * found that points to the load balancer but that the certificate served
 * (www.example.net) does not cover. */
static void
test_elb_name(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int acm, attach, cf;
    char *batch;
    json_t *j;
    json_error_t err;

    unit_set_case("elb name, candidate not covered");
    fixture_init(&fx, ELB, 443);
    CHECK_INT("awsname kind", AWSNAME_ELB, d->aws.kind);
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "www.example.net", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build(d, NULL);
    check_shape(d);

    CHECK_INT("steps", 4, d->nfixes);
    if (d->nfixes != 4)
        goto out;
    CHECK_INT("step 0 kind", FIX_CUSTOM_DOMAIN, d->fixes[0].kind);
    CHECK_INT("step 3 kind", FIX_CUSTOM_DOMAIN, d->fixes[3].kind);
    CHECK(contains(d->fixes[0].title, "origin.example.com"));
    CHECK(contains(d->fixes[0].why, "origin.example.com"));
    acm = step_with(d, "aws acm request-certificate");
    attach = step_with(d, "aws elbv2 add-listener-certificates");
    cf = step_with(d, "aws cloudfront update-distribution");
    CHECK_INT("ACM step", 1, acm);
    CHECK_INT("attach step", 2, attach);
    CHECK_INT("CloudFront step", 3, cf);
    if (acm < 0 || attach < 0 || cf < 0)
        goto out;
    CHECK(contains(d->fixes[acm].commands, "--region ap-northeast-1"));
    CHECK(contains(d->fixes[acm].commands, "--domain-name origin.example.com"));
    CHECK(contains(d->fixes[acm].commands, "--validation-method DNS"));
    /* Each value a later line needs is set by the command that yields it. */
    CHECK(contains(d->fixes[acm].commands, "CERT_ARN=$(aws acm request-certificate "));
    CHECK(contains(d->fixes[acm].commands,
                   "VALIDATION_NAME=$(aws acm describe-certificate --region ap-northeast-1 "
                   "--certificate-arn \"${CERT_ARN:?}\" "
                   "--query 'Certificate.DomainValidationOptions[0].ResourceRecord.Name'"));
    CHECK(contains(d->fixes[acm].commands, "VALIDATION_VALUE=$(aws acm describe-certificate "));
    CHECK(contains(d->fixes[acm].commands, "\"Name\": \"${VALIDATION_NAME:?}\""));
    CHECK(contains(d->fixes[acm].commands, "cat > acm-cname.json <<EOF\n"));
    CHECK(contains(d->fixes[acm].commands, "aws acm wait certificate-validated --region "
                                           "ap-northeast-1 --certificate-arn \"${CERT_ARN:?}\""));
    CHECK(!contains(d->fixes[acm].commands, "--subject-alternative-names"));
    j = heredoc_json(d->fixes[acm].commands, "acm-cname.json");
    CHECK_MSG(j != NULL, "the validation CNAME batch parses");
    json_decref(j);
    CHECK(contains(d->fixes[attach].commands, "DNSName=='" ELB "'"));
    CHECK(contains(d->fixes[attach].commands, "LISTENER_ARN=$(aws elbv2 describe-listeners "));
    CHECK(contains(d->fixes[attach].commands, "--listener-arn \"${LISTENER_ARN:?}\" --certificates "
                                              "CertificateArn=\"${CERT_ARN:?}\""));
    CHECK(contains(d->fixes[attach].commands, "--load-balancer-name my-alb "));
    CHECK(contains(d->fixes[cf].commands, "select(.DomainName==\"" ELB "\")"));
    CHECK(contains(d->fixes[cf].commands, ".DomainName=\"origin.example.com\""));
    CHECK(contains(d->fixes[cf].commands, "OriginProtocolPolicy=\"https-only\""));
    CHECK(contains(d->fixes[cf].commands,
                   "OriginSslProtocols={\"Quantity\":1,\"Items\":[\"TLSv1.2\"]}"));
    CHECK(contains(d->fixes[cf].commands, "DIST_ID=$(aws cloudfront list-distributions "));
    CHECK(contains(d->fixes[cf].commands, "ETAG=$(jq -r .ETag dist.json)"));
    CHECK(contains(d->fixes[cf].commands, "--if-match \"${ETAG:?}\""));
    CHECK(contains(d->fixes[cf].commands,
                   "aws cloudfront wait distribution-deployed --id \"${DIST_ID:?}\""));
    check_gated(d->fixes[cf].commands, "origin-doctor origin.example.com");
    CHECK(contains(d->fixes[cf].verify, "X-Cache: Error from cloudfront"));
    /* The candidate already points to the load balancer: no alias step. */
    CHECK(step_with(d, "change-resource-record-sets --hosted-zone-id <YOUR_ZONE_ID> "
                       "--change-batch file://alias.json") < 0);

    batch = fixes_route53_batch(&d->aws, "origin.example.com");
    CHECK(batch != NULL);
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "the Route 53 batch parses");
    if (j) {
        CHECK_INT("changes", 1, json_array_size(json_object_get(j, "Changes")));
        check_alias_change(j, 0, "A", "origin.example.com", ELB_ZONE, "dualstack." ELB);
    }
    json_decref(j);
    free(batch);

    /* Building again replaces the steps. */
    fixes_build(d, NULL);
    CHECK_INT("steps after a rebuild", 4, d->nfixes);
out:
    fixes_clear(d);
    CHECK_INT("cleared", 0, d->nfixes);
    CHECK(d->fixes == NULL);
}

/* What the probe really finds: the candidate is one of the certificate's
 * own names, so only the CloudFront origin changes. */
static void
test_elb_name_covered(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;

    unit_set_case("elb name, candidate covered by the certificate");
    fixture_init(&fx, ELB, 443);
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "*.example.com", "example.com");
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 2, d->nfixes);
    CHECK(!any_text_contains(d, "request-certificate"));
    CHECK(!any_text_contains(d, "alias.json"));
    if (d->nfixes == 2) {
        CHECK(contains(d->fixes[0].why, "no new certificate"));
        CHECK(contains(d->fixes[1].commands, ".DomainName=\"origin.example.com\""));
        check_gated(d->fixes[1].commands, "origin-doctor origin.example.com");
    }
    fixes_clear(d);
}

/* No custom domain found: the placeholder, and a Route 53 alias step whose
 * heredoc is the batch. */
static void
test_elb_name_no_candidate(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int alias;
    json_t *j;

    unit_set_case("elb name, no candidate");
    fixture_init(&fx, ELB, 443);
    add_address(&fx, "203.0.113.10");
    add_address(&fx, "203.0.113.11");
    set_cert_names(&fx, "www.example.net", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 5, d->nfixes);
    alias = step_with(d, "--change-batch file://alias.json");
    CHECK_INT("alias step", 3, alias);
    CHECK_INT("ACM step", 1, step_with(d, "--domain-name origin.example.com"));
    CHECK_INT("CloudFront step", 4, step_with(d, "update-distribution"));
    if (alias >= 0) {
        CHECK(contains(d->fixes[alias].commands, "cat > alias.json <<'EOF'\n"));
        j = heredoc_json(d->fixes[alias].commands, "alias.json");
        CHECK_MSG(j != NULL, "the alias heredoc parses");
        if (j)
            check_alias_change(j, 0, "A", "origin.example.com", ELB_ZONE, "dualstack." ELB);
        json_decref(j);
        CHECK(contains(d->fixes[alias].verify, "dig +short " ELB));
    }
    /* The alias was just made: the re-test reaches the load balancer's
     * addresses through --resolve. */
    if (d->nfixes == 5)
        check_gated(d->fixes[4].commands,
                    "origin-doctor --resolve origin.example.com:443:203.0.113.10,203.0.113.11 "
                    "origin.example.com");
    fixes_clear(d);
}

/* A forwarded Host the certificate lacks: CloudFront checks the viewer's
 * domain, not the Origin Domain Name, so the fix is a certificate for it on
 * the listener (two steps), the origin keeps the load balancer's name, and
 * the ELB-name reason stays out; the re-test forwards the Host, a port
 * other than 443 is kept. */
static void
test_elb_name_host_header(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int acm;

    unit_set_case("elb name, Host forwarded, port 8443");
    fixture_init(&fx, ELB, 8443);
    fx.o.target.host_header = "www.example.com";
    fx.o.sni = "www.example.com";
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "origin.example.com", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 2, d->nfixes);
    acm = step_with(d, "aws acm request-certificate");
    CHECK_INT("ACM step", 0, acm);
    if (acm >= 0) {
        CHECK(contains(d->fixes[acm].commands,
                       "--domain-name www.example.com --validation-method DNS"));
        CHECK(contains(d->fixes[acm].why, "forward the viewer's Host header (www.example.com)"));
    }
    CHECK_INT("attach step", 1, step_with(d, "aws elbv2 add-listener-certificates"));
    CHECK(step_with(d, "Listeners[?Port==`8443`]") >= 0);
    CHECK(step_with(d, "--load-balancer-port 8443") >= 0);
    CHECK(!any_text_contains(d, "update-distribution"));
    CHECK(!any_text_contains(d, "load balancer's own name"));
    CHECK(!any_text_contains(d, "custom domain"));
    CHECK(!any_text_contains(d, "Use a custom domain"));
    CHECK(d->nfixes > 0 && contains(d->fixes[d->nfixes - 1].verify,
                                    "origin-doctor --host-header www.example.com " ELB ":8443"));
    /* Through CloudFront with the viewer's domain (the Host it passes on). */
    CHECK(d->nfixes > 0 && contains(d->fixes[0].commands, "curl -sI https://www.example.com/"));
    CHECK(d->nfixes > 0 &&
          contains(d->fixes[d->nfixes - 1].verify, "curl -sI https://www.example.com/"));
    fixes_clear(d);
}

static void
test_route53_batch(void)
{
    struct awsname aws;
    char *batch;
    json_t *j;
    json_error_t err;

    unit_set_case("route53 batch, dualstack ALB");
    awsname_classify("dualstack." ELB, &aws);
    batch = fixes_route53_batch(&aws, "origin.example.com");
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "parses");
    if (j) {
        CHECK_INT("changes", 2, json_array_size(json_object_get(j, "Changes")));
        check_alias_change(j, 0, "A", "origin.example.com", ELB_ZONE, "dualstack." ELB);
        check_alias_change(j, 1, "AAAA", "origin.example.com", ELB_ZONE, "dualstack." ELB);
        CHECK(json_is_string(json_object_get(j, "Comment")));
    }
    json_decref(j);
    free(batch);

    unit_set_case("route53 batch, NLB");
    awsname_classify("my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com", &aws);
    batch = fixes_route53_batch(&aws, "api.example.com");
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "parses");
    if (j)
        check_alias_change(j, 0, "A", "api.example.com", "ZLMOA37VPKANP",
                           "my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com");
    json_decref(j);
    free(batch);

    unit_set_case("route53 batch, unknown Region");
    awsname_classify("my-alb-1.xx-nowhere-9.elb.amazonaws.com", &aws);
    batch = fixes_route53_batch(&aws, "origin.example.com");
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "parses");
    if (j)
        check_alias_change(j, 0, "A", "origin.example.com", "$ELB_HOSTED_ZONE_ID",
                           "dualstack.my-alb-1.xx-nowhere-9.elb.amazonaws.com");
    json_decref(j);
    free(batch);

    unit_set_case("route53 batch, not a load balancer");
    awsname_classify("origin.example.com", &aws);
    CHECK(fixes_route53_batch(&aws, "origin.example.com") == NULL);
    awsname_classify("my-env.eba-abc.us-east-1.elasticbeanstalk.com", &aws);
    CHECK(fixes_route53_batch(&aws, "origin.example.com") == NULL);
    CHECK(fixes_route53_batch(NULL, "origin.example.com") == NULL);
}

/* Received: leaf, root, intermediate; to send: leaf, intermediate, root. */
static void
test_chain_order(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    struct chain_node nodes[3];
    size_t path[3] = {0, 2, 1};
    const char *why;
    const char *p1, *p2, *p3;

    unit_set_case("chain order");
    fixture_init(&fx, "origin.example.com", 443);
    memset(nodes, 0, sizeof nodes);
    nodes[0].index = 0;
    nodes[0].subject = "CN=origin.example.com";
    nodes[0].issuer = "CN=Example Intermediate\x1b[31m CA";
    nodes[0].problems = CHAIN_P_OUT_OF_ORDER;
    nodes[1].index = 1;
    nodes[1].subject = "CN=Example Root CA";
    nodes[1].issuer = "CN=Example Root CA";
    nodes[1].problems = CHAIN_P_ROOT;
    nodes[2].index = 2;
    nodes[2].subject = "CN=Example Intermediate\x1b[31m CA";
    nodes[2].issuer = "CN=Example Root CA";
    d->chain.nodes = nodes;
    d->chain.nnodes = 3;
    d->chain.path = path;
    d->chain.npath = 3;
    d->chain.anchored = true;
    d->chain.complete = true;
    d->chain.in_order = false;
    add_finding(&fx, F_CHAIN_ORDER, -1);
    add_finding(&fx, F_CHAIN_ROOT, -1); /* info: no guide of its own */
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 1, d->nfixes);
    if (d->nfixes != 1)
        goto out;
    CHECK_INT("kind", FIX_CHAIN, d->fixes[0].kind);
    why = d->fixes[0].why;
    /* One numbering: the Certificate step's, from #0, as received. */
    p1 = strstr(why, "#0  CN=origin.example.com");
    p2 = strstr(why, "#2  CN=Example Intermediate");
    p3 = strstr(why, "#1  CN=Example Root CA");
    CHECK_MSG(p1 && p2 && p3 && p1 < p2 && p2 < p3, "the order to send: %s", unit_show(why));
    CHECK_MSG(!strstr(why, "#3"), "no place numbered from 1: %s", unit_show(why));
    CHECK_MSG(!strchr(why, '\x1b'), "subjects are sanitized: %s", unit_show(why));
    CHECK(contains(why, "\\x1B[31m"));
    /* The files say their place; the commands follow the computed order. */
    CHECK(contains(d->fixes[0].commands, "-showcerts"));
    CHECK(contains(d->fixes[0].commands, "sprintf(\"sent%d.pem\", n++)"));
    CHECK(contains(d->fixes[0].commands, "cat sent0.pem sent2.pem > fullchain.pem"));
    CHECK(contains(d->fixes[0].commands, "cat sent2.pem > CertificateChain.pem"));
    CHECK(contains(d->fixes[0].commands, "--certificate fileb://sent0.pem"));
    CHECK(contains(d->fixes[0].commands, "--certificate-chain fileb://CertificateChain.pem"));
    CHECK(contains(d->fixes[0].verify, "origin-doctor origin.example.com"));
out:
    fixes_clear(d);
    d->chain.nodes = NULL;
    d->chain.path = NULL;
}

/* Received: CA 1, the leaf, CA 2 (CA 2 issued the leaf, CA 1 issued CA 2):
 * the fix sends #1, #2, #0, whatever the intermediates are called. */
static void
test_chain_order_names(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    struct chain_node nodes[3];
    size_t path[3] = {1, 2, 0};
    const char *why;

    unit_set_case("chain order, intermediates named CA 1 and CA 2");
    fixture_init(&fx, "origin.example.com", 443);
    memset(nodes, 0, sizeof nodes);
    nodes[0].index = 0;
    nodes[0].subject = "CN=CA 1";
    nodes[0].issuer = "CN=Root";
    nodes[1].index = 1;
    nodes[1].subject = "CN=origin.example.com";
    nodes[1].issuer = "CN=CA 2";
    nodes[1].problems = CHAIN_P_OUT_OF_ORDER;
    nodes[2].index = 2;
    nodes[2].subject = "CN=CA 2";
    nodes[2].issuer = "CN=CA 1";
    d->chain.nodes = nodes;
    d->chain.nnodes = 3;
    d->chain.path = path;
    d->chain.npath = 3;
    d->chain.anchored = true;
    d->chain.complete = true;
    d->chain.in_order = false;
    add_finding(&fx, F_CHAIN_ORDER, -1);
    fixes_build(d, NULL);
    CHECK_INT("steps", 1, d->nfixes);
    if (d->nfixes != 1)
        goto out;
    why = d->fixes[0].why;
    CHECK_MSG(strstr(why, "#1  CN=origin.example.com") &&
                  strstr(why, "#1  CN=origin.example.com") < strstr(why, "#2  CN=CA 2") &&
                  strstr(why, "#2  CN=CA 2") < strstr(why, "#0  CN=CA 1"),
              "the order to send: %s", unit_show(why));
    CHECK(contains(d->fixes[0].commands, "cat sent1.pem sent2.pem sent0.pem > fullchain.pem"));
    CHECK(contains(d->fixes[0].commands, "cat sent2.pem sent0.pem > CertificateChain.pem"));
    CHECK(contains(d->fixes[0].commands, "--certificate fileb://sent1.pem"));
    CHECK(!contains(d->fixes[0].commands, "intermediate1.pem"));
out:
    fixes_clear(d);
    d->chain.nodes = NULL;
    d->chain.path = NULL;
}

/* A refused connection on one of two addresses. */
static void
test_tcp_refused(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int sg, listener;

    unit_set_case("tcp refused");
    fixture_init(&fx, "origin.example.com", 443);
    add_address(&fx, "203.0.113.10");
    add_address(&fx, "203.0.113.11");
    fx.addrs[1].tcp = TCP_REFUSED;
    fx.addrs[1].tls.status = TLS_SKIPPED;
    add_finding(&fx, F_TCP_REFUSED, 1);
    add_finding(&fx, F_ORIGIN_INCONSISTENT, -1);
    fixes_build(d, NULL);
    check_shape(d);
    sg = step_with(d, "aws ec2 describe-managed-prefix-lists");
    listener = step_with(d, "aws elbv2 describe-listeners");
    CHECK_INT("security group step", 0, sg);
    CHECK(listener > sg);
    if (sg >= 0) {
        CHECK_INT("kind", FIX_REACH, d->fixes[sg].kind);
        CHECK(
            contains(d->fixes[sg].commands,
                     "Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing"));
        CHECK(contains(d->fixes[sg].commands,
                       "--ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,"
                       "PrefixListIds=[{PrefixListId='\"${PL_ID:?}\"'}]'"));
        CHECK(contains(d->fixes[sg].commands, "PL_ID=$(aws ec2 describe-managed-prefix-lists "));
        /* This machine is not CloudFront: the check goes through it. */
        CHECK(contains(d->fixes[sg].verify, "curl -sI https://"));
        CHECK(!contains(d->fixes[sg].verify, "origin-doctor"));
        CHECK(contains(d->fixes[sg].why, "This machine is not CloudFront"));
    }
    CHECK_INT("last step kind", FIX_CONSISTENCY,
              d->nfixes ? d->fixes[d->nfixes - 1].kind : FIX_NONE);
    if (d->nfixes) {
        const struct fix_step *f = &d->fixes[d->nfixes - 1];

        CHECK(contains(f->why, "203.0.113.11"));
        CHECK(!contains(f->why, "203.0.113.10"));
        CHECK(contains(f->commands, "openssl s_client -connect 203.0.113.11:443 -servername "
                                    "origin.example.com"));
    }
    fixes_clear(d);

    unit_set_case("tcp refused, port 8443, load balancer");
    fixture_init(&fx, ELB, 8443);
    add_address(&fx, "203.0.113.10");
    fx.addrs[0].tcp = TCP_REFUSED;
    add_finding(&fx, F_TCP_REFUSED, 0);
    fixes_build(d, NULL);
    check_shape(d);
    sg = step_with(d, "describe-managed-prefix-lists --region ap-northeast-1");
    CHECK(sg >= 0);
    if (sg >= 0) {
        CHECK(contains(d->fixes[sg].commands, "FromPort=8443,ToPort=8443"));
        CHECK(contains(d->fixes[sg].verify, "curl -sI https://"));
    }
    /* An ALB or a Classic one: each listed by its own CLI. */
    CHECK(step_with(d, "aws elb describe-load-balancers --region ap-northeast-1 --query "
                       "\"LoadBalancerDescriptions[?DNSName=='" ELB "'].LoadBalancerName\"") >= 0);
    CHECK(step_with(d, "LB_NAME=$(aws elb describe-load-balancers") >= 0);
    CHECK(step_with(d, "aws elb describe-instance-health --region ap-northeast-1 "
                       "--load-balancer-name my-alb") >= 0);
    CHECK(step_with(d, "--protocol HTTPS --port 8443") >= 0);
    CHECK(step_with(d, "--protocol TLS") < 0);
    fixes_clear(d);

    /* A Network Load Balancer: a TLS listener, never HTTPS, never aws elb. */
    unit_set_case("tcp refused, network load balancer");
    fixture_init(&fx, "my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com", 443);
    add_address(&fx, "203.0.113.10");
    fx.addrs[0].tcp = TCP_REFUSED;
    add_finding(&fx, F_TCP_REFUSED, 0);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK(step_with(d, "create-listener --region us-east-2 --load-balancer-arn \"${LB_ARN:?}\" "
                       "--protocol TLS --port 443") >= 0);
    CHECK(!any_text_contains(d, "--protocol HTTPS"));
    CHECK(!any_text_contains(d, "aws elb "));
    fixes_clear(d);

    /* Nothing known about the server: an ALB's HTTPS and an NLB's TLS. */
    unit_set_case("tcp refused, plain name");
    fixture_init(&fx, "origin.example.com", 443);
    add_address(&fx, "203.0.113.10");
    fx.addrs[0].tcp = TCP_REFUSED;
    add_finding(&fx, F_TCP_REFUSED, 0);
    fixes_build(d, NULL);
    {
        int alb = step_with(d, "--protocol HTTPS --port 443");

        CHECK(alb >= 0);
        if (alb >= 0) {
            const char *https = strstr(d->fixes[alb].commands, "--protocol HTTPS --port 443");
            const char *note = strstr(d->fixes[alb].commands, "(Network Load Balancer: TLS)");

            CHECK(note && https < note && strstr(note, "--protocol TLS --port 443"));
        }
    }
    fixes_clear(d);
}

/* Several guides at once come in their fixed order; info findings and no
 * findings give no steps. */
static void
test_order_and_empty(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    struct target_settings s;

    unit_set_case("several guides");
    fixture_init(&fx, "origin.example.com", 443);
    add_address(&fx, "203.0.113.10");
    add_finding(&fx, F_ORIGIN_INCONSISTENT, -1);
    add_finding(&fx, F_TLS_CIPHER, 0);
    add_finding(&fx, F_CHAIN_INCOMPLETE, 0);
    add_finding(&fx, F_CERT_EXPIRED, 0);
    add_finding(&fx, F_TLS_CLIENT_CERT, 0);
    add_finding(&fx, F_TLS_NOT_TLS, 0);
    add_finding(&fx, F_TCP_TIMEOUT, 0);
    add_finding(&fx, F_DNS_FAILURE, -1);
    memset(&s, 0, sizeof s);
    target_set_min_proto(&fx.o.target, TARGET_TLS11);
    fixes_build(d, &s);
    check_shape(d);
    CHECK(d->nfixes >= 9);
    if (d->nfixes) {
        CHECK_INT("first", FIX_DNS, d->fixes[0].kind);
        CHECK_INT("last", FIX_CONSISTENCY, d->fixes[d->nfixes - 1].kind);
        CHECK(contains(d->fixes[0].verify,
                       "origin-doctor --min-protocol TLSv1.1 origin.example.com"));
    }
    CHECK(step_with(d, "--ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06") >= 0);
    CHECK(!any_text_contains(d, "TLS13-1-3"));
    CHECK(step_with(d, "--mutual-authentication Mode=off") >= 0);
    CHECK(step_with(d, "http-only") >= 0);
    fixes_clear(d);

    unit_set_case("info only");
    fixture_init(&fx, "origin.example.com", 443);
    add_finding(&fx, F_CHAIN_ROOT, -1);
    fixes_build(d, NULL);
    CHECK_INT("steps", 0, d->nfixes);
    fixes_clear(d);

    unit_set_case("no findings");
    fixture_init(&fx, "origin.example.com", 443);
    fixes_build(d, NULL);
    CHECK_INT("steps", 0, d->nfixes);
    fixes_clear(d);
}

/* How many steps' commands contain needle. */
static int
steps_with(const struct diag_origin *d, const char *needle)
{
    size_t i;
    int n = 0;

    for (i = 0; i < d->nfixes; i++)
        n += contains(d->fixes[i].commands, needle) ? 1 : 0;
    return n;
}

/* A name that is not AWS-owned with a certificate for another name: point
 * the origin at the covered name that leads here, or get a certificate. */
static void
test_name_mismatch(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;

    unit_set_case("name mismatch, covered name points here");
    fixture_init(&fx, "origin.example.com", 443);
    set_candidate(&fx, "other.example.com");
    set_cert_names(&fx, "other.example.com", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 2, d->nfixes);
    if (d->nfixes == 2) {
        CHECK(contains(d->fixes[0].commands, "select(.DomainName==\"origin.example.com\")) |= "
                                             "(.DomainName=\"other.example.com\")"));
        check_gated(d->fixes[0].commands, "origin-doctor other.example.com");
        CHECK(contains(d->fixes[1].commands, "--domain-name origin.example.com"));
        CHECK(contains(d->fixes[1].commands, "--region \"${ELB_REGION:?}\""));
        CHECK(contains(d->fixes[1].why, "other.example.com"));
    }
    fixes_clear(d);

    unit_set_case("name mismatch, nothing points here");
    fixture_init(&fx, "origin.example.com", 443);
    set_cert_names(&fx, "other.example.com", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("steps", 2, d->nfixes);
    if (d->nfixes == 2) {
        CHECK(contains(d->fixes[0].commands, "--domain-name origin.example.com"));
        CHECK(contains(d->fixes[1].commands, ".DomainName=\"'\"${NAME_IN_CERTIFICATE:?}\"'\""));
    }
    fixes_clear(d);
}

/* An NLB passing TCP through to a server with a self-signed certificate:
 * one certificate request (the custom domain's), the TLS listener, and the
 * re-tests under the new name. */
static void
test_nlb_self_signed(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int term;

    unit_set_case("nlb, self-signed");
    fixture_init(&fx, "my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com", 443);
    CHECK_INT("awsname kind", AWSNAME_NLB, d->aws.kind);
    set_cert_names(&fx, "localhost", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    add_finding(&fx, F_CERT_SELF_SIGNED, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK_INT("certificate requests", 1, steps_with(d, "aws acm request-certificate"));
    CHECK(steps_with(d, "--region us-east-2") > 0);
    CHECK(step_with(d, "\"HostedZoneId\": \"ZLMOA37VPKANP\"") >= 0);
    /* TLS terminated on the load balancer first: the TCP listener becomes
     * TLS with the new certificate (no SNI certificate on a TCP listener),
     * before the origin is changed; the target group's protocol named. */
    term = step_with(d, "--protocol TLS");
    CHECK(term >= 0);
    CHECK_INT("one terminate step", 1, steps_with(d, "--protocol TLS"));
    CHECK(!any_text_contains(d, "--protocol HTTPS"));
    CHECK(!any_text_contains(d, "add-listener-certificates"));
    CHECK(term < step_with(d, "update-distribution"));
    if (term >= 0) {
        CHECK_INT("kind", FIX_CUSTOM_DOMAIN, d->fixes[term].kind);
        CHECK(!contains(d->fixes[term].commands, "aws elb "));
        CHECK(contains(d->fixes[term].why, "Terminate TLS on the load balancer first"));
        CHECK(contains(d->fixes[term].why, "target group's protocol"));
        CHECK(contains(d->fixes[term].commands, "TargetGroups[].[TargetGroupName,Protocol,Port]"));
        CHECK(strstr(d->fixes[term].commands, "modify-listener") <
              strstr(d->fixes[term].commands, "certbot"));
        CHECK(contains(d->fixes[term].verify,
                       "openssl s_client -connect "
                       "my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com:443 -servername "
                       "origin.example.com"));
    }
    fixes_clear(d);
}

/* Names that are not plain host names never reach a command. */
static void
test_hostile_candidate(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;

    unit_set_case("hostile candidate");
    fixture_init(&fx, ELB, 443);
    set_candidate(&fx, "x$(touch pwned).example.com");
    set_cert_names(&fx, "x$(touch pwned).example.com", NULL);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK(step_with(d, "touch pwned") < 0);
    CHECK(step_with(d, "--domain-name origin.example.com") >= 0);
    fixes_clear(d);
}

/* The wizard's choice: a typed domain that is no candidate gets the whole
 * guide (certificate, alias record, CloudFront), written for that name;
 * choosing the second candidate writes the steps for it. */
static void
test_chosen_domain(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;

    unit_set_case("typed domain");
    fixture_init(&fx, ELB, 443);
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "origin.example.com", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    fixes_build_for(d, NULL, "shop.example.org");
    check_shape(d);
    CHECK(contains(d->fixes[0].title, "shop.example.org"));
    CHECK(step_with(d, "--domain-name shop.example.org") >= 0);
    CHECK(step_with(d, "file://alias.json") >= 0);
    CHECK(step_with(d, ".DomainName=\"shop.example.org\"") >= 0);
    CHECK(!any_text_contains(d, "--domain-name origin.example.com"));

    unit_set_case("chosen candidate");
    fixes_build_for(d, NULL, "origin.example.com");
    CHECK(contains(d->fixes[0].title, "origin.example.com"));
    /* It points here and the certificate covers it: no ACM, no alias. */
    CHECK(step_with(d, "aws acm request-certificate") < 0);
    CHECK(step_with(d, "file://alias.json") < 0);
    fixes_clear(d);
}

/* ------------------------------------------------------ command builders */

/* Compares a builder's fresh result with the exact command, and frees it. */
/* Every step that updates the distribution reads the config and its ETag
 * in the same step, right before, and uploads only after jq succeeded. */
static void
check_updates(const struct diag_origin *d, const char *dist_id)
{
    char get[96], upd[96];
    size_t i;

    snprintf(get, sizeof get, "aws cloudfront get-distribution-config --id %s > dist.json",
             dist_id);
    snprintf(upd, sizeof upd, "aws cloudfront update-distribution --id %s --if-match", dist_id);
    for (i = 0; i < d->nfixes; i++) {
        const char *c = d->fixes[i].commands, *u = c ? strstr(c, "update-distribution") : NULL;
        const char *g = c ? strstr(c, get) : NULL,
                   *e = c ? strstr(c, "ETAG=$(jq -r .ETag dist.json)") : NULL;
        const char *j = c ? strstr(c, "jq -e '") : NULL;

        if (!u)
            continue;
        CHECK_MSG(contains(c, upd), "step %zu updates distribution %s", i, dist_id);
        CHECK_MSG(g && e && j && g < e && e < j && j < u,
                  "step %zu: config, ETag, jq -e, then the update", i);
        CHECK_MSG(
            contains(c, "dist.json > dist-config.json &&\naws cloudfront update-distribution"),
            "step %zu: the update only after jq succeeded", i);
    }
}

/* Facts from the distribution: its id in every CloudFront command (no
 * look-up), the origin selected by its Id, the behaviours named. */
static void
test_facts(void)
{
    static const char *const behaviors[] = {"/api/*", "*"};
    static const char *const aliases[] = {"www.example.com"};
    struct origin_facts facts = {.dist = true,
                                 .dist_id = "E2ABCDEF",
                                 .dist_domain = "d111abcdef8.cloudfront.net",
                                 .etag = "STALEETAG",
                                 .origin_id = "my-alb",
                                 .behaviors = behaviors,
                                 .nbehaviors = 2,
                                 .host = FACTS_HOST_NO,
                                 .aliases = aliases,
                                 .naliases = 1};
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int i;

    unit_set_case("facts: elb name in a distribution");
    fixture_init(&fx, ELB, 443);
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "www.example.net", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    d->facts = &facts;
    fixes_build(d, NULL);
    check_shape(d);
    CHECK(step_with(d, "update-distribution --id E2ABCDEF") >= 0);
    CHECK_MSG(!any_text_contains(d, "list-distributions"), "no look-up of a known id");
    CHECK_MSG(!any_text_contains(d, "DIST_ID"), "no DIST_ID variable");
    CHECK_MSG(!any_text_contains(d, "STALEETAG"), "the saved ETag is never passed");
    i = step_with(d, "select(.Id==\"my-alb\")");
    CHECK_MSG(i >= 0, "the origin is selected by its Id");
    if (i >= 0) {
        CHECK(contains(d->fixes[i].commands, ".DomainName=\"origin.example.com\""));
        CHECK(contains(d->fixes[i].commands, "error(\"no origin with Id my-alb in dist.json\")"));
        CHECK(!contains(d->fixes[i].commands, "select(.DomainName=="));
    }
    check_updates(d, "E2ABCDEF");

    /* CloudFront's side first and last: the request through the
     * distribution's own name (Host is not forwarded). */
    if (d->nfixes) {
        CHECK(!strncmp(d->fixes[0].commands, "# CloudFront's side", 19));
        CHECK(contains(d->fixes[0].commands, "\ncurl -sI https://d111abcdef8.cloudfront.net/\n"));
        CHECK(contains(d->fixes[0].why, "X-Cache: Error from cloudfront"));
        CHECK(contains(d->fixes[0].why, "X-Amz-Cf-Id"));
        CHECK(contains(d->fixes[0].why, "x-edge-detailed-result-type"));
        CHECK(contains(d->fixes[0].why, "OriginConnectError"));
        CHECK(contains(d->fixes[d->nfixes - 1].verify,
                       "curl -sI https://d111abcdef8.cloudfront.net/"));
    }

    /* Host not forwarded: forwarding it is offered as the alternative,
     * with a certificate for the viewer's domain, on the behaviours named,
     * after the re-test with that Host. */
    i = step_with(d, "\"" FIXES_CMD_POLICY_ALL_VIEWER "\"");
    CHECK_MSG(i >= 0 && i == (int)d->nfixes - 1, "the last step forwards Host");
    if (i >= 0) {
        CHECK(contains(d->fixes[i].title, "Or forward the viewer's Host header on /api/*, *"));
        CHECK(contains(d->fixes[i].commands, "--domain-name www.example.com"));
        CHECK(contains(d->fixes[i].commands, "aws elbv2 add-listener-certificates"));
        check_gated(d->fixes[i].commands, "origin-doctor --host-header www.example.com " ELB);
        CHECK(contains(d->fixes[i].commands, "[\"/api/*\",\"*\"] as $p"));
    }
    fixes_clear(d);

    /* Only the API behaviour reaches the origin: the request asks for
     * its path. */
    unit_set_case("facts: /api/* only");
    facts.nbehaviors = 1;
    fixes_build(d, NULL);
    CHECK(d->nfixes &&
          contains(d->fixes[0].commands, "curl -sI https://d111abcdef8.cloudfront.net/api/\n"));
    facts.nbehaviors = 2;
    fixes_clear(d);

    /* The same without facts: the look-up by the origin's name remains. */
    unit_set_case("facts: none");
    d->facts = NULL;
    fixes_build(d, NULL);
    CHECK(any_text_contains(d, "DIST_ID=$(aws cloudfront list-distributions"));
    CHECK(d->nfixes && contains(d->fixes[0].commands,
                                "DISTRIBUTION_DOMAIN=$(aws cloudfront list-distributions --query "
                                "\"DistributionList.Items[?Origins.Items[?DomainName=='" ELB
                                "']] | [0].DomainName\" --output text)\ncurl -sI "
                                "https://\"${DISTRIBUTION_DOMAIN:?}\"/"));
    CHECK(!any_text_contains(d, "Or forward the viewer's Host"));
    CHECK(step_with(d, "select(.DomainName==\"" ELB "\")") >= 0);
    check_updates(d, "\"${DIST_ID:?}\"");
    fixes_clear(d);

    /* Host forwarded by both behaviours, the certificate lacks it: the
     * way through the Origin Domain Name stops forwarding Host on exactly
     * those behaviours, and re-tests without it. */
    unit_set_case("facts: Host forwarded, name mismatch");
    fixture_init(&fx, "origin.example.com", 443);
    fx.o.target.host_header = "www.example.com";
    fx.o.sni = "www.example.com";
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "origin.example.com", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    facts.host = FACTS_HOST_YES;
    d->facts = &facts;
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "\"" FIXES_CMD_POLICY_ALL_VIEWER_EXCEPT_HOST "\"");
    CHECK_MSG(i >= 0, "a step stops forwarding Host");
    if (i >= 0) {
        CHECK(contains(d->fixes[i].why, "/api/*, * (the default behaviour)"));
        CHECK(contains(d->fixes[i].commands, "[\"/api/*\",\"*\"] as $p"));
        /* Without the Host: stop forwarding it inside the same gate. */
        check_gated(d->fixes[i].commands, "origin-doctor origin.example.com");
        CHECK(!contains(d->fixes[i].commands, "--host-header"));
        CHECK(strstr(d->fixes[i].commands, FIXES_CMD_POLICY_ALL_VIEWER_EXCEPT_HOST) <
              strstr(d->fixes[i].commands, "\nfi"));
    }
    check_updates(d, "E2ABCDEF");
    fixes_clear(d);
}

/* Corrections of the guides (issue 9): cert.expiring names the
 * certificate that expires; a server gets a public CA's certificate before
 * ACM; the ACM steps say to retry; commands newer than Debian 12's CLI say
 * so. */
static void
test_corrections(void)
{
    struct fixture fx;
    struct diag_origin *d = &fx.d;
    int i;

    unit_set_case("cert.expiring beside a new custom-domain certificate");
    fixture_init(&fx, ELB, 443);
    set_candidate(&fx, "origin.example.com");
    set_cert_names(&fx, "www.example.net", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    add_finding(&fx, F_ORIGIN_ELB_NAME, -1);
    add_finding(&fx, F_CERT_EXPIRING, -1);
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "re-import a renewed");
    CHECK(i >= 0);
    if (i >= 0) {
        CHECK(contains(d->fixes[i].title, "www.example.net"));
        CHECK(!contains(d->fixes[i].title, "origin.example.com"));
        CHECK(contains(d->fixes[i].why, "the one served now (www.example.net), not the new one "
                                        "for origin.example.com"));
    }
    /* ACM retries: the record may not be there yet, the wait may stop. */
    i = step_with(d, "aws acm request-certificate");
    CHECK(i >= 0);
    if (i >= 0) {
        const char *cm = d->fixes[i].commands;

        CHECK(contains(cm, "may not show the validation record yet"));
        CHECK(strstr(cm, "may not show the validation record yet") <
              strstr(cm, "VALIDATION_NAME="));
        CHECK(contains(cm, "Max attempts exceeded"));
        CHECK(strstr(cm, "run it again") < strstr(cm, "aws acm wait certificate-validated"));
    }
    fixes_clear(d);

    unit_set_case("a plain server: a public CA before ACM");
    fixture_init(&fx, "origin.example.com", 443);
    set_cert_names(&fx, "origin.example.com", NULL);
    add_finding(&fx, F_CERT_SELF_SIGNED, -1);
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "certbot certonly");
    CHECK(i >= 0);
    if (i >= 0) {
        const char *cm = d->fixes[i].commands;

        CHECK(strstr(cm, "certbot certonly") < strstr(cm, "aws acm request-certificate"));
        CHECK(contains(d->fixes[i].verify, "origin-doctor origin.example.com"));
    }
    fixes_clear(d);

    unit_set_case("an EC2 instance: a public CA before ACM");
    fixture_init(&fx, "ec2-203-0-113-10.ap-northeast-1.compute.amazonaws.com", 443);
    set_cert_names(&fx, "www.example.net", NULL);
    add_finding(&fx, F_CERT_NAME_MISMATCH, -1);
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "certbot certonly");
    CHECK(i >= 0);
    if (i >= 0)
        CHECK(strstr(d->fixes[i].commands, "certbot certonly") <
              strstr(d->fixes[i].commands, "aws acm request-certificate"));
    fixes_clear(d);

    unit_set_case("a load balancer: ACM first");
    fixture_init(&fx, ELB, 443);
    set_cert_names(&fx, "origin.example.com", NULL);
    set_candidate(&fx, "origin.example.com");
    add_finding(&fx, F_CERT_EXPIRED, -1);
    fixes_build(d, NULL);
    check_shape(d);
    CHECK(!any_text_contains(d, "certbot"));
    fixes_clear(d);

    unit_set_case("newer AWS CLI");
    fixture_init(&fx, "internal-my-alb-123.ap-northeast-1.elb.amazonaws.com", 443);
    add_address(&fx, "10.0.0.10");
    add_finding(&fx, F_NET_PRIVATE, 0);
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "create-vpc-origin");
    CHECK(i >= 0);
    if (i >= 0) {
        const char *cm = d->fixes[i].commands;

        CHECK(contains(cm, "# aws cloudfront create-vpc-origin needs an AWS CLI from November 2024 "
                           "or later, newer than Debian 12's awscli 2.9.19"));
        CHECK(strstr(cm, "aws --version") < strstr(cm, "\naws cloudfront create-vpc-origin"));
    }
    fixes_clear(d);
    fixture_init(&fx, ELB, 443);
    add_address(&fx, "203.0.113.10");
    add_finding(&fx, F_TLS_CLIENT_CERT, 0);
    fixes_build(d, NULL);
    check_shape(d);
    i = step_with(d, "--mutual-authentication Mode=off");
    CHECK(i >= 0);
    if (i >= 0)
        CHECK(strstr(d->fixes[i].commands, "# --mutual-authentication needs an AWS CLI from "
                                           "November 2023") <
              strstr(d->fixes[i].commands, "--mutual-authentication Mode=off"));
    i = step_with(d, "OriginMtlsConfig");
    CHECK(i >= 0);
    /* The client certificate's ARN is set by its import, before its use. */
    if (i >= 0)
        CHECK(contains(d->fixes[i].commands,
                       "CLIENT_CERT_ARN=$(aws acm import-certificate --region us-east-1 "
                       "--certificate fileb://client.pem --certificate-chain "
                       "fileb://client-chain.pem --private-key fileb://client.key --query "
                       "CertificateArn --output text)\necho \"$CLIENT_CERT_ARN\""));
    if (i >= 0)
        CHECK(strstr(d->fixes[i].commands, "# OriginMtlsConfig needs an AWS CLI from") <
              strstr(d->fixes[i].commands, "update-distribution"));
    fixes_clear(d);
}

static void
check_cmd(const char *what, char *got, const char *want)
{
    CHECK_STR(what, want, got);
    free(got);
}

#define UNKNOWN(id) fixes_cmd_unknown(FIXES_CMD_U_##id)

/* Every value a single word, whatever it holds; control characters never
 * break the line.  (Each of these was also run through bash by hand: the
 * word prints the value back.) */
static void
test_quote(void)
{
    static const struct {
        const char *in, *out;
    } rows[] = {
        {"origin.example.com", "origin.example.com"},
        {"fileb://a.pem", "fileb://a.pem"},
        {"Name=x,Values=y", "Name=x,Values=y"},
        {"", "''"},
        {"a b", "'a b'"},
        {"it's", "\"it's\""},
        {"it's $HOME", "'it'\\''s $HOME'"},
        {"it's!", "'it'\\''s!'"},
        {"x$(touch pwned)", "'x$(touch pwned)'"},
        {"`id`", "'`id`'"},
        {"\"q\"", "'\"q\"'"},
        {"a'b\\c", "'a'\\''b\\c'"},
        {"a\nb", "$'a\\nb'"},
        {"tab\there'", "$'tab\\there\\''"},
        {"\x01", "$'\\x01'"},
        {"<CERT_ARN>", "'<CERT_ARN>'"},
        {"$CERT_ARN", "'$CERT_ARN'"}, /* text, not the unknown: quoted */
        {"a*", "'a*'"},
        {"~root", "'~root'"},
        {"#x", "'#x'"},
        {"{a,b}", "'{a,b}'"},
        {"a;b|c&d", "'a;b|c&d'"},
        {"\xe6\x97\xa5", "'\xe6\x97\xa5'"},
    };
    size_t i;

    unit_set_case("shell quoting");
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_cmd(unit_show(rows[i].in), fixes_cmd_quote(rows[i].in), rows[i].out);

    unit_set_case("unknowns are known by address, not by text");
    CHECK(fixes_cmd_is_unknown(UNKNOWN(CERT_ARN)));
    CHECK_STR("narrative text", "$CERT_ARN", UNKNOWN(CERT_ARN));
    CHECK(!fixes_cmd_is_unknown("$CERT_ARN"));
    CHECK(!fixes_cmd_is_unknown(NULL));
}

static void
test_cmd_dns_route53(void)
{
    char *batch;
    json_t *j;
    json_error_t err;

    unit_set_case("origin-doctor, dig");
    check_cmd("retest", fixes_cmd_retest(&(struct fixes_cmd_retest){.name = "o.example.com"}),
              "origin-doctor o.example.com");
    check_cmd("retest, v6, port, Host, floor",
              fixes_cmd_retest(&(struct fixes_cmd_retest){.name = "2001:db8::1",
                                                          .port = 8443,
                                                          .host = "www.example.com",
                                                          .min_protocol = "TLSv1.1"}),
              "origin-doctor --host-header www.example.com --min-protocol TLSv1.1 "
              "'[2001:db8::1]:8443'");
    check_cmd(
        "retest, hostile",
        fixes_cmd_retest(&(struct fixes_cmd_retest){.name = "x'y", .port = 8443, .host = "a b"}),
        "origin-doctor --host-header 'a b' \"x'y:8443\"");
    check_cmd("retest, http-only on its default port 80",
              fixes_cmd_retest(&(struct fixes_cmd_retest){
                  .name = "o.example.com", .port = 80, .policy = "http-only"}),
              "origin-doctor --origin-protocol-policy http-only o.example.com");
    check_cmd("retest, http-only on 443 (not its default)",
              fixes_cmd_retest(&(struct fixes_cmd_retest){
                  .name = "o.example.com", .port = 443, .policy = "http-only"}),
              "origin-doctor --origin-protocol-policy http-only o.example.com:443");
    check_cmd("dig", fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", "$(reboot)", "1.1.1.1"}),
              "dig +short '$(reboot)' @1.1.1.1");

    unit_set_case("route 53");
    check_cmd("zones", fixes_cmd_r53_zones(&(struct fixes_cmd_r53){.name = "example.com"}),
              "aws route53 list-hosted-zones-by-name --dns-name example.com "
              "--query 'HostedZones[].[Id,Name,Config.PrivateZone]' --output table");
    /* A quote in a name: escaped for JMESPath, then the word for the shell. */
    check_cmd("records, hostile",
              fixes_cmd_r53_records(&(struct fixes_cmd_r53){.name = "o'b.example.com"}),
              "aws route53 list-resource-record-sets --hosted-zone-id \"${ZONE_ID:?}\" --query "
              "'ResourceRecordSets[?Name=='\\''o\\'\\''b.example.com.'\\'']'");
    check_cmd(
        "records, unknown name",
        fixes_cmd_r53_records(&(struct fixes_cmd_r53){.name = UNKNOWN(ORIGIN), .zone_id = "Z1"}),
        "aws route53 list-resource-record-sets --hosted-zone-id Z1 --query "
        "\"ResourceRecordSets[?Name=='${ORIGIN_DOMAIN_NAME:?}.']\"");
    check_cmd("change",
              fixes_cmd_r53_change(&(struct fixes_cmd_r53){.file = "my file.json", .batch = "{}"}),
              "cat > 'my file.json' <<'EOF'\n{}\nEOF\naws route53 change-resource-record-sets "
              "--hosted-zone-id \"${ZONE_ID:?}\" --change-batch 'file://my file.json'");

    batch = fixes_cmd_r53_alias_batch(&(struct fixes_cmd_alias){.name = "a.example.com"});
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "the alias batch parses");
    if (j) {
        CHECK_INT("changes", 1, json_array_size(json_object_get(j, "Changes")));
        check_alias_change(j, 0, "A", "a.example.com", "$ELB_HOSTED_ZONE_ID", "$ELB_DNS_NAME");
    }
    json_decref(j);
    free(batch);

    batch = fixes_cmd_r53_cname_batch("a\"b.example.com", "c.example.com", "why");
    j = batch ? json_loads(batch, 0, &err) : NULL;
    CHECK_MSG(j != NULL, "the CNAME batch parses");
    if (j) {
        json_t *rrs =
            json_object_get(json_array_get(json_object_get(j, "Changes"), 0), "ResourceRecordSet");

        CHECK_STR("Name", "a\"b.example.com", json_string_value(json_object_get(rrs, "Name")));
        CHECK_STR("Type", "CNAME", json_string_value(json_object_get(rrs, "Type")));
        CHECK_INT("TTL", 300, json_integer_value(json_object_get(rrs, "TTL")));
        CHECK_STR("Value", "c.example.com",
                  json_string_value(json_object_get(
                      json_array_get(json_object_get(rrs, "ResourceRecords"), 0), "Value")));
    }
    json_decref(j);
    free(batch);
}

static void
test_cmd_elb(void)
{
    struct fixes_cmd_elb e = {.region = "eu-west-1",
                              .dns_name = "it's.elb.amazonaws.com",
                              .query = "LoadBalancerArn",
                              .port = 8443};

    unit_set_case("elbv2");
    check_cmd("describe by DNS name, hostile", fixes_cmd_elb_describe(&e),
              "LB_ARN=$(aws elbv2 describe-load-balancers --region eu-west-1 --query "
              "'LoadBalancers[?DNSName=='\\''it\\'\\''s.elb.amazonaws.com'\\''].LoadBalancerArn' "
              "--output text)");
    check_cmd("describe by name",
              fixes_cmd_elb_describe(&(struct fixes_cmd_elb){.query = "[LoadBalancerArn,Scheme]"}),
              "aws elbv2 describe-load-balancers --region \"${ELB_REGION:?}\" --names "
              "\"${LB_NAME:?}\" --query 'LoadBalancers[].[LoadBalancerArn,Scheme]' --output text");
    check_cmd("list", fixes_cmd_elb_list(&e),
              "aws elbv2 describe-load-balancers --region eu-west-1 "
              "--query 'LoadBalancers[].[LoadBalancerName,DNSName,Type,Scheme]' --output table");
    check_cmd("listener on a port", fixes_cmd_elb_listeners(&e),
              "LISTENER_ARN=$(aws elbv2 describe-listeners --region eu-west-1 --load-balancer-arn "
              "\"${LB_ARN:?}\" --query 'Listeners[?Port==`8443`].ListenerArn' --output text)\necho "
              "\"$LISTENER_ARN\"");
    check_cmd("all listeners", fixes_cmd_elb_listeners(&(struct fixes_cmd_elb){.lb_arn = "arn:a"}),
              "aws elbv2 describe-listeners --region \"${ELB_REGION:?}\" --load-balancer-arn arn:a "
              "--query 'Listeners[].[Port,Protocol,SslPolicy,ListenerArn]' --output table");
    check_cmd("target groups", fixes_cmd_elb_target_groups(&e),
              "aws elbv2 describe-target-groups --region eu-west-1 --load-balancer-arn "
              "\"${LB_ARN:?}\" --query 'TargetGroups[].TargetGroupArn' --output text");
    check_cmd("target health",
              fixes_cmd_elb_target_health(&(struct fixes_cmd_elb){
                  .region = "eu-west-1",
                  .tg_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1"}),
              "aws elbv2 describe-target-health --region eu-west-1 --target-group-arn "
              "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1");
    check_cmd("create listener",
              fixes_cmd_elb_create_listener(&(struct fixes_cmd_elb){
                  .region = "eu-west-1", .port = 443, .protocol = "TLS", .ssl_policy = "P"}),
              "aws elbv2 create-listener --region eu-west-1 --load-balancer-arn \"${LB_ARN:?}\" "
              "--protocol TLS --port 443 --certificates CertificateArn=\"${CERT_ARN:?}\" "
              "--ssl-policy P --default-actions Type=forward,TargetGroupArn=\"${TG_ARN:?}\"");
    check_cmd(
        "modify listener, everything, hostile ARN",
        fixes_cmd_elb_modify_listener(&(struct fixes_cmd_elb){.region = "eu-west-1",
                                                              .protocol = "TLS",
                                                              .certificate = true,
                                                              .cert_arn = "arn:x y",
                                                              .ssl_policy = "P",
                                                              .mutual_authentication = "off"}),
        "aws elbv2 modify-listener --region eu-west-1 --listener-arn \"${LISTENER_ARN:?}\" "
        "--protocol TLS --certificates 'CertificateArn=arn:x y' --ssl-policy P "
        "--mutual-authentication Mode=off");
    check_cmd("add certificate",
              fixes_cmd_elb_add_certificate(&(struct fixes_cmd_elb){.region = "eu-west-1"}),
              "aws elbv2 add-listener-certificates --region eu-west-1 --listener-arn "
              "\"${LISTENER_ARN:?}\" --certificates CertificateArn=\"${CERT_ARN:?}\"");
    check_cmd("listener certificates",
              fixes_cmd_elb_certificates(
                  &(struct fixes_cmd_elb){.region = "eu-west-1", .listener_arn = "arn:l"}),
              "aws elbv2 describe-listener-certificates --region eu-west-1 --listener-arn arn:l");

    unit_set_case("classic");
    check_cmd("set certificate",
              fixes_cmd_clb_set_certificate(
                  &(struct fixes_cmd_elb){.region = "eu-west-1", .lb_name = "my lb", .port = 443}),
              "aws elb set-load-balancer-listener-ssl-certificate --region eu-west-1 "
              "--load-balancer-name 'my lb' --load-balancer-port 443 --ssl-certificate-id "
              "\"${CERT_ARN:?}\"");
    check_cmd("delete listener",
              fixes_cmd_clb_delete_listener(&(struct fixes_cmd_elb){.port = 443}),
              "aws elb delete-load-balancer-listeners --region \"${ELB_REGION:?}\" "
              "--load-balancer-name \"${LB_NAME:?}\" --load-balancer-ports 443");
    check_cmd("create listener",
              fixes_cmd_clb_create_listener(
                  &(struct fixes_cmd_elb){.region = "eu-west-1", .lb_name = "lb", .port = 8443}),
              "aws elb create-load-balancer-listeners --region eu-west-1 --load-balancer-name lb "
              "--listeners "
              "Protocol=HTTPS,LoadBalancerPort=8443,InstanceProtocol=HTTPS,InstancePort=443,"
              "SSLCertificateId=\"${CERT_ARN:?}\"");
    check_cmd(
        "create policy",
        fixes_cmd_clb_create_policy(&(struct fixes_cmd_elb){
            .region = "eu-west-1", .lb_name = "lb", .policy_name = "pol", .ssl_policy = "SP"}),
        "aws elb create-load-balancer-policy --region eu-west-1 --load-balancer-name lb "
        "--policy-name pol --policy-type-name SSLNegotiationPolicyType --policy-attributes "
        "AttributeName=Reference-Security-Policy,AttributeValue=SP");
    check_cmd("set policy",
              fixes_cmd_clb_set_policy(&(struct fixes_cmd_elb){
                  .region = "eu-west-1", .lb_name = "lb", .port = 443, .policy_name = "pol"}),
              "aws elb set-load-balancer-policies-of-listener --region eu-west-1 "
              "--load-balancer-name lb --load-balancer-port 443 --policy-names pol");
}

static void
test_cmd_acm(void)
{
    unit_set_case("acm");
    check_cmd(
        "request",
        fixes_cmd_acm_request(&(struct fixes_cmd_acm){.region = "us-east-1",
                                                      .domain = "*.example.com",
                                                      .san = "www.example.com",
                                                      .key_algorithm = "RSA_2048"}),
        "CERT_ARN=$(aws acm request-certificate --region us-east-1 --domain-name '*.example.com' "
        "--subject-alternative-names www.example.com --key-algorithm RSA_2048 --validation-method "
        "DNS --query CertificateArn --output text)\necho \"$CERT_ARN\"");
    check_cmd(
        "validation records",
        fixes_cmd_acm_validation(&(struct fixes_cmd_acm){.region = "us-east-1"}),
        "VALIDATION_NAME=$(aws acm describe-certificate --region us-east-1 --certificate-arn "
        "\"${CERT_ARN:?}\" --query 'Certificate.DomainValidationOptions[0].ResourceRecord.Name' "
        "--output text)\nVALIDATION_VALUE=$(aws acm describe-certificate --region us-east-1 "
        "--certificate-arn \"${CERT_ARN:?}\" --query "
        "'Certificate.DomainValidationOptions[0].ResourceRecord.Value' --output text)\necho "
        "\"$VALIDATION_NAME CNAME $VALIDATION_VALUE\"");
    check_cmd(
        "wait", fixes_cmd_acm_wait_validated(&(struct fixes_cmd_acm){.cert_arn = "arn:c"}),
        "aws acm wait certificate-validated --region \"${ELB_REGION:?}\" --certificate-arn arn:c");
    check_cmd("status", fixes_cmd_acm_status(&(struct fixes_cmd_acm){.region = "us-east-1"}),
              "aws acm describe-certificate --region us-east-1 --certificate-arn \"${CERT_ARN:?}\" "
              "--query Certificate.Status");
    check_cmd("import", fixes_cmd_acm_import(&(struct fixes_cmd_acm){.region = "us-east-1"}),
              "aws acm import-certificate --region us-east-1 --certificate "
              "fileb://Certificate.pem --certificate-chain fileb://CertificateChain.pem "
              "--private-key fileb://PrivateKey.pem");
    check_cmd("re-import",
              fixes_cmd_acm_import(&(struct fixes_cmd_acm){
                  .region = "us-east-1", .reimport = true, .certificate = "my leaf.pem"}),
              "aws acm import-certificate --region us-east-1 --certificate-arn \"${CERT_ARN:?}\" "
              "--certificate 'fileb://my leaf.pem' --certificate-chain "
              "fileb://CertificateChain.pem --private-key fileb://PrivateKey.pem");
    check_cmd("list", fixes_cmd_acm_list(&(struct fixes_cmd_acm){.region = "us-east-1"}),
              "aws acm list-certificates --region us-east-1 --query "
              "'CertificateSummaryList[].[DomainName,Type,NotAfter,CertificateArn]' "
              "--output table");
}

static void
test_cmd_cloudfront_ec2(void)
{
    static const char *const protos[] = {"TLSv1.1", "TLSv1.2"};

    unit_set_case("cloudfront");
    check_cmd("origins", fixes_cmd_cf_origins(&(struct fixes_cmd_cf){.dist_id = "E123"}),
              "aws cloudfront get-distribution-config --id E123 --query "
              "'DistributionConfig.Origins.Items[].[Id,DomainName,CustomOriginConfig.HTTPPort,"
              "CustomOriginConfig.HTTPSPort,CustomOriginConfig.OriginProtocolPolicy]' "
              "--output table");
    /* Every edit at once, values escaped for jq inside a shell word. */
    check_cmd(
        "edit, hostile",
        fixes_cmd_cf_edit_origin(
            &(struct fixes_cmd_cf){.origin = "o'x\".example.com",
                                   .domain = "n$x",
                                   .protocol_policy = "https-only",
                                   .ssl_protocols = protos,
                                   .nssl_protocols = 2,
                                   .client_cert_arn = UNKNOWN(CLIENT_CERT_ARN)}),
        "DIST_ID=$(aws cloudfront list-distributions --query "
        "'DistributionList.Items[?Origins.Items[?DomainName=='\\''o\\'\\''x\".example.com'\\'']] | "
        "[0].Id' --output text)\naws cloudfront get-distribution-config --id \"${DIST_ID:?}\" > "
        "dist.json\n# the ETag of this config, to pass as --if-match below:\nETAG=$(jq -r .ETag "
        "dist.json)\njq -e 'if "
        "any(.DistributionConfig.Origins.Items[]; .DomainName==\"o'\\''x\\\".example.com\") then "
        ".DistributionConfig | (.Origins.Items[] | "
        "select(.DomainName==\"o'\\''x\\\".example.com\")) |= (.DomainName=\"n$x\" | "
        ".CustomOriginConfig.OriginProtocolPolicy=\"https-only\" | "
        ".CustomOriginConfig.OriginSslProtocols={\"Quantity\":2,\"Items\":[\"TLSv1.1\",\"TLSv1.2\"]"
        "} | "
        ".CustomOriginConfig.OriginMtlsConfig={\"ClientCertificateArn\":\"'\"${CLIENT_CERT_ARN:?}"
        "\"'\"}) else error(\"no origin with DomainName o'\\''x\\\".example.com in dist.json\") "
        "end' dist.json > dist-config.json &&\naws cloudfront update-distribution --id "
        "\"${DIST_ID:?}\" --if-match \"${ETAG:?}\" --distribution-config "
        "file://dist-config.json &&\naws cloudfront wait distribution-deployed --id "
        "\"${DIST_ID:?}\"");
    check_cmd(
        "edit, known id",
        fixes_cmd_cf_edit_origin(&(struct fixes_cmd_cf){
            .origin = "a.example.com", .domain = UNKNOWN(NAME_IN_CERT), .dist_id = "E1"}),
        "aws cloudfront get-distribution-config --id E1 > dist.json\n# the ETag of this config, to "
        "pass as "
        "--if-match below:\nETAG=$(jq -r .ETag dist.json)\njq -e 'if "
        "any(.DistributionConfig.Origins.Items[]; "
        ".DomainName==\"a.example.com\") then .DistributionConfig | (.Origins.Items[] | "
        "select(.DomainName==\"a.example.com\")) |= "
        "(.DomainName=\"'\"${NAME_IN_CERTIFICATE:?}\"'\") else error(\"no origin with "
        "DomainName a.example.com in dist.json\") end' dist.json > dist-config.json &&\naws "
        "cloudfront update-distribution --id E1 --if-match \"${ETAG:?}\" --distribution-config "
        "file://dist-config.json &&\naws cloudfront wait distribution-deployed --id E1");
    /* A distribution's origin: selected by its Id. */
    check_cmd("edit, by origin id",
              fixes_cmd_cf_edit_origin(&(struct fixes_cmd_cf){.origin = "a.example.com",
                                                              .origin_id = "alb",
                                                              .protocol_policy = "https-only",
                                                              .dist_id = "E1"}),
              "aws cloudfront get-distribution-config --id E1 > dist.json\n# the ETag of this "
              "config, to pass as "
              "--if-match below:\nETAG=$(jq -r .ETag dist.json)\njq -e 'if "
              "any(.DistributionConfig.Origins.Items[]; .Id==\"alb\") "
              "then .DistributionConfig | (.Origins.Items[] | select(.Id==\"alb\")) |= "
              "(.CustomOriginConfig.OriginProtocolPolicy=\"https-only\") else error(\"no origin "
              "with Id alb in dist.json\") end' dist.json > dist-config.json &&\naws cloudfront "
              "update-distribution --id E1 --if-match \"${ETAG:?}\" --distribution-config "
              "file://dist-config.json &&\naws cloudfront wait distribution-deployed --id E1");
    {
        static const char *const pats[] = {"/a'b/*", "*"};
        check_cmd(
            "edit host, forward",
            fixes_cmd_cf_edit_host(
                &(struct fixes_cmd_cf){.dist_id = "E1", .behaviors = pats, .nbehaviors = 2}, true),
            "aws cloudfront get-distribution-config --id E1 > dist.json\n# the ETag of this "
            "config, to pass as --if-match below:\nETAG=$(jq -r .ETag dist.json)\njq -e "
            "'[\"/a'\\''b/*\",\"*\"] as $p | .DistributionConfig | def edit: if "
            "(.CachePolicyId // \"\") != \"\" then .OriginRequestPolicyId = "
            "\"216adef6-5c7f-47e4-b989-5492eafa07d3\" else .ForwardedValues.Headers |= "
            "((.Items // []) + [\"Host\"] | unique | {Quantity: length, Items: .}) end; ($p - "
            "([.CacheBehaviors.Items[]?.PathPattern] + [\"*\"])) as $missing | if $missing "
            "!= [] then error(\"no behaviour \\($missing) in dist.json\") else (if "
            "any($p[]; . == \"*\") then .DefaultCacheBehavior |= edit else . end) | "
            "((.CacheBehaviors.Items[]? | select(.PathPattern as $x | any($p[]; . == $x))) "
            "|= edit) end' dist.json > dist-config.json &&\naws cloudfront "
            "update-distribution --id E1 --if-match \"${ETAG:?}\" --distribution-config "
            "file://dist-config.json &&\naws cloudfront wait distribution-deployed --id E1");
    }
    check_cmd("vpc origin",
              fixes_cmd_cf_create_vpc_origin(&(struct fixes_cmd_cf){.https_port = 443}),
              "aws cloudfront create-vpc-origin --vpc-origin-endpoint-config "
              "'Name=origin-doctor-vpc-origin,Arn='\"${LB_ARN:?}\"',HTTPPort=80,HTTPSPort=443,"
              "OriginProtocolPolicy=https-only,OriginSslProtocols={Quantity=1,Items=[TLSv1.2]}'");
    {
        static const char *const vpc_protos[] = {"TLSv1.1", "TLSv1.2"};
        check_cmd(
            "vpc origin, the origin's own settings",
            fixes_cmd_cf_create_vpc_origin(&(struct fixes_cmd_cf){.https_port = 8443,
                                                                  .http_port = 8080,
                                                                  .protocol_policy = "match-viewer",
                                                                  .ssl_protocols = vpc_protos,
                                                                  .nssl_protocols = 2}),
            "aws cloudfront create-vpc-origin --vpc-origin-endpoint-config "
            "'Name=origin-doctor-vpc-origin,Arn='\"${LB_ARN:?}\"',HTTPPort=8080,HTTPSPort=8443,"
            "OriginProtocolPolicy=match-viewer,OriginSslProtocols={Quantity=2,Items=[TLSv1.1,TLSv1."
            "2]}'");
    }

    unit_set_case("ec2");
    check_cmd("prefix list",
              fixes_cmd_ec2_prefix_list(
                  &(struct fixes_cmd_ec2){.region = "eu-west-1", .prefix_list = "com.example.pl"}),
              "PL_ID=$(aws ec2 describe-managed-prefix-lists --region eu-west-1 --filters "
              "Name=prefix-list-name,Values=com.example.pl --query 'PrefixLists[0].PrefixListId' "
              "--output text)\necho \"$PL_ID\"");
    check_cmd("instance groups",
              fixes_cmd_ec2_instance_groups(
                  &(struct fixes_cmd_ec2){.region = "eu-west-1", .address = "203.0.113.1"}),
              "aws ec2 describe-instances --region eu-west-1 --filters "
              "Name=ip-address,Values=203.0.113.1 --query "
              "'Reservations[].Instances[].SecurityGroups' --output table");
    check_cmd(
        "allow, unknown ids",
        fixes_cmd_ec2_allow_prefix_list(
            &(struct fixes_cmd_ec2){.region = "eu-west-1", .port = 443}),
        "aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id \"${SG_ID:?}\" "
        "--ip-permissions "
        "'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId='\"${PL_ID:?}\"'}]'");
    check_cmd("allow, known ids",
              fixes_cmd_ec2_allow_prefix_list(&(struct fixes_cmd_ec2){
                  .region = "eu-west-1", .port = 8443, .pl_id = "pl-1", .sg_id = "sg-1"}),
              "aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id sg-1 "
              "--ip-permissions 'IpProtocol=tcp,FromPort=8443,ToPort=8443,"
              "PrefixListIds=[{PrefixListId=pl-1}]'");
}

static void
test_cmd_server(void)
{
    static const char *const files[] = {"leaf.pem", "my chain.pem"};
    char *c;

    unit_set_case("on the server");
    check_cmd("certbot", fixes_cmd_certbot("/var/www/html", "a'b"),
              "certbot certonly --webroot -w /var/www/html -d \"a'b\"");
    check_cmd("nginx", fixes_cmd_nginx_reload(), "nginx -t && nginx -s reload");
    check_cmd("ss", fixes_cmd_listening(8443), "ss -ltnp 'sport = :8443'");
    check_cmd("cat", fixes_cmd_cat(files, 2, "full chain.pem"),
              "cat leaf.pem 'my chain.pem' > 'full chain.pem'");
    check_cmd("curl, v6", fixes_cmd_curl_http_status("2001:db8::1", 80),
              "curl -sS -o /dev/null -w '%{http_code}\\n' 'http://[2001:db8::1]:80/'");
    check_cmd("curl, name", fixes_cmd_curl_http_status("o.example.com", 8080),
              "curl -sS -o /dev/null -w '%{http_code}\\n' http://o.example.com:8080/");
    check_cmd("viewer, unknown", fixes_cmd_curl_viewer(NULL),
              "curl -sI https://\"${DISTRIBUTION_DOMAIN:?}\"/");
    check_cmd("viewer", fixes_cmd_curl_viewer("d1.cloudfront.net"),
              "curl -sI https://d1.cloudfront.net/");
    check_cmd("peer certificate, hostile SNI", fixes_cmd_peer_cert("203.0.113.1", 443, "x'y"),
              "openssl s_client -connect 203.0.113.1:443 -servername \"x'y\" </dev/null "
              "2>/dev/null | openssl x509 -noout -subject -issuer -enddate -fingerprint -sha256");
    check_cmd("peer certificate, v6, no SNI", fixes_cmd_peer_cert("2001:db8::1", 443, NULL),
              "openssl s_client -connect '[2001:db8::1]:443' </dev/null 2>/dev/null | "
              "openssl x509 -noout -subject -issuer -enddate -fingerprint -sha256");
    /* A newline in a comment starts a comment line, never a command. */
    c = fixes_cmd_comment("one\nrm -rf /\x1b[31m");
    check_cmd("comment", c, "# one\n# rm -rf /\\x1B[31m");
}

int
main(void)
{
    test_elb_name();
    test_elb_name_covered();
    test_elb_name_no_candidate();
    test_elb_name_host_header();
    test_route53_batch();
    test_chain_order();
    test_chain_order_names();
    test_tcp_refused();
    test_order_and_empty();
    test_name_mismatch();
    test_nlb_self_signed();
    test_hostile_candidate();
    test_chosen_domain();
    test_facts();
    test_corrections();
    test_quote();
    test_cmd_dns_route53();
    test_cmd_elb();
    test_cmd_acm();
    test_cmd_cloudfront_ec2();
    test_cmd_server();
    return unit_result();
}
