#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_EPOLL
#include <sys/epoll.h>
#endif

#include "loop.h"
#include "xmalloc.h"

/* Bookkeeping that stays cheap with thousands of descriptors and timers:
 * watches live in a table indexed by fd (O(1) per ready descriptor), timers
 * in a binary min-heap (O(log n) add, cancel and fire), and the kernel keeps
 * the interest set (epoll) or a pollfd array that is edited in place, never
 * rebuilt. */

struct watch {
    short events;     /* 0: no watch */
    unsigned long id; /* tells a new watch of a reused fd from the old one */
    loop_io_fn fn;
    void *arg;
    size_t pidx;    /* poll backend: index in pfds */
    bool in_kernel; /* epoll backend: registered with epoll_ctl */
    bool always;    /* epoll refused the fd (a regular file): always ready */
};

#define HEAP_FIRING ((size_t)-1) /* out of the heap, its callback running */

struct loop_timer {
    int64_t due;       /* microseconds: a timer never fires before its delay */
    unsigned long seq; /* equal due times fire in the order they were added */
    size_t heap;       /* index in l->heap, or HEAP_FIRING */
    loop_timer_fn fn;
    void *arg;
};

/* A ready descriptor, copied out before any callback runs: callbacks may
 * remove, replace or add watches. */
struct ready {
    int fd;
    short revents;
    unsigned long id;
};

struct loop {
    struct watch *watches; /* indexed by fd */
    size_t capwatches, nwatches;
    unsigned long next_id;
    unsigned long next_seq;
    struct loop_timer **heap;
    size_t nheap, capheap;
    bool use_epoll;
    int epfd;
    struct pollfd *pfds; /* poll backend: one per watch, in no order */
    size_t npfds, cappfds;
    int *always; /* epoll backend: fds epoll cannot watch */
    size_t nalways, capalways;
    struct ready *ready;
    size_t capready;
    bool stopped;
};

int64_t
loop_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double
loop_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static struct loop *
loop_new_with(bool want_epoll)
{
    struct loop *l = xcalloc(1, sizeof(struct loop));

    l->epfd = -1;
#ifdef HAVE_EPOLL
    if (want_epoll) {
        l->epfd = epoll_create1(EPOLL_CLOEXEC);
        l->use_epoll = l->epfd >= 0; /* else poll() does the job */
    }
#else
    (void)want_epoll;
#endif
    return l;
}

struct loop *
loop_new(void)
{
    return loop_new_with(true);
}

struct loop *
loop_new_portable(void)
{
    return loop_new_with(false);
}

bool
loop_uses_epoll(const struct loop *l)
{
    return l->use_epoll;
}

void
loop_free(struct loop *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->nheap; i++)
        free(l->heap[i]);
    free(l->heap);
    if (l->epfd >= 0)
        close(l->epfd);
    free(l->watches);
    free(l->pfds);
    free(l->always);
    free(l->ready);
    free(l);
}

static struct watch *
find_watch(struct loop *l, int fd)
{
    if (fd < 0 || (size_t)fd >= l->capwatches || l->watches[fd].events == 0)
        return NULL;
    return &l->watches[fd];
}

#ifdef HAVE_EPOLL
static uint32_t
to_epoll(short events)
{
    return (uint32_t)((events & POLLIN ? EPOLLIN : 0) | (events & POLLOUT ? EPOLLOUT : 0) |
                      (events & POLLPRI ? EPOLLPRI : 0));
}

static short
from_epoll(uint32_t ev)
{
    return (short)((ev & EPOLLIN ? POLLIN : 0) | (ev & EPOLLOUT ? POLLOUT : 0) |
                   (ev & EPOLLPRI ? POLLPRI : 0) | (ev & EPOLLERR ? POLLERR : 0) |
                   (ev & EPOLLHUP ? POLLHUP : 0));
}

/* Tell the kernel; a descriptor closed without an unwatch has left epoll's
 * set by itself, and its number may be back as a new descriptor. */
static void
epoll_set(struct loop *l, int fd, struct watch *w)
{
    struct epoll_event ev;

    memset(&ev, 0, sizeof ev);
    ev.events = to_epoll(w->events);
    ev.data.fd = fd;
    if (w->always)
        return;
    if (w->in_kernel && epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)
        return;
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) == 0 ||
        (errno == EEXIST && epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) == 0)) {
        w->in_kernel = true;
        return;
    }
    w->in_kernel = false;
    if (errno == EPERM) {
        /* A regular file or /dev/null: poll() calls it always ready. */
        w->always = true;
        if (l->nalways == l->capalways) {
            l->capalways = l->capalways ? l->capalways * 2 : 4;
            l->always = xreallocarray(l->always, l->capalways, sizeof *l->always);
        }
        l->always[l->nalways++] = fd;
    }
    /* Otherwise (a closed fd) nothing will report it, as poll() would
     * report POLLNVAL to a caller that then unwatches it. */
}

static void
epoll_unset(struct loop *l, int fd, struct watch *w)
{
    size_t i;

    if (w->in_kernel)
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL); /* ENOENT/EBADF: already gone */
    w->in_kernel = false;
    if (w->always) {
        for (i = 0; i < l->nalways; i++)
            if (l->always[i] == fd) {
                l->always[i] = l->always[--l->nalways];
                break;
            }
        w->always = false;
    }
}
#endif

void
loop_watch(struct loop *l, int fd, short events, loop_io_fn fn, void *arg)
{
    struct watch *w;
    bool fresh;

    if (events == 0) {
        loop_unwatch(l, fd);
        return;
    }
    if (fd < 0)
        return;
    if ((size_t)fd >= l->capwatches) {
        size_t cap = l->capwatches ? l->capwatches : 64;
        while (cap <= (size_t)fd)
            cap *= 2;
        l->watches = xreallocarray(l->watches, cap, sizeof *l->watches);
        memset(l->watches + l->capwatches, 0, (cap - l->capwatches) * sizeof *l->watches);
        l->capwatches = cap;
    }
    w = &l->watches[fd];
    fresh = w->events == 0;
    if (fresh) {
        memset(w, 0, sizeof *w);
        w->id = ++l->next_id;
        l->nwatches++;
    }
    w->fn = fn;
    w->arg = arg;
    w->events = events;
#ifdef HAVE_EPOLL
    if (l->use_epoll) {
        /* Even with the same events: the fd may be a new one under an old
         * number (closed without an unwatch), which epoll does not know. */
        epoll_set(l, fd, w);
        return;
    }
#endif
    if (fresh) {
        if (l->npfds == l->cappfds) {
            l->cappfds = l->cappfds ? l->cappfds * 2 : 16;
            l->pfds = xreallocarray(l->pfds, l->cappfds, sizeof *l->pfds);
        }
        w->pidx = l->npfds++;
        l->pfds[w->pidx].fd = fd;
    }
    l->pfds[w->pidx].events = events;
}

void
loop_unwatch(struct loop *l, int fd)
{
    struct watch *w = find_watch(l, fd);

    if (!w)
        return;
#ifdef HAVE_EPOLL
    if (l->use_epoll)
        epoll_unset(l, fd, w);
#endif
    if (!l->use_epoll) {
        /* Move the last pollfd into the hole. */
        size_t last = --l->npfds;
        if (w->pidx != last) {
            l->pfds[w->pidx] = l->pfds[last];
            l->watches[l->pfds[w->pidx].fd].pidx = w->pidx;
        }
    }
    w->events = 0;
    w->fn = NULL;
    w->arg = NULL;
    l->nwatches--;
}

/* The heap's order: due time, then the order added. */
static bool
before(const struct loop_timer *a, const struct loop_timer *b)
{
    return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void
heap_place(struct loop *l, size_t i, struct loop_timer *t)
{
    l->heap[i] = t;
    t->heap = i;
}

static void
sift_up(struct loop *l, size_t i)
{
    struct loop_timer *t = l->heap[i];

    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(t, l->heap[parent]))
            break;
        heap_place(l, i, l->heap[parent]);
        i = parent;
    }
    heap_place(l, i, t);
}

static void
sift_down(struct loop *l, size_t i)
{
    struct loop_timer *t = l->heap[i];

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= l->nheap)
            break;
        if (child + 1 < l->nheap && before(l->heap[child + 1], l->heap[child]))
            child++;
        if (!before(l->heap[child], t))
            break;
        heap_place(l, i, l->heap[child]);
        i = child;
    }
    heap_place(l, i, t);
}

/* Takes t out of the heap; its memory stays with the caller. */
static void
heap_remove(struct loop *l, struct loop_timer *t)
{
    size_t i = t->heap;
    struct loop_timer *last = l->heap[--l->nheap];

    t->heap = HEAP_FIRING;
    if (i == l->nheap)
        return;
    heap_place(l, i, last);
    if (i > 0 && before(last, l->heap[(i - 1) / 2]))
        sift_up(l, i);
    else
        sift_down(l, i);
}

struct loop_timer *
loop_timer_add(struct loop *l, int64_t delay_ms, loop_timer_fn fn, void *arg)
{
    struct loop_timer *t = xmalloc(sizeof *t);

    t->due = now_us() + (delay_ms > 0 ? delay_ms : 0) * 1000;
    t->fn = fn;
    t->arg = arg;
    t->seq = ++l->next_seq;
    if (l->nheap == l->capheap) {
        l->capheap = l->capheap ? l->capheap * 2 : 64;
        l->heap = xreallocarray(l->heap, l->capheap, sizeof *l->heap);
    }
    l->heap[l->nheap++] = t;
    sift_up(l, l->nheap - 1);
    return t;
}

void
loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
    if (!t || t->heap == HEAP_FIRING)
        return; /* a timer cancelled from its own callback is freed after it */
    heap_remove(l, t);
    free(t);
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
    int64_t now = now_us();

    while (!l->stopped && l->nheap > 0 && l->heap[0]->due <= now) {
        struct loop_timer *t = l->heap[0];
        heap_remove(l, t);
        t->fn(t->arg);
        free(t);
    }
}

static int
next_timeout(const struct loop *l)
{
    int64_t d;

    if (l->nheap == 0)
        return -1;
    d = l->heap[0]->due - now_us();
    d = (d + 999) / 1000; /* rounded up: waking early would only wait again */
    if (d < 0)
        d = 0;
    return d > 60000 ? 60000 : (int)d;
}

static void
ready_reserve(struct loop *l, size_t n)
{
    if (n > l->capready) {
        l->capready = n > 2 * l->capready ? n : 2 * l->capready;
        l->ready = xreallocarray(l->ready, l->capready, sizeof *l->ready);
    }
}

static void
ready_add(struct loop *l, size_t *n, int fd, short revents)
{
    struct ready *r = &l->ready[(*n)++];

    r->fd = fd;
    r->revents = revents;
    r->id = l->watches[fd].id;
}

/* Waits for descriptors and copies the ready ones out; the number of them,
 * or -1 with errno. */
static int
wait_ready(struct loop *l, size_t *nready)
{
    int timeout = next_timeout(l);
    size_t i;
    int r;

    *nready = 0;
#ifdef HAVE_EPOLL
    if (l->use_epoll) {
        enum { BATCH = 256 };
        struct epoll_event evs[BATCH];

        if (l->nalways > 0)
            timeout = 0;
        r = epoll_wait(l->epfd, evs, BATCH, timeout);
        if (r < 0)
            return -1;
        ready_reserve(l, (size_t)r + l->nalways);
        for (i = 0; i < (size_t)r; i++)
            ready_add(l, nready, evs[i].data.fd, from_epoll(evs[i].events));
        for (i = 0; i < l->nalways; i++) {
            int fd = l->always[i];
            ready_add(l, nready, fd, (short)(l->watches[fd].events & (POLLIN | POLLOUT)));
        }
        return 0;
    }
#endif
    r = poll(l->pfds, l->npfds, timeout);
    if (r < 0)
        return -1;
    ready_reserve(l, (size_t)r);
    for (i = 0; i < l->npfds && *nready < (size_t)r; i++)
        if (l->pfds[i].revents)
            ready_add(l, nready, l->pfds[i].fd, l->pfds[i].revents);
    return 0;
}

int
loop_run(struct loop *l)
{
    while (!l->stopped && (l->nwatches > 0 || l->nheap > 0)) {
        size_t i, n;

        if (wait_ready(l, &n) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        for (i = 0; i < n && !l->stopped; i++) {
            /* A callback may have removed or replaced this watch. */
            struct watch *w = find_watch(l, l->ready[i].fd);
            if (w && w->id == l->ready[i].id)
                w->fn(w->arg, l->ready[i].fd, l->ready[i].revents);
        }
        run_timers(l);
    }
    return 0;
}
