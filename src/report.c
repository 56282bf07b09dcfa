#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "report.h"
#include "xmalloc.h"

char *
report_verdict(const struct diag_origin *d)
{
    const struct finding *f = diag_primary(d);

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
