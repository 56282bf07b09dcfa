#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>

#include "i18n.h"
#include "chainfile.h"
#include "fixes.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

char *
report_http_line(const struct obs_http *h)
{
    char *path, *server, *fb, *line;

    if (h->status == HTTP_PENDING || h->status == HTTP_SKIPPED)
        return NULL;
    path = sanitize(h->path ? h->path : "/");
    server = h->server ? sanitize(h->server) : NULL;
    switch (h->status) {
    case HTTP_OK:
        line = server ? xasprintf(_("GET %s: %d (Server: %s) in %.1f ms"), path, h->code, server,
                                  h->elapsed_ms)
                      : xasprintf(_("GET %s: %d in %.1f ms"), path, h->code, h->elapsed_ms);
        break;
    case HTTP_TIMEOUT:
        line = xasprintf(_("GET %s: %s (%.0f s; %zu bytes read)"), path,
                         obs_http_result_text(h->status), h->timeout_ms / 1000.0, h->bytes_read);
        break;
    case HTTP_MALFORMED:
    case HTTP_OVERSIZED:
    case HTTP_CLOSED:
        if (h->nfirst_bytes) {
            size_t n = h->nfirst_bytes < 32 ? h->nfirst_bytes : 32;
            fb = sanitize_n(h->first_bytes, n);
            line = xasprintf(_("GET %s: %s after %.1f ms: \"%s\""), path,
                             obs_http_result_text(h->status), h->elapsed_ms, fb);
            free(fb);
        } else {
            line = xasprintf(_("GET %s: %s after %.1f ms"), path, obs_http_result_text(h->status),
                             h->elapsed_ms);
        }
        break;
    default:
        line = xasprintf("GET %s: %s", path, obs_http_result_text(h->status));
        break;
    }
    free(path);
    free(server);
    return line;
}

const struct diag_origin *
report_origin(const struct diagnosis *d, size_t i, const struct target_settings *s,
              struct diag_origin *tmp)
{
    if (!d->fixes_deferred)
        return &d->origins[i];
    *tmp = d->origins[i]; /* shares everything but the guides built here */
    tmp->fixes = NULL;
    tmp->nfixes = 0;
    fixes_build(tmp, s);
    return tmp;
}

void
report_origin_done(const struct diag_origin *o, struct diag_origin *tmp)
{
    if (o == tmp)
        diag_clear_fixes(tmp);
}

char *
report_verdict(const struct diag_origin *d)
{
    const struct finding *f = diag_primary(d);

    if (d->ok && d->obs && d->obs->chain_file)
        /* --chain-file: nothing was connected to; never "would connect". */
        return xstrdup(_("The certificate chain and its names pass; the connection was not "
                         "checked (the certificates were read from a file)."));
    if (d->ok)
        return xstrdup(_("CloudFront would connect to this origin."));
    if (d->verdict == VERDICT_UNKNOWN)
        /* TRANSLATORS: the text after the colon says what was not checked. */
        return xasprintf(_("Not everything CloudFront checks could be checked: %s"),
                         !f          ? "?"
                         : f->detail ? f->detail
                                     : _(findings_def(f->id)->title));
    /* TRANSLATORS: %d is 502 or 504; the text after the colon says why. */
    return xasprintf(_("CloudFront would answer %d: %s"), d->cloudfront_status,
                     !f          ? "?"
                     : f->detail ? f->detail
                                 : _(findings_def(f->id)->title));
}

char *
report_policy_line(const struct target *t)
{
    const char *min = target_proto_name(target_min_proto(t));

    switch (t->policy) {
    case POLICY_HTTP_ONLY:
        /* TRANSLATORS: %s is "HTTP only" (the policy), %u the HTTP port. */
        return xasprintf(_("%s: CloudFront talks plain HTTP to this origin on port %u. No TLS, "
                           "so nothing about certificates applies; only the connection is "
                           "checked."),
                         target_policy_text(t->policy), t->http_port);
    case POLICY_MATCH_VIEWER:
        /* TRANSLATORS: %s "Match viewer", %s a protocol such as TLSv1.2, %u the HTTP port. */
        return xasprintf(_("%s: checked as for viewers on HTTPS (%s minimum, TLS 1.2 maximum). "
                           "Viewers on HTTP make CloudFront use plain HTTP to port %u, which is "
                           "not checked."),
                         target_policy_text(t->policy), min, t->http_port);
    default:
        /* TRANSLATORS: %s "HTTPS only", %s a protocol such as TLSv1.2. */
        return xasprintf(_("%s: %s minimum, TLS 1.2 maximum."), target_policy_text(t->policy), min);
    }
}

static int
columns(const char *s)
{
    size_t n = mbstowcs(NULL, s, 0);
    wchar_t *w;
    int cols;

    if (n == (size_t)-1)
        return (int)strlen(s);
    w = xcalloc(n + 1, sizeof *w);
    mbstowcs(w, s, n + 1);
    cols = wcswidth(w, n);
    free(w);
    return cols < 0 ? (int)n : cols;
}

void
report_pad(FILE *out, const char *s, int width)
{
    int w = columns(s);
    fputs(s, out);
    while (w++ < width)
        fputc(' ', out);
}

const struct report_format *const report_formats[] = {
    &report_text,
    &report_json,
    &report_markdown,
    NULL,
};

const struct report_format *
report_format_find(const char *name)
{
    size_t i;

    for (i = 0; report_formats[i]; i++)
        if (strcmp(report_formats[i]->name, name) == 0)
            return report_formats[i];
    return NULL;
}

const struct report_format *
report_format_for_path(const char *path, const struct report_format *def)
{
    const char *dot = strrchr(path, '.');
    size_t i;

    if (!dot || strchr(dot, '/'))
        return def;
    for (i = 0; report_formats[i]; i++)
        if (strcasecmp(dot + 1, report_formats[i]->ext) == 0)
            return report_formats[i];
    return def;
}

char *
report_date(time_t t, enum report_date_style style, char *buf, size_t size)
{
    struct tm tm;
    size_t n = 0;

    /* Literal formats, so that the compiler checks them. */
    if (gmtime_r(&t, &tm)) {
        switch (style) {
        case REPORT_DAY:
            n = strftime(buf, size, "%Y-%m-%d", &tm);
            break;
        case REPORT_SECONDS:
            n = strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
            break;
        case REPORT_ISO:
            n = strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
            break;
        }
    }
    if (!n)
        snprintf(buf, size, "?");
    return buf;
}
