/* The action table: keys, what they do, the help and hint texts. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "tui/nc.h"
#include "tui/app.h"
#include "tui/keys.h"

#define K(code) ((code) | TUI_KEYCODE)
#define CTRL(c) ((c)&0x1f)

static const struct binding {
    enum tui_action act;
    int keys[8];       /* 0 ends the list */
    const char *label; /* the keys as the help shows them */
    const char *help;  /* N_() */
    const char *hint;  /* N_(), for the hint line, or NULL */
} bindings[] = {
    {ACT_NEXT_STEP, {'\t'}, "Tab", N_("next step"), N_("next")},
    {ACT_PREV_STEP, {K(KEY_BTAB)}, "Shift-Tab", N_("previous step"), NULL},
    /* The digits 1 to the number of steps; label and help are made from
     * the step count (goto_text). */
    {ACT_GOTO, {0}, NULL, NULL, NULL},
    {ACT_UP, {K(KEY_UP), 'k'}, "Up, k", N_("move up"), NULL},
    {ACT_DOWN, {K(KEY_DOWN), 'j'}, "Down, j", N_("move down"), NULL},
    {ACT_LEFT, {K(KEY_LEFT), 'h'}, "Left, h", N_("previous pane or choice"), NULL},
    {ACT_RIGHT, {K(KEY_RIGHT), 'l'}, "Right, l", N_("next pane or choice"), NULL},
    {ACT_PAGE_UP, {K(KEY_PPAGE)}, "PgUp", N_("page up"), NULL},
    {ACT_PAGE_DOWN, {K(KEY_NPAGE)}, "PgDn", N_("page down"), NULL},
    {ACT_HOME, {K(KEY_HOME), 'g'}, "Home, g", N_("to the top"), NULL},
    {ACT_END, {K(KEY_END), 'G'}, "End, G", N_("to the bottom"), NULL},
    {ACT_ENTER, {'\n', '\r', K(KEY_ENTER)}, "Enter", N_("open, choose, edit, run"), N_("open")},
    {ACT_TOGGLE, {' '}, "Space", N_("tick a fix step done"), NULL},
    {ACT_BACK, {27}, "Esc", N_("back; cancel a run"), N_("back")},
    {ACT_ORDER, {'o'}, "o", N_("chain: as sent or ideal"), NULL},
    {ACT_RERUN, {'r'}, "r", N_("run the probe again"), N_("re-run")},
    {ACT_EXPORT, {'e'}, "e", N_("export the report"), N_("export")},
    {ACT_COPY, {'c'}, "c", N_("copy commands (OSC 52)"), NULL},
    {ACT_PLAIN, {'p'}, "p", N_("show commands plainly"), NULL},
    {ACT_SEARCH, {'/'}, "/", N_("search this view's text"), NULL},
    {ACT_SEARCH_NEXT, {'n', 'N'}, "n, N", N_("next, previous match"), NULL},
    {ACT_HELP, {'?', K(KEY_F(1))}, "?, F1", N_("this help"), N_("help")},
    {ACT_REDRAW, {CTRL('l')}, "Ctrl-L", N_("redraw the screen"), NULL},
    {ACT_QUIT, {'q'}, "q", N_("quit"), N_("quit")},
};

#define NBINDINGS (sizeof bindings / sizeof *bindings)

/* Steps the digit keys reach: one digit each. */
#define NGOTO (STEP_COUNT < 9 ? STEP_COUNT : 9)

/* The label and help of binding i into the buffers (the digits' binding
 * is made from the step count); returns the label. */
static const char *
binding_text(size_t i, char *label, size_t lsize, char *help, size_t hsize)
{
    if (bindings[i].act == ACT_GOTO) {
        snprintf(label, lsize, "1-%d", NGOTO);
        snprintf(help, hsize, _("go to step 1 to %d"), NGOTO);
    } else {
        snprintf(label, lsize, "%s", bindings[i].label);
        snprintf(help, hsize, "%s", _(bindings[i].help));
    }
    return label;
}

enum tui_action
tui_keys_action(int ch, bool keycode)
{
    int k = keycode ? K(ch) : ch;
    size_t i, j;

    if (!keycode && ch >= '1' && ch < '1' + NGOTO)
        return ACT_GOTO;
    for (i = 0; i < NBINDINGS; i++)
        for (j = 0; j < sizeof bindings[i].keys / sizeof *bindings[i].keys && bindings[i].keys[j];
             j++)
            if (bindings[i].keys[j] == k)
                return bindings[i].act;
    return ACT_NONE;
}

int
tui_keys_help_lines(void)
{
    return (int)NBINDINGS + 1;
}

/* One line of the help: keys, then what they do. */
static void
help_line(int y, int x, int w, int label_w, const char *label, const char *help)
{
    tui_text(y, x, label_w, ROLE_KEY, label);
    tui_text(y, x + label_w + 2, w - label_w - 2, ROLE_NORMAL, help);
}

void
tui_keys_draw_help(struct tui_rect r)
{
    int n = (int)NBINDINGS + 1, label_w = 0, cols, per, i, w;
    char label[32], help[256];

    for (i = 0; i < (int)NBINDINGS; i++)
        if (tui_width(binding_text((size_t)i, label, sizeof label, help, sizeof help)) > label_w)
            label_w = tui_width(label);
    if (tui_width(_("Mouse")) > label_w)
        label_w = tui_width(_("Mouse"));
    /* Two columns when one does not fit. */
    cols = n <= r.h ? 1 : 2;
    per = (n + cols - 1) / cols;
    w = cols == 1 ? r.w : (r.w - 2) / 2;
    for (i = 0; i < n; i++) {
        int y = r.y + i % per, x = r.x + (i / per) * (w + 2);
        if (i % per >= r.h)
            continue;
        if (i < (int)NBINDINGS) {
            binding_text((size_t)i, label, sizeof label, help, sizeof help);
            help_line(y, x, w, label_w, label, help);
        } else
            help_line(y, x, w, label_w, _("Mouse"), _("click a step or a row"));
    }
}

void
tui_keys_draw_hints(int y, int x, int w)
{
    size_t i;
    int cur = x, end = x + w;

    for (i = 0; i < NBINDINGS; i++) {
        const char *hint, *comma;
        char key[16];
        int need;

        if (!bindings[i].hint)
            continue;
        /* The first key of the label is enough here. */
        comma = strchr(bindings[i].label, ',');
        snprintf(key, sizeof key, "%.*s",
                 (int)(comma ? comma - bindings[i].label : (long)strlen(bindings[i].label)),
                 bindings[i].label);
        hint = _(bindings[i].hint);
        need = tui_width(key) + 1 + tui_width(hint) + 2;
        if (cur + need > end)
            break;
        cur += tui_text(y, cur, end - cur, ROLE_KEY, key);
        cur += 1;
        cur += tui_text(y, cur, end - cur, ROLE_BAR, hint);
        cur += 2;
    }
}

void
tui_keys_draw_edit_hints(int y, int x, int w)
{
    static const struct {
        const char *key, *hint; /* hint: N_() */
    } edit[] = {
        {"Enter", N_("accept")},          {"Esc", N_("cancel")},
        {"Ctrl-W", N_("delete a word")},  {"Ctrl-U", N_("delete to the start")},
        {"Tab", N_("accept, next step")},
    };
    size_t i;
    int cur = x, end = x + w;

    for (i = 0; i < sizeof edit / sizeof *edit; i++) {
        const char *hint = _(edit[i].hint);
        if (cur + tui_width(edit[i].key) + 1 + tui_width(hint) + 2 > end)
            break;
        cur += tui_text(y, cur, end - cur, ROLE_KEY, edit[i].key);
        cur += 1;
        cur += tui_text(y, cur, end - cur, ROLE_BAR, hint);
        cur += 2;
    }
}

/* One hint at *cur when it fits before end; false when not. */
static bool
hint_put(int y, int *cur, int end, const char *key, const char *what)
{
    char buf[64];

    if (strcmp(key, TUI_KEY_UPDOWN) == 0) {
        snprintf(buf, sizeof buf, "%s%s", tui_glyph(G_UP), tui_glyph(G_DOWN));
        key = strcmp(buf, "^v") == 0 ? "Up/Down" : buf;
    } else if (strcmp(key, TUI_KEY_LEFTRIGHT) == 0) {
        key = strcmp(tui_glyph(G_UP), "^") == 0 ? "Left/Right" : "\u2190\u2192";
    } else {
        key = _(key); /* "type" is a word; key names stay as they are */
    }
    if (*cur + tui_width(key) + 1 + tui_width(what) > end)
        return false;
    *cur += tui_text(y, *cur, end - *cur, ROLE_KEY, key);
    *cur += 1;
    *cur += tui_text(y, *cur, end - *cur, ROLE_BAR, what);
    *cur += 2;
    return true;
}

void
tui_keys_draw_view_hints(const struct tui_hint *hints, int y, int x, int w)
{
    const char *next = _("next"), *help = _("help");
    int cur = x, end = x + w;
    /* "? help" always has its place at the end. */
    int keep = 1 + 1 + tui_width(help);
    size_t i;

    for (i = 0; hints && hints[i].key; i++)
        if (!hint_put(y, &cur, end - keep - 2, hints[i].key, _(hints[i].what)))
            break;
    hint_put(y, &cur, end - keep - 2, "Tab", next);
    hint_put(y, &cur, end, "?", help);
}
