/* The batch run: probe to the end, analyse, write one report.  What
 * origin-doctor does without a wizard (main.c) and where the wizard falls
 * back to on a terminal it cannot use (tui.c). */
#ifndef BATCH_H
#define BATCH_H

#include <gnutls/x509.h>
#include <stdio.h>
#include <time.h>

#include "facts.h"
#include "loop.h"
#include "report.h"
#include "target.h"

/* Probes the n targets on loop l (NULL: a loop of its own) with settings
 * s and, when url is not NULL, requests that viewer URL at the same time
 * (s->http_path borrows its path while the run lasts); diagnoses against
 * trust (NULL: nothing trusted) at time at (0: now) and writes the report
 * in fmt to out (with the distributions of run, when not NULL, through
 * fmt->write_run).  facts (NULL: none) holds what is known beyond the
 * probe about each target (analyse()).  Returns the exit status: 0 when CloudFront would connect
 * to every origin (and the viewer got no error), 1 when not, 2 when the URL
 * cannot be requested, 3 when the probe could not run or the report could
 * not be written (then a line on stderr says why). */
int batch_run(struct loop *l, struct target_settings *s, const struct target *targets, size_t n,
              gnutls_x509_trust_list_t trust, time_t at, const char *url,
              const struct report_format *fmt, const struct distrun *run,
              const struct origin_facts *facts, FILE *out);

#endif
