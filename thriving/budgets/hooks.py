"""What budgets plugs into other apps' extension points: registered from `BudgetsConfig.ready`."""


def register() -> None:
    """Nothing yet: the team page's panel and the huddle agenda's applications come with their pages."""
