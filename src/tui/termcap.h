/* Whether the terminal can hold the wizard.  A header of its own: its .c
 * includes <term.h>, whose macros (lines, columns...) the rest must not
 * see. */
#ifndef TUI_TERMCAP_H
#define TUI_TERMCAP_H

#include <stdbool.h>

/* Does the terminal (TERM) have cursor addressing? */
bool tui_termcap_ok(void);

#endif
