"""Ambassadors' pages: `public` for everyone (profiles by place and published stories) and `staff`
for those who make profiles and for the ambassador's own profile and stories."""
