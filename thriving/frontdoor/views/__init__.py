"""The front door's pages, by concept (the same names as its forms, urls and services):

- `ask`: the public "Ask for help" journey and the status check, with `journey`, the answers as
  they are kept in the session;
- `people`: finding people and a person's record, details, consent, safeguarding notes, merging;
- `households`: a person's household;
- `intake`: a worker taking a request;
- `requests`: the work queue and a request's page with triage, referral and closing;
- `safeguarding`: raising a safeguarding concern from an at-risk or urgent request's page;
- `referrals`: an organisation's referrals and its settings.

The demand picture's page is in `thriving.frontdoor.demand.views`.
"""
