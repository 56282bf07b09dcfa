/* Presenters: each formats an observation and its diagnosis; none probes
 * or decides. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>
#include <time.h>

#include "diag.h"
#include "obs.h"
#include "target.h"

struct distrun;
struct distrun_dist;

/* An output format: main.c's --format and the wizard's export dispatch
 * through report_formats[]. */
struct report_format {
    const char *name; /* --format=NAME */
    const char *ext;  /* file name extension of an export, without the dot */
    /* The whole report.  Returns 0, or -1 when writing failed. */
    int (*write)(FILE *out, const struct observation *obs, const struct diagnosis *d,
                 const struct target_settings *s);
    /* The same with the run's distributions (which lead the report), or
     * NULL: the format cannot show them. */
    int (*write_run)(FILE *out, const struct observation *obs, const struct diagnosis *d,
                     const struct target_settings *s, const struct distrun *run);
};

extern const struct report_format report_text;
extern const struct report_format report_json;
extern const struct report_format report_markdown;

/* The text and JSON reports of a run that read distributions: the
 * distributions lead (verdict, failing behaviours), and each origin says
 * which distribution, origin id and behaviours it stands for.  run may be
 * NULL (then they are the plain reports). */
int report_text_write_run(FILE *out, const struct observation *obs, const struct diagnosis *d,
                          const struct target_settings *s, const struct distrun *run);
int report_json_write_run(FILE *out, const struct observation *obs, const struct diagnosis *d,
                          const struct target_settings *s, const struct distrun *run);
/* A behaviour's verdict from the probes that reach it: "ok", "fail", or
 * "skipped" (none reaches a probed origin). */
const char *report_behavior_verdict(const struct distrun_dist *dd, size_t behavior,
                                    const struct diagnosis *d);
/* The block that leads the text report for one distribution. */
void report_dist_text(FILE *out, const struct distrun_dist *dd, const struct diagnosis *d);
/* The worst CloudFront status (502/504) among the probes behind a
 * behaviour, 0 when none fails. */
int report_behavior_status(const struct distrun_dist *dd, size_t behavior,
                           const struct diagnosis *d);
/* Every format, NULL-terminated; the first is the default. */
extern const struct report_format *const report_formats[];
/* The format called name, or NULL. */
const struct report_format *report_format_find(const char *name);
/* The format whose extension path ends in (".json", ".txt", ...), else
 * def. */
const struct report_format *report_format_for_path(const char *path,
                                                   const struct report_format *def);

/* The Markdown report under a title of one's own at heading level (1 for a
 * document, 2 for a part of one: the wizard's export adds its Verify run). */
int report_md_write(FILE *out, const struct observation *obs, const struct diagnosis *d,
                    const struct target_settings *s, const char *title, int level);

/* Origin i of d as a writer shows it, with its fix guides: &d->origins[i],
 * or, when d defers them (analyse_deferred()), a copy in *tmp with the
 * guides built for it.  Pass the result to report_origin_done() once the
 * origin is written: it frees the guides built. */
const struct diag_origin *report_origin(const struct diagnosis *d, size_t i,
                                        const struct target_settings *s, struct diag_origin *tmp);
void report_origin_done(const struct diag_origin *o, struct diag_origin *tmp);

/* The verdict line for one origin ("CloudFront would answer 502: ..."),
 * translated and sanitized; caller frees.  Shared by every presenter. */
char *report_verdict(const struct diag_origin *d);

/* What CloudFront speaks to this origin, in one translated line: the
 * protocol policy, and the versions or plain HTTP; caller frees. */
char *report_policy_line(const struct target *t);

/* CloudFront's request and its answer in one line ("GET / -> 200 (Server:
 * nginx) in 12.3 ms"), translated, network text sanitized; caller frees.
 * NULL when the request was not sent.  Shared by the reports and the
 * wizard's Connection step. */
char *report_http_line(const struct obs_http *h);

/* Screen columns of a UTF-8 string (Japanese is two a character), and
 * printing padded to a width in columns. */
void report_pad(FILE *out, const char *s, int width);

/* What the account says about an origin (account.h), as lines to print:
 * level 0 a statement, 1 a detail under it; text translated and
 * sanitized.  NULL (and *n 0) when a is NULL.  Free with
 * report_lines_free(). */
struct account_origin;
struct report_line {
    int level;
    char *text;
};
struct report_line *report_account_lines(const struct account_origin *a, size_t *n);
void report_lines_free(struct report_line *v, size_t n);

/* Dates, always UTC, into buf ("?" when t cannot be shown); returns buf. */
enum report_date_style {
    REPORT_DAY,     /* 2026-01-31 */
    REPORT_SECONDS, /* 2026-01-31 12:00:00 UTC */
    REPORT_ISO,     /* 2026-01-31T12:00:00Z (RFC 3339, for JSON) */
};
char *report_date(time_t t, enum report_date_style style, char *buf, size_t size);

#endif
