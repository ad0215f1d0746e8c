"""axe-core in a real browser: fails a test on any WCAG 2.2 A or AA violation."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def check_accessibility(page, context: str = "") -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    violations = result["violations"]
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"Accessibility violations on {context or page.url}:\n" + "\n".join(described)
