"""The stories app's forms, by concept (the same names as its views)."""
