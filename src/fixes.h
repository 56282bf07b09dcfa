/* Fix guides: from a diagnosed origin to ordered steps with the exact aws
 * CLI commands and JSON, filled in with the names found, each with how to
 * check it worked (the re-test). */
#ifndef FIXES_H
#define FIXES_H

#include "diag.h"
#include "target.h"

/* Fills d->fixes / d->nfixes from d->findings (one guide per fix kind that
 * an error or warning finding points to, in a sensible order). */
void fixes_build(struct diag_origin *d, const struct target_settings *s);
/* The same, written for domain as the custom domain (a candidate, or a
 * name the user typed); NULL: the best candidate. */
void fixes_build_for(struct diag_origin *d, const struct target_settings *s, const char *domain);
void fixes_clear(struct diag_origin *d);
/* The Route 53 change batch (the file content for --change-batch) that
 * points name at the load balancer; fresh string, caller frees; NULL when
 * the origin is not a recognised load balancer name. */
char *fixes_route53_batch(const struct awsname *aws, const char *name);

#endif
