"""Forms of the community app, split by concept as `services` is: `local_nets`, `ideas`, `pledges`
and `ambassadors`. Every form says what is wrong in plain words, all at once, and keeps what was
typed."""
