#include "config.h"

/* loop_*: the poll loop's timers, descriptor watches and stopping.  An
 * alarm() guards every run, so a loop that never returns fails the test
 * instead of hanging it. */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loop.h"
#include "unit.h"

/* Every case runs on both back ends: epoll (where built) and poll(). */
static bool portable;

static struct loop *
new_loop(void)
{
    return portable ? loop_new_portable() : loop_new();
}

/* What fired, in order. */
static char fired[64];
static size_t nfired;

static void
record(void *arg)
{
    if (nfired < sizeof fired - 1)
        fired[nfired++] = *(const char *)arg;
    fired[nfired] = '\0';
}

static void
reset(const char *label)
{
    char buf[256];

    snprintf(buf, sizeof buf, "%s: %s", portable ? "poll" : "default", label);
    unit_set_case(buf);
    nfired = 0;
    fired[0] = '\0';
    alarm(10);
}

static void
test_empty(void)
{
    struct loop *l = new_loop();
    int64_t t0 = loop_now_ms();

    reset("nothing watched or armed");
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_MSG(loop_now_ms() - t0 < 1000, "an empty loop took %lld ms",
              (long long)(loop_now_ms() - t0));
    CHECK(!loop_stopped(l));
    loop_free(l);
}

static void
test_order(void)
{
    struct loop *l = new_loop();
    int64_t t0;

    reset("timers fire in order of due time");
    loop_timer_add(l, 60, record, "c");
    loop_timer_add(l, 20, record, "a");
    loop_timer_add(l, 40, record, "b");
    loop_timer_add(l, 0, record, "0");
    t0 = loop_now_ms();
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("order", "0abc", fired);
    CHECK_MSG(loop_now_ms() - t0 >= 59, "the last timer (60 ms) fired after %lld ms",
              (long long)(loop_now_ms() - t0));
    loop_free(l);

    /* Equal due times keep the order they were added in. */
    l = new_loop();
    reset("equal due times fire in the order added");
    loop_timer_add(l, 10, record, "x");
    loop_timer_add(l, 10, record, "y");
    loop_timer_add(l, 10, record, "z");
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("order", "xyz", fired);
    loop_free(l);
}

static void
test_cancel(void)
{
    struct loop *l = new_loop();
    struct loop_timer *t;

    reset("a cancelled timer never fires");
    loop_timer_add(l, 10, record, "a");
    t = loop_timer_add(l, 20, record, "X");
    loop_timer_add(l, 30, record, "b");
    loop_timer_cancel(l, t);
    loop_timer_cancel(l, NULL); /* harmless */
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("fired", "ab", fired);
    loop_free(l);

    /* Cancelling the only timer leaves nothing armed: run returns at once. */
    l = new_loop();
    reset("cancelling the only timer");
    t = loop_timer_add(l, 5000, record, "X");
    loop_timer_cancel(l, t);
    {
        int64_t t0 = loop_now_ms();
        CHECK_INT("loop_run", 0, loop_run(l));
        CHECK_MSG(loop_now_ms() - t0 < 1000, "run took %lld ms", (long long)(loop_now_ms() - t0));
    }
    CHECK_STR("fired", "", fired);
    loop_free(l);
}

/* A timer callback that cancels another timer due at the same moment. */
struct canceller {
    struct loop *l;
    struct loop_timer *victim;
    char tag;
};

static void
cancel_other(void *arg)
{
    struct canceller *c = arg;
    record(&c->tag);
    if (c->victim)
        loop_timer_cancel(c->l, c->victim);
    c->victim = NULL;
}

static void
test_cancel_from_callback(void)
{
    struct loop *l = new_loop();
    struct canceller a = {l, NULL, 'a'}, b = {l, NULL, 'b'};
    struct loop_timer *ta, *tb;

    /* Both due now: whichever runs first cancels the other. */
    reset("a callback cancels a timer that is also due");
    ta = loop_timer_add(l, 0, cancel_other, &a);
    tb = loop_timer_add(l, 0, cancel_other, &b);
    a.victim = tb;
    b.victim = ta;
    usleep(5000); /* both overdue by the time the loop looks */
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_INT("timers fired", 1, nfired);
    loop_free(l);
}

/* A timer callback that arms a new timer. */
struct rearm {
    struct loop *l;
    int left;
};

static void
rearm_cb(void *arg)
{
    struct rearm *r = arg;
    record("r");
    if (--r->left > 0)
        loop_timer_add(r->l, 1, rearm_cb, r);
}

static void
test_rearm(void)
{
    struct loop *l = new_loop();
    struct rearm r = {l, 5};

    reset("a callback arms a new timer");
    loop_timer_add(l, 0, rearm_cb, &r);
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("fired", "rrrrr", fired);
    loop_free(l);
}

/* Pipe: the read end watched for POLLIN, a timer writes into the pipe. */
struct pipe_test {
    struct loop *l;
    int fds[2];
    int reads;
    char got[16];
    short revents;
};

static void
pipe_write(void *arg)
{
    struct pipe_test *p = arg;
    record("w");
    if (write(p->fds[1], "ping", 4) != 4)
        unit_fail(__FILE__, __LINE__, "write: %s", strerror(errno));
}

static void
pipe_readable(void *arg, int fd, short revents)
{
    struct pipe_test *p = arg;
    ssize_t n;

    record("r");
    p->reads++;
    p->revents = revents;
    CHECK_INT("fd passed to the callback", p->fds[0], fd);
    n = read(fd, p->got, sizeof p->got - 1);
    if (n >= 0)
        p->got[n] = '\0';
    loop_unwatch(p->l, fd);
}

static void
test_pipe(void)
{
    struct pipe_test p;

    memset(&p, 0, sizeof p);
    reset("pipe read end gets POLLIN after a write");
    if (pipe(p.fds) != 0) {
        unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
        return;
    }
    p.l = new_loop();
    loop_watch(p.l, p.fds[0], POLLIN, pipe_readable, &p);
    loop_timer_add(p.l, 20, pipe_write, &p);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_STR("events", "wr", fired);
    CHECK_INT("callbacks", 1, p.reads);
    CHECK_MSG(p.revents & POLLIN, "revents 0x%x lacks POLLIN", (unsigned)p.revents);
    CHECK_STR("data", "ping", p.got);
    loop_free(p.l);

    /* Data already waiting: the callback runs without any timer. */
    reset("pipe with data already written");
    memset(p.got, 0, sizeof p.got);
    p.reads = 0;
    p.l = new_loop();
    if (write(p.fds[1], "pong", 4) != 4)
        unit_fail(__FILE__, __LINE__, "write: %s", strerror(errno));
    loop_watch(p.l, p.fds[0], POLLIN, pipe_readable, &p);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_INT("callbacks", 1, p.reads);
    CHECK_STR("data", "pong", p.got);
    loop_free(p.l);

    /* events == 0 removes a watch: nothing left, run returns. */
    reset("loop_watch with events 0 removes the watch");
    p.reads = 0;
    p.l = new_loop();
    loop_watch(p.l, p.fds[0], POLLIN, pipe_readable, &p);
    loop_watch(p.l, p.fds[0], 0, pipe_readable, &p);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_INT("callbacks", 0, p.reads);
    loop_free(p.l);

    /* The write end is writable at once. */
    reset("pipe write end gets POLLOUT");
    {
        struct pipe_test w = p;
        w.reads = 0;
        w.fds[0] = p.fds[1]; /* pipe_readable checks the fd it is given */
        w.l = new_loop();
        loop_watch(w.l, p.fds[1], POLLOUT, pipe_readable, &w);
        CHECK_INT("loop_run", 0, loop_run(w.l));
        CHECK_INT("callbacks", 1, w.reads);
        CHECK_MSG(w.revents & POLLOUT, "revents 0x%x lacks POLLOUT", (unsigned)w.revents);
        loop_free(w.l);
    }
    close(p.fds[0]);
    close(p.fds[1]);
}

static void
never_cb(void *arg, int fd, short revents)
{
    (void)arg;
    (void)fd;
    (void)revents;
    record("N");
}

/* Two readable pipes; whichever callback runs first unwatches the other,
 * so exactly one runs even though poll() reported both. */
struct pair {
    struct loop *l;
    int fds[2][2];
    int calls;
};

static void
pair_cb(void *arg, int fd, short revents)
{
    struct pair *p = arg;
    int i;

    (void)fd;
    (void)revents;
    p->calls++;
    for (i = 0; i < 2; i++)
        loop_unwatch(p->l, p->fds[i][0]);
}

static void
replaced_cb(void *arg, int fd, short revents)
{
    (void)revents;
    record("2");
    loop_unwatch(*(struct loop **)arg, fd);
}

static void
test_watch_changes(void)
{
    struct pair p;
    int i;

    memset(&p, 0, sizeof p);
    reset("a callback unwatches another ready descriptor");
    for (i = 0; i < 2; i++)
        if (pipe(p.fds[i]) != 0 || write(p.fds[i][1], "x", 1) != 1) {
            unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
            return;
        }
    p.l = new_loop();
    loop_watch(p.l, p.fds[0][0], POLLIN, pair_cb, &p);
    loop_watch(p.l, p.fds[1][0], POLLIN, pair_cb, &p);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_INT("callbacks", 1, p.calls);
    loop_free(p.l);

    /* Watching the same fd again replaces the callback. */
    reset("loop_watch replaces an earlier watch of the same fd");
    p.l = new_loop();
    loop_watch(p.l, p.fds[0][0], POLLIN, never_cb, NULL);
    loop_watch(p.l, p.fds[0][0], POLLIN, replaced_cb, &p.l);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_STR("fired", "2", fired);
    loop_free(p.l);
    for (i = 0; i < 2; i++) {
        close(p.fds[i][0]);
        close(p.fds[i][1]);
    }
}

/* loop_stop from a callback ends the run; later timers do not fire. */
static void
stop_cb(void *arg)
{
    struct loop *l = arg;
    record("s");
    loop_stop(l);
}

static void
test_stop(void)
{
    struct loop *l = new_loop();
    int fds[2];
    int64_t t0;

    reset("loop_stop from a timer callback");
    if (pipe(fds) != 0) {
        unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
        return;
    }
    /* A watched pipe that never becomes readable and a far timer would
     * keep the loop running for ever without the stop. */
    loop_watch(l, fds[0], POLLIN, never_cb, NULL);
    loop_timer_add(l, 5000, record, "X");
    loop_timer_add(l, 10, stop_cb, l);
    t0 = loop_now_ms();
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_MSG(loop_now_ms() - t0 < 2000, "run took %lld ms after loop_stop",
              (long long)(loop_now_ms() - t0));
    CHECK_STR("fired", "s", fired);
    CHECK(loop_stopped(l));
    loop_free(l);
    close(fds[0]);
    close(fds[1]);

    /* Two timers due together, the first stops the loop: the second waits. */
    l = new_loop();
    reset("loop_stop stops the timers still due");
    loop_timer_add(l, 0, stop_cb, l);
    usleep(2000);
    loop_timer_add(l, 0, record, "X");
    usleep(2000);
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("fired", "s", fired);
    loop_free(l);
}

static void
test_clock(void)
{
    int64_t a = loop_now_ms();
    double ua = loop_now_us();

    reset("monotonic clock");
    usleep(20000);
    CHECK_MSG(loop_now_ms() - a >= 19, "20 ms sleep measured as %lld ms",
              (long long)(loop_now_ms() - a));
    CHECK_MSG(loop_now_us() - ua >= 19000.0, "20 ms sleep measured as %.0f us", loop_now_us() - ua);
}

/* Many timers: random due times, many equal; each fires once, in order of
 * (due time, order added). */
struct many {
    struct loop *l;
    int64_t due;
    unsigned long added;
    bool fired, cancelled, exact;
    struct loop_timer *t;
};

static struct many *all_timers;
static size_t nall, nfired_many, nexact, order_errors;
static int64_t last_due;
static unsigned long last_added;

static void
many_cb(void *arg)
{
    struct many *m = arg;

    if (m->fired || m->cancelled)
        order_errors++;
    m->fired = true;
    m->t = NULL;
    nfired_many++;
    if (!m->exact)
        return;
    if (nexact > 0 && (m->due < last_due || (m->due == last_due && m->added < last_added)))
        order_errors++;
    last_due = m->due;
    last_added = m->added;
    nexact++;
}

static void
test_many_timers(void)
{
    enum { N = 20000 };
    struct loop *l = new_loop();
    size_t i;
    int64_t base;

    reset("20000 timers fire once each, in order");
    all_timers = calloc(N, sizeof *all_timers);
    nall = N;
    nfired_many = nexact = order_errors = 0;
    srand(7);
    base = loop_now_ms();
    for (i = 0; i < N; i++) {
        int64_t delay = rand() % 40; /* many share a due time */
        all_timers[i].l = l;
        all_timers[i].added = i;
        int64_t before = loop_now_ms();
        all_timers[i].t = loop_timer_add(l, delay, many_cb, &all_timers[i]);
        /* The due time the loop computed, known when the clock did not
         * tick during the add; the others are left out of the order check. */
        all_timers[i].exact = loop_now_ms() == before;
        all_timers[i].due = before + delay;
    }
    /* Cancel every third one, from the middle of the heap as well. */
    for (i = 0; i < N; i += 3) {
        loop_timer_cancel(l, all_timers[i].t);
        all_timers[i].t = NULL;
        all_timers[i].cancelled = true;
    }
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_INT("timers fired", N - (N + 2) / 3, nfired_many);
    CHECK_INT("out of order, twice or cancelled yet fired", 0, order_errors);
    CHECK_MSG(nexact > N / 2, "only %zu timers with a known due time", nexact);
    CHECK_MSG(loop_now_ms() - base < 5000, "20000 timers took %lld ms",
              (long long)(loop_now_ms() - base));
    for (i = 0; i < N; i++)
        if (all_timers[i].fired == all_timers[i].cancelled) {
            unit_fail(__FILE__, __LINE__, "timer %zu: fired %d, cancelled %d", i,
                      all_timers[i].fired, all_timers[i].cancelled);
            break;
        }
    loop_free(l);
    free(all_timers);
    all_timers = NULL;
}

/* Callbacks that cancel other pending timers (some due in the same turn,
 * some later) and their own handle: the cancelled ones never fire. */
static void
canceller_cb(void *arg)
{
    struct many *m = arg;
    size_t me = (size_t)(m - all_timers), k;

    if (m->fired || m->cancelled)
        order_errors++;
    m->fired = true;
    loop_timer_cancel(m->l, m->t); /* its own handle, while it runs: harmless */
    m->t = NULL;
    nfired_many++;
    /* Cancel the next two still pending. */
    for (k = me + 1; k < nall && k <= me + 2; k++)
        if (all_timers[k].t) {
            loop_timer_cancel(m->l, all_timers[k].t);
            all_timers[k].t = NULL;
            all_timers[k].cancelled = true;
        }
}

static void
test_cancel_many_from_callbacks(void)
{
    enum { N = 3000 };
    struct loop *l = new_loop();
    size_t i, n_fired = 0, cancelled = 0;

    reset("callbacks cancel other timers and their own");
    all_timers = calloc(N, sizeof *all_timers);
    nall = N;
    nfired_many = order_errors = 0;
    for (i = 0; i < N; i++) {
        all_timers[i].l = l;
        /* Groups of ten due together, the groups 1 ms apart. */
        all_timers[i].t = loop_timer_add(l, (int64_t)(i / 10), canceller_cb, &all_timers[i]);
    }
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_INT("fired twice or after a cancel", 0, order_errors);
    for (i = 0; i < N; i++) {
        n_fired += all_timers[i].fired;
        cancelled += all_timers[i].cancelled;
    }
    /* Timer 0 fires and cancels 1 and 2, 3 fires and cancels 4 and 5... */
    CHECK_INT("fired", (N + 2) / 3, n_fired);
    CHECK_INT("cancelled", N - (N + 2) / 3, cancelled);
    CHECK_INT("fired + cancelled", N, n_fired + cancelled);
    loop_free(l);
    free(all_timers);
    all_timers = NULL;
}

/* Many descriptors: every read end of many pipes readable at once, each
 * callback called once with its own fd and argument. */
struct many_fd {
    struct loop *l;
    int rd, wr;
    int calls;
    int wrong;
};

static void
many_fd_cb(void *arg, int fd, short revents)
{
    struct many_fd *m = arg;
    char c;

    m->calls++;
    if (fd != m->rd || !(revents & POLLIN) || read(fd, &c, 1) != 1)
        m->wrong++;
    loop_unwatch(m->l, fd);
}

/* How many pipes fit under the descriptor limit with room to spare. */
static size_t
pipes_that_fit(size_t want)
{
    struct rlimit rl;
    size_t room;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return want;
    room = rl.rlim_cur > 64 ? (size_t)(rl.rlim_cur - 64) / 2 : 0;
    return room < want ? room : want;
}

static void
test_many_fds(void)
{
    size_t n = pipes_that_fit(400), i;
    struct many_fd *m = calloc(n, sizeof *m);
    struct loop *l = new_loop();
    int calls = 0, wrong = 0;

    reset("hundreds of ready descriptors");
    CHECK_MSG(n >= 100, "only %zu pipes fit under the descriptor limit", n);
    for (i = 0; i < n; i++) {
        int fds[2];
        if (pipe(fds) != 0) {
            unit_fail(__FILE__, __LINE__, "pipe %zu: %s", i, strerror(errno));
            n = i;
            break;
        }
        m[i].l = l;
        m[i].rd = fds[0];
        m[i].wr = fds[1];
        loop_watch(l, m[i].rd, POLLIN, many_fd_cb, &m[i]);
    }
    /* Every other one readable. */
    for (i = 0; i < n; i += 2)
        if (write(m[i].wr, "x", 1) != 1)
            unit_fail(__FILE__, __LINE__, "write: %s", strerror(errno));
    /* The odd ones stay unwritten and are unwatched before the run: only
     * the written ones may be served. */
    for (i = 1; i < n; i += 2)
        loop_unwatch(l, m[i].rd);
    CHECK_INT("loop_run", 0, loop_run(l));
    for (i = 0; i < n; i++) {
        int want = i % 2 == 0 ? 1 : 0;
        if (m[i].calls != want) {
            unit_fail(__FILE__, __LINE__, "pipe %zu: %d calls, want %d", i, m[i].calls, want);
            break;
        }
        calls += m[i].calls;
        wrong += m[i].wrong;
    }
    CHECK_INT("callbacks", (int)((n + 1) / 2), calls);
    CHECK_INT("wrong fd, events or data", 0, wrong);
    for (i = 0; i < n; i++) {
        close(m[i].rd);
        close(m[i].wr);
    }
    loop_free(l);
    free(m);
}

/* A callback that unwatches (and closes) other ready descriptors, and
 * reuses one's number for a fresh pipe with nothing to read: neither the
 * removed watches nor the fresh one hear the old readiness. */
struct churn {
    struct loop *l;
    struct many_fd *m;
    size_t n;
    int calls;
    int fresh_calls;
    int fresh_rd, fresh_wr;
};

static struct churn churn;

static void
fresh_cb(void *arg, int fd, short revents)
{
    (void)arg;
    (void)fd;
    (void)revents;
    churn.fresh_calls++;
    loop_unwatch(churn.l, fd);
}

static void
churn_cb(void *arg, int fd, short revents)
{
    struct many_fd *me = arg;
    size_t i;
    int fds[2];

    (void)revents;
    churn.calls++;
    loop_unwatch(churn.l, fd);
    /* Unwatch and close every other pipe, all of them ready. */
    for (i = 0; i < churn.n; i++) {
        if (&churn.m[i] == me || churn.m[i].rd < 0)
            continue;
        loop_unwatch(churn.l, churn.m[i].rd);
        close(churn.m[i].rd);
        close(churn.m[i].wr);
        churn.m[i].rd = churn.m[i].wr = -1;
    }
    /* The lowest free numbers are the ones just closed. */
    if (pipe(fds) == 0) {
        churn.fresh_rd = fds[0];
        churn.fresh_wr = fds[1];
        loop_watch(churn.l, fds[0], POLLIN, fresh_cb, NULL);
        /* Nothing written: a timer ends the run. */
    }
}

static void
unwatch_fresh(void *arg)
{
    (void)arg;
    if (churn.fresh_rd >= 0)
        loop_unwatch(churn.l, churn.fresh_rd);
}

static void
test_unwatch_from_callback(void)
{
    enum { N = 50 };
    struct many_fd m[N];
    size_t i;

    memset(&churn, 0, sizeof churn);
    memset(m, 0, sizeof m);
    churn.m = m;
    churn.n = N;
    churn.fresh_rd = churn.fresh_wr = -1;
    churn.l = new_loop();
    reset("a callback unwatches and closes other ready descriptors, reuses a number");
    for (i = 0; i < N; i++) {
        int fds[2];
        if (pipe(fds) != 0 || write(fds[1], "x", 1) != 1) {
            unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
            return;
        }
        m[i].rd = fds[0];
        m[i].wr = fds[1];
        loop_watch(churn.l, fds[0], POLLIN, churn_cb, &m[i]);
    }
    loop_timer_add(churn.l, 30, unwatch_fresh, NULL);
    CHECK_INT("loop_run", 0, loop_run(churn.l));
    CHECK_INT("ready callbacks that ran", 1, churn.calls);
    CHECK_INT("fresh pipe's callback (nothing to read)", 0, churn.fresh_calls);
    CHECK_MSG(churn.fresh_rd >= 0, "no fresh pipe");
    for (i = 0; i < N; i++)
        if (m[i].rd >= 0) {
            close(m[i].rd);
            close(m[i].wr);
        }
    if (churn.fresh_rd >= 0) {
        close(churn.fresh_rd);
        close(churn.fresh_wr);
    }
    loop_free(churn.l);
}

/* A descriptor closed without an unwatch, its number reused: watching the
 * new one works (epoll dropped the old one by itself). */
static void
reuse_cb(void *arg, int fd, short revents)
{
    (void)revents;
    record("u");
    loop_unwatch(*(struct loop **)arg, fd);
}

static void
test_closed_without_unwatch(void)
{
    struct loop *l = new_loop();
    int a[2], b[2];

    reset("an fd closed without an unwatch, its number reused");
    if (pipe(a) != 0) {
        unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
        return;
    }
    loop_watch(l, a[0], POLLIN, reuse_cb, &l);
    close(a[0]);
    close(a[1]);
    if (pipe(b) != 0) {
        unit_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
        return;
    }
    CHECK_INT("the number came back", a[0], b[0]);
    if (write(b[1], "x", 1) != 1)
        unit_fail(__FILE__, __LINE__, "write: %s", strerror(errno));
    loop_watch(l, b[0], POLLIN, reuse_cb, &l);
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("fired", "u", fired);
    close(b[0]);
    close(b[1]);
    loop_free(l);
}

/* A regular file (epoll refuses those): always readable, as poll() says. */
static void
test_regular_file(void)
{
    struct loop *l = new_loop();
    int fd = open("/dev/null", O_RDONLY);
    char path[] = "/tmp/test-loop-XXXXXX";
    int f = mkstemp(path);

    reset("a regular file is readable at once");
    if (f < 0 || fd < 0) {
        unit_fail(__FILE__, __LINE__, "mkstemp/open: %s", strerror(errno));
        return;
    }
    unlink(path);
    loop_watch(l, f, POLLIN, reuse_cb, &l);
    CHECK_INT("loop_run", 0, loop_run(l));
    CHECK_STR("fired", "u", fired);
    close(f);
    close(fd);
    loop_free(l);
}

static void
run_all(void)
{
    test_empty();
    test_order();
    test_cancel();
    test_cancel_from_callback();
    test_rearm();
    test_pipe();
    test_watch_changes();
    test_stop();
    test_many_timers();
    test_cancel_many_from_callbacks();
    test_many_fds();
    test_unwatch_from_callback();
    test_closed_without_unwatch();
    test_regular_file();
}

int
main(void)
{
    struct loop *l;

    test_clock();
    portable = false;
    run_all();
    portable = true;
    run_all();
    /* The back end the build chose: epoll on Linux, poll() elsewhere. */
    l = loop_new();
    reset("back end");
#if defined(HAVE_EPOLL)
    CHECK_MSG(loop_uses_epoll(l), "built with epoll, but loop_new() uses poll()");
#else
    CHECK_MSG(!loop_uses_epoll(l), "built without epoll, but loop_new() uses it");
#endif
    loop_free(l);
    l = loop_new_portable();
    CHECK_MSG(!loop_uses_epoll(l), "loop_new_portable() uses epoll");
    loop_free(l);
    alarm(0);
    return unit_result();
}
