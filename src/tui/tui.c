/* The wizard's frame: terminal set-up and restore, the terminal and a
 * signal self-pipe watched by the one poll() loop, the step bar, overlays
 * and key dispatch through the action table and the step table. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "batch.h"
#include "demo.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/nc.h"
#include "tui/app.h"
#include "tui/termcap.h"
#include "tui/tui.h"
#include "xmalloc.h"

#define MIN_COLS 80
#define MIN_LINES 24

/* The signal handler only writes the signal number to the pipe; the loop
 * does the work. */
static int sig_wfd = -1;
static bool curses_on;

static void
on_signal(int sig)
{
    int e = errno;
    unsigned char c = (unsigned char)sig;

    if (sig_wfd >= 0 && write(sig_wfd, &c, 1) < 0) {
        /* A full pipe already holds a wake-up. */
    }
    errno = e;
}

/* Whatever ends the process (exit() in a fatal error path too) leaves the
 * terminal as it found it. */
static void
restore_terminal(void)
{
    if (curses_on && !isendwin())
        tui_termcap_leave();
}

/* ------------------------------------------------------------------ bar */

static void
draw_bar(struct tui_app *a)
{
    /* Widest first: mark, space, title, " > "; then tighter. */
    static const struct {
        int gap;
        bool spaced_sep;
    } styles[] = {{1, true}, {0, true}, {0, false}};
    const char *titles[STEP_COUNT], *marks[STEP_COUNT];
    enum tui_state st[STEP_COUNT];
    size_t style;
    int i, x = 0, total = 0, sepw = 0;
    /* Edits on the Origin form not checked yet: the later steps' results
     * are from before them, and dimmed. */
    bool stale = tui_origin_pending(a);

    for (i = 0; i < STEP_COUNT; i++) {
        st[i] = tui_steps[i]->state(a);
        titles[i] = _(tui_steps[i]->title);
        marks[i] = tui_state_glyph(st[i], a->spin);
    }
    for (style = 0; style < sizeof styles / sizeof *styles; style++) {
        sepw = styles[style].spaced_sep ? 3 : 1;
        total = 2 + (STEP_COUNT - 1) * sepw; /* the brackets of the current step */
        for (i = 0; i < STEP_COUNT; i++)
            total += tui_width(marks[i]) + styles[style].gap + tui_width(titles[i]);
        if (total <= COLS)
            break;
    }
    if (style == sizeof styles / sizeof *styles)
        style--;
    tui_fill(0, 0, COLS, ROLE_BAR);
    for (i = 0; i < STEP_COUNT; i++) {
        bool cur = i == a->step, old = stale && i > STEP_ORIGIN;
        enum tui_role title_role = cur                          ? ROLE_STEP
                                   : st[i] == ST_PENDING || old ? ROLE_DIM
                                                                : ROLE_BAR;

        a->bar_x[i] = x;
        if (cur)
            x += tui_text(0, x, COLS - x, ROLE_STEP, "[");
        x += tui_text(0, x, COLS - x,
                      cur   ? ROLE_STEP
                      : old ? ROLE_DIM
                            : tui_state_role(st[i]),
                      marks[i]);
        if (styles[style].gap)
            x += tui_text(0, x, COLS - x, cur ? ROLE_STEP : ROLE_BAR, " ");
        x += tui_text(0, x, COLS - x, title_role, titles[i]);
        if (cur)
            x += tui_text(0, x, COLS - x, ROLE_STEP, "]");
        if (i + 1 < STEP_COUNT) {
            if (styles[style].spaced_sep) {
                x += tui_text(0, x, COLS - x, ROLE_DIM, " ");
                x += tui_text(0, x, COLS - x, ROLE_DIM, tui_glyph(G_SEP));
                x += tui_text(0, x, COLS - x, ROLE_DIM, " ");
            } else {
                x += tui_text(0, x, COLS - x, ROLE_DIM, tui_glyph(G_SEP));
            }
        }
    }
    a->bar_x[STEP_COUNT] = x;
}

/* Line 1: the answer first (verdict, primary finding, the origin to use),
 * then which origin, and what the runs are doing. */
static void
draw_context(struct tui_app *a)
{
    char *left[3] = {NULL, NULL, NULL}, *right = NULL, *name, *answer = NULL;
    int rw, aw, x = 1, room, i;

    tui_fill(1, 0, COLS, ROLE_BAR);
    if (a->origin < a->ntargets) {
        const struct target *t = &a->targets[a->origin];
        name = sanitize(t->name);
        /* Longest first; the first that fits is shown. */
        if (a->ntargets > 1)
            /* TRANSLATORS: origin 1 of 4: its name and port. */
            left[0] = xasprintf(_("Origin %zu of %zu: %s:%u"), a->origin + 1, a->ntargets, name,
                                target_port(t));
        else
            left[0] = xasprintf(_("Origin: %s:%u"), name, target_port(t));
        if (a->ntargets > 1)
            left[1] = xasprintf("%zu/%zu %s:%u", a->origin + 1, a->ntargets, name, target_port(t));
        left[2] = xasprintf("%s:%u", name, target_port(t));
        free(name);
    } else {
        left[0] = xstrdup(_("No origin yet: fill in the form."));
    }
    if (a->verify.active)
        right = xasprintf("%s %s %.1f s", tui_draw_spinner(a->spin), _("verifying"),
                          tui_run_seconds(&a->verify));
    else if (a->main.active)
        right = tui_progress_text(a);
    else if (a->main.cancelled)
        right = xstrdup(_("cancelled"));
    else if (a->main.probe && tui_run_seconds(&a->main) < 1)
        right = xasprintf(_("done in %.0f ms"), tui_run_seconds(&a->main) * 1000);
    else if (a->main.probe)
        right = xasprintf(_("done in %.1f s"), tui_run_seconds(&a->main));
    if (!a->main.active && a->origin < a->ntargets)
        answer = tui_answer(a, a->origin, true, true);
    if (tui_origin_pending(a)) {
        /* The answer is the last check's: the form holds edits since. */
        char *note = xasprintf("%s %s", tui_glyph(G_WARN),
                               a->step == STEP_ORIGIN
                                   ? _("edited: press Tab to re-check")
                                   : _("edited on the Origin step: these results are from before"));
        x += tui_text(1, x, COLS - 2, ROLE_WARN, note) + 2;
        free(note);
        if (answer && x < COLS - 8)
            x += tui_text(1, x, COLS - x - 1, ROLE_DIM, answer) + 3;
    } else if (answer) {
        aw = tui_width(answer);
        if (aw > COLS - 2)
            aw = COLS - 2;
        x += tui_text(1, x, aw, tui_state_role(tui_verdict_state(tui_diag(a))), answer) + 3;
    }
    /* The answer never gives way; the time does, then the origin's name
     * gets shorter. */
    rw = right ? tui_width(right) : 0;
    room = COLS - x - 1;
    for (i = 0; i < 3; i++)
        if (left[i] && tui_width(left[i]) + (rw ? rw + 3 : 0) <= room)
            break;
    if (i == 3) {
        free(right);
        right = NULL;
        rw = 0;
        for (i = 0; i < 3; i++)
            if (left[i] && tui_width(left[i]) <= room)
                break;
        if (i == 3)
            i = left[2] ? 2 : 0;
    }
    if (room > 4)
        tui_text(1, x, room - (rw ? rw + 3 : 0), ROLE_TITLE, left[i]);
    if (right)
        tui_text(1, COLS - rw - 1, rw, tui_busy(a) ? ROLE_RUNNING : ROLE_BAR, right);
    free(answer);
    for (i = 0; i < 3; i++)
        free(left[i]);
    free(right);
}

/* text on the bottom lines, wrapped: as many lines as it needs (up to a
 * third of the screen) above the last one, so that the end of a long path
 * or the reason after it is not cut. */
static void
draw_bottom_text(enum tui_role role, const char *text)
{
    char **lines;
    size_t total = tui_wrap(text, COLS - 2, &lines), n, i, max = (size_t)(LINES / 3);
    int y;

    n = total < max ? total : max;
    y = LINES - (n ? (int)n : 1);
    for (i = 0; i < n; i++) {
        tui_fill(y + (int)i, 0, COLS, ROLE_BAR);
        tui_text(y + (int)i, 1, COLS - 2, role, lines[i]);
    }
    if (n < total)
        tui_text(LINES - 1, COLS - 1, 1, ROLE_DIM, tui_glyph(G_ELLIPSIS));
    tui_free_lines(lines, total);
}

static void
draw_bottom(struct tui_app *a)
{
    int y = LINES - 1;

    tui_fill(y, 0, COLS, ROLE_BAR);
    if (a->modal == MODAL_PROMPT) {
        int lw = tui_text(y, 1, COLS / 2, ROLE_TITLE, a->prompt_label);
        tui_edit_draw(&a->prompt, y, lw + 2, COLS - lw - 3);
    } else if (a->modal == MODAL_CONFIRM) {
        char *q = xasprintf("%s (y/n)", a->confirm_text);
        draw_bottom_text(ROLE_WARN, q);
        free(q);
    } else if (a->message) {
        draw_bottom_text(a->message_role, a->message);
    } else if (a->step == STEP_ORIGIN && tui_origin_editing(a)) {
        tui_keys_draw_edit_hints(y, 1, COLS - 2);
    } else if (tui_busy(a)) {
        static const struct tui_hint busy[] = {{"Esc", N_("cancel the run")}, {NULL, NULL}};
        tui_keys_draw_view_hints(busy, y, 1, COLS - 2);
    } else if (tui_steps[a->step]->hints) {
        tui_steps[a->step]->hints(a, y, 1, COLS - 2);
    } else {
        tui_keys_draw_hints(y, 1, COLS - 2);
    }
}

static void
draw_help(void)
{
    int w = COLS - 4 < 100 ? COLS - 4 : 100;
    int lines = tui_keys_help_lines(), h, y, x, i;

    /* One column when it fits, else two (tui_keys_draw_help decides). */
    if (lines + 2 > LINES - 2)
        lines = (lines + 1) / 2;
    else
        w = COLS - 8 < 70 ? COLS - 8 : 70;
    h = lines + 2;
    y = (LINES - h) / 2;
    x = (COLS - w) / 2;
    for (i = 0; i < h; i++)
        tui_fill(y + i, x, w, ROLE_NORMAL);
    tui_box(y, x, h, w, ROLE_TITLE);
    tui_text(y, x + 2, w - 4, ROLE_TITLE, _(" Keys "));
    tui_keys_draw_help((struct tui_rect){y + 1, x + 2, h - 2, w - 4});
    tui_text(y + h - 1, x + 2, w - 4, ROLE_DIM, _(" Esc, ? or q closes this help "));
}

static void
draw_too_small(void)
{
    char *lines[3];
    int i, y = LINES / 2 - 2 > 0 ? LINES / 2 - 2 : 0;

    lines[0] = xstrdup(_("The terminal is too small"));
    /* TRANSLATORS: the terminal's size now, in columns x lines. */
    lines[1] = xasprintf(_("%dx%d now; origin-doctor needs at least %dx%d."), COLS, LINES, MIN_COLS,
                         MIN_LINES);
    lines[2] = xstrdup(_("Make the window larger, or press q to quit."));
    /* Each wrapped, centred: the sizes are the facts needed, never cut. */
    for (i = 0; i < 3; i++) {
        char **part;
        size_t n = tui_wrap(lines[i], COLS > 2 ? COLS - 2 : 1, &part), j;

        for (j = 0; j < n; j++, y++) {
            int w = tui_width(part[j]);
            int x = w < COLS ? (COLS - w) / 2 : 0;
            tui_text(y, x, COLS - x, i == 0 ? ROLE_ERROR : ROLE_NORMAL, part[j]);
        }
        tui_free_lines(part, n);
        free(lines[i]);
    }
}

/* Draws everything into curses' virtual screen, without output: the
 * steps' documents and rectangles (what keys and clicks act on) are then
 * those of what is shown. */
static void
paint(struct tui_app *a)
{
    bool cursor = false;
    int cy = 0, cx = 0;

    a->stale = false;
    erase();
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        draw_too_small();
        curs_set(0);
        wnoutrefresh(stdscr);
        return;
    }
    draw_bar(a);
    draw_context(a);
    tui_steps[a->step]->draw(a, (struct tui_rect){2, 0, LINES - 3, COLS});
    if (tui_steps[a->step]->cursor)
        cursor = tui_steps[a->step]->cursor(a, &cy, &cx);
    draw_bottom(a);
    if (a->modal == MODAL_PROMPT) {
        cursor = true;
        cy = a->prompt.cy;
        cx = a->prompt.cx;
    }
    if (a->modal == MODAL_HELP) {
        draw_help();
        cursor = false;
    }
    curs_set(cursor ? 1 : 0);
    if (cursor)
        move(cy, cx);
    wnoutrefresh(stdscr);
}

void
tui_draw_frame(struct tui_app *a)
{
    if (a->plain || a->quit)
        return;
    paint(a);
    doupdate();
}

/* ---------------------------------------------------------------- input */

static void
quit(struct tui_app *a)
{
    a->quit = true;
    loop_stop(a->loop);
}

static void
mouse(struct tui_app *a)
{
    MEVENT ev;
    int i;

    if (getmouse(&ev) != OK)
        return;
    if (COLS < MIN_COLS || LINES < MIN_LINES)
        return;
    if (a->modal == MODAL_HELP) {
        a->modal = MODAL_NONE;
        tui_dirty(a);
        return;
    }
    if (a->modal != MODAL_NONE)
        return;
    if (ev.bstate & BUTTON4_PRESSED) {
        if (tui_steps[a->step]->wheel)
            tui_steps[a->step]->wheel(a, ev.y, ev.x, -1);
        else
            tui_steps[a->step]->key(a, ACT_UP, 0, false);
    } else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
        if (ev.y == 0) {
            for (i = 0; i < STEP_COUNT; i++)
                if (ev.x >= a->bar_x[i] && ev.x < a->bar_x[i + 1])
                    tui_goto(a, i);
        } else if (tui_steps[a->step]->click) {
            tui_steps[a->step]->click(a, ev.y, ev.x);
        }
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) {
        if (tui_steps[a->step]->wheel)
            tui_steps[a->step]->wheel(a, ev.y, ev.x, 1);
        else
            tui_steps[a->step]->key(a, ACT_DOWN, 0, false);
    }
#endif
    tui_dirty(a);
}

static void
modal_key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    switch (a->modal) {
    case MODAL_HELP:
        if (act == ACT_BACK || act == ACT_HELP || act == ACT_QUIT || act == ACT_ENTER)
            a->modal = MODAL_NONE;
        break;
    case MODAL_PROMPT:
        switch (tui_edit_key(&a->prompt, ch, keycode)) {
        case EDIT_DONE: {
            char *text = tui_edit_text(&a->prompt);
            a->modal = MODAL_NONE;
            tui_edit_clear(&a->prompt);
            if (a->prompt_done)
                a->prompt_done(a, text);
            free(text);
            break;
        }
        case EDIT_CANCEL:
            a->modal = MODAL_NONE;
            tui_edit_clear(&a->prompt);
            break;
        case EDIT_GOING:
            break;
        }
        break;
    case MODAL_CONFIRM:
        if (!keycode && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N' || ch == 27)) {
            a->modal = MODAL_NONE;
            if (a->confirm_done)
                a->confirm_done(a, ch == 'y' || ch == 'Y');
        }
        break;
    case MODAL_NONE:
        break;
    }
    tui_dirty(a);
}

static void
handle_key(struct tui_app *a, int ch, bool keycode)
{
    enum tui_action act;

    if (keycode && ch == KEY_RESIZE) {
        tui_dirty(a);
        return;
    }
    if (keycode && ch == KEY_MOUSE) {
        mouse(a);
        return;
    }
    act = tui_keys_action(ch, keycode);
    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        if (act == ACT_QUIT)
            quit(a);
        return;
    }
    if (a->modal != MODAL_NONE) {
        modal_key(a, act, ch, keycode);
        return;
    }
    free(a->message);
    a->message = NULL;
    /* Keys act on what is on the screen, or would be after the last
     * change: a burst of keys can come before the next redraw. */
    if (a->stale)
        paint(a);
    tui_dirty(a);
    if (tui_steps[a->step]->key(a, act, ch, keycode))
        return;
    switch (act) {
    case ACT_NEXT_STEP:
        tui_goto(a, a->step + 1);
        break;
    case ACT_PREV_STEP:
        tui_goto(a, a->step - 1);
        break;
    case ACT_GOTO:
        tui_goto(a, ch - '1');
        break;
    case ACT_BACK:
        if (a->fetch)
            tui_fetch_cancel(a, false);
        else if (a->verify.active)
            tui_run_cancel(a, &a->verify);
        else if (a->main.active)
            tui_run_cancel(a, &a->main);
        else
            tui_goto(a, a->step - 1);
        break;
    case ACT_RERUN:
        if (a->step == STEP_VERIFY)
            tui_verify_start(a);
        else if (a->ntargets)
            tui_run_main(a);
        break;
    case ACT_EXPORT:
        tui_export_start(a);
        break;
    case ACT_COPY:
    case ACT_PLAIN:
        tui_message(a, ROLE_WARN, "%s", _("Commands to copy are in the Fix step."));
        break;
    case ACT_SEARCH:
        tui_search_start(a);
        break;
    case ACT_SEARCH_NEXT:
        tui_search_again(a, ch == 'N' ? -1 : 1);
        break;
    case ACT_HELP:
        a->modal = MODAL_HELP;
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    case ACT_QUIT:
        quit(a);
        break;
    default:
        break;
    }
}

static void
leave_plain(struct tui_app *a)
{
    struct winsize ws;

    a->plain = false;
    reset_prog_mode();
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
        resizeterm(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    tui_dirty(a);
}

static void
on_stdin(void *arg, int fd, short revents)
{
    struct tui_app *a = arg;
    wint_t ch;
    int r;

    if (a->plain) {
        /* Out of curses, the terminal is in line mode: a line returns. */
        char buf[256];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0 || memchr(buf, '\n', (size_t)n) || memchr(buf, '\r', (size_t)n))
            leave_plain(a);
        if (n <= 0 && (revents & (POLLHUP | POLLERR | POLLNVAL)))
            quit(a);
        return;
    }
    while (!a->quit && !a->plain && (r = wget_wch(stdscr, &ch)) != ERR)
        handle_key(a, (int)ch, r == KEY_CODE_YES);
    if ((revents & (POLLHUP | POLLERR | POLLNVAL)) && !(revents & POLLIN))
        quit(a); /* the terminal went away */
}

static void
on_signal_pipe(void *arg, int fd, short revents)
{
    struct tui_app *a = arg;
    unsigned char buf[64];
    ssize_t n, i;
    struct winsize ws;

    (void)revents;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (i = 0; i < n; i++) {
            if (buf[i] == SIGWINCH) {
                if (!a->plain && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row &&
                    ws.ws_col) {
                    resizeterm(ws.ws_row, ws.ws_col);
                    clearok(curscr, TRUE);
                }
                tui_dirty(a);
            } else {
                a->signal = buf[i];
                quit(a);
            }
        }
}

void
tui_plain(struct tui_app *a, const char *text)
{
    def_prog_mode();
    endwin();
    printf("\n%s\n\n%s\n\n%s\n", _("-- origin-doctor: the commands, to select and copy --"), text,
           _("-- press Enter to return to origin-doctor --"));
    fflush(stdout);
    a->plain = true;
}

/* ------------------------------------------------------------- tui_run */

static const int handled_signals[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP};
#define NSIGNALS (sizeof handled_signals / sizeof *handled_signals)

static bool
signals_on(struct tui_app *a, struct sigaction *old)
{
    struct sigaction sa;
    size_t i;

    if (pipe(a->sig_pipe) < 0)
        return false;
    for (i = 0; i < 2; i++) {
        fcntl(a->sig_pipe[i], F_SETFL, fcntl(a->sig_pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(a->sig_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    sig_wfd = a->sig_pipe[1];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (i = 0; i < NSIGNALS; i++)
        sigaction(handled_signals[i], &sa, &old[i]);
    return true;
}

static void
signals_off(struct tui_app *a, const struct sigaction *old)
{
    size_t i;

    for (i = 0; i < NSIGNALS; i++)
        sigaction(handled_signals[i], &old[i], NULL);
    sig_wfd = -1;
    close(a->sig_pipe[0]);
    close(a->sig_pipe[1]);
}

static int
exit_status(const struct tui_app *a)
{
    if (a->main.probe && probe_error(a->main.probe))
        return 3; /* a local error, as in batch mode */
    return diag_all_ok(a->main.diag) ? 0 : 1;
}

static void
app_free(struct tui_app *a)
{
    size_t i;

    tui_run_clear(&a->verify);
    tui_run_clear(&a->main);
    for (i = 0; i < a->ntargets; i++)
        target_clear(&a->targets[i]);
    free(a->targets);
    target_clear(&a->defaults);
    free(a->verify_input);
    tui_edit_clear(&a->prompt);
    free(a->prompt_label);
    free(a->confirm_text);
    free(a->export_path);
    tui_search_clear(&a->search);
    free(a->message);
    free(a->domain);
    free(a->chain_file);
    distrun_free(&a->dist);
    tui_steps_close(a);
}

int
tui_run(struct target_settings *s, const struct target *defaults, struct target *targets,
        size_t ntargets, gnutls_x509_trust_list_t trust, time_t at, int demo,
        const struct tui_start *start)
{
    struct tui_app a;
    struct sigaction old[NSIGNALS];
    struct target *demo_targets = NULL;
    SCREEN *scr = NULL;
    const char *err = NULL;
    int status = 3;
    size_t i;

    if (!nc_load(&err)) {
        fprintf(stderr, "%s: %s\n", PACKAGE, err);
        return 3;
    }
    memset(&a, 0, sizeof a);
    a.loop = loop_new();
    a.s = s;
    a.trust = trust;
    a.at = at;
    a.main.app = a.verify.app = &a;
    target_copy(&a.defaults, defaults);
    if (demo) {
        if (!(a.demo = demo_setup(a.loop, s, demo == 2, &demo_targets, &ntargets, &err))) {
            fprintf(stderr, "%s: %s\n", PACKAGE, err);
            loop_free(a.loop);
            return 3;
        }
        a.trust = demo_trust(a.demo);
        for (i = 0; i < ntargets; i++)
            target_configure(&demo_targets[i], defaults);
        /* Not 443 (taken, by another demo say): said, not silent. */
        if (ntargets && demo_targets[0].https_port != 443)
            tui_message(&a, ROLE_WARN,
                        _("Port 443 is taken (another demo?): this demo's origins listen on "
                          "port %u."),
                        demo_targets[0].https_port);
        targets = demo_targets;
    }
    a.targets = xcalloc(ntargets ? ntargets : 1, sizeof *a.targets);
    for (i = 0; i < ntargets; i++)
        target_copy(&a.targets[i], &targets[i]);
    a.ntargets = ntargets;
    a.open_diag = !demo && ntargets == 1;
    if (start && start->aws)
        a.aws = *start->aws;
    a.no_aws = start && start->no_aws;
    if (!demo && start && start->chain_file && ntargets == 1) {
        a.source = TUI_SOURCE_FILE;
        a.chain_file = xstrdup(start->chain_file);
    } else if (!demo && start && start->dist && start->dist->ndists) {
        a.source = TUI_SOURCE_DIST;
        a.dist = *start->dist; /* taken */
        memset(start->dist, 0, sizeof *start->dist);
    }
    tui_steps_open(&a);
    if (demo_targets) {
        for (i = 0; i < ntargets; i++)
            target_clear(&demo_targets[i]);
        free(demo_targets);
    }

    if (!tui_termcap_ok()) {
        /* No full screen here: the probe to its end on the same loop, then
         * the text report, as without a terminal; said, not silent. */
        fprintf(stderr,
                _("%s: this terminal (TERM=%s) cannot show the wizard; the text report "
                  "follows\n"),
                PACKAGE, getenv("TERM") ? getenv("TERM") : "");
        if (a.source == TUI_SOURCE_FILE) {
            /* the file judged offline, as --chain-file without a terminal */
            tui_run_main(&a);
            status = 2;
            if (a.main.diag) {
                report_formats[0]->write(stdout, a.main.obs, a.main.diag, a.s);
                status = diag_all_ok(a.main.diag) ? 0 : 1;
            } else if (a.message) {
                fprintf(stderr, "%s: %s\n", PACKAGE, a.message);
            }
            goto out;
        }
        status =
            batch_run(a.loop, a.s, a.targets, a.ntargets, a.trust, a.at, NULL, report_formats[0],
                      a.source == TUI_SOURCE_DIST ? &a.dist : NULL, NULL, stdout);
        goto out;
    }
    if (!signals_on(&a, old)) {
        fprintf(stderr, "%s: %s\n", PACKAGE, strerror(errno));
        goto out;
    }
    if (!(scr = newterm(NULL, stdout, stdin))) {
        signals_off(&a, old);
        fprintf(stderr, _("%s: cannot use this terminal (TERM=%s)\n"), PACKAGE,
                getenv("TERM") ? getenv("TERM") : "");
        goto out;
    }
    set_term(scr);
    curses_on = true;
    atexit(restore_terminal);
    xmalloc_set_fatal_hook(restore_terminal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    mouseinterval(0);
    /* Every mouse event, even those not acted on: an event outside the
     * mask makes ncurses read on for the next one, blocking the loop. */
    mousemask(ALL_MOUSE_EVENTS, NULL);
    tui_draw_init();

    loop_watch(a.loop, STDIN_FILENO, POLLIN, on_stdin, &a);
    loop_watch(a.loop, a.sig_pipe[0], POLLIN, on_signal_pipe, &a);
    if (a.ntargets)
        tui_run_main(&a);
    tui_dirty(&a);
    if (loop_run(a.loop) < 0) {
        status = 3;
        err = strerror(errno);
    } else {
        status = exit_status(&a);
    }

    loop_unwatch(a.loop, STDIN_FILENO);
    loop_unwatch(a.loop, a.sig_pipe[0]);
    tui_fetch_cancel(&a, true); /* q while the AWS CLI reads: it is stopped */
    if (a.redraw_timer)
        loop_timer_cancel(a.loop, a.redraw_timer);
    if (a.spin_timer)
        loop_timer_cancel(a.loop, a.spin_timer);
    tui_run_clear(&a.verify);
    tui_run_clear(&a.main);
    tui_termcap_leave();
    curses_on = false;
    delscreen(scr);
    signals_off(&a, old);
    if (err)
        fprintf(stderr, "%s: %s\n", PACKAGE, err);
out:
    app_free(&a);
    demo_stop(a.demo);
    loop_free(a.loop);
    if (a.signal) {
        /* Die of the signal, as the shell expects, now that the terminal
         * is restored. */
        signal(a.signal, SIG_DFL);
        raise(a.signal);
    }
    return status;
}
