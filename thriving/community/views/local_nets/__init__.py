"""Local Nets pages: `public` for residents (no account: the listing, a Local Net's page, signing up
and giving a place back) and `staff` for the organisers."""
