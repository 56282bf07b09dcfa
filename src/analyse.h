/* The analysis, one way: observation -> diagnosis (diag.h) -> fix guides
 * (fixes.h).  What main.c and the wizard call; the parts stay separately
 * testable (diagnose() builds no fixes, fixes_build() reads a diagnosis). */
#ifndef ANALYSE_H
#define ANALYSE_H

#include <gnutls/x509.h>
#include <time.h>

#include "diag.h"
#include "obs.h"
#include "target.h"

/* diagnose(), then fixes_build() for every origin.  The same contract as
 * diagnose(): pure, trust may be NULL, obs must outlive the result; free
 * with diag_free().  facts (NULL: none) holds one entry per observation
 * origin, what is known beyond the probe (the distribution, the account);
 * each origin borrows its entry (diag_origin.facts), so facts must outlive
 * the result too. */
struct diagnosis *analyse(const struct observation *obs, const struct target_settings *s,
                          gnutls_x509_trust_list_t trust, time_t now,
                          const struct origin_facts *facts);

/* analyse() without the fix guides, and d->fixes_deferred set: the report
 * writers build each origin's guides while they write it, then free them
 * (report_origin()).  For a batch run, where the guides are written once
 * and never kept.  facts as for analyse(). */
struct diagnosis *analyse_deferred(const struct observation *obs, const struct target_settings *s,
                                   gnutls_x509_trust_list_t trust, time_t now,
                                   const struct origin_facts *facts);

#endif
