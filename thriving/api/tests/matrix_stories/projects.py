"""The role matrix's entries for the story projects pages: the list (team members, enablers and
administrators)."""

PAGES: dict = {}

SAMPLES: dict = {}
