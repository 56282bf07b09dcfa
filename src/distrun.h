/* The distributions of one run: where each came from (a saved file,
 * standard input or the AWS CLI), its configuration, the probes it implies
 * and where they sit in the observation.  Reading is here (files, the aws
 * CLI on the loop); interpreting a configuration is distconfig's job. */
#ifndef DISTRUN_H
#define DISTRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "awscli.h"
#include "diag.h"
#include "distconfig.h"
#include "loop.h"
#include "target.h"

#define DISTRUN_MAX_FILE (16u * 1024 * 1024) /* bytes of a saved configuration */
#define DISTRUN_MAX_DISTRIBUTIONS 5000
#define DISTRUN_PARALLEL 8 /* aws CLI processes at once */

struct distrun_dist {
    struct distconfig dc;
    char *source; /* the file name ("-" for standard input), or NULL: the AWS CLI */
    struct distconfig_target *targets;
    size_t ntargets;
    size_t first; /* index of targets[0] among the run's targets (the observation) */
    char **notes; /* translated, sanitized remarks (a policy that could not be read) */
    size_t nnotes;
};

struct distrun {
    struct distrun_dist *dists;
    size_t ndists;
    /* The viewer URL's distribution (its host is one of the distribution's
     * names) and the behaviour its path selects: set by distrun_viewer().
     * What the reports show is copied, so that it stays when the
     * distribution itself is dropped (distrun_viewer_only). */
    bool viewer_found;
    bool viewer_in_run; /* dists[viewer_dist] is it (not dropped) */
    bool viewer_added;  /* the look-up added it (the last of dists) */
    size_t viewer_dist, viewer_behavior;
    char *viewer_id, *viewer_status; /* the distribution's Id and Status, or NULL */
    char *viewer_pattern;            /* the behaviour's path pattern */
    char *viewer_origin;             /* its TargetOriginId */
    char *viewer_host;               /* ASCII */
    bool viewer_https;
    char *viewer_note; /* why none was found (translated, sanitized), or NULL */
};

/* Where an error comes from decides the exit status: the user's input or
 * the CLI's answer (2), or our own failure (3). */
enum distrun_error { DISTRUN_OK, DISTRUN_INPUT, DISTRUN_INTERNAL };

/* A saved configuration; path "-" is standard input.  On error *err is a
 * fresh one-line message naming the file. */
enum distrun_error distrun_add_file(struct distrun *r, const char *path, char **err);
/* One distribution by id or by one of its domain names (an alternate
 * domain name or its *.cloudfront.net name). */
enum distrun_error distrun_add_aws(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                                   const char *id_or_domain, char **err);
/* Every distribution of the account.  Both read the listing
 * (list-distributions, paginated) and build a distribution from its
 * summary when the summary carries the configuration (AWS's do: Aliases,
 * Origins, DefaultCacheBehavior, CacheBehaviors; its ETag only in newer
 * API versions, else it stays unknown); a summary without it (a local
 * emulator's) is completed with get-distribution, DISTRUN_PARALLEL at
 * once.  The distributions keep the listing's order. */
enum distrun_error distrun_add_all(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                                   char **err);
/* The same without waiting: the CLI runs on l, and fn is called once,
 * from the loop, when it is over (err fresh, the callee's; NULL on
 * success), after the distributions read were appended to r (which must
 * outlive the fetch).  id_or_domain NULL: every distribution.  policies:
 * the custom policies of the distributions read are read too (as
 * distrun_read_policies does).  NULL and *err when id_or_domain is
 * neither an id nor a domain name. */
struct distrun_fetch;
typedef void (*distrun_fetch_fn)(void *arg, enum distrun_error rc, char *err);
struct distrun_fetch *distrun_fetch_start(struct distrun *r, struct loop *l,
                                          const struct awscli_opts *o, const char *id_or_domain,
                                          bool policies, distrun_fetch_fn fn, void *arg,
                                          char **err);
/* The same for distributions read otherwise (a saved file): their custom
 * policies are read with the CLI on l, then given's distributions (taken:
 * given is left empty) are appended to r and fn is called.  NULL, and
 * given left as it was, when none of them uses a custom policy. */
struct distrun_fetch *distrun_fetch_policies(struct distrun *r, struct loop *l,
                                             const struct awscli_opts *o, struct distrun *given,
                                             distrun_fetch_fn fn, void *arg);
/* Kills (by PID) and reaps the CLI processes running; fn is not called
 * and r is left as it was. */
void distrun_fetch_cancel(struct distrun_fetch *f);
/* What the fetch is waiting for ("list-distributions",
 * "get-distribution", ...; not translated: the CLI's words) and since
 * when (loop_now_ms()) the oldest of those calls runs. */
const char *distrun_fetch_doing(const struct distrun_fetch *f, int64_t *since_ms);
/* A list-distributions summary as a get-distribution document (Id,
 * DomainName, Status, the configuration members; ETag when the summary
 * has one), or NULL when the summary lacks Aliases, Origins,
 * DefaultCacheBehavior or CacheBehaviors.  Fresh reference. */
json_t *distrun_summary_doc(const json_t *summary);
/* Reads the custom policies the Host decisions wait for (o NULL: none is
 * read, --no-aws); what cannot be read stays unknown, with a note. */
void distrun_read_policies(struct distrun *r, struct loop *l, const struct awscli_opts *o);
/* The viewer URL (host ASCII, path as sent, https or not): marks the
 * distribution among r's that serves host, and its behaviour for path.
 * With none among them, aws (NULL: no AWS access) looks it up by the
 * host (list-distributions, completed with get-distribution, as for
 * --distribution=DOMAIN).  A look-up that fails is no error: the viewer's
 * answer is still worth reporting; r->viewer_note says why.  Returns
 * whether a distribution was found. */
bool distrun_viewer(struct distrun *r, struct loop *l, const struct awscli_opts *aws,
                    const char *host, const char *path, bool https);
/* The origins to probe were given on the command line: a distribution
 * distrun_viewer() looked up is kept only as what it says about the URL
 * (id, status, behaviour), not probed. */
void distrun_viewer_only(struct distrun *r);
/* Computes every distribution's probes and appends them to *targets
 * (struct target, for the probe), recording where each starts.  The
 * viewer's distribution lists the probes of the viewer's behaviour first
 * (the one for the viewer's Host and scheme first among them). */
void distrun_targets(struct distrun *r, struct target **targets, size_t *ntargets);
void distrun_free(struct distrun *r);

/* The distribution and probe behind observation origin i; false when i is
 * an origin from the command line. */
bool distrun_locate(const struct distrun *r, size_t i, const struct distrun_dist **d,
                    const struct distconfig_target **t);
/* "fail" (a probe would get 502/504), "unknown" (none fails but one could
 * not be checked), "ok", or "skipped" (nothing probed). */
const char *distrun_verdict(const struct distrun_dist *d, const struct diagnosis *diag);

#endif
