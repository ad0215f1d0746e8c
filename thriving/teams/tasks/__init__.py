"""Background tasks of connected teams, split by concept: `actions` (reminding owners of actions,
and topping up the teams' huddles) and `asks` (reminding enablers of asks past their due time)."""
