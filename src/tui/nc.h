/* ncursesw, loaded when the wizard starts.
 *
 * Linking ncursesw (and its libtinfo: 2,000 relocations) cost every run,
 * the batch report too, about 0.15 ms of dynamic linking: 3 to 4 % of a
 * whole probe of one origin.  Only the wizard needs it.  So the wizard's
 * files include this header instead of <curses.h>: it declares the
 * functions and variables they use as slots of one table, filled by
 * nc_load() from the library with dlopen() and dlsym(), and turns each
 * name into a call or a read through its slot.  The types are those of
 * the ncursesw headers the program compiled against; the library loaded
 * is the one pkg-config pointed to (its SONAME, found by configure).
 *
 * A name the wizard starts to use must be added to the lists below (the
 * link fails with an undefined reference until it is).  A file that needs
 * <term.h> includes it before this header (its declarations would
 * otherwise meet the macros below). */
#ifndef TUI_NC_H
#define TUI_NC_H

#include <curses.h>
#include <stdbool.h>

/* Every ncurses function the wizard calls... */
#define NC_FUNCTIONS(X)                                                                            \
    X(cbreak)                                                                                      \
    X(clearok)                                                                                     \
    X(curs_set)                                                                                    \
    X(def_prog_mode)                                                                               \
    X(delscreen)                                                                                   \
    X(doupdate)                                                                                    \
    X(endwin)                                                                                      \
    X(getmouse)                                                                                    \
    X(has_colors)                                                                                  \
    X(init_pair)                                                                                   \
    X(isendwin)                                                                                    \
    X(keypad)                                                                                      \
    X(mouseinterval)                                                                               \
    X(mousemask)                                                                                   \
    X(newterm)                                                                                     \
    X(nodelay)                                                                                     \
    X(noecho)                                                                                      \
    X(nonl)                                                                                        \
    X(putp)                                                                                        \
    X(reset_prog_mode)                                                                             \
    X(resizeterm)                                                                                  \
    X(set_escdelay)                                                                                \
    X(set_term)                                                                                    \
    X(start_color)                                                                                 \
    X(tigetstr)                                                                                    \
    X(use_default_colors)                                                                          \
    X(waddch)                                                                                      \
    X(waddnstr)                                                                                    \
    X(waddnwstr)                                                                                   \
    X(wattr_off)                                                                                   \
    X(wattr_on)                                                                                    \
    X(wchgat)                                                                                      \
    X(werase)                                                                                      \
    X(wget_wch)                                                                                    \
    X(whline)                                                                                      \
    X(wmove)                                                                                       \
    X(wnoutrefresh)                                                                                \
    X(wvline)

/* ...and every variable it reads. */
#define NC_VARIABLES(X)                                                                            \
    X(COLOR_PAIRS)                                                                                 \
    X(COLS)                                                                                        \
    X(LINES)                                                                                       \
    X(acs_map)                                                                                     \
    X(curscr)                                                                                      \
    X(stdscr)

/* The four of <term.h> (terminfo), written out: that header's macros
 * (lines, columns...) must not reach the files that include this one.
 * TERMINAL is struct term there. */
#define NC_TERMINFO(X) X(cur_term) X(del_curterm) X(set_curterm) X(setupterm)

/* One slot per name, a pointer of the declared type (GNU __typeof__, as
 * in GCC and Clang). */
struct term;
struct nc_table {
#define NC_SLOT(name) __typeof__(name) *name;
    NC_FUNCTIONS(NC_SLOT)
    NC_VARIABLES(NC_SLOT)
#undef NC_SLOT
    struct term **cur_term;
    int (*del_curterm)(struct term *);
    struct term *(*set_curterm)(struct term *);
    int (*setupterm)(const char *, int, int *);
};
extern struct nc_table tui_nc;

/* Loads the library and fills every slot (once; later calls only say how
 * the first went).  false and *err (a static, translated message naming
 * the library and dlerror()'s reason) when it cannot. */
bool nc_load(const char **err);

/* The names, through the table.  A macro cannot define macros, so each is
 * written out; the lists above are the reference. */
#ifndef NC_NO_REDIRECT
#undef cbreak
#define cbreak (*tui_nc.cbreak)
#undef clearok
#define clearok (*tui_nc.clearok)
#undef curs_set
#define curs_set (*tui_nc.curs_set)
#undef def_prog_mode
#define def_prog_mode (*tui_nc.def_prog_mode)
#undef del_curterm
#define del_curterm (*tui_nc.del_curterm)
#undef delscreen
#define delscreen (*tui_nc.delscreen)
#undef doupdate
#define doupdate (*tui_nc.doupdate)
#undef endwin
#define endwin (*tui_nc.endwin)
#undef getmouse
#define getmouse (*tui_nc.getmouse)
#undef has_colors
#define has_colors (*tui_nc.has_colors)
#undef init_pair
#define init_pair (*tui_nc.init_pair)
#undef isendwin
#define isendwin (*tui_nc.isendwin)
#undef keypad
#define keypad (*tui_nc.keypad)
#undef mouseinterval
#define mouseinterval (*tui_nc.mouseinterval)
#undef mousemask
#define mousemask (*tui_nc.mousemask)
#undef newterm
#define newterm (*tui_nc.newterm)
#undef nodelay
#define nodelay (*tui_nc.nodelay)
#undef noecho
#define noecho (*tui_nc.noecho)
#undef nonl
#define nonl (*tui_nc.nonl)
#undef putp
#define putp (*tui_nc.putp)
#undef reset_prog_mode
#define reset_prog_mode (*tui_nc.reset_prog_mode)
#undef resizeterm
#define resizeterm (*tui_nc.resizeterm)
#undef set_curterm
#define set_curterm (*tui_nc.set_curterm)
#undef set_escdelay
#define set_escdelay (*tui_nc.set_escdelay)
#undef set_term
#define set_term (*tui_nc.set_term)
#undef setupterm
#define setupterm (*tui_nc.setupterm)
#undef start_color
#define start_color (*tui_nc.start_color)
#undef tigetstr
#define tigetstr (*tui_nc.tigetstr)
#undef use_default_colors
#define use_default_colors (*tui_nc.use_default_colors)
#undef waddch
#define waddch (*tui_nc.waddch)
#undef waddnstr
#define waddnstr (*tui_nc.waddnstr)
#undef waddnwstr
#define waddnwstr (*tui_nc.waddnwstr)
#undef wattr_off
#define wattr_off (*tui_nc.wattr_off)
#undef wattr_on
#define wattr_on (*tui_nc.wattr_on)
#undef wchgat
#define wchgat (*tui_nc.wchgat)
#undef werase
#define werase (*tui_nc.werase)
#undef wget_wch
#define wget_wch (*tui_nc.wget_wch)
#undef whline
#define whline (*tui_nc.whline)
#undef wmove
#define wmove (*tui_nc.wmove)
#undef wnoutrefresh
#define wnoutrefresh (*tui_nc.wnoutrefresh)
#undef wvline
#define wvline (*tui_nc.wvline)
#undef COLOR_PAIRS
#define COLOR_PAIRS (*tui_nc.COLOR_PAIRS)
#undef COLS
#define COLS (*tui_nc.COLS)
#undef LINES
#define LINES (*tui_nc.LINES)
#undef acs_map
#define acs_map (*tui_nc.acs_map)
#undef cur_term
#define cur_term (*tui_nc.cur_term)
#undef curscr
#define curscr (*tui_nc.curscr)
#undef stdscr
#define stdscr (*tui_nc.stdscr)
#endif

#endif
