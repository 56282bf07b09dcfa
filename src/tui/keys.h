/* Key bindings: one action table that the input handler reads and that
 * also draws the help screen and the hint line. */
#ifndef TUI_KEYS_H
#define TUI_KEYS_H

#include <stdbool.h>

#include "tui/draw.h"

enum tui_action {
    ACT_NONE,
    ACT_UP,
    ACT_DOWN,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_PAGE_UP,
    ACT_PAGE_DOWN,
    ACT_HOME,
    ACT_END,
    ACT_NEXT_STEP,
    ACT_PREV_STEP,
    ACT_GOTO, /* a digit: which step is in the key */
    ACT_ENTER,
    ACT_TOGGLE,
    ACT_BACK,
    ACT_ORDER,
    ACT_RERUN,
    ACT_EXPORT,
    ACT_COPY,
    ACT_PLAIN,
    ACT_SEARCH,      /* / */
    ACT_SEARCH_NEXT, /* n, N: which one is in the key */
    ACT_HELP,
    ACT_REDRAW,
    ACT_QUIT,
};

/* Curses key codes are kept apart from characters with this bit. */
#define TUI_KEYCODE (1 << 24)

/* The action bound to a key (ch from wget_wch; keycode when it returned
 * KEY_CODE_YES). */
enum tui_action tui_keys_action(int ch, bool keycode);
/* Lines the help screen needs. */
int tui_keys_help_lines(void);
/* Draws the help (every binding, then the mouse line) in r. */
void tui_keys_draw_help(struct tui_rect r);
/* Draws the hint line: the bindings marked for it that fit in w columns. */
void tui_keys_draw_hints(int y, int x, int w);
struct tui_hint;
/* Draws the focused view's keys (hints, ending with {NULL}), then "Tab
 * next" and "? help" (the other global keys are in the help). */
void tui_keys_draw_view_hints(const struct tui_hint *hints, int y, int x, int w);
/* Draws the keys of a text field being edited instead. */
void tui_keys_draw_edit_hints(int y, int x, int w);

#endif
