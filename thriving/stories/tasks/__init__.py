"""The stories app's background tasks, by concept: themes (embedding stories and suggesting themes)."""
