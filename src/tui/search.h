/* Search (/, n, N) in the focused view's text, as less and tig do: a
 * pattern typed on the footer line, matched case-insensitively in the
 * lines the view shows; the view moves to the first match at or after
 * where it is (n: the next one, N: the previous one, wrapping around) and
 * the matches are highlighted.  A step offers search through its
 * struct tui_step's search hook, which picks the focused view and calls
 * tui_search_view(). */
#ifndef TUI_SEARCH_H
#define TUI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/draw.h"

struct tui_app;
struct tui_view;

enum tui_found { TUI_FOUND, TUI_FOUND_WRAPPED, TUI_NOT_FOUND };

/* The search's state (the wizard's, across steps): the pattern, and the
 * view and line of the last match. */
struct tui_search {
    char *pattern; /* NULL before the first search */
    const struct tui_view *view;
    size_t line;
    bool have; /* a last match */
};

/* / : the prompt on the footer line, then the first match. */
void tui_search_start(struct tui_app *a);
/* n (dir 1) and N (dir -1): the next or previous match of the pattern. */
void tui_search_again(struct tui_app *a, int dir);
/* Frees the state. */
void tui_search_clear(struct tui_search *s);

/* For the steps' hooks: moves v to the match of the pattern in text (v's
 * document, or one with the same lines built for searching, e.g. with the
 * parts hidden on the screen) from v's place (again: from the last match)
 * in direction dir.  select: v has selectable items (its selection moves
 * to the match's item), else it scrolls.  *line and *col (may be NULL)
 * get the match's line and column in its line's text. */
enum tui_found tui_search_view(struct tui_app *a, struct tui_view *v, const struct tui_doc *text,
                               bool select, int dir, bool again, size_t *line, int *col);

#endif
