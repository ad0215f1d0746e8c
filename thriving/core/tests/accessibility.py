"""axe-core in a real browser: fails a test on any WCAG 2.2 A or AA violation."""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Beyond WCAG's own rules: all content inside landmarks, so nothing is skipped by landmark navigation.
RULES = ["region"]


# What the browser says when a check starts while a click's navigation is still replacing the page.
NAVIGATING = ("Execution context was destroyed", "reading 'documentElement'", "axe is not defined")


def _run_axe(page) -> dict:
    # Evaluated rather than added as a <script>, so the page's content security policy stays on.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe; undefined;")
    return page.evaluate(
        """async ([tags, rules]) => {
            const wcag = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            const extra = await axe.run(document, {runOnly: {type: 'rule', values: rules}});
            return {violations: wcag.violations.concat(extra.violations)};
        }""",
        [TAGS, RULES],
    )


def check_accessibility(page, context: str = "") -> None:
    # A check called straight after a click may meet the page mid-navigation: it waits for the
    # new page to load and checks that one, never the half-replaced document.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            result = _run_axe(page)
            break
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATING):
                raise
    violations = result["violations"]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"Accessibility violations on {context or page.url}:\n" + "\n".join(described)
