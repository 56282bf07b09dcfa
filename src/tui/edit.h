/* A one-line text editor for form fields and prompts, measured in screen
 * columns (wide characters scroll correctly). */
#ifndef TUI_EDIT_H
#define TUI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct tui_edit {
    wchar_t *buf;
    size_t len, cap, pos; /* in characters */
    size_t max;           /* characters accepted */
    size_t scroll;        /* first character shown */
    int cy, cx;           /* where the cursor goes, set by tui_edit_draw */
};

enum tui_edit_result { EDIT_GOING, EDIT_DONE, EDIT_CANCEL };

/* Starts editing text (UTF-8; may be NULL), accepting up to max characters. */
void tui_edit_start(struct tui_edit *e, const char *text, size_t max);
void tui_edit_clear(struct tui_edit *e);
/* One key from wget_wch. */
enum tui_edit_result tui_edit_key(struct tui_edit *e, int ch, bool keycode);
/* The text as UTF-8; caller frees. */
char *tui_edit_text(const struct tui_edit *e);
/* Draws the field at (y, x), w columns wide; e->cy/cx say where the
 * cursor belongs (the frame puts it there last). */
void tui_edit_draw(struct tui_edit *e, int y, int x, int w);

#endif
