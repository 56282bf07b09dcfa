/* Recognising AWS-owned origin names (CLOUDFRONT.md §10): load balancer DNS
 * names, whose certificate can never match because nobody can get one for
 * *.elb.amazonaws.com, and other AWS names of the same kind. */
#ifndef AWSNAME_H
#define AWSNAME_H

#include <stdbool.h>

/* The kinds: value, JSON name (NULL: none), the wizard's short badge, and
 * the words (N_(); "" for none).  Every presenter reads this table. */
#define AWSNAME_TABLE(X)                                                                           \
    X(AWSNAME_NONE, NULL, "", "")                                                                  \
    /* TRANSLATORS: AWS product names; the kind of the origin's DNS name. */                       \
    X(AWSNAME_ELB, "elb", "ELB", N_("Application or Classic Load Balancer"))                       \
    X(AWSNAME_NLB, "nlb", "NLB", N_("Network Load Balancer"))                                      \
    /* elasticbeanstalk.com, ec2-...amazonaws.com, cloudfront.net, ... */                          \
    /* TRANSLATORS: a DNS name in amazonaws.com, cloudfront.net or elasticbeanstalk.com. */        \
    X(AWSNAME_AWS_OTHER, "aws_other", "AWS", N_("AWS-owned name"))

#define X_ENUM(e, json, badge, text) e,
enum awsname_kind { AWSNAME_TABLE(X_ENUM) AWSNAME_COUNT };
#undef X_ENUM

struct awsname {
    enum awsname_kind kind;
    bool internal;    /* internal-...: resolves to private addresses */
    bool dualstack;   /* the name had a dualstack. (or ipv6.) prefix */
    bool china;       /* .amazonaws.com.cn */
    char region[32];  /* "ap-northeast-1", "" when unknown */
    char lb_name[64]; /* load balancer name part, "" when unknown */
    /* The load balancer's canonical hosted zone id for Route 53 alias
     * records (CLOUDFRONT.md §9.6), or NULL when the region is unknown. */
    const char *hosted_zone;
    /* The name to put in an alias record: "dualstack." + the LB's DNS name
     * for ALB/CLB, the NLB's DNS name for NLB; "" otherwise. */
    char alias_target[256];
};

/* Classify an ASCII, lower-case host name (a trailing dot is ignored). */
void awsname_classify(const char *name, struct awsname *out);
/* The hosted zone of region for ALB/CLB (nlb false) or NLB, or NULL. */
const char *awsname_hosted_zone(const char *region, bool nlb);
/* Human name of the kind, translated: "Application/Classic Load Balancer"...
 * ("" for none). */
const char *awsname_kind_text(enum awsname_kind k);
/* The kind's JSON name ("elb", "nlb", "aws_other"), NULL for none. */
const char *awsname_kind_name(enum awsname_kind k);
/* Its short badge ("ELB", "NLB", "AWS"), "" for none. */
const char *awsname_kind_badge(enum awsname_kind k);

#endif
