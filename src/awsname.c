#include "config.h"

/* Recognising AWS-owned origin names (CLOUDFRONT.md §10) by hand on labels:
 * the patterns are a fixed number of labels with a few literal ones, so a
 * label walk is shorter and easier to check than a regular expression. */

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "awsname.h"
#include "i18n.h"

/* RFC 1035 limits, presentation form without the final dot. */
#define NAME_MAX_LEN 253
#define LABEL_MAX_LEN 63
#define LABELS_MAX ((NAME_MAX_LEN + 1) / 2)

struct label {
    const char *p;
    size_t n;
};

struct zone_row {
    const char *region;
    const char *elb; /* Application and Classic Load Balancers */
    const char *nlb; /* Network Load Balancers */
};

/* Canonical hosted zones of load balancers for Route 53 alias targets: every
 * row of the table in CLOUDFRONT.md §9.6.  Rows tagged X there (marked X
 * below) come from third-party code only; verify them against the AWS ELB
 * endpoints table before trusting them.  ca-west-1 has a conflicting ALB
 * value in one third-party file; the table's value is kept. */
static const struct zone_row zones[] = {
    {"us-east-1", "Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"},
    {"us-east-2", "Z3AADJGX6KTTL2", "ZLMOA37VPKANP"},
    {"us-west-1", "Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"},
    {"us-west-2", "Z1H1FL5HABSF5", "Z18D5FSROUN65G"},
    {"af-south-1", "Z268VQBMOI5EKX", "Z203XCE67M25HM"},
    {"ap-east-1", "Z3DQVH9N71FHZ0", "Z12Y7K3UBGUAD1"},
    {"ap-east-2", "Z02789141MW7T1WBU19PO", "Z09176273OC2HWIAUNYW"}, /* X */
    {"ap-south-1", "ZP97RAFLXTNZK", "ZVDDRBQ08TROA"},
    {"ap-south-2", "Z0173938T07WNTVAEPZN", "Z0711778386UTO08407HT"},
    {"ap-northeast-1", "Z14GRHDCWA56QT", "Z31USIVHYNEOWT"},
    {"ap-northeast-2", "ZWKZPGTI48KDX", "ZIBE1TIR4HY56"},
    {"ap-northeast-3", "Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X"},
    {"ap-southeast-1", "Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"},
    {"ap-southeast-2", "Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"},
    {"ap-southeast-3", "Z08888821HLRG5A9ZRTER", "Z01971771FYVNCOVWJU1G"},
    {"ap-southeast-4", "Z09517862IB2WZLPXG76F", "Z01156963G8MIIL7X90IV"},
    {"ap-southeast-5", "Z06010284QMVVW7WO5J", "Z026317210H9ACVTRO6FB"},   /* X */
    {"ap-southeast-6", "Z023301818UFJ50CIO0MV", "Z01392953RKV2Q3RBP0KU"}, /* X */
    {"ap-southeast-7", "Z0390008CMBRTHFGWBCB", "Z054363131YWATEMWRG5L"},  /* X */
    {"ca-central-1", "ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"},
    {"ca-west-1", "Z06473681N0SF6OS049SD", "Z02754302KBB00W2LKWZ9"},
    {"eu-central-1", "Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"},
    {"eu-central-2", "Z06391101F2ZOEP8P5EB3", "Z02239872DOALSIDCX66S"},
    {"eu-north-1", "Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM"},
    {"eu-south-1", "Z3ULH7SSC9OV64", "Z23146JA1KNAFP"},
    {"eu-south-2", "Z0956581394HF5D5LXGAP", "Z1011216NVTVYADP1SSV"},
    {"eu-west-1", "Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"},
    {"eu-west-2", "ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"},
    {"eu-west-3", "Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"},
    {"il-central-1", "Z09170902867EHPV2DABU", "Z0313266YDI6ZRHTGQY4"},
    {"me-central-1", "Z08230872XQRWHG2XF6I", "Z00282643NTTLPANJJG2P"},
    {"me-south-1", "ZS929ML54UICD", "Z3QSRYVP46NYYV"},
    {"mx-central-1", "Z023552324OKD1BB28BH5", "Z02031231H3ID6HYJ9A7U"}, /* X */
    {"sa-east-1", "Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"},
    {"cn-north-1", "Z1GDH35T77C1KE", "Z3QFB96KMJ7ED6"},
    {"cn-northwest-1", "ZM7IZAIOVVDZF", "ZQEIKTCZ8352D"},
    {"us-gov-east-1", "Z166TLBEWOO7G0", "Z1ZSMQQ6Q24QQ8"},
    {"us-gov-west-1", "Z33AYJ8TM3BH4J", "ZMG1MZ2THAWF1"},
};

#define X_KIND(e, json, badge, text) {json, badge, text},
static const struct {
    const char *json, *badge, *text;
} kinds[AWSNAME_COUNT] = {AWSNAME_TABLE(X_KIND)};
#undef X_KIND

/* Suffixes of AWS-owned names other than load balancers (CLOUDFRONT.md
 * §8.1), each with its leading dot so a match falls on a label boundary. */
static const char *const other_suffixes[] = {
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".elasticbeanstalk.com",
    ".cloudfront.net",
};

static bool
label_is(const struct label *l, const char *s)
{
    size_t n = strlen(s);

    return l->n == n && memcmp(l->p, s, n) == 0;
}

static bool
is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "-[a-z]+-[0-9]" exactly filling p[0..n). */
static bool
region_tail(const char *p, size_t n)
{
    size_t i = 1;

    if (n < 4 || p[0] != '-')
        return false;
    while (i < n && is_lower(p[i]))
        i++;
    return i > 1 && i + 2 == n && p[i] == '-' && is_digit(p[i + 1]);
}

/* [a-z]{2}(-gov)?-[a-z]+-[0-9] (CLOUDFRONT.md §10): "us-east-1",
 * "us-gov-west-1".  Both readings of "-gov" are tried, as a regex would. */
static bool
is_region(const char *p, size_t n)
{
    if (n < 2 || !is_lower(p[0]) || !is_lower(p[1]))
        return false;
    if (region_tail(p + 2, n - 2))
        return true;
    return n > 6 && memcmp(p + 2, "-gov", 4) == 0 && region_tail(p + 6, n - 6);
}

/* A load balancer label: [a-z0-9-]+. */
static bool
is_lb_label(const struct label *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (!is_lower(l->p[i]) && !is_digit(l->p[i]) && l->p[i] != '-')
            return false;
    return l->n > 0;
}

/* Copy n bytes of p into dst as a string; false (dst left "") when they do
 * not fit, so an over-long part never matches rather than being cut. */
static bool
copy_part(char *dst, size_t size, const char *p, size_t n)
{
    dst[0] = '\0';
    if (n >= size)
        return false;
    memcpy(dst, p, n);
    dst[n] = '\0';
    return true;
}

/* Split a lower-cased name into labels; -1 unless every label is 1 to 63
 * characters of [a-z0-9_-].  Underscores are let through because other
 * names may carry them; the load balancer patterns reject them. */
static int
split_labels(const char *name, size_t len, struct label *lab, int max)
{
    size_t i, start = 0;
    int n = 0;

    if (len == 0)
        return -1;
    for (i = 0; i <= len; i++) {
        char c = i < len ? name[i] : '.';

        if (c == '.') {
            if (i == start || i - start > LABEL_MAX_LEN || n == max)
                return -1;
            lab[n].p = name + start;
            lab[n].n = i - start;
            n++;
            start = i + 1;
        } else if (!is_lower(c) && !is_digit(c) && c != '-' && c != '_') {
            return -1;
        }
    }
    return n;
}

/* Match lab[0..n) against the ALB/CLB and NLB shapes; fills out (kind,
 * region, lb_name, internal, china) and returns true on a match. */
static bool
match_lb(const struct label *lab, int n, struct awsname *out)
{
    const struct label *first = &lab[0], *region;
    static const char internal_prefix[] = "internal-";
    const size_t iplen = sizeof internal_prefix - 1;
    bool china = n == 6 && label_is(&lab[5], "cn");
    enum awsname_kind kind;

    if (!(n == 5 || china) || !label_is(&lab[3], "amazonaws") || !label_is(&lab[4], "com") ||
        !is_lb_label(first))
        return false;
    if (label_is(&lab[2], "elb") && is_region(lab[1].p, lab[1].n)) {
        kind = AWSNAME_ELB;
        region = &lab[1];
    } else if (label_is(&lab[1], "elb") && is_region(lab[2].p, lab[2].n)) {
        kind = AWSNAME_NLB;
        region = &lab[2];
    } else {
        return false;
    }
    if (!copy_part(out->region, sizeof out->region, region->p, region->n))
        return false;
    /* "internal-" alone is a name, not a prefix: the regex's
     * (internal-)?[a-z0-9-]+ needs at least one more character. */
    if (kind == AWSNAME_ELB && first->n > iplen && memcmp(first->p, internal_prefix, iplen) == 0) {
        out->internal = true;
        if (!copy_part(out->lb_name, sizeof out->lb_name, first->p + iplen, first->n - iplen))
            return false;
    } else if (!copy_part(out->lb_name, sizeof out->lb_name, first->p, first->n)) {
        return false;
    }
    out->kind = kind;
    out->china = china;
    return true;
}

/* A Region of the §9.6 table.  Other names are checked against the table,
 * not the Region shape alone: "my-alb-1" has that shape too. */
static bool
is_known_region(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strlen(zones[i].region) == n && memcmp(zones[i].region, p, n) == 0)
            return true;
    return false;
}

/* The Region an AWS-owned name obviously carries, scanning from the right:
 * a label that is a known Region, "s3-REGION" or "s3-website-REGION" (older
 * S3 endpoints), or "compute-1" (EC2 public names in us-east-1). */
static void
other_region(const struct label *lab, int n, struct awsname *out)
{
    static const char *const prefixes[] = {"s3-website-", "s3-"};
    size_t k, plen;
    int i;

    for (i = n - 1; i >= 0; i--) {
        const struct label *l = &lab[i];

        if (is_known_region(l->p, l->n)) {
            copy_part(out->region, sizeof out->region, l->p, l->n);
            return;
        }
        if (label_is(l, "compute-1")) {
            snprintf(out->region, sizeof out->region, "%s", "us-east-1");
            return;
        }
        for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
            plen = strlen(prefixes[k]);
            if (l->n > plen && memcmp(l->p, prefixes[k], plen) == 0 &&
                is_known_region(l->p + plen, l->n - plen)) {
                copy_part(out->region, sizeof out->region, l->p + plen, l->n - plen);
                return;
            }
        }
    }
}

/* Whether name (len bytes) is an AWS-owned name other than a load balancer;
 * fills kind, china and region.  lab holds its n labels. */
static bool
match_other(const char *name, size_t len, const struct label *lab, int n, struct awsname *out)
{
    size_t k, slen;
    int i, dots;

    for (k = 0; k < sizeof other_suffixes / sizeof other_suffixes[0]; k++) {
        const char *suffix = other_suffixes[k];

        slen = strlen(suffix);
        if (len <= slen || memcmp(name + len - slen, suffix, slen) != 0)
            continue;
        for (dots = 0, i = 0; suffix[i]; i++)
            dots += suffix[i] == '.';
        out->kind = AWSNAME_AWS_OTHER;
        out->china = strcmp(suffix, ".amazonaws.com.cn") == 0;
        /* Look for a Region only left of the suffix. */
        other_region(lab, n - dots, out);
        return true;
    }
    return false;
}

/* The "not an AWS name" result: everything empty, no zone. */
static void
reset(struct awsname *out)
{
    memset(out, 0, sizeof *out);
    out->kind = AWSNAME_NONE;
    out->hosted_zone = NULL;
}

void
awsname_classify(const char *name, struct awsname *out)
{
    char buf[NAME_MAX_LEN + 2]; /* a full-length name, its final dot, NUL */
    struct label lab[LABELS_MAX];
    size_t len, rest;
    int n, skip = 0;
    int w;

    reset(out);
    if (!name)
        return;
    /* Lower-case by hand: tolower() would follow the locale. */
    for (len = 0; name[len]; len++) {
        char c = name[len];

        if (len + 1 >= sizeof buf)
            return; /* longer than any host name */
        buf[len] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    buf[len] = '\0';
    if (len > 0 && buf[len - 1] == '.')
        buf[--len] = '\0';
    if (len > NAME_MAX_LEN)
        return;
    n = split_labels(buf, len, lab, LABELS_MAX);
    if (n < 0)
        return;

    if (n > 1 && (label_is(&lab[0], "dualstack") || label_is(&lab[0], "ipv6")))
        skip = 1;
    if (match_lb(lab + skip, n - skip, out)) {
        /* The DNS name without dualstack./ipv6., as ELB reports it. */
        const char *lbname = lab[skip].p;

        rest = len - (size_t)(lbname - buf);
        out->dualstack = skip > 0;
        if (out->kind == AWSNAME_ELB)
            w = snprintf(out->alias_target, sizeof out->alias_target, "dualstack.%.*s", (int)rest,
                         lbname);
        else
            w = snprintf(out->alias_target, sizeof out->alias_target, "%.*s", (int)rest, lbname);
        if (w < 0 || (size_t)w >= sizeof out->alias_target) {
            reset(out); /* cannot happen: the labels are bounded */
            return;
        }
        out->hosted_zone = awsname_hosted_zone(out->region, out->kind == AWSNAME_NLB);
        /* A .cn name with a non-China Region (or the reverse) is no real load
         * balancer: better no zone than another partition's. */
        if (out->china != (strncmp(out->region, "cn-", 3) == 0))
            out->hosted_zone = NULL;
        return;
    }
    reset(out); /* match_lb may have filled parts before failing */
    match_other(buf, len, lab, n, out);
}

const char *
awsname_hosted_zone(const char *region, bool nlb)
{
    size_t i;

    if (!region)
        return NULL;
    for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strcmp(zones[i].region, region) == 0)
            return nlb ? zones[i].nlb : zones[i].elb;
    return NULL;
}

const char *
awsname_kind_text(enum awsname_kind k)
{
    /* Never _(""): gettext("") is the catalogue's header. */
    if ((unsigned)k >= AWSNAME_COUNT || !kinds[k].text[0])
        return "";
    return _(kinds[k].text);
}

const char *
awsname_kind_name(enum awsname_kind k)
{
    return (unsigned)k < AWSNAME_COUNT ? kinds[k].json : NULL;
}

const char *
awsname_kind_badge(enum awsname_kind k)
{
    return (unsigned)k < AWSNAME_COUNT ? kinds[k].badge : "";
}
