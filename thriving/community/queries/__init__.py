"""Reads in the community app, each already narrowed to what the person asking may see. Split by
concept, as `services` is: `local_nets`, `ideas`, `pledges` and `ambassadors`."""
