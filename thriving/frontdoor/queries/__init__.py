"""Reading the front door's records, by concept. Views and the API list and fetch requests,
people and referrals only through the `visible_*` querysets here.

- `requests`: the help requests each worker may see, and the localities they work on;
- `people`: the people each worker may see, searching for them, likely existing records at
  intake, and reading one person's record and household;
- `referrals`: the referrals each worker may see, and an organisation's queue;
- `ask`: what the person who asked for help may see of their request;
- `localities`: what a connected team sees of its locality (counts and references);
- `matching`: record matching, scoring likely matches of a person (a read), with `keys`, the
  normalised keys it finds candidates by;
- `suggestions`: suggested services for a request at triage, with the reasons for each.
"""
