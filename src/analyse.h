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
 * with diag_free(). */
struct diagnosis *analyse(const struct observation *obs, const struct target_settings *s,
                          gnutls_x509_trust_list_t trust, time_t now);

/* diagnose() only, with d->fixes_deferred set: the report writers build
 * each origin's fix guides while they write it (report_origin()).  For a
 * batch run, where the guides are written once and never kept. */
struct diagnosis *analyse_deferred(const struct observation *obs, const struct target_settings *s,
                                   gnutls_x509_trust_list_t trust, time_t now);

#endif
