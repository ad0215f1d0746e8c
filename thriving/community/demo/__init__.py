"""Demo data of the community app, fictional and safe to load again: `local_nets` (Local Nets with
their sessions, and the community ideas that came from them) and `pledges` (a pledge campaign and
an ambassador with their good news stories)."""
