#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "distrun.h"
#include "i18n.h"
#include "sanitize.h"
#include "xmalloc.h"

/* --- reading a saved configuration ----------------------------------------- */

static char *
name_of(const char *path)
{
    char *clean = sanitize(strcmp(path, "-") == 0 ? _("standard input") : path);
    return clean;
}

/* The JSON document in data, as a distribution; source NULL for the CLI. */
static enum distrun_error
add_doc(struct distrun *r, const json_t *doc, const char *source, const char *what, char **err)
{
    struct distrun_dist *d;
    char *perr = NULL;
    struct distconfig dc;

    if (!distconfig_parse(doc, &dc, &perr)) {
        *err = xasprintf("%s: %s", what, perr);
        free(perr);
        return DISTRUN_INPUT;
    }
    if (r->ndists >= DISTRUN_MAX_DISTRIBUTIONS) {
        distconfig_clear(&dc);
        *err = xasprintf(_("more than %d distributions"), DISTRUN_MAX_DISTRIBUTIONS);
        return DISTRUN_INPUT;
    }
    r->dists = xreallocarray(r->dists, r->ndists + 1, sizeof *r->dists);
    d = &r->dists[r->ndists++];
    memset(d, 0, sizeof *d);
    d->dc = dc;
    d->source = source ? xstrdup(source) : NULL;
    return DISTRUN_OK;
}

enum distrun_error
distrun_add_file(struct distrun *r, const char *path, char **err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *data = NULL, *shown = name_of(path);
    size_t len = 0, cap = 0, n;
    json_error_t jerr;
    json_t *doc = NULL;
    enum distrun_error rc = DISTRUN_INPUT;

    *err = NULL;
    if (!f) {
        *err = xasprintf(_("%s: cannot read: %s"), shown, strerror(errno));
        goto out;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            data = xrealloc(data, cap + 1);
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
        if (len > DISTRUN_MAX_FILE) {
            *err = xasprintf(_("%s: larger than %u MiB: not a distribution configuration"), shown,
                             DISTRUN_MAX_FILE >> 20);
            goto out;
        }
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        *err = xasprintf(_("%s: cannot read: %s"), shown, strerror(errno));
        goto out;
    }
    if (len == 0) {
        *err = xasprintf(_("%s: empty: not a distribution configuration"), shown);
        goto out;
    }
    doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        char *why = sanitize(jerr.text);
        *err = xasprintf(_("%s: not valid JSON (line %d, column %d): %s"), shown, jerr.line,
                         jerr.column, why);
        free(why);
        goto out;
    }
    rc = add_doc(r, doc, path, shown, err);
out:
    if (f && f != stdin)
        fclose(f);
    if (doc)
        json_decref(doc);
    free(data);
    free(shown);
    return rc;
}

/* --- the AWS CLI, several at once ------------------------------------------ */

struct job {
    const char *args[10];
    char *owned[3];
    struct awscli_result res;
    bool started, done;
};

struct batch {
    struct loop *loop;
    const struct awscli_opts *opts;
    struct job *jobs;
    size_t n, next, running, finished;
};

static void start_next(struct batch *b);

struct job_arg {
    struct batch *b;
    struct job *j;
};

static void
job_done(void *arg, struct awscli_result *r)
{
    struct job_arg *ja = arg;
    struct batch *b = ja->b;

    ja->j->res = *r;
    ja->j->done = true;
    free(ja);
    b->running--;
    b->finished++;
    if (b->finished == b->n)
        loop_stop(b->loop);
    else
        start_next(b);
}

static void
start_next(struct batch *b)
{
    while (b->running < DISTRUN_PARALLEL && b->next < b->n) {
        struct job_arg *ja = xmalloc(sizeof *ja);
        ja->b = b;
        ja->j = &b->jobs[b->next++];
        ja->j->started = true;
        b->running++;
        awscli_start(b->loop, b->opts, ja->j->args, job_done, ja);
    }
}

/* Runs every job to completion, DISTRUN_PARALLEL at a time. */
static void
run_jobs(struct loop *l, const struct awscli_opts *o, struct job *jobs, size_t n)
{
    struct batch b = {l, o, jobs, n, 0, 0, 0};

    if (n == 0)
        return;
    start_next(&b);
    while (b.finished < n) {
        loop_restart(l);
        if (loop_run(l) < 0)
            break;
    }
    loop_restart(l);
}

static void
job_clear(struct job *j)
{
    size_t i;
    for (i = 0; i < sizeof j->owned / sizeof *j->owned; i++)
        free(j->owned[i]);
    awscli_result_clear(&j->res);
}

static void
job_get_distribution(struct job *j, const char *id)
{
    memset(j, 0, sizeof *j);
    j->owned[0] = xstrdup(id);
    j->args[0] = "cloudfront";
    j->args[1] = "get-distribution";
    j->args[2] = "--id";
    j->args[3] = j->owned[0];
}

/* "aws cloudfront get-distribution --id ID: <why>" for the error line. */
static char *
call_error(const char *call, const char *arg, const struct awscli_result *res)
{
    char *sarg = sanitize(arg ? arg : "");
    char *e = xasprintf("%s%s%s: %s", call, *sarg ? " " : "", sarg, res->message);
    free(sarg);
    return e;
}

/* Every distribution id of the account, page by page (100 a page). */
static enum distrun_error
list_ids(struct loop *l, const struct awscli_opts *o, char ***ids, size_t *nids,
         json_t ***summaries, char **err)
{
    char *token = NULL;
    size_t pages = 0;

    *ids = NULL;
    *nids = 0;
    *summaries = NULL;
    do {
        const char *args[8] = {"cloudfront", "list-distributions", "--max-items", "100", NULL};
        struct awscli_result res;
        const json_t *items, *next;
        size_t i;

        if (token) {
            args[4] = "--starting-token";
            args[5] = token;
        }
        awscli_run(l, o, args, &res);
        free(token);
        token = NULL;
        if (res.status != AWSCLI_OK) {
            *err = call_error("aws cloudfront list-distributions", NULL, &res);
            awscli_result_clear(&res);
            return DISTRUN_INPUT;
        }
        items = json_object_get(json_object_get(res.json, "DistributionList"), "Items");
        if (items && !json_is_array(items)) {
            *err = xstrdup(_("aws cloudfront list-distributions: DistributionList.Items is not a "
                             "list"));
            awscli_result_clear(&res);
            return DISTRUN_INPUT;
        }
        for (i = 0; items && i < json_array_size(items); i++) {
            json_t *s = json_array_get(items, i);
            const char *id = json_string_value(json_object_get(s, "Id"));
            if (!id || !*id || strlen(id) > 128) {
                *err = xasprintf(_("aws cloudfront list-distributions: entry %zu has no Id"), i);
                awscli_result_clear(&res);
                return DISTRUN_INPUT;
            }
            if (*nids >= DISTRUN_MAX_DISTRIBUTIONS) {
                *err = xasprintf(_("the account has more than %d distributions"),
                                 DISTRUN_MAX_DISTRIBUTIONS);
                awscli_result_clear(&res);
                return DISTRUN_INPUT;
            }
            *ids = xreallocarray(*ids, *nids + 1, sizeof **ids);
            *summaries = xreallocarray(*summaries, *nids + 1, sizeof **summaries);
            (*ids)[*nids] = xstrdup(id);
            (*summaries)[*nids] = json_incref(s);
            (*nids)++;
        }
        next = json_object_get(res.json, "NextToken");
        if (json_is_string(next) && *json_string_value(next))
            token = xstrdup(json_string_value(next));
        awscli_result_clear(&res);
    } while (token && ++pages < DISTRUN_MAX_DISTRIBUTIONS / 100 + 1);
    free(token);
    return DISTRUN_OK;
}

static void
free_ids(char **ids, json_t **summaries, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(ids[i]);
        json_decref(summaries[i]);
    }
    free(ids);
    free(summaries);
}

/* Fetches get-distribution for ids[] (all at once, bounded) and adds
 * them all (rank NULL), or only the one rank() puts highest (ties: the
 * first; none when every rank is below 0), into *best_rank. */
static enum distrun_error
fetch_and_add(struct distrun *r, struct loop *l, const struct awscli_opts *o, char **ids, size_t n,
              int (*rank)(const json_t *doc, const void *arg), const void *arg, size_t *added,
              int *best_rank, char **err)
{
    struct job *jobs = xcalloc(n ? n : 1, sizeof *jobs);
    enum distrun_error rc = DISTRUN_OK;
    size_t i, best = n;
    int br = -1;

    *added = 0;
    for (i = 0; i < n; i++)
        job_get_distribution(&jobs[i], ids[i]);
    run_jobs(l, o, jobs, n);
    for (i = 0; i < n; i++) {
        if (!jobs[i].done || jobs[i].res.status != AWSCLI_OK) {
            if (jobs[i].done)
                *err = call_error("aws cloudfront get-distribution --id", ids[i], &jobs[i].res);
            else
                *err = xstrdup(_("the AWS CLI calls could not be completed"));
            rc = jobs[i].done ? DISTRUN_INPUT : DISTRUN_INTERNAL;
            break;
        }
        if (rank) {
            int x = rank(jobs[i].res.json, arg);
            if (x > br) {
                br = x;
                best = i;
            }
        }
    }
    if (best_rank)
        *best_rank = br;
    for (i = 0; i < n && rc == DISTRUN_OK; i++) {
        if (rank && i != best)
            continue;
        {
            char *sid = sanitize(ids[i]);
            char *what = xasprintf("aws cloudfront get-distribution --id %s", sid);
            rc = add_doc(r, jobs[i].res.json, NULL, what, err);
            free(what);
            free(sid);
        }
        if (rc == DISTRUN_OK)
            (*added)++;
    }
    for (i = 0; i < n; i++)
        job_clear(&jobs[i]);
    free(jobs);
    return rc;
}

/* The best distconfig_alias_rank() of a list of names ({"Quantity",
 * "Items"}) for host, -1 none. */
static int
list_rank(const json_t *list, const char *host)
{
    const json_t *items = json_object_get(list, "Items");
    int best = -1, r;
    size_t i;
    for (i = 0; json_is_array(items) && i < json_array_size(items); i++) {
        const char *s = json_string_value(json_array_get(items, i));
        if (s && (r = distconfig_alias_rank(s, host)) > best)
            best = r;
    }
    return best;
}

/* How closely a distribution (a get-distribution answer, or a summary of
 * list-distributions) answers for host: its domain name, or its aliases,
 * wildcards included (distconfig_alias_rank). */
static int
summary_rank(const json_t *s, const char *host)
{
    const char *dn = json_string_value(json_object_get(s, "DomainName"));
    if (dn && strcasecmp(dn, host) == 0)
        return DISTCONFIG_RANK_EXACT;
    return list_rank(json_object_get(s, "Aliases"), host);
}

static int
doc_rank(const json_t *doc, const void *arg)
{
    const json_t *dist = json_object_get(doc, "Distribution");
    const char *dn = json_string_value(json_object_get(dist, "DomainName"));
    const char *name = arg;

    if (dn && strcasecmp(dn, name) == 0)
        return DISTCONFIG_RANK_EXACT;
    return list_rank(json_object_get(json_object_get(dist, "DistributionConfig"), "Aliases"), name);
}

static bool
looks_like_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isupper((unsigned char)s[n]) && !isdigit((unsigned char)s[n]))
            return false;
    return n > 0 && n <= 64;
}

enum distrun_error
distrun_add_aws(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                const char *id_or_domain, char **err)
{
    char **ids, **todo = NULL, *name;
    json_t **sums;
    size_t nids, ntodo = 0, i, added = 0;
    const char *e;
    enum distrun_error rc;
    int rank = -1;

    *err = NULL;
    if (looks_like_id(id_or_domain)) {
        char *one[1] = {(char *)id_or_domain};
        return fetch_and_add(r, l, o, one, 1, NULL, NULL, &added, NULL, err);
    }
    if (!(name = target_host_ascii(id_or_domain, &e))) {
        char *s = sanitize(id_or_domain);
        *err = xasprintf(_("--distribution: '%s' is neither a distribution id nor a domain name "
                           "(%s)"),
                         s, e);
        free(s);
        return DISTRUN_INPUT;
    }
    if ((rc = list_ids(l, o, &ids, &nids, &sums, err)) != DISTRUN_OK) {
        free(name);
        return rc;
    }
    /* A summary names the distribution's domain and aliases; one that
     * lacks Aliases (a local emulator's) is completed with
     * get-distribution.  An exact name is unique among distributions and
     * ends the search; wildcard aliases that cover it are candidates,
     * and the most specific one wins (distconfig_alias_rank). */
    for (i = 0; i < nids; i++) {
        const json_t *al = json_object_get(sums[i], "Aliases");
        int x = summary_rank(sums[i], name);
        if (x == DISTCONFIG_RANK_EXACT) {
            free(todo);
            todo = xmalloc(sizeof *todo);
            todo[0] = ids[i];
            ntodo = 1;
            break;
        }
        if (!al || x >= 0) {
            todo = xreallocarray(todo, ntodo + 1, sizeof *todo);
            todo[ntodo++] = ids[i];
        }
    }
    rc = fetch_and_add(r, l, o, todo, ntodo, doc_rank, name, &added, &rank, err);
    if (rc == DISTRUN_OK && added == 1)
        /* Found through a wildcard: the name is the Host a viewer sends. */
        distconfig_set_viewer_host(&r->dists[r->ndists - 1].dc, name);
    if (rc == DISTRUN_OK && added == 0) {
        *err = xasprintf(_("--distribution: no distribution of this account has the domain name "
                           "%s (looked at %zu)"),
                         name, nids);
        rc = DISTRUN_INPUT;
    }
    free(todo);
    free(name);
    free_ids(ids, sums, nids);
    return rc;
}

enum distrun_error
distrun_add_all(struct distrun *r, struct loop *l, const struct awscli_opts *o, char **err)
{
    char **ids;
    json_t **sums;
    size_t nids, added;
    enum distrun_error rc;

    *err = NULL;
    if ((rc = list_ids(l, o, &ids, &nids, &sums, err)) != DISTRUN_OK)
        return rc;
    if (nids == 0) {
        *err = xstrdup(_("--all-distributions: the account has no distribution"));
        free_ids(ids, sums, nids);
        return DISTRUN_INPUT;
    }
    rc = fetch_and_add(r, l, o, ids, nids, NULL, NULL, &added, NULL, err);
    free_ids(ids, sums, nids);
    return rc;
}

/* --- custom policies --------------------------------------------------------- */

static void
add_note(struct distrun_dist *d, char *note)
{
    size_t i;
    for (i = 0; i < d->nnotes; i++)
        if (strcmp(d->notes[i], note) == 0) {
            free(note);
            return;
        }
    d->notes = xreallocarray(d->notes, d->nnotes + 1, sizeof *d->notes);
    d->notes[d->nnotes++] = note;
}

void
distrun_read_policies(struct distrun *r, struct loop *l, const struct awscli_opts *o)
{
    struct job *jobs = NULL;
    bool *is_cache = NULL;
    size_t n = 0, i, k, b;

    for (i = 0; i < r->ndists; i++)
        for (b = 0; b < r->dists[i].dc.nbehaviors; b++) {
            const struct distconfig_behavior *bh = &r->dists[i].dc.behaviors[b];
            const char *ids[2] = {bh->policy_id, bh->cache_policy_id};
            int w;
            for (w = 0; w < 2; w++) {
                if (!ids[w])
                    continue;
                for (k = 0; k < n; k++)
                    if (strcmp(jobs[k].owned[0], ids[w]) == 0 && is_cache[k] == (w == 1))
                        break;
                if (k < n)
                    continue;
                jobs = xreallocarray(jobs, n + 1, sizeof *jobs);
                is_cache = xreallocarray(is_cache, n + 1, sizeof *is_cache);
                memset(&jobs[n], 0, sizeof *jobs);
                jobs[n].owned[0] = xstrdup(ids[w]);
                jobs[n].args[0] = "cloudfront";
                jobs[n].args[1] = w ? "get-cache-policy" : "get-origin-request-policy";
                jobs[n].args[2] = "--id";
                jobs[n].args[3] = jobs[n].owned[0];
                is_cache[n] = w == 1;
                n++;
            }
        }
    if (o)
        run_jobs(l, o, jobs, n);
    for (k = 0; k < n; k++) {
        bool ok = o && jobs[k].done && jobs[k].res.status == AWSCLI_OK;
        for (i = 0; i < r->ndists; i++) {
            struct distrun_dist *d = &r->dists[i];
            bool uses = false;
            for (b = 0; b < d->dc.nbehaviors; b++) {
                const char *id =
                    is_cache[k] ? d->dc.behaviors[b].cache_policy_id : d->dc.behaviors[b].policy_id;
                uses = uses || (id && strcmp(id, jobs[k].owned[0]) == 0);
            }
            if (!uses)
                continue;
            if (ok && distconfig_set_policy(&d->dc, jobs[k].owned[0], jobs[k].res.json))
                continue;
            {
                char *sid = sanitize(jobs[k].owned[0]);
                const char *why = !o ? _("--no-aws")
                                  : jobs[k].done && jobs[k].res.message
                                      ? jobs[k].res.message
                                      : _("its HeadersConfig is not readable");
                add_note(d, xasprintf(is_cache[k]
                                          ? _("cache policy %s could not be read (%s): whether "
                                              "it forwards Host is unknown, so both names are "
                                              "probed")
                                          : _("origin request policy %s could not be read (%s): "
                                              "whether it forwards Host is unknown, so both "
                                              "names are probed"),
                                      sid, why));
                free(sid);
            }
        }
    }
    for (k = 0; k < n; k++)
        job_clear(&jobs[k]);
    free(jobs);
    free(is_cache);
}

/* --- the viewer's distribution ------------------------------------------------ */

/* The distribution among r's that CloudFront picks for host: an exact
 * name before any wildcard alias, the more specific wildcard before the
 * other (distconfig_alias_rank), the first given on a tie. */
static bool
mark_viewer(struct distrun *r, const char *host, const char *path)
{
    struct distconfig *dc;
    const struct distconfig_behavior *b;
    size_t i, best = r->ndists;
    int br = -1, x;

    for (i = 0; i < r->ndists; i++)
        if (r->dists[i].dc.nbehaviors && (x = distconfig_host_rank(&r->dists[i].dc, host)) > br) {
            br = x;
            best = i;
        }
    if (best == r->ndists)
        return false;
    dc = &r->dists[best].dc;
    /* Only a wildcard covers it: the host is a name CloudFront sends. */
    distconfig_set_viewer_host(dc, host);
    r->viewer_found = r->viewer_in_run = true;
    r->viewer_dist = best;
    r->viewer_behavior = distconfig_behavior_for(dc, path);
    b = &dc->behaviors[r->viewer_behavior];
    r->viewer_id = dc->id ? xstrdup(dc->id) : NULL;
    r->viewer_status = dc->status ? xstrdup(dc->status) : NULL;
    r->viewer_pattern = xstrdup(b->path);
    r->viewer_origin = xstrdup(b->target_id);
    return true;
}

bool
distrun_viewer(struct distrun *r, struct loop *l, const struct awscli_opts *aws, const char *host,
               const char *path, bool https)
{
    char *err = NULL, *shost;
    enum distrun_error rc;

    free(r->viewer_host);
    free(r->viewer_note);
    r->viewer_note = NULL;
    r->viewer_found = false;
    r->viewer_host = xstrdup(host);
    r->viewer_https = https;
    if (mark_viewer(r, host, path))
        return true;
    shost = sanitize(host);
    if (r->ndists || !aws) {
        /* Distributions were given and none is this host's, or there is
         * no AWS access: nothing more to look at. */
        r->viewer_note =
            r->ndists
                ? xasprintf(_("none of the distributions given has %s among its alternate "
                              "domain names"),
                            shost)
                : xasprintf(_("the distribution serving %s was not looked up (--no-aws)"), shost);
        free(shost);
        return false;
    }
    rc = distrun_add_aws(r, l, aws, host, &err);
    if (rc == DISTRUN_OK && mark_viewer(r, host, path)) {
        r->viewer_added = true;
        free(shost);
        return true;
    }
    /* Not found, or the CLI could not say: the error line as the note. */
    r->viewer_note =
        xasprintf(_("the distribution serving %s could not be found: %s"), shost, err ? err : "?");
    free(err);
    free(shost);
    return false;
}

void
distrun_viewer_only(struct distrun *r)
{
    struct distrun_dist *d;

    if (!r->viewer_added || !r->viewer_in_run || r->viewer_dist + 1 != r->ndists)
        return;
    /* The look-up appended it: the last one. */
    d = &r->dists[--r->ndists];
    distconfig_clear(&d->dc);
    free(d->source);
    r->viewer_in_run = false;
}

/* How close probe t is to what the viewer's request makes CloudFront do:
 * 0 the viewer's behaviour, Host and protocol; 1 the behaviour; 2 other. */
static int
viewer_rank(const struct distrun *r, const struct distrun_dist *d,
            const struct distconfig_target *t)
{
    const struct distconfig_origin *o = &d->dc.origins[t->origin];
    bool host_ok, proto_ok;

    if (!distconfig_target_serves(&d->dc, t, r->viewer_behavior))
        return 2;
    host_ok =
        !t->host_header || (r->viewer_host && strcasecmp(t->host_header, r->viewer_host) == 0);
    /* match-viewer: HTTPS to the origin only for an HTTPS viewer. */
    proto_ok = o->policy != DC_MATCH_VIEWER || t->tls == r->viewer_https;
    return host_ok && proto_ok ? 0 : 1;
}

/* The viewer's probes first, the order otherwise kept (a stable sort of
 * at most a few hundred entries: insertion). */
static void
viewer_first(const struct distrun *r, struct distrun_dist *d)
{
    size_t i, j;

    for (i = 1; i < d->ntargets; i++) {
        struct distconfig_target t = d->targets[i];
        int rank = viewer_rank(r, d, &t);
        for (j = i; j > 0 && viewer_rank(r, d, &d->targets[j - 1]) > rank; j--)
            d->targets[j] = d->targets[j - 1];
        d->targets[j] = t;
    }
}

/* --- probes ---------------------------------------------------------------- */

void
distrun_targets(struct distrun *r, struct target **targets, size_t *ntargets)
{
    size_t i, k;

    for (i = 0; i < r->ndists; i++) {
        struct distrun_dist *d = &r->dists[i];
        distconfig_targets(&d->dc, &d->targets, &d->ntargets);
        if (r->viewer_in_run && r->viewer_dist == i)
            viewer_first(r, d);
        d->first = *ntargets;
        *targets = xreallocarray(*targets, *ntargets + d->ntargets + 1, sizeof **targets);
        for (k = 0; k < d->ntargets; k++) {
            const struct distconfig_target *dt = &d->targets[k];
            const struct distconfig_origin *o = &d->dc.origins[dt->origin];
            struct target *t = &(*targets)[(*ntargets)++];
            size_t h;
            /* Every CloudFront setting of the origin, on its own probe. */
            target_init(t);
            t->id = xstrdup(o->id);
            t->input = xstrdup(o->domain_name);
            t->name = xstrdup(o->domain_name);
            t->https_port = o->https_port;
            t->http_port = o->http_port;
            /* The HTTP probe of a match-viewer origin is CloudFront's
             * request for an HTTP viewer: no TLS. */
            t->policy = !dt->tls                       ? POLICY_HTTP_ONLY
                        : o->policy == DC_MATCH_VIEWER ? POLICY_MATCH_VIEWER
                                                       : POLICY_HTTPS_ONLY;
            if (o->ssl_protocols)
                t->ssl_protocols = o->ssl_protocols;
            t->connect_timeout_ms = o->connection_timeout_s * 1000;
            t->connect_attempts = o->connection_attempts;
            t->read_timeout_ms = o->read_timeout_s * 1000;
            t->keepalive_timeout_s = o->keepalive_timeout_s;
            for (h = 0; h < o->nheaders; h++)
                target_add_header(t, o->headers[h].name, o->headers[h].value);
            t->host_header = dt->host_header ? xstrdup(dt->host_header) : NULL;
            t->origin_path = o->origin_path && *o->origin_path ? xstrdup(o->origin_path) : NULL;
        }
    }
}

bool
distrun_locate(const struct distrun *r, size_t i, const struct distrun_dist **d,
               const struct distconfig_target **t)
{
    size_t k;
    if (!r)
        return false;
    for (k = 0; k < r->ndists; k++) {
        const struct distrun_dist *x = &r->dists[k];
        if (i >= x->first && i < x->first + x->ntargets) {
            *d = x;
            *t = &x->targets[i - x->first];
            return true;
        }
    }
    return false;
}

const char *
distrun_verdict(const struct distrun_dist *d, const struct diagnosis *diag)
{
    bool unknown = false;
    size_t k;

    if (d->ntargets == 0)
        return "skipped";
    for (k = 0; k < d->ntargets; k++) {
        if (d->first + k >= diag->norigins)
            continue;
        if (diag->origins[d->first + k].verdict == VERDICT_FAIL)
            return "fail";
        unknown = unknown || diag->origins[d->first + k].verdict == VERDICT_UNKNOWN;
    }
    return unknown ? "unknown" : "ok";
}

void
distrun_free(struct distrun *r)
{
    size_t i, k;
    for (i = 0; i < r->ndists; i++) {
        struct distrun_dist *d = &r->dists[i];
        distconfig_clear(&d->dc);
        free(d->source);
        distconfig_targets_free(d->targets, d->ntargets);
        for (k = 0; k < d->nnotes; k++)
            free(d->notes[k]);
        free(d->notes);
    }
    free(r->dists);
    free(r->viewer_host);
    free(r->viewer_note);
    free(r->viewer_id);
    free(r->viewer_status);
    free(r->viewer_pattern);
    free(r->viewer_origin);
    memset(r, 0, sizeof *r);
}
