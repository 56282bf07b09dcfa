#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "account.h"
#include "analyse.h"
#include "i18n.h"
#include "probe.h"
#include "viewer.h"
#include "xmalloc.h"

struct viewer_wait {
    struct loop *loop;
    bool done;
    bool stop; /* stop the loop when it is done (not while the probe runs) */
};

static void
viewer_done(void *arg)
{
    struct viewer_wait *w = arg;
    w->done = true;
    if (w->stop)
        loop_stop(w->loop);
}

int
batch_run(struct loop *l, struct target_settings *s, const struct target *targets, size_t n,
          gnutls_x509_trust_list_t trust, time_t at, const char *url,
          const struct report_format *fmt, const struct distrun *run,
          const struct origin_facts *facts, FILE *out)
{
    struct loop *own = NULL;
    struct viewer *viewer = NULL;
    struct obs_viewer *vout = NULL;
    struct viewer_wait vwait = {0};
    struct observation *obs = NULL;
    struct diagnosis *d = NULL;
    const char *err = NULL;
    struct origin_facts *own_facts = NULL;
    size_t i;
    int status = 3;

    if (url) {
        /* The viewer's request and the probe share the loop: both run at
         * once, and the path of the URL is the one CloudFront asks the
         * origin for. */
        if (!viewer_global_init(&err)) {
            fprintf(stderr, "%s: %s\n", PACKAGE, err);
            return 3;
        }
        if (!l)
            l = own = loop_new();
        vout = xcalloc(1, sizeof *vout);
        vwait.loop = l;
        if (!(viewer = viewer_start(l, s, url, vout, viewer_done, &vwait, &err))) {
            fprintf(stderr, "%s: %s\n", PACKAGE, err);
            status = 2;
            goto out;
        }
        s->http_path = vout->path;
        s->viewer_url = url;
    }
    if (!(obs = probe_run(l, s, targets, n, &err))) {
        fprintf(stderr, "%s: %s\n", PACKAGE, err ? err : _("the probe failed"));
        goto out;
    }
    if (viewer) {
        vwait.stop = true;
        if (!vwait.done && loop_run(l) < 0) {
            fprintf(stderr, "%s: %s\n", PACKAGE, _("poll() failed"));
            goto out;
        }
        obs->viewer = vout;
        vout = NULL;
    }
    if (s->account) {
        /* The account behind the origins, once the probe has found their
         * CNAME chains; read-only, and never a reason to fail the run. */
        if (!l)
            l = own = loop_new();
        account_observe(l, s->account, obs);
        /* The facts carry it too (one per observation origin). */
        own_facts = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *own_facts);
        for (i = 0; i < obs->norigins; i++) {
            if (facts)
                own_facts[i] = facts[i];
            own_facts[i].account = obs->origins[i].account;
        }
        facts = own_facts;
    }
    /* Each origin's fix guides are built as its report is written, then
     * freed: 10,000 failing origins would otherwise hold 46 MB of them. */
    d = analyse_deferred(obs, s, trust, at ? at : time(NULL), facts);
    status = diag_all_ok(d) ? 0 : 1;
    errno = 0;
    if ((run && fmt->write_run ? fmt->write_run(out, obs, d, s, run) : fmt->write(out, obs, d, s)) <
            0 ||
        fflush(out) != 0) {
        fprintf(stderr, _("%s: cannot write the report: %s\n"), PACKAGE,
                strerror(errno ? errno : EIO));
        status = 3;
    }
out:
    diag_free(d);
    free(own_facts);
    obs_free(obs);
    viewer_free(viewer);
    obs_viewer_free(vout);
    if (url) {
        s->http_path = NULL;
        s->viewer_url = NULL;
        viewer_global_deinit();
    }
    loop_free(own);
    return status;
}
