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

/* --- the AWS CLI, several at once, on the caller's loop ---------------------- */

struct batch;

struct job {
    const char *args[10];
    char *owned[3];
    struct awscli_result res;
    struct awscli_call *call; /* while it runs */
    int64_t started_ms;       /* when it was started */
    struct batch *b;
    bool started, done;
};

/* Jobs run DISTRUN_PARALLEL at a time; all_done is called (from the loop)
 * when the last one is over.  Never blocks. */
struct batch {
    struct loop *loop;
    const struct awscli_opts *opts;
    struct job *jobs;
    size_t n, next, running, finished;
    void (*all_done)(void *arg);
    void *arg;
    struct loop_timer *empty; /* no job at all: all_done from the loop */
};

static void batch_fill(struct batch *b);

static void
job_done(void *arg, struct awscli_result *r)
{
    struct job *j = arg;
    struct batch *b = j->b;

    j->call = NULL;
    j->res = *r;
    j->done = true;
    b->running--;
    b->finished++;
    if (b->finished == b->n)
        b->all_done(b->arg); /* may free b: nothing after this */
    else
        batch_fill(b);
}

static void
batch_fill(struct batch *b)
{
    while (b->running < DISTRUN_PARALLEL && b->next < b->n) {
        struct job *j = &b->jobs[b->next++];
        j->b = b;
        j->started = true;
        j->started_ms = loop_now_ms();
        b->running++;
        j->call = awscli_start(b->loop, b->opts, j->args, job_done, j);
    }
}

static void
batch_empty(void *arg)
{
    struct batch *b = arg;
    b->empty = NULL;
    b->all_done(b->arg);
}

/* Starts the jobs; all_done is called from the loop, also for none. */
static void
batch_start(struct batch *b, struct loop *l, const struct awscli_opts *o, struct job *jobs,
            size_t n, void (*all_done)(void *), void *arg)
{
    memset(b, 0, sizeof *b);
    b->loop = l;
    b->opts = o;
    b->jobs = jobs;
    b->n = n;
    b->all_done = all_done;
    b->arg = arg;
    if (n == 0)
        b->empty = loop_timer_add(l, 0, batch_empty, b);
    else
        batch_fill(b);
}

/* Kills and reaps every job still running; all_done is not called. */
static void
batch_cancel(struct batch *b)
{
    size_t i;
    if (b->empty) {
        loop_timer_cancel(b->loop, b->empty);
        b->empty = NULL;
    }
    for (i = 0; i < b->n && b->jobs; i++)
        if (b->jobs[i].call) {
            awscli_cancel(b->jobs[i].call);
            b->jobs[i].call = NULL;
        }
    b->running = 0;
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
job_set(struct job *j, const char *a1, const char *id)
{
    memset(j, 0, sizeof *j);
    j->owned[0] = xstrdup(id);
    j->args[0] = "cloudfront";
    j->args[1] = a1;
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

/* How closely a distribution (a summary of list-distributions) answers
 * for host: its domain name, or its aliases, wildcards included
 * (distconfig_alias_rank); -1 not at all. */
static int
summary_rank(const json_t *s, const char *host)
{
    const char *dn = json_string_value(json_object_get(s, "DomainName"));
    if (dn && strcasecmp(dn, host) == 0)
        return DISTCONFIG_RANK_EXACT;
    return list_rank(json_object_get(s, "Aliases"), host);
}

/* The same for a get-distribution document. */
static int
doc_rank(const json_t *doc, const char *host)
{
    const json_t *dist = json_object_get(doc, "Distribution");
    const char *dn = json_string_value(json_object_get(dist, "DomainName"));

    if (dn && strcasecmp(dn, host) == 0)
        return DISTCONFIG_RANK_EXACT;
    return list_rank(json_object_get(json_object_get(dist, "DistributionConfig"), "Aliases"), host);
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

json_t *
distrun_summary_doc(const json_t *summary)
{
    static const char *const needed[] = {"Aliases", "Origins", "DefaultCacheBehavior",
                                         "CacheBehaviors"};
    static const char *const not_config[] = {"Id",         "ARN",
                                             "ETag",       "Status",
                                             "DomainName", "LastModifiedTime",
                                             "Staging",    "AliasICPRecordals"};
    json_t *cfg, *dist, *doc;
    const json_t *v;
    size_t i;

    if (!json_is_object(summary) || !json_is_string(json_object_get(summary, "Id")))
        return NULL;
    for (i = 0; i < sizeof needed / sizeof *needed; i++)
        if (!json_is_object(json_object_get(summary, needed[i])))
            return NULL;
    /* The summary's configuration members have DistributionConfig's
     * names and shapes (API Reference, DistributionSummary). */
    cfg = json_copy((json_t *)summary);
    for (i = 0; i < sizeof not_config / sizeof *not_config; i++)
        json_object_del(cfg, not_config[i]);
    dist = json_object();
    json_object_set(dist, "Id", json_object_get(summary, "Id"));
    if ((v = json_object_get(summary, "DomainName")) != NULL)
        json_object_set(dist, "DomainName", (json_t *)v);
    if ((v = json_object_get(summary, "Status")) != NULL)
        json_object_set(dist, "Status", (json_t *)v);
    json_object_set_new(dist, "DistributionConfig", cfg);
    doc = json_object();
    json_object_set_new(doc, "Distribution", dist);
    /* Newer API versions put the ETag in the summary; older ones do not,
     * and then it stays unknown (null in the report). */
    if ((v = json_object_get(summary, "ETag")) != NULL)
        json_object_set(doc, "ETag", (json_t *)v);
    return doc;
}

/* One distribution of the listing (or the id asked for): its document,
 * from the summary or from get-distribution. */
struct slot {
    char *id;
    json_t *summary; /* NULL for an id asked directly */
    json_t *doc;     /* complete summary, converted */
    int job;         /* index into jobs when get-distribution is needed, else -1 */
};

enum fetch_phase { PH_LIST, PH_GET, PH_POLICIES, PH_DONE };

struct distrun_fetch {
    struct loop *loop;
    struct awscli_opts opts;
    struct distrun got; /* the distributions read, appended to *out at the end */
    struct distrun *out;
    char *name; /* DOMAIN looked up, ASCII; NULL: an id, or all */
    bool all, policies;
    enum fetch_phase phase;
    struct slot *slots;
    size_t nslots;
    char *token;
    size_t pages;
    struct awscli_call *list; /* the list-distributions page being read */
    int64_t list_started;
    struct job *jobs;
    size_t njobs;
    bool *is_cache; /* PH_POLICIES: which jobs read cache policies */
    struct batch batch;
    distrun_fetch_fn fn;
    void *arg;
};

static void fetch_get(struct distrun_fetch *f);

static void
fetch_jobs_clear(struct distrun_fetch *f)
{
    size_t i;
    for (i = 0; i < f->njobs; i++)
        job_clear(&f->jobs[i]);
    free(f->jobs);
    free(f->is_cache);
    f->jobs = NULL;
    f->is_cache = NULL;
    f->njobs = 0;
}

static void
fetch_free(struct distrun_fetch *f)
{
    size_t i;

    if (f->list)
        awscli_cancel(f->list);
    batch_cancel(&f->batch);
    fetch_jobs_clear(f);
    for (i = 0; i < f->nslots; i++) {
        free(f->slots[i].id);
        if (f->slots[i].summary)
            json_decref(f->slots[i].summary);
        if (f->slots[i].doc)
            json_decref(f->slots[i].doc);
    }
    free(f->slots);
    free(f->token);
    free(f->name);
    distrun_free(&f->got);
    free(f);
}

/* The end: the distributions go to *out (on success), fn is told, f is
 * freed. */
static void
fetch_finish(struct distrun_fetch *f, enum distrun_error rc, char *err)
{
    distrun_fetch_fn fn = f->fn;
    void *arg = f->arg;
    size_t i;

    f->phase = PH_DONE;
    if (rc == DISTRUN_OK && f->got.ndists) {
        struct distrun *r = f->out;
        if (r->ndists + f->got.ndists > DISTRUN_MAX_DISTRIBUTIONS) {
            rc = DISTRUN_INPUT;
            err = xasprintf(_("more than %d distributions"), DISTRUN_MAX_DISTRIBUTIONS);
        } else {
            r->dists = xreallocarray(r->dists, r->ndists + f->got.ndists, sizeof *r->dists);
            for (i = 0; i < f->got.ndists; i++)
                r->dists[r->ndists++] = f->got.dists[i];
            free(f->got.dists);
            f->got.dists = NULL;
            f->got.ndists = 0;
        }
    }
    fetch_free(f);
    fn(arg, rc, err);
}

static void
slot_add(struct distrun_fetch *f, const char *id, json_t *summary)
{
    struct slot *s;
    f->slots = xreallocarray(f->slots, f->nslots + 1, sizeof *f->slots);
    s = &f->slots[f->nslots++];
    s->id = xstrdup(id);
    s->summary = summary ? json_incref(summary) : NULL;
    s->doc = NULL;
    s->job = -1;
}

static void list_page(struct distrun_fetch *f);

static void
list_done(void *arg, struct awscli_result *res)
{
    struct distrun_fetch *f = arg;
    const json_t *items, *next;
    char *err = NULL;
    size_t i;

    f->list = NULL;
    free(f->token);
    f->token = NULL;
    if (res->status != AWSCLI_OK) {
        err = call_error("aws cloudfront list-distributions", NULL, res);
        goto fail;
    }
    items = json_object_get(json_object_get(res->json, "DistributionList"), "Items");
    if (items && !json_is_null(items) && !json_is_array(items)) {
        err = xstrdup(_("aws cloudfront list-distributions: DistributionList.Items is not a "
                        "list"));
        goto fail;
    }
    for (i = 0; json_is_array(items) && i < json_array_size(items); i++) {
        json_t *s = json_array_get(items, i);
        const char *id = json_string_value(json_object_get(s, "Id"));
        if (!id || !*id || strlen(id) > 128) {
            err = xasprintf(_("aws cloudfront list-distributions: entry %zu has no Id"), i);
            goto fail;
        }
        if (f->nslots >= DISTRUN_MAX_DISTRIBUTIONS) {
            err = xasprintf(_("the account has more than %d distributions"),
                            DISTRUN_MAX_DISTRIBUTIONS);
            goto fail;
        }
        slot_add(f, id, s);
    }
    next = json_object_get(res->json, "NextToken");
    if (json_is_string(next) && *json_string_value(next) &&
        ++f->pages < DISTRUN_MAX_DISTRIBUTIONS / 100 + 1)
        f->token = xstrdup(json_string_value(next));
    awscli_result_clear(res);
    if (f->token)
        list_page(f);
    else
        fetch_get(f);
    return;
fail:
    awscli_result_clear(res);
    fetch_finish(f, DISTRUN_INPUT, err);
}

/* Every distribution of the account, page by page (100 a page). */
static void
list_page(struct distrun_fetch *f)
{
    const char *args[8] = {"cloudfront", "list-distributions", "--max-items", "100", NULL};

    if (f->token) {
        args[4] = "--starting-token";
        args[5] = f->token;
    }
    f->list_started = loop_now_ms();
    f->list = awscli_start(f->loop, &f->opts, args, list_done, f);
}

static void
need_get(struct distrun_fetch *f, struct slot *s)
{
    f->jobs = xreallocarray(f->jobs, f->njobs + 1, sizeof *f->jobs);
    job_set(&f->jobs[f->njobs], "get-distribution", s->id);
    s->job = (int)f->njobs++;
}

static void get_done(void *arg);

/* After the listing: which distributions are wanted, and which of them
 * need get-distribution (a summary without the configuration: a local
 * emulator's). */
static void
fetch_get(struct distrun_fetch *f)
{
    size_t i;

    f->phase = PH_GET;
    if (f->name) {
        /* An exact name (the domain or an alias) is unique among
         * distributions: that one only.  Otherwise the candidates are the
         * summaries whose wildcard aliases cover the name, and those that
         * lack Aliases (a local emulator's: read with get-distribution);
         * get_done keeps the most specific (distconfig_alias_rank). */
        size_t hit = f->nslots;
        for (i = 0; i < f->nslots && hit == f->nslots; i++)
            if (summary_rank(f->slots[i].summary, f->name) == DISTCONFIG_RANK_EXACT)
                hit = i;
        for (i = 0; i < f->nslots; i++) {
            struct slot *s = &f->slots[i];
            if (hit < f->nslots ? i != hit
                                : json_object_get(s->summary, "Aliases") &&
                                      summary_rank(s->summary, f->name) < 0)
                continue;
            if ((s->doc = distrun_summary_doc(s->summary)) == NULL)
                need_get(f, s);
        }
    } else {
        for (i = 0; i < f->nslots; i++)
            if (!f->slots[i].summary ||
                (f->slots[i].doc = distrun_summary_doc(f->slots[i].summary)) == NULL)
                need_get(f, &f->slots[i]);
    }
    batch_start(&f->batch, f->loop, &f->opts, f->jobs, f->njobs, get_done, f);
}

static void policies_start(struct distrun_fetch *f);

/* Every get-distribution is over: the distributions, in the listing's
 * order; the first failure (in that order) is the error. */
static void
get_done(void *arg)
{
    struct distrun_fetch *f = arg;
    enum distrun_error rc = DISTRUN_OK;
    char *err = NULL;
    size_t i, best = f->nslots;
    int br = -1;

    /* Each distribution's document (from its summary or get-distribution);
     * for a name, the one that answers for it most closely (ties: the
     * first). */
    for (i = 0; i < f->nslots; i++) {
        struct slot *s = &f->slots[i];
        if (s->job >= 0) {
            struct job *j = &f->jobs[s->job];
            if (j->res.status != AWSCLI_OK) {
                err = call_error("aws cloudfront get-distribution --id", s->id, &j->res);
                rc = DISTRUN_INPUT;
                break;
            }
            s->doc = json_incref(j->res.json);
        }
        if (f->name && s->doc) {
            int x = doc_rank(s->doc, f->name);
            if (x > br) {
                br = x;
                best = i;
            }
        }
    }
    for (i = 0; i < f->nslots && rc == DISTRUN_OK; i++) {
        struct slot *s = &f->slots[i];
        const json_t *doc = s->doc;
        char *sid, *what;
        if (!doc || (f->name && i != best))
            continue;
        sid = sanitize(s->id);
        what = s->job >= 0 ? xasprintf("aws cloudfront get-distribution --id %s", sid)
                           : xasprintf("aws cloudfront list-distributions (%s)", sid);
        rc = add_doc(&f->got, doc, NULL, what, &err);
        free(what);
        free(sid);
    }
    if (rc == DISTRUN_OK && f->name && f->got.ndists == 1)
        /* Found through a wildcard: the name is the Host a viewer sends. */
        distconfig_set_viewer_host(&f->got.dists[0].dc, f->name);
    if (rc == DISTRUN_OK && f->name && f->got.ndists == 0) {
        err = xasprintf(_("--distribution: no distribution of this account has the domain name "
                          "%s (looked at %zu)"),
                        f->name, f->nslots);
        rc = DISTRUN_INPUT;
    }
    if (rc == DISTRUN_OK && f->all && f->nslots == 0) {
        err = xstrdup(_("--all-distributions: the account has no distribution"));
        rc = DISTRUN_INPUT;
    }
    if (rc != DISTRUN_OK || !f->policies) {
        fetch_finish(f, rc, err);
        return;
    }
    fetch_jobs_clear(f);
    policies_start(f);
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

/* One job per distinct custom policy id (origin request or cache policy)
 * among r's behaviours: each is read once per run. */
static void
policy_jobs(const struct distrun *r, struct job **jobs, bool **is_cache, size_t *n)
{
    size_t i, k, b;

    *jobs = NULL;
    *is_cache = NULL;
    *n = 0;
    for (i = 0; i < r->ndists; i++)
        for (b = 0; b < r->dists[i].dc.nbehaviors; b++) {
            const struct distconfig_behavior *bh = &r->dists[i].dc.behaviors[b];
            const char *ids[2] = {bh->policy_id, bh->cache_policy_id};
            int w;
            for (w = 0; w < 2; w++) {
                if (!ids[w])
                    continue;
                for (k = 0; k < *n; k++)
                    if (strcmp((*jobs)[k].owned[0], ids[w]) == 0 && (*is_cache)[k] == (w == 1))
                        break;
                if (k < *n)
                    continue;
                *jobs = xreallocarray(*jobs, *n + 1, sizeof **jobs);
                *is_cache = xreallocarray(*is_cache, *n + 1, sizeof **is_cache);
                job_set(&(*jobs)[*n], w ? "get-cache-policy" : "get-origin-request-policy", ids[w]);
                (*is_cache)[*n] = w == 1;
                (*n)++;
            }
        }
}

/* The policies read (o NULL: none could be, --no-aws) decide the Host of
 * the behaviours that wait for them; the others get a note. */
static void
policy_apply(struct distrun *r, bool aws, const struct job *jobs, const bool *is_cache, size_t n)
{
    size_t i, k, b;

    for (k = 0; k < n; k++) {
        bool ok = aws && jobs[k].done && jobs[k].res.status == AWSCLI_OK;
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
                const char *why = !aws ? _("--no-aws")
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
}

static void
policies_done(void *arg)
{
    struct distrun_fetch *f = arg;

    policy_apply(&f->got, true, f->jobs, f->is_cache, f->njobs);
    fetch_finish(f, DISTRUN_OK, NULL);
}

static void
policies_start(struct distrun_fetch *f)
{
    f->phase = PH_POLICIES;
    policy_jobs(&f->got, &f->jobs, &f->is_cache, &f->njobs);
    batch_start(&f->batch, f->loop, &f->opts, f->jobs, f->njobs, policies_done, f);
}

struct distrun_fetch *
distrun_fetch_policies(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                       struct distrun *given, distrun_fetch_fn fn, void *arg)
{
    struct distrun_fetch *f;
    struct job *jobs;
    bool *is_cache;
    size_t n, k;

    policy_jobs(given, &jobs, &is_cache, &n);
    for (k = 0; k < n; k++)
        job_clear(&jobs[k]);
    free(jobs);
    free(is_cache);
    if (n == 0)
        return NULL;
    f = xcalloc(1, sizeof *f);
    f->loop = l;
    f->opts = *o;
    f->out = r;
    f->got = *given;
    memset(given, 0, sizeof *given);
    f->fn = fn;
    f->arg = arg;
    policies_start(f);
    return f;
}

struct distrun_fetch *
distrun_fetch_start(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                    const char *id_or_domain, bool policies, distrun_fetch_fn fn, void *arg,
                    char **err)
{
    struct distrun_fetch *f;
    char *name = NULL;
    const char *e;

    *err = NULL;
    if (id_or_domain && !looks_like_id(id_or_domain) &&
        !(name = target_host_ascii(id_or_domain, &e))) {
        char *s = sanitize(id_or_domain);
        *err = xasprintf(_("--distribution: '%s' is neither a distribution id nor a domain name "
                           "(%s)"),
                         s, e);
        free(s);
        return NULL;
    }
    f = xcalloc(1, sizeof *f);
    f->loop = l;
    f->opts = *o;
    f->out = r;
    f->name = name;
    f->all = !id_or_domain;
    f->policies = policies;
    f->fn = fn;
    f->arg = arg;
    if (id_or_domain && !name) {
        slot_add(f, id_or_domain, NULL);
        fetch_get(f);
    } else {
        f->phase = PH_LIST;
        list_page(f);
    }
    return f;
}

void
distrun_fetch_cancel(struct distrun_fetch *f)
{
    if (f)
        fetch_free(f);
}

/* The oldest job still running (NULL when none runs). */
static const struct job *
batch_oldest(const struct batch *b)
{
    const struct job *o = NULL;
    size_t i;
    for (i = 0; i < b->n && b->jobs; i++)
        if (b->jobs[i].call && (!o || b->jobs[i].started_ms < o->started_ms))
            o = &b->jobs[i];
    return o;
}

const char *
distrun_fetch_doing(const struct distrun_fetch *f, int64_t *since_ms)
{
    const struct job *j;

    *since_ms = loop_now_ms();
    if (f->phase == PH_LIST) {
        *since_ms = f->list_started;
        return "list-distributions";
    }
    if ((j = batch_oldest(&f->batch)) == NULL)
        return f->phase == PH_GET ? "get-distribution" : "";
    *since_ms = j->started_ms;
    return j->args[1]; /* get-distribution, get-origin-request-policy, get-cache-policy */
}

/* --- the same, waited for ---------------------------------------------------- */

struct wait_state {
    struct loop *loop;
    bool done;
    enum distrun_error rc;
    char *err;
};

static void
wait_done(void *arg, enum distrun_error rc, char *err)
{
    struct wait_state *w = arg;
    w->done = true;
    w->rc = rc;
    w->err = err;
    loop_stop(w->loop);
}

/* Runs l until the fetch is over. */
static enum distrun_error
fetch_wait(struct distrun *r, struct loop *l, const struct awscli_opts *o, const char *what,
           char **err)
{
    struct wait_state w = {l, false, DISTRUN_OK, NULL};
    struct distrun_fetch *f = distrun_fetch_start(r, l, o, what, false, wait_done, &w, err);

    if (!f)
        return DISTRUN_INPUT;
    while (!w.done) {
        loop_restart(l);
        if (loop_run(l) < 0 || (!w.done && !loop_stopped(l))) {
            /* poll failed, or nothing left to wait for: our failure */
            if (!w.done)
                distrun_fetch_cancel(f);
            *err = xstrdup(_("the AWS CLI calls could not be completed"));
            loop_restart(l);
            return DISTRUN_INTERNAL;
        }
    }
    loop_restart(l);
    *err = w.err;
    return w.rc;
}

enum distrun_error
distrun_add_aws(struct distrun *r, struct loop *l, const struct awscli_opts *o,
                const char *id_or_domain, char **err)
{
    return fetch_wait(r, l, o, id_or_domain, err);
}

enum distrun_error
distrun_add_all(struct distrun *r, struct loop *l, const struct awscli_opts *o, char **err)
{
    return fetch_wait(r, l, o, NULL, err);
}

struct policies_wait {
    struct loop *loop;
    bool done;
};

static void
policies_waited(void *arg)
{
    struct policies_wait *w = arg;
    w->done = true;
    loop_stop(w->loop);
}

void
distrun_read_policies(struct distrun *r, struct loop *l, const struct awscli_opts *o)
{
    struct job *jobs;
    bool *is_cache;
    size_t n, k;

    policy_jobs(r, &jobs, &is_cache, &n);
    if (o && n) {
        struct policies_wait w = {l, false};
        struct batch b;
        batch_start(&b, l, o, jobs, n, policies_waited, &w);
        while (!w.done) {
            loop_restart(l);
            if (loop_run(l) < 0 || (!w.done && !loop_stopped(l))) {
                batch_cancel(&b); /* what was not read stays unknown */
                break;
            }
        }
        loop_restart(l);
    }
    policy_apply(r, o != NULL, jobs, is_cache, n);
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
