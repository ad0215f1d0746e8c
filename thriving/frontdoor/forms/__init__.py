"""The front door's forms, by concept (the same names as its views, urls and services):

- `ask`: the questions of the public "Ask for help" journey, and the status check;
- `intake`: a worker taking a request for someone;
- `people`: searching for people, a person's details, consent, safeguarding notes, merging;
- `households`: adding and linking the members of a household;
- `requests`: the work queue's filters and working on a request;
- `safeguarding`: raising a safeguarding concern on a request;
- `referrals`: an organisation's answers to referrals and its referral settings;
- `common`: what the staff forms share (the GOV.UK date input, contact checks).
"""
