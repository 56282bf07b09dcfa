/* Drawing for the wizard: colour roles, status marks, text measured and cut
 * in screen columns, and the "document": styled lines with selectable items
 * that every step builds on each redraw and draws into a rectangle. */
#ifndef TUI_DRAW_H
#define TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

/* Colour roles: one table in draw.c says how each looks with and without
 * colour.  Status is never carried by colour alone: a mark or a word goes
 * with it. */
enum tui_role {
    ROLE_NORMAL,
    ROLE_TITLE,     /* headings */
    ROLE_DIM,       /* secondary text */
    ROLE_OK,        /* success, with a mark */
    ROLE_ERROR,     /* failure, with a mark */
    ROLE_WARN,      /* warning, with a mark */
    ROLE_RUNNING,   /* spinner, work in flight */
    ROLE_SELECT,    /* the selected row */
    ROLE_STEP,      /* the current step in the bar */
    ROLE_BAR,       /* the step bar and status lines */
    ROLE_BANNER_OK, /* the large verdict: would connect */
    ROLE_BANNER_FAIL,
    ROLE_KEY,       /* a key name in hints and help */
    ROLE_CODE,      /* commands to copy */
    ROLE_INPUT,     /* a form field */
    ROLE_BADGE,     /* "ELB" and similar badges */
    ROLE_MATCH,     /* a search match (/) */
    ROLE_MATCH_CUR, /* the match n and N move from */
    ROLE_COUNT
};

/* Marks that go with roles; UTF-8 glyphs, ASCII in other locales. */
enum tui_glyph {
    G_OK,
    G_FAIL,
    G_WARN,
    G_PENDING,
    G_ELLIPSIS,
    G_ARROW,
    G_TREE_MID,  /* "├─" */
    G_TREE_LAST, /* "└─" */
    G_TREE_PIPE, /* "│ " */
    G_HLINE,     /* "─" */
    G_UP,        /* more above */
    G_DOWN,      /* more below */
    G_OPEN,      /* an expanded item */
    G_CLOSED,    /* a collapsed item */
    G_RADIO_ON,
    G_RADIO_OFF,
    G_SEP, /* between steps in the bar */
    G_COUNT
};

/* Called once after initscr(): decides colours (has_colors(), NO_COLOR)
 * and glyphs (UTF-8 or not). */
void tui_draw_init(void);
int tui_draw_attr(enum tui_role r);
const char *tui_glyph(enum tui_glyph g);
/* The spinner frame for tick n. */
const char *tui_draw_spinner(unsigned n);

/* Columns a UTF-8 string takes on screen. */
int tui_width(const char *s);
/* Draws s at (y, x) in at most w columns with role r; when it does not fit,
 * the last column shows the ellipsis mark.  Characters that are not
 * printable are shown as '?': network text is sanitized before it gets
 * here, this is the last guard.  Returns the columns used. */
int tui_text(int y, int x, int w, enum tui_role r, const char *s);
/* Fills w columns at (y, x) with blanks in role r. */
void tui_fill(int y, int x, int w, enum tui_role r);
/* Splits s into lines of at most w columns, breaking at spaces where it
 * can and anywhere in runs without them (Japanese); '\n' breaks too.
 * Returns the count; *lines is a fresh array of fresh strings. */
size_t tui_wrap(const char *s, int w, char ***lines);
void tui_free_lines(char **lines, size_t n);
/* A box outline. */
void tui_box(int y, int x, int h, int w, enum tui_role r);

struct tui_rect {
    int y, x, h, w;
};

/* A document: lines of segments, each line optionally part of a numbered
 * item (a selectable row; an item may span lines). */
struct tui_seg {
    char *text;
    enum tui_role role;
    int col; /* column to start at (relative), or -1 to follow on */
};

struct tui_dline {
    struct tui_seg *segs;
    size_t nsegs;
    int item; /* -1: not selectable */
};

struct tui_doc {
    struct tui_dline *lines;
    size_t nlines, cap;
    int nitems;
};

void tui_doc_clear(struct tui_doc *d);
/* Starts a line; item -1 for none, else the item it belongs to (items
 * are counted as the highest + 1). */
void tui_doc_line(struct tui_doc *d, int item);
/* Appends text to the current line (starting one if there is none). */
void tui_doc_put(struct tui_doc *d, enum tui_role r, const char *text);
void tui_doc_putf(struct tui_doc *d, enum tui_role r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends text starting at column col of the line. */
void tui_doc_at(struct tui_doc *d, int col, enum tui_role r, const char *text);
/* Appends network text: sanitized first. */
void tui_doc_net(struct tui_doc *d, enum tui_role r, const char *raw);
/* Paragraph: text wrapped to width w - indent, each line indented. */
void tui_doc_wrap(struct tui_doc *d, int item, int indent, int w, enum tui_role r,
                  const char *text);
/* The first and last line of item, or false when it has none. */
bool tui_doc_item_lines(const struct tui_doc *d, int item, size_t *first, size_t *last);

/* Search matches: the line of d holds pattern (case-insensitive, in
 * characters as shown); *col (may be NULL) gets the column in the line's
 * text, its segments joined, where the first match starts. */
bool tui_doc_line_find(const struct tui_dline *l, const char *pattern, int *col);
/* The walk of /, n and N over documents read one after another (a view's
 * one, or the Fix pane's steps, each its own): from line `line` of docs[doc]
 * (that line too when inclusive) in direction dir, every line once, going
 * on from the last line to the first (dir < 0: the other way); the first
 * line that holds pattern.  *at_doc and *at_line get where it is, *col (may
 * be NULL) its column, *wrapped (may be NULL) whether the walk went past
 * the end (dir < 0: the start).  false when no line holds it. */
bool tui_doc_search(const struct tui_doc *docs, size_t ndocs, size_t doc, size_t line,
                    bool inclusive, int dir, const char *pattern, size_t *at_doc, size_t *at_line,
                    int *col, bool *wrapped);
/* From now on, tui_doc_draw shows the matches of pattern in d (the same
 * document, redrawn) highlighted, those on line cur the most; NULL, NULL:
 * none. */
void tui_doc_highlight(const struct tui_doc *d, const char *pattern, size_t cur);

/* Draws the document in rect from line *top, first moving *top so that
 * the lines of item sel are visible (sel < 0: no selection; *top is
 * clamped).  The selected item is shown reversed when focused, with a
 * mark either way.  Marks in the right column say when there is more
 * above or below. */
void tui_doc_draw(const struct tui_doc *d, struct tui_rect r, size_t *top, int sel, bool focused);
/* The item on screen row y (absolute) of a document drawn in r from top,
 * or -1. */
int tui_doc_item_at(const struct tui_doc *d, struct tui_rect r, size_t top, int y);

#endif
