/* Drives DNS -> TCP -> TLS for every origin of a run on one loop, with a
 * bounded number of connections in flight (the rest queued), and runs the
 * explaining handshakes when CloudFront's fails. */
#ifndef PROBE_H
#define PROBE_H

#include "loop.h"
#include "obs.h"
#include "target.h"

struct probe;

/* Progress callback: runs after every state change (for a live UI). */
typedef void (*probe_progress_fn)(void *arg, const struct observation *obs);

/* targets are copied.  NULL and *err (static, translated) on set-up failure. */
struct probe *probe_new(struct loop *l, const struct target_settings *s, const struct target *targets,
                        size_t ntargets, const char **err);
void probe_set_progress(struct probe *p, probe_progress_fn fn, void *arg);
/* Start everything; the loop does the work. */
void probe_start(struct probe *p);
bool probe_done(const struct probe *p);
void probe_cancel(struct probe *p);
/* Set when a local resource error (out of descriptors, buffers or memory)
 * stopped the run: a translated message, owned by the probe; the
 * observation then says nothing about the origins.  NULL otherwise. */
const char *probe_error(const struct probe *p);
/* The observation, owned by the probe until probe_take(). */
const struct observation *probe_observation(const struct probe *p);
struct observation *probe_take(struct probe *p);
void probe_free(struct probe *p);

/* Convenience for batch mode: run to completion on loop l (NULL: a fresh
 * one).  Returns the observation (caller frees with obs_free), or NULL with
 * *err set. */
struct observation *probe_run(struct loop *l, const struct target_settings *s,
                              const struct target *targets, size_t ntargets, const char **err);

#endif
