"""Reading the front door's records, by concept. Views and the API list and fetch requests,
people and referrals only through the scopes in `thriving/frontdoor/policy.py`
(`Model.objects.visible_to(user, action)`, `get_visible_or_404`), as the queries here do.

- `requests`: the help requests each worker may see, and the localities they work on;
- `people`: the people each worker may see, searching for them, likely existing records at
  intake, and reading one person's record and household;
- `referrals`: the referrals each worker may see, and an organisation's queue;
- `safeguarding`: the safeguarding concerns raised on a request;
- `home`: the work waiting for a person, as counts for the staff home page;
- `ask`: what the person who asked for help may see of their request;
- `localities`: what a connected team sees of its locality (counts and references);
- `matching`: record matching, scoring likely matches of a person (a read), with `keys`, the
  normalised keys it finds candidates by;
- `suggestions`: suggested services for a request at triage, with the reasons for each;
- `for_teams`: the names the connected teams need from the front door (the levels of help);
- `choices`: the record choices the API's schemas name.
"""
