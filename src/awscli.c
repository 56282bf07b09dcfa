#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "awscli.h"
#include "i18n.h"
#include "sanitize.h"
#include "xmalloc.h"

extern char **environ;

#define REAP_POLL_MS 10    /* after both pipes closed, until the child exits */
#define MAX_LINE_SHOWN 240 /* characters of the CLI's message we repeat */

#define X_NAME(e, name) name,
static const char *const status_names[] = {AWSCLI_STATUS_TABLE(X_NAME)};
#undef X_NAME

const char *
awscli_status_name(enum awscli_status s)
{
    return status_names[s];
}

struct buf {
    char *data;
    size_t len, cap, max;
    bool overflow;
};

struct awscli_call {
    struct loop *loop;
    pid_t pid;
    int out_fd, err_fd;
    struct buf out, err;
    struct loop_timer *deadline, *reap;
    bool timed_out;
    char *service;
    awscli_done_fn fn;
    void *arg;
    struct awscli_result result;
};

static void
buf_append(struct buf *b, const char *p, size_t n)
{
    if (b->len + n > b->max) {
        b->overflow = true;
        n = b->max - b->len;
    }
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 4096;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
awscli_result_clear(struct awscli_result *r)
{
    if (r->json)
        json_decref(r->json);
    free(r->message);
    memset(r, 0, sizeof *r);
}

/* The first non-empty line of s, sanitized and cut to MAX_LINE_SHOWN
 * characters; fresh. */
static char *
first_line(const char *s)
{
    const char *end;
    char *raw, *clean;

    if (!s)
        return xstrdup("");
    while (*s == '\n' || *s == '\r' || *s == ' ')
        s++;
    end = strpbrk(s, "\r\n");
    if (!end)
        end = s + strlen(s);
    if (end - s > MAX_LINE_SHOWN)
        end = s + MAX_LINE_SHOWN;
    raw = xstrndup(s, (size_t)(end - s));
    clean = sanitize(raw);
    free(raw);
    return clean;
}

/* "An error occurred (CODE) when calling the OP operation": copies CODE
 * and OP (each at most n-1 bytes of [A-Za-z0-9._-]); for a CODE that is an
 * HTTP status, the <Code> of an XML body when there is one. */
static bool
parse_error(const char *err, char *code, char *op, size_t n)
{
    const char *p = err ? strstr(err, "An error occurred (") : NULL, *q;
    size_t len;

    code[0] = op[0] = '\0';
    if (!p)
        return false;
    p += strlen("An error occurred (");
    for (q = p; *q && *q != ')' && (size_t)(q - p) < n - 1; q++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", *q))
            return false;
    if (*q != ')')
        return false;
    memcpy(code, p, (size_t)(q - p));
    code[q - p] = '\0';
    /* A bare HTTP status whose body is an XML error (what a JSON service
     * answers through some front ends and emulators): the body's Code. */
    if (strspn(code, "0123456789") == strlen(code)) {
        const char *c = strstr(q, "<Code>"), *e;
        if (c) {
            c += strlen("<Code>");
            e = strstr(c, "</Code>");
            if (e && e > c && (size_t)(e - c) < n &&
                strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
                    (size_t)(e - c)) {
                memcpy(code, c, (size_t)(e - c));
                code[e - c] = '\0';
            }
        }
    }
    if ((p = strstr(q, "when calling the ")) != NULL) {
        p += strlen("when calling the ");
        len = strcspn(p, " \n");
        if (len < n && strncmp(p + len, " operation", 10) == 0) {
            memcpy(op, p, len);
            op[len] = '\0';
        }
    }
    return true;
}

static bool
is_one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

enum awscli_status
awscli_classify(int exit_code, const char *err, const char *service, char **message)
{
    static const char *const cred_codes[] = {"ExpiredToken",
                                             "ExpiredTokenException",
                                             "InvalidClientTokenId",
                                             "SignatureDoesNotMatch",
                                             "UnrecognizedClientException",
                                             "InvalidAccessKeyId",
                                             "AuthFailure",
                                             "InvalidToken",
                                             "RequestExpired",
                                             NULL};
    static const char *const cred_texts[] = {"Unable to locate credentials",
                                             "Partial credentials found",
                                             "Token has expired",
                                             "Error loading SSO Token",
                                             "SSO session",
                                             "The config profile",
                                             "could not be found",
                                             "security token included in the request is expired",
                                             "Error when retrieving token",
                                             "Unable to load credentials",
                                             NULL};
    static const char *const denied_codes[] = {"AccessDenied", "AccessDeniedException",
                                               "UnauthorizedOperation", NULL};
    char code[64], op[96];
    char *line = first_line(err);
    const char *const *t;
    enum awscli_status st;

    *message = NULL;
    if (parse_error(err, code, op, sizeof code)) {
        if (is_one_of(code, cred_codes)) {
            *message = xasprintf(_("the AWS credentials were refused (%s); renew them "
                                   "(aws sso login, aws configure) or choose a profile with "
                                   "--aws-profile"),
                                 line);
            st = AWSCLI_CREDENTIALS;
        } else if (is_one_of(code, denied_codes)) {
            char *sop = sanitize(op[0] ? op : "?");
            *message = xasprintf(_("access denied when calling %s: the credentials need the "
                                   "IAM permission %s:%s"),
                                 sop, service ? service : "?", sop);
            free(sop);
            st = AWSCLI_ACCESS_DENIED;
        } else if (strcmp(code, "NoSuchDistribution") == 0) {
            *message = xstrdup(_("no such distribution in this account (NoSuchDistribution)"));
            st = AWSCLI_NO_SUCH_DISTRIBUTION;
        } else if (strncmp(code, "NoSuch", 6) == 0 || strcmp(code, "404") == 0 ||
                   (strlen(code) > 17 &&
                    strcmp(code + strlen(code) - 17, "NotFoundException") == 0)) {
            /* ACM and most newer services: ResourceNotFoundException. */
            *message = xasprintf(_("not found: %s"), line);
            st = AWSCLI_NOT_FOUND;
        } else {
            *message = xasprintf(_("the AWS CLI failed: %s"), line);
            st = AWSCLI_FAILED;
        }
        free(line);
        return st;
    }
    for (t = cred_texts; *t; t++)
        if (err && strstr(err, *t)) {
            *message = xasprintf(_("the AWS CLI has no usable credentials (%s); run "
                                   "'aws configure' or 'aws sso login', or choose a profile "
                                   "with --aws-profile"),
                                 line);
            free(line);
            return AWSCLI_CREDENTIALS;
        }
    if (*line)
        *message = xasprintf(_("the AWS CLI failed (exit status %d): %s"), exit_code, line);
    else
        *message = xasprintf(_("the AWS CLI failed (exit status %d) and said nothing"), exit_code);
    free(line);
    return AWSCLI_FAILED;
}

static void
close_fd(struct awscli_call *c, int *fd)
{
    if (*fd >= 0) {
        loop_unwatch(c->loop, *fd);
        close(*fd);
        *fd = -1;
    }
}

static void
call_free(struct awscli_call *c)
{
    close_fd(c, &c->out_fd);
    close_fd(c, &c->err_fd);
    if (c->deadline)
        loop_timer_cancel(c->loop, c->deadline);
    if (c->reap)
        loop_timer_cancel(c->loop, c->reap);
    free(c->out.data);
    free(c->err.data);
    free(c->service);
    awscli_result_clear(&c->result);
    free(c);
}

/* Kills the child (if any) and waits for it; the exit code or -1. */
static int
kill_and_reap(struct awscli_call *c)
{
    int ws;

    if (c->pid <= 0)
        return -1;
    kill(c->pid, SIGKILL);
    while (waitpid(c->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    c->pid = -1;
    return -1;
}

/* The end of a call: classify, hand the result over, free. */
static void
finish(struct awscli_call *c, int ws, bool exited)
{
    struct awscli_result *r = &c->result;
    json_error_t jerr;

    r->exit_code = exited && WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    if (c->timed_out) {
        r->status = AWSCLI_TIMEOUT;
        r->message = xstrdup(_("the AWS CLI did not finish in time and was stopped"));
    } else if (c->out.overflow) {
        r->status = AWSCLI_TOO_BIG;
        r->message = xasprintf(_("the AWS CLI's answer is larger than %zu bytes"), c->out.max);
    } else if (r->exit_code != 0) {
        if (r->exit_code < 0 && exited && WIFSIGNALED(ws)) {
            r->status = AWSCLI_FAILED;
            r->message = xasprintf(_("the AWS CLI was killed by signal %d"), WTERMSIG(ws));
        } else {
            r->status = awscli_classify(r->exit_code, c->err.data, c->service, &r->message);
        }
    } else {
        r->json =
            c->out.data ? json_loadb(c->out.data, c->out.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        if (!r->json || !json_is_object(r->json)) {
            if (r->json)
                json_decref(r->json);
            r->json = NULL;
            r->status = AWSCLI_BAD_OUTPUT;
            r->message = xstrdup(_("the AWS CLI's answer is not a JSON object"));
        } else {
            r->status = AWSCLI_OK;
        }
    }
    {
        struct awscli_result out = *r;
        awscli_done_fn fn = c->fn;
        void *arg = c->arg;
        memset(r, 0, sizeof *r);
        call_free(c);
        fn(arg, &out);
    }
}

static void
reap_tick(void *arg)
{
    struct awscli_call *c = arg;
    int ws;
    pid_t p;

    c->reap = NULL;
    p = waitpid(c->pid, &ws, WNOHANG);
    if (p == 0) {
        c->reap = loop_timer_add(c->loop, REAP_POLL_MS, reap_tick, c);
        return;
    }
    c->pid = -1;
    if (c->deadline) {
        loop_timer_cancel(c->loop, c->deadline);
        c->deadline = NULL;
    }
    finish(c, ws, p > 0);
}

/* Both pipes at EOF: the child has exited or is about to. */
static void
maybe_done(struct awscli_call *c)
{
    if (c->out_fd >= 0 || c->err_fd >= 0 || c->reap)
        return;
    reap_tick(c);
}

static void
on_readable(void *arg, int fd, short revents)
{
    struct awscli_call *c = arg;
    bool is_out = fd == c->out_fd;
    struct buf *b = is_out ? &c->out : &c->err;
    char chunk[16384];
    ssize_t n;

    (void)revents;
    for (;;) {
        n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            buf_append(b, chunk, (size_t)n);
            if (is_out && b->overflow) {
                /* Enough: stop the child now rather than read it all. */
                close_fd(c, &c->out_fd);
                close_fd(c, &c->err_fd);
                kill(c->pid, SIGKILL);
                maybe_done(c);
                return;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        break; /* EOF or error */
    }
    close_fd(c, is_out ? &c->out_fd : &c->err_fd);
    maybe_done(c);
}

static void
on_deadline(void *arg)
{
    struct awscli_call *c = arg;
    int ws;

    c->deadline = NULL;
    c->timed_out = true;
    close_fd(c, &c->out_fd);
    close_fd(c, &c->err_fd);
    if (c->reap) {
        loop_timer_cancel(c->loop, c->reap);
        c->reap = NULL;
    }
    kill(c->pid, SIGKILL);
    while (waitpid(c->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    c->pid = -1;
    finish(c, ws, false);
}

static void
fail_later(void *arg)
{
    struct awscli_call *c = arg;
    struct awscli_result out = c->result;
    awscli_done_fn fn = c->fn;
    void *fnarg = c->arg;

    c->deadline = NULL;
    memset(&c->result, 0, sizeof c->result);
    call_free(c);
    fn(fnarg, &out);
}

struct awscli_call *
awscli_start(struct loop *l, const struct awscli_opts *o, const char *const *args,
             awscli_done_fn fn, void *arg)
{
    struct awscli_call *c = xcalloc(1, sizeof *c);
    const char *prog = o->program ? o->program : "aws";
    posix_spawn_file_actions_t fa;
    int outp[2] = {-1, -1}, errp[2] = {-1, -1};
    size_t nargs = 0, i, k = 0;
    char **argv;
    int rc;

    c->loop = l;
    c->pid = -1;
    c->out_fd = c->err_fd = -1;
    c->fn = fn;
    c->arg = arg;
    c->out.max = o->max_output ? o->max_output : AWSCLI_DEFAULT_MAX_OUTPUT;
    c->err.max = AWSCLI_MAX_STDERR;
    c->result.exit_code = -1;
    /* The IAM service prefix of the command, for an AccessDenied message
     * (the CLI's elb and elbv2 are both elasticloadbalancing). */
    if (args[0] && (strcmp(args[0], "elbv2") == 0 || strcmp(args[0], "elb") == 0))
        c->service = xstrdup("elasticloadbalancing");
    else
        c->service = xstrdup(args[0] ? args[0] : "");

    while (args[nargs])
        nargs++;
    argv = xcalloc(nargs + 8, sizeof *argv);
    argv[k++] = (char *)prog;
    for (i = 0; i < nargs; i++)
        argv[k++] = (char *)args[i];
    argv[k++] = (char *)"--output";
    argv[k++] = (char *)"json";
    if (o->profile) {
        argv[k++] = (char *)"--profile";
        argv[k++] = (char *)o->profile;
    }
    if (o->endpoint_url) {
        argv[k++] = (char *)"--endpoint-url";
        argv[k++] = (char *)o->endpoint_url;
    }
    argv[k] = NULL;

    if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
        rc = errno;
        goto spawn_failed;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
    rc = posix_spawnp(&c->pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        c->pid = -1;
        goto spawn_failed;
    }
    close(outp[1]);
    close(errp[1]);
    free(argv);
    c->out_fd = outp[0];
    c->err_fd = errp[0];
    fcntl(c->out_fd, F_SETFL, fcntl(c->out_fd, F_GETFL) | O_NONBLOCK);
    fcntl(c->err_fd, F_SETFL, fcntl(c->err_fd, F_GETFL) | O_NONBLOCK);
    loop_watch(l, c->out_fd, POLLIN, on_readable, c);
    loop_watch(l, c->err_fd, POLLIN, on_readable, c);
    c->deadline = loop_timer_add(l, o->timeout_ms ? o->timeout_ms : AWSCLI_DEFAULT_TIMEOUT_MS,
                                 on_deadline, c);
    return c;

spawn_failed:
    for (i = 0; i < 2; i++) {
        if (outp[i] >= 0)
            close(outp[i]);
        if (errp[i] >= 0)
            close(errp[i]);
    }
    free(argv);
    if (rc == ENOENT) {
        c->result.status = AWSCLI_NOT_INSTALLED;
        c->result.message = o->program
                                ? xasprintf(_("the AWS CLI program '%s' was not found"), prog)
                                : xstrdup(_("the AWS CLI (aws) is not installed or not on PATH; "
                                            "install it (Debian: apt-get install awscli) or "
                                            "give a saved configuration with "
                                            "--distribution-config=FILE"));
    } else {
        c->result.status = AWSCLI_FAILED;
        c->result.message = xasprintf(_("cannot run the AWS CLI (%s): %s"), prog, strerror(rc));
    }
    /* Reported from the loop, like every other outcome. */
    c->deadline = loop_timer_add(l, 0, fail_later, c);
    return c;
}

void
awscli_cancel(struct awscli_call *c)
{
    if (!c)
        return;
    close_fd(c, &c->out_fd);
    close_fd(c, &c->err_fd);
    kill_and_reap(c);
    call_free(c);
}

struct run_state {
    struct loop *loop;
    struct awscli_result *r;
    bool done;
};

static void
run_done(void *arg, struct awscli_result *r)
{
    struct run_state *st = arg;
    *st->r = *r;
    st->done = true;
    loop_stop(st->loop);
}

void
awscli_run(struct loop *l, const struct awscli_opts *o, const char *const *args,
           struct awscli_result *r)
{
    struct run_state st = {l, r, false};
    struct awscli_call *c;

    memset(r, 0, sizeof *r);
    c = awscli_start(l, o, args, run_done, &st);
    while (!st.done) {
        loop_restart(l);
        if (loop_run(l) < 0 && !st.done) {
            awscli_cancel(c);
            r->status = AWSCLI_FAILED;
            r->exit_code = -1;
            r->message = xasprintf(_("cannot wait for the AWS CLI: %s"), strerror(errno));
            return;
        }
    }
    loop_restart(l);
}

bool
awscli_arn_region(const char *arn, const char *service, char **region)
{
    /* arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE */
    const char *p[5];
    const char *s = arn;
    size_t k, n;

    *region = NULL;
    if (!arn || strncmp(arn, "arn:", 4) != 0)
        return false;
    for (k = 0; k < 5; k++) {
        s = strchr(s, ':');
        if (!s)
            return false;
        p[k] = ++s;
    }
    /* p[0] partition, p[1] service, p[2] region, p[3] account, p[4] resource */
    n = strlen(service);
    if ((size_t)(p[2] - p[1] - 1) != n || strncmp(p[1], service, n) != 0)
        return false;
    n = (size_t)(p[3] - p[2] - 1);
    if (n == 0 || n > 32 || p[1] - p[0] - 1 == 0 || !*p[4])
        return false;
    for (k = 0; k < n; k++)
        if (!((p[2][k] >= 'a' && p[2][k] <= 'z') || (p[2][k] >= '0' && p[2][k] <= '9') ||
              p[2][k] == '-'))
            return false;
    for (s = arn; *s; s++)
        if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
            return false;
    *region = xstrndup(p[2], n);
    return true;
}
