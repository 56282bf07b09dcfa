/* The one event loop: poll() over every descriptor the program owns (c-ares
 * sockets, TCP/TLS sockets, later the terminal), plus timers.  Single
 * threaded; callbacks must never block. */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;
struct loop_timer;

typedef void (*loop_io_fn)(void *arg, int fd, short revents);
typedef void (*loop_timer_fn)(void *arg);

struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Watch fd for events (POLLIN/POLLOUT); replaces an earlier watch of the same
 * fd.  events == 0 removes the watch. */
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
 * Returns 0, or -1 with errno when poll() itself fails. */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);
/* Clear a stop so that the loop can run again. */
void loop_restart(struct loop *l);
bool loop_stopped(const struct loop *l);

#endif
