/* Export (e): the report of what the wizard shows, in the format the file
 * name's extension names (report_formats[]: .md, .txt, .json; Markdown
 * otherwise), written to a temporary file in the same directory, synced,
 * then renamed into place; an existing file is replaced only after the
 * user says yes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The format of an export whose name says none. */
static const struct report_format *
default_format(void)
{
    return report_format_find("markdown");
}

/* origin-doctor-<name>-<YYYYmmdd-HHMMSS>.md, the name reduced to
 * characters that are safe in a file name. */
static char *
default_name(const struct tui_app *a)
{
    const char *n = a->origin < a->ntargets ? a->targets[a->origin].name : "origin";
    char stamp[32], *safe = xstrdup(n), *p, *out;
    time_t now = time(NULL);
    struct tm tm;

    for (p = safe; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-'))
            *p = '_';
    if (strlen(safe) > 100)
        safe[100] = '\0';
    if (!localtime_r(&now, &tm) || !strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm))
        snprintf(stamp, sizeof stamp, "%lld", (long long)now);
    out = xasprintf("origin-doctor-%s-%s.%s", safe, stamp, default_format()->ext);
    free(safe);
    return out;
}

/* What only the wizard knows: the policies and the custom domain chosen,
 * then the Verify run; in Markdown, after the Markdown report. */
static void
wizard_part(FILE *f, struct tui_app *a)
{
    const char *dom = tui_custom_domain(a);
    char *title;
    size_t i;

    fprintf(f, "\n## %s\n\n", _("Choices made in the wizard"));
    for (i = 0; i < a->ntargets; i++) {
        char *n = sanitize(a->targets[i].name);
        fprintf(f, "- %s:%u: %s %s\n", n, target_port(&a->targets[i]), _("Origin protocol policy"),
                target_policy_text(a->targets[i].policy));
        free(n);
    }
    if (dom && tui_wants_custom_domain(tui_diag(a))) {
        char *n = sanitize(dom);
        fprintf(f, "- %s %s\n", _("Custom domain:"), n);
        free(n);
    }
    if (a->verify.diag && a->verify.probe) {
        title = xasprintf(_("Verify: %s"), a->verify_input ? a->verify_input : "?");
        fputs("\n---\n", f);
        report_md_write(f, probe_observation(a->verify.probe), a->verify.diag, a->s, title, 2);
        free(title);
    }
}

static void write_report(struct tui_app *a, bool overwrite);

static void
confirmed(struct tui_app *a, bool yes)
{
    if (yes)
        write_report(a, true);
    else
        tui_message(a, ROLE_WARN, _("Not written: %s is left as it was."), a->export_path);
}

static void
ask_overwrite(struct tui_app *a)
{
    char *q = xasprintf(_("%s exists. Replace it?"), a->export_path);

    tui_confirm(a, q, confirmed);
    free(q);
}

/* Written to a temporary file in path's directory, synced, then put in
 * place: a file is never left half written, and one that exists is replaced
 * only when overwrite is set (link() never replaces, so a file that
 * appeared meanwhile is safe).  SAVE_EXISTS when it exists and overwrite is
 * not set; SAVE_FAILED with *err set to the errno. */
enum tui_save
tui_save_file(const char *path, mode_t mode, bool overwrite, void (*fill)(FILE *f, void *ctx),
              void *ctx, int *err)
{
    char *tmp = xasprintf("%s.XXXXXX", path);
    struct stat st;
    FILE *f;
    int fd, e = 0;

    if ((fd = mkstemp(tmp)) < 0) {
        *err = errno;
        free(tmp);
        return SAVE_FAILED;
    }
    if (fchmod(fd, mode) != 0 || !(f = fdopen(fd, "w"))) {
        e = errno;
        close(fd);
        goto fail;
    }
    fill(f, ctx);
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        e = errno ? errno : EIO;
        fclose(f);
        goto fail;
    }
    if (fclose(f) != 0) {
        e = errno;
        goto fail;
    }
    if (overwrite) {
        if (rename(tmp, path) != 0) {
            e = errno;
            goto fail;
        }
    } else if (link(tmp, path) == 0) {
        unlink(tmp);
    } else if (errno == EEXIST || lstat(path, &st) == 0) {
        unlink(tmp);
        free(tmp);
        return SAVE_EXISTS;
    } else if (rename(tmp, path) != 0) { /* no hard links on this file system */
        e = errno;
        goto fail;
    }
    free(tmp);
    return SAVE_WRITTEN;

fail:
    unlink(tmp);
    free(tmp);
    *err = e ? e : EIO;
    return SAVE_FAILED;
}

static void
fill_report(FILE *f, void *ctx)
{
    struct tui_app *a = ctx;
    const struct report_format *fmt = report_format_for_path(a->export_path, default_format());

    fmt->write(f, tui_run_obs(&a->main), a->main.diag, a->s);
    /* The text and JSON reports are the diagnosis alone (JSON is one
     * object); the Markdown document has room for the wizard's part. */
    if (fmt == &report_markdown)
        wizard_part(f, a);
}

static void
write_report(struct tui_app *a, bool overwrite)
{
    const char *path = a->export_path;
    char *shown, resolved[PATH_MAX];
    mode_t mask = umask(0);
    int e = 0;

    umask(mask);
    switch (tui_save_file(path, 0666 & ~mask, overwrite, fill_report, a, &e)) {
    case SAVE_EXISTS:
        ask_overwrite(a);
        return;
    case SAVE_WRITTEN:
        shown = sanitize(realpath(path, resolved) ? resolved : path);
        tui_message(a, ROLE_OK, _("%s Report written to %s"), tui_glyph(G_OK), shown);
        break;
    case SAVE_FAILED:
    default:
        shown = sanitize(path);
        tui_message(a, ROLE_ERROR, _("%s Cannot write %s: %s"), tui_glyph(G_FAIL), shown,
                    strerror(e));
        break;
    }
    free(shown);
}

static void
path_entered(struct tui_app *a, const char *text)
{
    struct stat st;

    if (!*text) {
        tui_message(a, ROLE_WARN, "%s", _("Export cancelled."));
        return;
    }
    free(a->export_path);
    a->export_path = xstrdup(text);
    if (lstat(text, &st) == 0) {
        ask_overwrite(a);
        return;
    }
    write_report(a, false);
}

void
tui_export_start(struct tui_app *a)
{
    char *name;

    if (!a->main.diag) {
        tui_message(a, ROLE_WARN, "%s", _("Nothing to export yet: wait for the diagnosis."));
        return;
    }
    name = default_name(a);
    tui_prompt(a, _("Export the report to:"), name, path_entered);
    free(name);
}
