"""Changing front-door records: every change is a named action here, taking the acting person as
`acting_user`, checking its own policy, inside one transaction, with a step in the request's history
and an entry in the audit trail, and starting its emails once that transaction is committed.

Two people editing the same record never silently overwrite each other: each change names the
version it was made against (`version=`), and a change against an old version raises core's
`Conflict` (`thriving.core.conflicts`).

Split by concept; callers import the concept module they use
(`from thriving.frontdoor.services import referrals`):

- `people`: a person's details, consent, safeguarding notes, merging two records;
- `households`: adding, linking and removing the members of a household;
- `requests`: a request's life (opening it, triage, the huddle flag, notes, closing, reopening);
- `safeguarding`: raising a safeguarding concern on a request;
- `locality`: a hub worker setting or changing the locality a request belongs to;
- `referrals`: referring, answering a referral, an organisation's referral settings;
- `common`: the errors, a step in a request's history, where a postcode is.
"""
