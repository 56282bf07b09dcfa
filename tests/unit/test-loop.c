#include "config.h"

/* loop_*: the poll loop's timers, descriptor watches and stopping.  An
 * alarm() guards every run, so a loop that never returns fails the test
 * instead of hanging it. */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "unit.h"

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
    unit_set_case(label);
    nfired = 0;
    fired[0] = '\0';
    alarm(10);
}

static void
test_empty(void)
{
    struct loop *l = loop_new();
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
    struct loop *l = loop_new();
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
    l = loop_new();
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
    struct loop *l = loop_new();
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
    l = loop_new();
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
    struct loop *l = loop_new();
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
    struct loop *l = loop_new();
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
    p.l = loop_new();
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
    p.l = loop_new();
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
    p.l = loop_new();
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
        w.l = loop_new();
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
    p.l = loop_new();
    loop_watch(p.l, p.fds[0][0], POLLIN, pair_cb, &p);
    loop_watch(p.l, p.fds[1][0], POLLIN, pair_cb, &p);
    CHECK_INT("loop_run", 0, loop_run(p.l));
    CHECK_INT("callbacks", 1, p.calls);
    loop_free(p.l);

    /* Watching the same fd again replaces the callback. */
    reset("loop_watch replaces an earlier watch of the same fd");
    p.l = loop_new();
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
    struct loop *l = loop_new();
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
    l = loop_new();
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
    CHECK_MSG(loop_now_us() - ua >= 19000.0, "20 ms sleep measured as %.0f us",
              loop_now_us() - ua);
}

int
main(void)
{
    test_clock();
    test_empty();
    test_order();
    test_cancel();
    test_cancel_from_callback();
    test_rearm();
    test_pipe();
    test_watch_changes();
    test_stop();
    alarm(0);
    return unit_result();
}
