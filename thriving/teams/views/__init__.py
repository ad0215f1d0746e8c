"""The connected teams' pages, split by concept as `services` is: `teams` (the list, a team's page,
its members), `schedule` (when the team huddles), `agenda` (a huddle's page and its agenda items),
`running` (running a huddle and its minutes), `actions` (a person's own actions) and `asks` (asks
to enablers and the report across teams)."""
