/* The wizard: Origin -> DNS -> Connection -> Certificate -> Diagnosis ->
 * Fix -> Verify, on a terminal, driven by the same poll() loop as the
 * probe. */
#ifndef TUI_H
#define TUI_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "target.h"

/* Runs the wizard on the terminal (stdin and stdout must be one) over
 * targets with settings s (the form may change both); an origin typed into
 * the empty form starts from defaults (the command line's settings).  trust is borrowed
 * (NULL: nothing is trusted); at is the time certificates are judged at, 0
 * for now.  With demo (1: --demo, 2: --demo-fixed, the demo after the
 * fix), targets are ignored: the wizard starts the built-in demo on its
 * own loop and uses the demo's trust.  Returns the exit
 * status: 0 when CloudFront would connect to every origin, 1 when not (or
 * when no diagnosis was completed), 3 on an internal failure. */
int tui_run(struct target_settings *s, const struct target *defaults, struct target *targets,
            size_t ntargets, gnutls_x509_trust_list_t trust, time_t at, int demo);

#endif
