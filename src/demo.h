/* The built-in demo: TLS origins on loopback inside the process, with a
 * private PKI made in memory, that reproduce the CloudFront 502 article (an
 * ELB name whose certificate is for the custom domain) and the other usual
 * certificate mistakes.  No AWS, no network, no DNS. */
#ifndef DEMO_H
#define DEMO_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>

#include "loop.h"
#include "target.h"

struct demo;

/* Makes the demo PKI, starts one TLS listener per demo origin on loopback
 * (127.77.0.1, .2, ...; port 443, else 8443, else the kernel's choice) served
 * from loop l, adds one --resolve style entry per demo name to s (so the
 * probe never asks DNS), and sets *targets / *ntargets to a fresh array of
 * the origins to check (caller frees each with target_clear, then the
 * array).  The fixed name (demo_fixed_name) is not among them; it is served
 * on the same address and port as the first target.  NULL and *err (static,
 * translated) on failure, with nothing added to s.  GnuTLS must be
 * initialised. */
struct demo *demo_start(struct loop *l, struct target_settings *s, struct target **targets,
                        size_t *ntargets, const char **err);
/* What --demo and the wizard's demo start with: demo_start, and the
 * settings that go with it (the loopback origins stand in for
 * internet-facing ones).  With fixed (--demo-fixed), the one target is the
 * custom domain (demo_fixed_name), served by the same "ALB".  NULL and *err
 * as demo_start. */
struct demo *demo_setup(struct loop *l, struct target_settings *s, bool fixed,
                        struct target **targets, size_t *ntargets, const char **err);
/* The demo's private root CA as a trust list; owned by the demo, valid
 * until demo_stop (never deinit it). */
gnutls_x509_trust_list_t demo_trust(struct demo *d);
/* The custom domain that works once chosen as Origin Domain Name:
 * "origin.example.com" (static). */
const char *demo_fixed_name(const struct demo *d);
/* Closes every listener and connection, frees d.  NULL is allowed.  The
 * entries added to the settings stay there (target_settings_clear frees
 * them). */
void demo_stop(struct demo *d);

#endif
