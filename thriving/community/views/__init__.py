"""The community app's pages, split by concept as `services` is. A concept with a public side is a
package with `public.py` (no account) and `staff.py`: `local_nets`, `ideas`, `pledges` and
`ambassadors`. `home` is the staff landing page at /community/."""
