/* What the reports say about distributions: a behaviour's verdict from the
 * probes that reach it, and the text report's distribution block. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "distrun.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

static bool
target_serves(const struct distconfig_target *t, const char *path)
{
    size_t k;
    for (k = 0; k < t->nbehaviors; k++)
        if (strcmp(t->behaviors[k], path) == 0)
            return true;
    return false;
}

int
report_behavior_status(const struct distrun_dist *dd, size_t behavior, const struct diagnosis *d)
{
    const char *path = dd->dc.behaviors[behavior].path;
    int worst = 0;
    size_t k;

    for (k = 0; k < dd->ntargets; k++) {
        const struct diag_origin *o;
        if (!target_serves(&dd->targets[k], path) || dd->first + k >= d->norigins)
            continue;
        o = &d->origins[dd->first + k];
        if (o->verdict == VERDICT_FAIL && (worst == 0 || o->cloudfront_status == 502))
            worst = o->cloudfront_status;
    }
    return worst;
}

const char *
report_behavior_verdict(const struct distrun_dist *dd, size_t behavior, const struct diagnosis *d)
{
    const char *path = dd->dc.behaviors[behavior].path;
    bool any = false, unknown = false;
    size_t k;

    for (k = 0; k < dd->ntargets; k++) {
        if (!target_serves(&dd->targets[k], path) || dd->first + k >= d->norigins)
            continue;
        any = true;
        if (d->origins[dd->first + k].verdict == VERDICT_FAIL)
            return "fail";
        unknown = unknown || d->origins[dd->first + k].verdict == VERDICT_UNKNOWN;
    }
    return !any ? "skipped" : unknown ? "unknown" : "ok";
}

static void
put_clean(FILE *out, const char *s)
{
    char *c = sanitize(s ? s : "");
    fputs(c, out);
    free(c);
}

/* "* (default)" for the default behaviour's pattern. */
static void
put_path(FILE *out, const char *path, bool is_default)
{
    put_clean(out, path);
    if (is_default)
        fprintf(out, " (%s)", _("default"));
}

void
report_dist_text(FILE *out, const struct distrun_dist *dd, const struct diagnosis *d)
{
    const struct distconfig *dc = &dd->dc;
    const char *verdict = distrun_verdict(dd, d);
    size_t b, i;

    fprintf(out, "%s ", _("Distribution"));
    if (dc->id)
        put_clean(out, dc->id);
    else
        put_clean(out,
                  dd->source && strcmp(dd->source, "-") == 0 ? _("(standard input)") : dd->source);
    if (dc->domain_name || dc->naliases) {
        fputs(" (", out);
        if (dc->domain_name)
            put_clean(out, dc->domain_name);
        for (i = 0; i < dc->naliases; i++) {
            fputs(i || dc->domain_name ? ", " : "", out);
            put_clean(out, dc->aliases[i]);
        }
        fputc(')', out);
    }
    if (dc->status) {
        fputs(" [", out);
        put_clean(out, dc->status);
        fputc(']', out);
    }
    fputc('\n', out);

    if (strcmp(verdict, "fail") == 0) {
        size_t shown = 0;
        fprintf(out, "  FAIL %s ", _("CloudFront would answer 502/504 for:"));
        for (b = 0; b < dc->nbehaviors; b++) {
            if (strcmp(report_behavior_verdict(dd, b, d), "fail") != 0)
                continue;
            fputs(shown++ ? ", " : "", out);
            put_path(out, dc->behaviors[b].path, b + 1 == dc->nbehaviors);
            fprintf(out, " %d", report_behavior_status(dd, b, d));
        }
        fputc('\n', out);
    } else if (strcmp(verdict, "unknown") == 0) {
        fprintf(out, "  UNKNOWN %s\n",
                _("No probed origin fails, but not everything CloudFront checks could be "
                  "checked."));
    } else if (strcmp(verdict, "ok") == 0) {
        fprintf(out, "  OK %s\n",
                _("CloudFront would connect to every origin it probes for this distribution."));
    } else {
        fprintf(out, "  %s\n", _("No origin of this distribution can be probed from here."));
    }

    fprintf(out, "  %s\n", _("Behaviours:"));
    for (b = 0; b < dc->nbehaviors; b++) {
        const struct distconfig_behavior *bh = &dc->behaviors[b];
        const char *v = report_behavior_verdict(dd, b, d);
        fputs("    ", out);
        put_path(out, bh->path, b + 1 == dc->nbehaviors);
        fputs(" -> ", out);
        put_clean(out, bh->target_id);
        fprintf(out, "  %s",
                strcmp(v, "fail") == 0      ? "FAIL"
                : strcmp(v, "ok") == 0      ? "OK"
                : strcmp(v, "unknown") == 0 ? "UNKNOWN"
                                            : _("skipped"));
        fprintf(out, "  (%s: %s)\n", _("Host"), _(bh->host_why));
        if (bh->edge_code)
            fprintf(out, "      %s\n",
                    _("Lambda@Edge or CloudFront Functions run here: they may change the origin "
                      "or the Host at run time, which this check cannot see."));
    }
    for (i = 0; i < dc->norigins; i++) {
        const struct distconfig_origin *o = &dc->origins[i];
        if (!o->skip_reason)
            continue;
        fprintf(out, "  %s ", _("Skipped origin"));
        put_clean(out, o->id);
        fputs(" (", out);
        put_clean(out, o->domain_name);
        fprintf(out, "): %s\n", _(o->skip_reason));
    }
    for (i = 0; i < dc->ngroups; i++) {
        const struct distconfig_group *g = &dc->groups[i];
        size_t k;
        fprintf(out, "  %s ", _("Origin group"));
        put_clean(out, g->id);
        fputs(":", out);
        for (k = 0; k < g->nmembers; k++) {
            fputs(k ? ", " : " ", out);
            put_clean(out, dc->origins[g->members[k]].id);
        }
        if (g->ncodes) {
            fprintf(out, "  (%s", _("fails over on"));
            for (k = 0; k < g->ncodes; k++)
                fprintf(out, " %d", g->status_codes[k]);
            fputc(')', out);
        }
        fputc('\n', out);
    }
    for (i = 0; i < dd->nnotes; i++)
        fprintf(out, "  %s %s\n", _("Note:"), dd->notes[i]);
    fputc('\n', out);
}
