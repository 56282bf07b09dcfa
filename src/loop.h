/* The one event loop: every descriptor the program owns (c-ares sockets,
 * TCP/TLS sockets, the terminal), plus timers.  epoll where the system has
 * it, poll() elsewhere.  Single threaded; callbacks must never block, and
 * must not run the same loop again (loop_run is not re-entrant). */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
struct loop_timer;

typedef void (*loop_io_fn)(void *arg, int fd, short revents);
typedef void (*loop_timer_fn)(void *arg);

struct loop *loop_new(void);
/* A loop on poll() even where epoll exists: the portable fallback, for tests. */
struct loop *loop_new_portable(void);
bool loop_uses_epoll(const struct loop *l);
void loop_free(struct loop *l);

/* Watch fd for events (POLLIN/POLLOUT); replaces an earlier watch of the same
 * fd.  events == 0 removes the watch.  Unwatch a descriptor before closing
 * it: epoll forgets a closed one silently, where poll() says POLLNVAL. */
void loop_watch(struct loop *l, int fd, short events, loop_io_fn fn, void *arg);
void loop_unwatch(struct loop *l, int fd);

/* A timer due delay_ms from now; the handle stays valid until it fires or is
 * cancelled, whichever is first. */
struct loop_timer *loop_timer_add(struct loop *l, int64_t delay_ms, loop_timer_fn fn, void *arg);
void loop_timer_cancel(struct loop *l, struct loop_timer *t);

/* Monotonic milliseconds. */
int64_t loop_now_ms(void);
double loop_now_us(void);

/* Run until loop_stop() or until nothing is watched and no timer is armed.
 * Returns 0, or -1 with errno when poll()/epoll_wait() itself fails. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);
/* Clear a stop so that the loop can run again. */
void loop_restart(struct loop *l);
bool loop_stopped(const struct loop *l);

#endif
