"""axe-core in a real browser: fails a test on any WCAG 2.2 A or AA violation."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Beyond WCAG's own rules: all content inside landmarks, so nothing is skipped by landmark navigation.
RULES = ["region"]


def check_accessibility(page, context: str = "") -> None:
    # Evaluated rather than added as a <script>, so the page's content security policy stays on.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe; undefined;")
    result = page.evaluate(
        """async ([tags, rules]) => {
            const wcag = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            const extra = await axe.run(document, {runOnly: {type: 'rule', values: rules}});
            return {violations: wcag.violations.concat(extra.violations)};
        }""",
        [TAGS, RULES],
    )
    violations = result["violations"]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"Accessibility violations on {context or page.url}:\n" + "\n".join(described)
