"""Closing the loop with the resident: once a hub worker closes a request, the person who asked is
asked whether they got the help they needed (yes, partly or no, and anything they want to add),
on their status page and, if the worker chooses and the person agreed to be contacted by email, in
an email with a link. The answer is kept once per request, shown on the staff request page, and
counted on the demand picture.

- `models`: the answer (`ResidentAnswer`, imported by `thriving.frontdoor.models`);
- `queries`: the signed link to the answer page, whether the person may be emailed, a request's answer;
- `services`: asking the resident by email, recording their answer;
- `forms`, `views`, `urls`: the public answer page.
"""
