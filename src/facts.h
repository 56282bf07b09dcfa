/* What is known about an origin beyond what the probe saw: the
 * distribution it belongs to (read from a saved configuration or the AWS
 * CLI) and, when it was read, the account behind it (account.h).  Built by
 * main (and the wizard) before the analysis, one per observation origin;
 * read by the fix guides (fixes.c) and the report writers.  A view: every
 * pointer borrows from what it was built from (the distrun, the account
 * read), which must outlive it.  No I/O and no judgement here. */
#ifndef FACTS_H
#define FACTS_H

#include <stdbool.h>
#include <stddef.h>

struct account_origin;
struct distrun;

/* Does CloudFront forward the viewer's Host header to this probe? */
enum facts_host {
    FACTS_HOST_NO,     /* it sends the origin's own name */
    FACTS_HOST_YES,    /* it sends the viewer's Host (an alternate domain name) */
    FACTS_HOST_UNKNOWN /* a policy that could not be read: probed both ways */
};

struct origin_facts {
    /* The distribution; dist false: the origin came from the command line. */
    bool dist;
    const char *dist_id;          /* E2ABC...; NULL: a saved config without it */
    const char *dist_domain;      /* d111.cloudfront.net; NULL: not in the input */
    const char *etag;             /* as read (stale once anyone updates the config) */
    const char *origin_id;        /* the origin's Id in the configuration */
    const char *const *behaviors; /* path patterns that reach this probe, "*" = default */
    size_t nbehaviors;
    enum facts_host host;
    const char *const *aliases; /* the distribution's alternate domain names */
    size_t naliases;
    const struct account_origin *account; /* NULL: not read (account.h) */
};

/* Fills f[0..n) (indexed like the run's targets, hence like the
 * observation's origins) from the distributions of r (NULL: none); an
 * origin from the command line gets empty facts. */
void facts_from_distrun(struct origin_facts *f, size_t n, const struct distrun *r);

#endif
