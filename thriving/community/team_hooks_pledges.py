"""What the community app adds to connected teams' pages (to be filled in)."""


def register() -> None:
    """Register the agenda sources and team-page panels with `thriving.teams.hooks`."""
