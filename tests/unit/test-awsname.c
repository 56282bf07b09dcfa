#include "config.h"

/* awsname_classify(): load balancer and other AWS-owned origin names
 * (CLOUDFRONT.md §10) with their Region, hosted zone (§9.6) and alias
 * target; look-alikes that are not AWS names; over-long and random input
 * that must never overflow the fixed buffers of struct awsname. */

#include <stdlib.h>
#include <string.h>

#include "awsname.h"
#include "unit.h"

struct tcase {
    const char *name;
    enum awsname_kind kind;
    bool internal, dualstack, china;
    const char *region;
    const char *lb_name;
    const char *zone; /* NULL: no hosted zone */
    const char *alias;
};

static const struct tcase cases[] = {
    /* ALB/CLB */
    {"my-alb-123.ap-northeast-1.elb.amazonaws.com", AWSNAME_ELB, false, false, false,
     "ap-northeast-1", "my-alb-123", "Z14GRHDCWA56QT",
     "dualstack.my-alb-123.ap-northeast-1.elb.amazonaws.com"},
    {"dualstack.my-alb-123.us-east-1.elb.amazonaws.com", AWSNAME_ELB, false, true, false,
     "us-east-1", "my-alb-123", "Z35SXDOTRQ7X7K",
     "dualstack.my-alb-123.us-east-1.elb.amazonaws.com"},
    {"ipv6.my-clb-42.eu-west-1.elb.amazonaws.com", AWSNAME_ELB, false, true, false, "eu-west-1",
     "my-clb-42", "Z32O12XQLNTSW2", "dualstack.my-clb-42.eu-west-1.elb.amazonaws.com"},
    {"internal-my-internal-load-balancer-1529930873.us-west-2.elb.amazonaws.com", AWSNAME_ELB, true,
     false, false, "us-west-2", "my-internal-load-balancer-1529930873", "Z1H1FL5HABSF5",
     "dualstack.internal-my-internal-load-balancer-1529930873.us-west-2.elb.amazonaws.com"},
    {"dualstack.internal-x-1.us-west-2.elb.amazonaws.com", AWSNAME_ELB, true, true, false,
     "us-west-2", "x-1", "Z1H1FL5HABSF5", "dualstack.internal-x-1.us-west-2.elb.amazonaws.com"},
    /* "internal-" with nothing after it is the whole name, not a prefix. */
    {"internal-.us-west-2.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "us-west-2",
     "internal-", "Z1H1FL5HABSF5", "dualstack.internal-.us-west-2.elb.amazonaws.com"},
    {"MY-ALB-123.US-EAST-1.ELB.AMAZONAWS.COM.", AWSNAME_ELB, false, false, false, "us-east-1",
     "my-alb-123", "Z35SXDOTRQ7X7K", "dualstack.my-alb-123.us-east-1.elb.amazonaws.com"},
    {"DualStack.My-Alb-1.us-east-2.elb.amazonaws.com.", AWSNAME_ELB, false, true, false,
     "us-east-2", "my-alb-1", "Z3AADJGX6KTTL2", "dualstack.my-alb-1.us-east-2.elb.amazonaws.com"},
    {"example-load-balancer-1234567890.us-west-2.elb.amazonaws.com", AWSNAME_ELB, false, false,
     false, "us-west-2", "example-load-balancer-1234567890", "Z1H1FL5HABSF5",
     "dualstack.example-load-balancer-1234567890.us-west-2.elb.amazonaws.com"},
    {"name.cn-north-1.elb.amazonaws.com.cn", AWSNAME_ELB, false, false, true, "cn-north-1", "name",
     "Z1GDH35T77C1KE", "dualstack.name.cn-north-1.elb.amazonaws.com.cn"},
    {"gov-1.us-gov-west-1.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "us-gov-west-1",
     "gov-1", "Z33AYJ8TM3BH4J", "dualstack.gov-1.us-gov-west-1.elb.amazonaws.com"},
    /* Last row of the table, and a row tagged X. */
    {"a-1.us-gov-east-1.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "us-gov-east-1",
     "a-1", "Z166TLBEWOO7G0", "dualstack.a-1.us-gov-east-1.elb.amazonaws.com"},
    {"a-1.mx-central-1.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "mx-central-1", "a-1",
     "Z023552324OKD1BB28BH5", "dualstack.a-1.mx-central-1.elb.amazonaws.com"},
    /* Region shape without a table row: still a load balancer, no zone. */
    {"my-alb-1.xx-nowhere-9.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "xx-nowhere-9",
     "my-alb-1", NULL, "dualstack.my-alb-1.xx-nowhere-9.elb.amazonaws.com"},
    /* Partition mismatch: no zone from the other partition. */
    {"a-1.us-east-1.elb.amazonaws.com.cn", AWSNAME_ELB, false, false, true, "us-east-1", "a-1",
     NULL, "dualstack.a-1.us-east-1.elb.amazonaws.com.cn"},
    {"a-1.cn-north-1.elb.amazonaws.com", AWSNAME_ELB, false, false, false, "cn-north-1", "a-1",
     NULL, "dualstack.a-1.cn-north-1.elb.amazonaws.com"},

    /* NLB */
    {"my-load-balancer-1234567890abcdef.elb.us-east-2.amazonaws.com", AWSNAME_NLB, false, false,
     false, "us-east-2", "my-load-balancer-1234567890abcdef", "ZLMOA37VPKANP",
     "my-load-balancer-1234567890abcdef.elb.us-east-2.amazonaws.com"},
    {"dualstack.nlb-0123456789abcdef.elb.eu-central-1.amazonaws.com", AWSNAME_NLB, false, true,
     false, "eu-central-1", "nlb-0123456789abcdef", "Z3F0SRJ5LGBH90",
     "nlb-0123456789abcdef.elb.eu-central-1.amazonaws.com"},
    {"nlb-0123456789abcdef.elb.cn-northwest-1.amazonaws.com.cn.", AWSNAME_NLB, false, false, true,
     "cn-northwest-1", "nlb-0123456789abcdef", "ZQEIKTCZ8352D",
     "nlb-0123456789abcdef.elb.cn-northwest-1.amazonaws.com.cn"},
    {"internal-nlb-1.elb.us-east-1.amazonaws.com", AWSNAME_NLB, false, false, false, "us-east-1",
     "internal-nlb-1", "Z26RNL4JYFTOTI", "internal-nlb-1.elb.us-east-1.amazonaws.com"},

    /* Other AWS-owned names */
    {"myenv.us-east-1.elasticbeanstalk.com", AWSNAME_AWS_OTHER, false, false, false, "us-east-1",
     "", NULL, ""},
    {"myenv.elasticbeanstalk.com", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL, ""},
    {"ec2-203-0-113-25.compute-1.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "us-east-1", "", NULL, ""},
    {"ec2-203-0-113-25.us-west-2.compute.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "us-west-2", "", NULL, ""},
    {"d111111abcdef8.cloudfront.net", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL, ""},
    {"abc123.execute-api.eu-west-3.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "eu-west-3", "", NULL, ""},
    {"bucket.s3-website-us-east-1.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "us-east-1", "", NULL, ""},
    {"bucket.s3-website.eu-west-2.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "eu-west-2", "", NULL, ""},
    {"bucket.s3-us-gov-west-1.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false,
     "us-gov-west-1", "", NULL, ""},
    {"ec2-52-80-1-1.cn-north-1.compute.amazonaws.com.cn", AWSNAME_AWS_OTHER, false, false, true,
     "cn-north-1", "", NULL, ""},
    /* ELB look-alikes that miss the pattern are still AWS names. */
    {"my-alb-1.us-east.elb.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL,
     ""},
    {"my_alb.us-east-1.elb.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false, "us-east-1", "",
     NULL, ""},
    {"x.y.us-east-1.elb.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false, "us-east-1", "",
     NULL, ""},
    {"us-east-1.elb.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false, "us-east-1", "", NULL,
     ""},
    /* Only Regions of the table count in other names. */
    {"a.xx-nowhere-9.elasticbeanstalk.com", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL,
     ""},
    {"a.us-east-12.elb.amazonaws.com", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL, ""},
    /* dualstack. counts only for load balancers. */
    {"dualstack.myenv.elasticbeanstalk.com", AWSNAME_AWS_OTHER, false, false, false, "", "", NULL,
     ""},

    /* Not AWS names */
    {"origin.example.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"elb.amazonaws.com.example.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"amazonaws.com.evil.test", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"a-1.us-east-1.elb.amazonaws.com.evil.test", AWSNAME_NONE, false, false, false, "", "", NULL,
     ""},
    {"evilamazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"amazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"cloudfront.net", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {".amazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"a..us-east-1.elb.amazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"a-1.us-east-1.elb.amazonaws.com..", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"a 1.us-east-1.elb.amazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"\xc3\xa9.us-east-1.elb.amazonaws.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"dualstack.example.com", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"dualstack", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {".", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
    {"", AWSNAME_NONE, false, false, false, "", "", NULL, ""},
};

static void
check_case(const struct tcase *t)
{
    struct awsname a;

    unit_set_case(t->name);
    /* Garbage first: classify must set every field. */
    memset(&a, 0x5a, sizeof a);
    awsname_classify(t->name, &a);
    CHECK_INT("kind", t->kind, a.kind);
    CHECK_INT("internal", t->internal, a.internal);
    CHECK_INT("dualstack", t->dualstack, a.dualstack);
    CHECK_INT("china", t->china, a.china);
    CHECK_STR("region", t->region, a.region);
    CHECK_STR("lb_name", t->lb_name, a.lb_name);
    CHECK_STR("hosted_zone", t->zone, a.hosted_zone);
    CHECK_STR("alias_target", t->alias, a.alias_target);
}

/* A name of exactly len characters made of 63-character labels of c. */
static void
make_long_name(char *buf, size_t len, char c, const char *suffix)
{
    size_t i, slen = strlen(suffix), body = len - slen;

    for (i = 0; i < body; i++)
        buf[i] = (i % 64 == 63) ? '.' : c;
    /* Never end the body with a dot: shorten the last full label instead. */
    if (body > 1 && buf[body - 1] == '.') {
        buf[body - 2] = '.';
        buf[body - 1] = c;
    }
    memcpy(buf + body, suffix, slen + 1);
}

static void
check_long(void)
{
    char buf[1200];
    struct awsname a;

    /* 253 characters, the longest host name. */
    make_long_name(buf, 253, 'a', "");
    unit_set_case("253-char plain name");
    CHECK_INT("length", 253, strlen(buf));
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);
    CHECK_STR("alias_target", "", a.alias_target);

    make_long_name(buf, 253, 'b', ".us-east-1.elb.amazonaws.com");
    unit_set_case("253-char name ending in .us-east-1.elb.amazonaws.com");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_AWS_OTHER, a.kind);
    CHECK_STR("region", "us-east-1", a.region);
    CHECK_STR("alias_target", "", a.alias_target);

    /* With a final dot a 253-character name is still a name. */
    strcat(buf, ".");
    unit_set_case("253-char name and a final dot");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_AWS_OTHER, a.kind);

    make_long_name(buf, 254, 'c', ".amazonaws.com");
    unit_set_case("254-char name");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);

    make_long_name(buf, sizeof buf - 1, 'd', ".us-east-1.elb.amazonaws.com");
    unit_set_case("1199-char name");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);
    CHECK_STR("region", "", a.region);

    /* A 63-character load balancer label fits lb_name exactly; 64 is no
     * DNS label at all. */
    memset(buf, 'e', 63);
    strcpy(buf + 63, ".us-east-1.elb.amazonaws.com");
    unit_set_case("63-char load balancer label");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_ELB, a.kind);
    CHECK_INT("lb_name length", 63, strlen(a.lb_name));
    CHECK_INT("alias length", 10 + strlen(buf), strlen(a.alias_target));

    memset(buf, 'e', 64);
    strcpy(buf + 64, ".us-east-1.elb.amazonaws.com");
    unit_set_case("64-char load balancer label");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);
    CHECK_STR("lb_name", "", a.lb_name);

    /* A Region-shaped label too long for region[32]. */
    memset(buf, 0, sizeof buf);
    strcpy(buf, "a.us-");
    memset(buf + 5, 'x', 40);
    strcat(buf, "-1.elb.amazonaws.com");
    unit_set_case("45-char Region label");
    awsname_classify(buf, &a);
    CHECK_INT("kind", AWSNAME_AWS_OTHER, a.kind);
    CHECK_STR("region", "", a.region);

    unit_set_case("NULL name");
    memset(&a, 0x5a, sizeof a);
    awsname_classify(NULL, &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);
    CHECK_STR("hosted_zone", NULL, a.hosted_zone);
    CHECK_STR("region", "", a.region);
}

/* Random names from AWS-ish fragments: whatever comes out, every buffer is
 * a terminated string and the fields agree with the kind. */
static void
check_random(void)
{
    /* clang-format off */
    static const char *const frags[] = {
        "a", "-", ".", "..", "_", "9", "Z", "\xff", "elb", "amazonaws", "com", "cn", "net",
        "us-east-1", "us-gov-", "internal-", "dualstack.", "ipv6.", "compute-1", "s3-",
        "s3-website-", "cloudfront", "elasticbeanstalk", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    };
    /* clang-format on */
    const size_t nfrags = sizeof frags / sizeof frags[0];
    char buf[400];
    struct awsname a;
    int iter, bad = 0, seen[AWSNAME_AWS_OTHER + 1] = {0};

    srand(20240611);
    for (iter = 0; iter < 20000; iter++) {
        size_t len = 0, target = (size_t)rand() % 300;

        buf[0] = '\0';
        while (len < target) {
            const char *f = frags[(size_t)rand() % nfrags];
            size_t flen = strlen(f);

            if (len + flen >= sizeof buf)
                break;
            memcpy(buf + len, f, flen + 1);
            len += flen;
        }
        if (rand() % 2 && len + 30 < sizeof buf) {
            strcpy(buf + len,
                   rand() % 2 ? ".us-west-2.elb.amazonaws.com" : ".elb.us-west-2.amazonaws.com");
        }
        memset(&a, 0x5a, sizeof a);
        awsname_classify(buf, &a);
        if (a.kind <= AWSNAME_AWS_OTHER)
            seen[a.kind]++;
        if (!memchr(a.region, 0, sizeof a.region) || !memchr(a.lb_name, 0, sizeof a.lb_name) ||
            !memchr(a.alias_target, 0, sizeof a.alias_target) || a.kind > AWSNAME_AWS_OTHER ||
            (a.kind == AWSNAME_ELB && strncmp(a.alias_target, "dualstack.", 10) != 0) ||
            (a.kind != AWSNAME_ELB && a.kind != AWSNAME_NLB &&
             (a.alias_target[0] || a.lb_name[0] || a.hosted_zone || a.dualstack || a.internal)) ||
            (a.kind == AWSNAME_NONE && (a.region[0] || a.china))) {
            unit_set_case(buf);
            CHECK_MSG(false, "inconsistent result, kind %d", (int)a.kind);
            if (++bad > 5)
                break;
        }
    }
    unit_set_case("random names");
    CHECK_INT("inconsistent results", 0, bad);
    /* The generator must reach every kind, or the test proves little. */
    CHECK_MSG(seen[AWSNAME_NONE] && seen[AWSNAME_ELB] && seen[AWSNAME_NLB] &&
                  seen[AWSNAME_AWS_OTHER],
              "kinds seen: none %d, elb %d, nlb %d, other %d", seen[0], seen[1], seen[2], seen[3]);
}

static void
check_reuse(void)
{
    struct awsname a;

    /* A second call must not keep anything from the first. */
    unit_set_case("reuse: ELB then plain name");
    awsname_classify("dualstack.internal-a-1.us-east-1.elb.amazonaws.com", &a);
    CHECK_INT("first kind", AWSNAME_ELB, a.kind);
    awsname_classify("origin.example.com", &a);
    CHECK_INT("kind", AWSNAME_NONE, a.kind);
    CHECK_INT("internal", false, a.internal);
    CHECK_INT("dualstack", false, a.dualstack);
    CHECK_STR("region", "", a.region);
    CHECK_STR("lb_name", "", a.lb_name);
    CHECK_STR("hosted_zone", NULL, a.hosted_zone);
    CHECK_STR("alias_target", "", a.alias_target);
}

static void
check_zones(void)
{
    static const struct {
        const char *region;
        bool nlb;
        const char *zone;
    } z[] = {
        {"us-east-1", false, "Z35SXDOTRQ7X7K"},
        {"us-east-1", true, "Z26RNL4JYFTOTI"},
        {"ap-northeast-1", false, "Z14GRHDCWA56QT"},
        {"ap-northeast-1", true, "Z31USIVHYNEOWT"},
        {"ca-west-1", false, "Z06473681N0SF6OS049SD"},
        {"ap-east-2", true, "Z09176273OC2HWIAUNYW"},
        {"sa-east-1", true, "ZTK26PT1VY4CU"},
        {"cn-north-1", true, "Z3QFB96KMJ7ED6"},
        {"us-gov-west-1", true, "ZMG1MZ2THAWF1"},
        {"xx-nowhere-9", false, NULL},
        {"US-EAST-1", false, NULL},
        {"us-east-1 ", false, NULL},
        {"", true, NULL},
        {NULL, false, NULL},
    };
    size_t i;

    for (i = 0; i < sizeof z / sizeof z[0]; i++) {
        unit_set_case(z[i].region ? z[i].region : "(null)");
        CHECK_STR(z[i].nlb ? "nlb zone" : "elb zone", z[i].zone,
                  awsname_hosted_zone(z[i].region, z[i].nlb));
    }
}

static void
check_kind_text(void)
{
    /* No setlocale(): the C locale gives the untranslated strings. */
    unit_set_case("awsname_kind_text");
    CHECK_STR("none", "", awsname_kind_text(AWSNAME_NONE));
    CHECK_STR("elb", "Application or Classic Load Balancer", awsname_kind_text(AWSNAME_ELB));
    CHECK_STR("nlb", "Network Load Balancer", awsname_kind_text(AWSNAME_NLB));
    CHECK_STR("other", "AWS-owned name", awsname_kind_text(AWSNAME_AWS_OTHER));
    CHECK_STR("out of range", "", awsname_kind_text((enum awsname_kind)42));
    /* The JSON names (public: doc/json-format.md) and the wizard's badges. */
    unit_set_case("awsname_kind_name, awsname_kind_badge");
    CHECK_STR("none", NULL, awsname_kind_name(AWSNAME_NONE));
    CHECK_STR("elb", "elb", awsname_kind_name(AWSNAME_ELB));
    CHECK_STR("nlb", "nlb", awsname_kind_name(AWSNAME_NLB));
    CHECK_STR("other", "aws_other", awsname_kind_name(AWSNAME_AWS_OTHER));
    CHECK_STR("out of range", NULL, awsname_kind_name((enum awsname_kind)42));
    CHECK_STR("badge none", "", awsname_kind_badge(AWSNAME_NONE));
    CHECK_STR("badge elb", "ELB", awsname_kind_badge(AWSNAME_ELB));
    CHECK_STR("badge nlb", "NLB", awsname_kind_badge(AWSNAME_NLB));
    CHECK_STR("badge other", "AWS", awsname_kind_badge(AWSNAME_AWS_OTHER));
}

int
main(void)
{
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
    check_long();
    check_random();
    check_reuse();
    check_zones();
    check_kind_text();
    return unit_result();
}
