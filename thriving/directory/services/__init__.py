"""Writes of the directory, by concept: one function per action a person takes, each taking the
acting person as `acting_user`, checking its own policy, in one transaction, recorded in the
audit trail, with every email or task started once the transaction commits.

- `editing`: organisation staff propose new services and changes, and confirm a service is still right
- `review`: directory editors approve or reject proposed changes
- `reports`: anyone reports a problem with a service page; editors resolve it
- `needs`: loading the needs taxonomy

A change someone else made first (a change decided meanwhile, or proposed against an older
version of the service) is refused with `thriving.core.conflicts.Conflict`.
"""
