#include "config.h"

#include <errno.h>
#include <string.h>

#include "batch.h"
#include "diag.h"
#include "i18n.h"
#include "probe.h"

int
batch_run(struct loop *l, const struct target_settings *s, const struct target *targets, size_t n,
          gnutls_x509_trust_list_t trust, time_t at, const struct report_format *fmt, FILE *out)
{
    struct observation *obs;
    struct diagnosis *d;
    const char *err = NULL;
    int status;

    if (!(obs = probe_run(l, s, targets, n, &err))) {
        fprintf(stderr, "%s: %s\n", PACKAGE, err ? err : _("the probe failed"));
        return 3;
    }
    d = diagnose(obs, s, trust, at ? at : time(NULL));
    status = diag_all_ok(d) ? 0 : 1;
    errno = 0;
    if (fmt->write(out, obs, d, s) < 0 || fflush(out) != 0) {
        fprintf(stderr, _("%s: cannot write the report: %s\n"), PACKAGE,
                strerror(errno ? errno : EIO));
        status = 3;
    }
    diag_free(d);
    obs_free(obs);
    return status;
}
