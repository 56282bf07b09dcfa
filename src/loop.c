#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loop.h"
#include "xmalloc.h"

struct watch {
    int fd;
    short events;
    unsigned long id; /* tells a new watch of a reused fd from the old one */
    loop_io_fn fn;
    void *arg;
};

struct loop_timer {
    int64_t due;
    unsigned long seq; /* equal due times fire in the order they were added */
    loop_timer_fn fn;
    void *arg;
    struct loop_timer *next;
};

struct loop {
    struct watch *watches;
    size_t nwatches, capwatches;
    unsigned long next_id;
    unsigned long next_seq;
    struct loop_timer *timers; /* unsorted; there are few */
    struct pollfd *pfds;
    unsigned long *pids;
    size_t cappfds;
    bool stopped;
};

int64_t
loop_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double
loop_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

struct loop *
loop_new(void)
{
    return xcalloc(1, sizeof(struct loop));
}

void
loop_free(struct loop *l)
{
    struct loop_timer *t, *next;

    if (!l)
        return;
    for (t = l->timers; t; t = next) {
        next = t->next;
        free(t);
    }
    free(l->watches);
    free(l->pfds);
    free(l->pids);
    free(l);
}

static struct watch *
find_watch(struct loop *l, int fd)
{
    size_t i;
    for (i = 0; i < l->nwatches; i++)
        if (l->watches[i].fd == fd)
            return &l->watches[i];
    return NULL;
}

void
loop_watch(struct loop *l, int fd, short events, loop_io_fn fn, void *arg)
{
    struct watch *w;

    if (events == 0) {
        loop_unwatch(l, fd);
        return;
    }
    w = find_watch(l, fd);
    if (!w) {
        if (l->nwatches == l->capwatches) {
            l->capwatches = l->capwatches ? l->capwatches * 2 : 16;
            l->watches = xreallocarray(l->watches, l->capwatches, sizeof *l->watches);
        }
        w = &l->watches[l->nwatches++];
        w->fd = fd;
        w->id = ++l->next_id;
    }
    w->events = events;
    w->fn = fn;
    w->arg = arg;
}

void
loop_unwatch(struct loop *l, int fd)
{
    struct watch *w = find_watch(l, fd);
    if (w)
        *w = l->watches[--l->nwatches];
}

struct loop_timer *
loop_timer_add(struct loop *l, int64_t delay_ms, loop_timer_fn fn, void *arg)
{
    struct loop_timer *t = xmalloc(sizeof *t);

    t->due = loop_now_ms() + (delay_ms > 0 ? delay_ms : 0);
    t->fn = fn;
    t->arg = arg;
    t->seq = ++l->next_seq;
    t->next = l->timers;
    l->timers = t;
    return t;
}

void
loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
    struct loop_timer **pp;

    if (!t)
        return;
    for (pp = &l->timers; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            free(t);
            return;
        }
}

void
loop_stop(struct loop *l)
{
    l->stopped = true;
}

void
loop_restart(struct loop *l)
{
    l->stopped = false;
}

bool
loop_stopped(const struct loop *l)
{
    return l->stopped;
}

/* Runs every timer that is due, one at a time, so that a callback may cancel
 * or add others. */
static void
run_timers(struct loop *l)
{
    int64_t now = loop_now_ms();

    while (!l->stopped) {
        struct loop_timer **pp, **best = NULL, *t;
        for (pp = &l->timers; *pp; pp = &(*pp)->next)
            if ((*pp)->due <= now &&
                (!best || (*pp)->due < (*best)->due ||
                 ((*pp)->due == (*best)->due && (*pp)->seq < (*best)->seq)))
                best = pp;
        if (!best)
            return;
        t = *best;
        *best = t->next;
        t->fn(t->arg);
        free(t);
    }
}

static int
next_timeout(const struct loop *l)
{
    const struct loop_timer *t;
    int64_t now = loop_now_ms(), min = -1;

    for (t = l->timers; t; t = t->next) {
        int64_t d = t->due - now;
        if (d < 0)
            d = 0;
        if (min < 0 || d < min)
            min = d;
    }
    return min > 60000 ? 60000 : (int)min;
}

int
loop_run(struct loop *l)
{
    while (!l->stopped && (l->nwatches > 0 || l->timers)) {
        size_t i, n = l->nwatches;
        int r;

        if (n > l->cappfds) {
            l->cappfds = n * 2;
            l->pfds = xreallocarray(l->pfds, l->cappfds, sizeof *l->pfds);
            l->pids = xreallocarray(l->pids, l->cappfds, sizeof *l->pids);
        }
        for (i = 0; i < n; i++) {
            l->pfds[i].fd = l->watches[i].fd;
            l->pfds[i].events = l->watches[i].events;
            l->pfds[i].revents = 0;
            l->pids[i] = l->watches[i].id;
        }
        r = poll(l->pfds, n, next_timeout(l));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        for (i = 0; i < n && !l->stopped; i++) {
            struct watch *w;
            if (!l->pfds[i].revents)
                continue;
            /* A callback may have removed or replaced this watch. */
            w = find_watch(l, l->pfds[i].fd);
            if (w && w->id == l->pids[i])
                w->fn(w->arg, w->fd, l->pfds[i].revents);
        }
        run_timers(l);
    }
    return 0;
}
