"""Forms of the core app, one module per concept (the same names as `core/views/`):

- `auth`: signing in, the second factor, password reset and change
- `filters`: the GET form that narrows a list, and its choices with an empty first option
- `organisations`: the organisation list's filters, adding and changing an organisation
- `users`: the user list's filters, adding and changing a person, their roles
- `audit`: searching the audit trail
- `site_settings`: the security settings
- `govuk`: the GOV.UK Design System form renderer and base forms every app's forms use

Callers import the concept module they use (`from thriving.core.forms import users`).
"""
