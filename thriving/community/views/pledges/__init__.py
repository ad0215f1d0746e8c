"""Pledges pages: `public` for everyone (no account: campaigns, signing, the confirmation) and
`staff` for those who run the campaigns."""
