"""The stories app's views, by concept (the same names as its urls)."""
