#include "config.h"

/* The finding catalogue's area column and the wizard's step table: every
 * finding has an area, the area is claimed by exactly one step, and a
 * finding reaches that step (its state mark) and no other, with only the
 * Diagnosis step seeing every finding.  A new finding therefore reaches
 * its step by its table row alone. */

#include <string.h>

#include "findings.h"
#include "tui/app.h"
#include "unit.h"

static void
areas_named(void)
{
    int a, b;

    unit_set_case("area names");
    for (a = 0; a < AREA_COUNT; a++) {
        CHECK_MSG(findings_area_name(a) && *findings_area_name(a), "area %d has no JSON name", a);
        CHECK_MSG(findings_area_text(a) && *findings_area_text(a), "area %d has no word", a);
        for (b = 0; b < a; b++)
            CHECK_MSG(strcmp(findings_area_name(a), findings_area_name(b)) != 0,
                      "areas %d and %d share the name %s", a, b, findings_area_name(a));
    }
    CHECK_STR("AREA_DNS", "dns", findings_area_name(AREA_DNS));
    CHECK_STR("AREA_CERTIFICATE", "certificate", findings_area_name(AREA_CERTIFICATE));
}

/* One finding alone in an origin's diagnosis reaches exactly one walk step
 * (the one claiming its area) and the Diagnosis step. */
static void
finding_reaches_its_step(void)
{
    struct finding f;
    struct diag_origin d;
    int id, st;

    for (id = 0; id < FINDING_COUNT; id++) {
        const struct finding_def *def = findings_def(id);
        int claims = 0, reached = 0;

        unit_set_case(def->id);
        CHECK_MSG((int)def->area >= 0 && (int)def->area < AREA_COUNT, "area %d out of range",
                  def->area);
        memset(&f, 0, sizeof f);
        memset(&d, 0, sizeof d);
        f.id = id;
        f.addr = -1;
        d.findings = &f;
        d.nfindings = 1;
        for (st = 0; st < STEP_COUNT; st++) {
            const struct tui_step *step = tui_steps[st];
            int worst = tui_worst(&d, step->areas);

            if (step->areas == TUI_AREAS_ALL) {
                CHECK_MSG(worst == (int)def->severity, "the %s step misses it", step->title);
                continue;
            }
            if (step->areas & AREA_BIT(def->area))
                claims++;
            if (worst >= 0) {
                reached++;
                CHECK_INT("severity on its step", def->severity, worst);
                CHECK_MSG(step->areas & AREA_BIT(def->area),
                          "reached the %s step, which does not claim area %s", step->title,
                          findings_area_name(def->area));
            }
        }
        CHECK_MSG(claims == 1, "area %s is claimed by %d steps, not 1",
                  findings_area_name(def->area), claims);
        CHECK_INT("steps reached", 1, reached);
    }
}

/* The steps of the walk (those claiming areas) split the areas: no area
 * on two steps, and the step a known finding lands on is the one the
 * wizard has always shown it on. */
static void
steps_split_areas(void)
{
    static const struct {
        enum finding_id id;
        int step;
    } known[] = {
        {F_DNS_NXDOMAIN, STEP_DNS},         {F_NET_PRIVATE, STEP_DNS},
        {F_TCP_REFUSED, STEP_CONN},         {F_TLS_PROTOCOL, STEP_CONN},
        {F_ORIGIN_INCONSISTENT, STEP_CONN}, {F_CERT_EXPIRED, STEP_CERT},
        {F_CHAIN_ORDER, STEP_CERT},         {F_ORIGIN_ELB_NAME, STEP_CERT},
    };
    unsigned seen = 0;
    size_t i;
    int st;

    unit_set_case("steps");
    for (st = 0; st < STEP_COUNT; st++) {
        unsigned m = tui_steps[st]->areas;
        if (m == TUI_AREAS_ALL)
            continue;
        CHECK_MSG(!(m & seen), "the %s step claims an area another step claims",
                  tui_steps[st]->title);
        seen |= m;
    }
    for (i = 0; i < sizeof known / sizeof *known; i++) {
        const struct finding_def *def = findings_def(known[i].id);
        unit_set_case(def->id);
        CHECK_MSG(tui_steps[known[i].step]->areas & AREA_BIT(def->area), "not on the %s step",
                  tui_steps[known[i].step]->title);
    }
}

int
main(void)
{
    areas_named();
    finding_reaches_its_step();
    steps_split_areas();
    return unit_result();
}
