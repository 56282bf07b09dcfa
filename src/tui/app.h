/* The wizard's state, shared by its files: the runs (probe + diagnosis),
 * the selected origin and step, each step's view state, overlays, and the
 * redraw machinery.  The wizard only reads observations and diagnoses; it
 * asks probe_*() and analyse() for them and never judges on its own. */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "awscli.h"
#include "diag.h"
#include "distrun.h"
#include "loop.h"
#include "probe.h"
#include "target.h"
#include "tui/draw.h"
#include "tui/edit.h"
#include "tui/keys.h"
#include "tui/search.h"

struct demo;
struct tui_app;

/* The steps in order: id and the step_*.c file's struct tui_step.  A new
 * step is its file and one row here (the bar, the digit keys, the state
 * allocation and the dispatch all follow from this table). */
#define TUI_STEP_TABLE(X)                                                                          \
    X(STEP_ORIGIN, tui_step_origin)                                                                \
    X(STEP_DNS, tui_step_dns)                                                                      \
    X(STEP_CONN, tui_step_conn)                                                                    \
    X(STEP_CERT, tui_step_cert)                                                                    \
    X(STEP_DIAG, tui_step_diag)                                                                    \
    X(STEP_FIX, tui_step_fix)                                                                      \
    X(STEP_VERIFY, tui_step_verify)

#define X_ENUM(id, def) id,
enum tui_step_id { TUI_STEP_TABLE(X_ENUM) STEP_COUNT };
#undef X_ENUM

/* What the step bar shows for a step (always with a mark). */
enum tui_state { ST_PENDING, ST_RUNNING, ST_OK, ST_WARN, ST_FAILED };

#define TUI_AREAS_ALL (~0u)

/* A key of the focused view and what it does there, for the footer.
 * key is shown as it is, except TUI_KEY_UPDOWN and TUI_KEY_LEFTRIGHT
 * (arrows, or words without UTF-8). */
struct tui_hint {
    const char *key;
    const char *what; /* N_() */
};
#define TUI_KEY_UPDOWN "\001"
#define TUI_KEY_LEFTRIGHT "\002"

/* A screen: the step table in tui.c dispatches through these. */
struct tui_step {
    const char *title; /* N_() */
    /* The finding areas this step shows (AREA_BIT()s; findings.h): a
     * finding reaches the step that claims its area.  The Diagnosis step
     * shows every finding (TUI_AREAS_ALL) without claiming any. */
    unsigned areas;
    void (*draw)(struct tui_app *a, struct tui_rect r);
    /* A key; true when the step used it.  ch/keycode as from wget_wch. */
    bool (*key)(struct tui_app *a, enum tui_action act, int ch, bool keycode);
    enum tui_state (*state)(const struct tui_app *a);
    /* Optional: a mouse click at (y, x); leaving (false keeps the user
     * here); entering. */
    void (*click)(struct tui_app *a, int y, int x);
    bool (*leave)(struct tui_app *a);
    void (*enter)(struct tui_app *a);
    /* Optional: where the terminal's cursor shows (true), else hidden. */
    bool (*cursor)(const struct tui_app *a, int *y, int *x);
    /* Optional: the mouse wheel at (y, x), dir -1 up and 1 down (without
     * it, the wheel is Up and Down); the footer's keys while the step is
     * shown, drawn in w columns at (y, x) (without it, the global ones). */
    void (*wheel)(struct tui_app *a, int y, int x, int dir);
    void (*hints)(const struct tui_app *a, int y, int x, int w);
    /* Optional: search (/, n, N) in the focused view: moves it to a match
     * of a->search.pattern with tui_search_view() (search.h); without it,
     * / says there is nothing to search here. */
    enum tui_found (*search)(struct tui_app *a, int dir, bool again);
    /* The step's own state, like tig's view_ops: state_size bytes that the
     * frame allocates zeroed for every step alike (tui_steps_open) and
     * hands to state_init; state_reset runs when the selected origin
     * changes (or tui_step_reset asks); state_clear frees what it holds
     * before the frame frees it (tui_steps_close).  Each hook is optional;
     * tui_step_state() finds the state. */
    size_t state_size;
    void (*state_init)(void *st);
    void (*state_reset)(void *st);
    void (*state_clear)(void *st);
};

/* The steps in order, indexed by enum tui_step_id (app.c). */
extern const struct tui_step *const tui_steps[STEP_COUNT];

#define X_EXTERN(id, def) extern const struct tui_step def;
TUI_STEP_TABLE(X_EXTERN)
#undef X_EXTERN

/* Where the origins come from (the Origin step's source); the words the
 * form shows are in app.c. */
enum tui_source { TUI_SOURCE_HOST, TUI_SOURCE_FILE, TUI_SOURCE_DIST, TUI_SOURCE_COUNT };
const char *tui_source_text(enum tui_source s); /* translated */

/* One probe run and, once it is done, its diagnosis.  A certificate file
 * is judged with no probe: obs is then the run's own observation. */
struct tui_run {
    struct tui_app *app;
    struct probe *probe;
    struct observation *obs; /* offline (no probe); owned */
    struct diagnosis *diag;  /* when done and not cancelled */
    int64_t started_ms, ended_ms;
    bool active; /* started, not done */
    bool cancelled;
};

enum tui_modal { MODAL_NONE, MODAL_HELP, MODAL_PROMPT, MODAL_CONFIRM };

/* Where a step draws a list, for mouse clicks. */
struct tui_view {
    struct tui_doc doc;
    struct tui_rect rect;
    size_t top;
    int sel;
};

struct tui_app {
    struct loop *loop;
    struct target_settings *s;
    gnutls_x509_trust_list_t trust;
    time_t at; /* 0: now */
    struct demo *demo;

    struct target *targets; /* the origins, as the form last set them */
    size_t ntargets;
    struct target defaults; /* the command line's settings: a typed origin's start */
    size_t origin;          /* the one being walked through */

    /* What the targets came from: a typed host name, a certificate file
     * judged offline (chain_file, for targets[0]), or a distribution
     * (dist; its probes are the targets from dist's first on). */
    enum tui_source source;
    char *chain_file;
    struct distrun dist;
    struct awscli_opts aws; /* the command line's --aws-profile, --aws-endpoint-url */
    bool no_aws;
    /* A distribution being read with the AWS CLI on the wizard's loop
     * (NULL: none), what was typed (sanitized), and where it goes. */
    struct distrun_fetch *fetch;
    char *fetch_what;
    int64_t fetch_started;
    struct distrun fetched;

    struct tui_run main;   /* every origin */
    struct tui_run verify; /* the chosen custom domain, or the origin again */
    char *verify_input;    /* what the verify run was asked to check */

    int step;
    /* One origin from the command line: when its first run fails, the
     * wizard moves to the Diagnosis step (the answer first). */
    bool open_diag;

    /* Each step's own state (struct tui_step's state_size), by step. */
    void *step_state[STEP_COUNT];
    /* Shared by the Fix and Verify steps and the export: the custom domain
     * chosen or typed (NULL: none), and a count that grows each time the
     * fix steps are rebuilt for another one. */
    char *domain;
    bool domain_typed;
    unsigned fixes_made;

    enum tui_modal modal;
    struct tui_edit prompt;
    char *prompt_label;
    void (*prompt_done)(struct tui_app *a, const char *text);
    char *confirm_text;
    void (*confirm_done)(struct tui_app *a, bool yes);
    char *export_path;
    struct tui_search search; /* /, n, N */

    char *message;
    enum tui_role message_role;

    bool dirty; /* a redraw is wanted */
    bool stale; /* the step's documents predate the last change */
    struct loop_timer *redraw_timer, *spin_timer;
    int64_t last_draw;
    unsigned spin;
    int bar_x[STEP_COUNT + 1];
    bool plain; /* the terminal is out of curses, showing commands */

    int sig_pipe[2];
    int signal;
    bool quit;
};

/* Ask for a redraw; redraws are coalesced to at most 10 a second. */
void tui_dirty(struct tui_app *a);
/* Draws the whole frame now (tui.c): the redraw timer's work. */
void tui_draw_frame(struct tui_app *a);
/* A message on the bottom line until the next key; role says what it is. */
void tui_message(struct tui_app *a, enum tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The observation of a run (probed or read offline), or NULL. */
const struct observation *tui_run_obs(const struct tui_run *r);
/* The certificate file path judged offline for the one origin t (the
 * form's): the main run becomes that judgement.  False and *err (fresh)
 * when the file holds nothing usable. */
bool tui_load_chain_file(struct tui_app *a, const char *path, const struct target *t, char **err);
/* A distribution by id, domain name or saved file (what).  A file is read
 * now: its probes become the targets and the main run starts.  An id or
 * domain starts the AWS CLI on the wizard's loop (tui_fetch_active());
 * when it answers, the same happens and tui_origin_fetched() is told.
 * False and *err (fresh) when it cannot be read or started. */
bool tui_load_distribution(struct tui_app *a, const char *what, char **err);
bool tui_fetch_active(const struct tui_app *a);
/* Stops the AWS CLI read (the child killed by its PID and reaped);
 * quiet: no message (a new read, or the end of the wizard). */
void tui_fetch_cancel(struct tui_app *a, bool quiet);
/* "⠋ Reading distribution E2AB with the AWS CLI (get-distribution): 3.1 s
 * of 60 s. Esc cancels." while a read runs, else NULL.  Fresh string. */
char *tui_fetch_progress(const struct tui_app *a);
/* The Origin step is told that the read ended (step_origin.c): ok, or
 * why not (err, taken). */
void tui_origin_fetched(struct tui_app *a, bool ok, char *err);
/* Back to typed host names: the other source's origins are dropped (the
 * form then adds the one typed). */
void tui_source_host(struct tui_app *a);
/* The distribution and probe behind origin i, when the source is one. */
bool tui_dist_locate(const struct tui_app *a, size_t i, const struct distrun_dist **d,
                     const struct distconfig_target **t);

/* The selected origin in the main run, and its diagnosis once done. */
const struct obs_origin *tui_obs(const struct tui_app *a);
const struct diag_origin *tui_diag(const struct tui_app *a);
/* Runs. */
void tui_run_main(struct tui_app *a);
void tui_run_cancel(struct tui_app *a, struct tui_run *r);
void tui_run_clear(struct tui_run *r);
bool tui_busy(const struct tui_app *a);
/* Seconds since the run started (or its length when done). */
double tui_run_seconds(const struct tui_run *r);

/* Steps. */
void tui_goto(struct tui_app *a, int step);
/* The step's own state (see struct tui_step), NULL when it has none. */
void *tui_step_state(const struct tui_app *a, int step);
/* Allocate and init every step's state; reset one; clear and free all. */
void tui_steps_open(struct tui_app *a);
void tui_step_reset(struct tui_app *a, int step);
void tui_steps_close(struct tui_app *a);
/* The selected origin changed (or a new main diagnosis came in): reset
 * what depended on the old one. */
void tui_origin_changed(struct tui_app *a);

/* The custom domain the Fix and Verify steps use: chosen, typed, the best
 * candidate, or in the demo the name that works; NULL when none. */
const char *tui_custom_domain(const struct tui_app *a);
/* Does the diagnosis point to a custom domain as the fix? */
bool tui_wants_custom_domain(const struct diag_origin *d);
/* Makes name the custom domain (rebuilding the fix steps for it);
 * false and *err when it is not a valid host name. */
bool tui_choose_domain(struct tui_app *a, const char *name, bool typed, const char **err);
void tui_verify_start(struct tui_app *a);

/* Overlays. */
void tui_prompt(struct tui_app *a, const char *label, const char *initial,
                void (*done)(struct tui_app *a, const char *text));
void tui_confirm(struct tui_app *a, const char *text, void (*done)(struct tui_app *a, bool yes));

/* Commands to the terminal's clipboard with OSC 52. */
void tui_copy(struct tui_app *a, const char *text);
/* Shows text outside curses, plainly, until Enter. */
void tui_plain(struct tui_app *a, const char *text);

/* Is a field of the Origin form being edited (step_origin.c)? */
bool tui_origin_editing(const struct tui_app *a);
/* Does the Origin form hold edits the origin has not been checked with
 * (the results shown are from before them)? */
bool tui_origin_pending(const struct tui_app *a);

/* Export (export.c). */
void tui_export_start(struct tui_app *a);
enum tui_save { SAVE_WRITTEN, SAVE_EXISTS, SAVE_FAILED };
enum tui_save tui_save_file(const char *path, mode_t mode, bool overwrite,
                            void (*fill)(FILE *f, void *ctx), void *ctx, int *err);

/* Shared drawing helpers (common.c). */
const char *tui_state_glyph(enum tui_state st, unsigned spin);
enum tui_role tui_state_role(enum tui_state st);
/* The worst severity among findings in the areas (AREA_BIT()s), or -1 for
 * none. */
int tui_worst(const struct diag_origin *d, unsigned areas);
/* A heading line: title, then a rule to the end. */
void tui_heading(int y, int x, int w, const char *title);
/* "Waiting for ..." with the spinner, for steps with nothing to show yet. */
void tui_waiting(struct tui_app *a, struct tui_rect r, const char *what);
/* Up/Down/PgUp/PgDn/Home/End on a view without selection: scrolls it. */
bool tui_scroll_key(struct tui_view *v, enum tui_action act);
/* Up/Down/PgUp/PgDn/Home/End on a view with selectable items: moves the
 * selection within 0..nitems-1. */
bool tui_select_key(struct tui_view *v, enum tui_action act);
/* Back to the top, first item selected. */
void tui_view_reset(struct tui_view *v);
/* The large verdict: a band three lines high at r.y, a mark and the
 * words, green or red (step_diag.c). */
void tui_diag_banner(const struct diag_origin *d, struct tui_rect r);
/* The main run's diagnosis of origin i, or NULL. */
const struct diag_origin *tui_diag_at(const struct tui_app *a, size_t i);
/* The verdict as a step-bar state: ok, warn (connects with a warning),
 * failed (fails or unknown: never a pass that was not checked). */
enum tui_state tui_verdict_state(const struct diag_origin *d);
/* The answer in one line, from the same diagnosis as the verdict: the
 * mark (when mark), the status (502, 504, "unknown", "would connect"),
 * the primary finding's id and, when use and the fix is a custom domain,
 * "-> use NAME"; e.g. "✗ 502 cert.name_mismatch → use origin.example.com".
 * NULL before the diagnosis.  Fresh string. */
char *tui_answer(const struct tui_app *a, size_t i, bool mark, bool use);
/* The main run's progress on the selected origin, with the stage's limit:
 * "⠋ handshake 2.6 s of 10 s" (or "checking 2.6 s").  Fresh string. */
char *tui_progress_text(const struct tui_app *a);
/* A time taken, in the unit that reads best ("10.0 s", "850 ms"), into
 * buf; returns buf. */
const char *tui_duration(double ms, char *buf, size_t size);
/* Columns for a two-column layout. */
int tui_max_width(const char *const *labels, size_t n);
/* A path typed by the user with ~ and ~/... as the home directory
 * ($HOME), as a shell would; fresh. */
char *tui_expand_home(const char *path);

#endif
