"""Demo data of connected teams, split by concept: `teams` (two teams with their members, huddles,
minutes and actions) and `asks` (asks to enablers on the first of them). `thriving demo` loads
`teams` first."""
