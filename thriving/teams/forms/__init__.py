"""Forms of connected teams, split by concept as `services` and `views` are: `teams`, `schedule`,
`agenda`, `running`, `actions`, `asks`, and `common` (inputs and the version form they share).
Every mistake is reported at once and what was typed is kept."""
