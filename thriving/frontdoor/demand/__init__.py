"""The demand picture: counts of help requests and referrals by week, locality, need and level,
the Care and Support Wedge, referral response times and declined referrals by reason. Counts
only, never personal data.

- `models`: the weekly summary (`DemandWeek`), the weeks marked stale, the refresh's state
  (imported by `thriving.frontdoor.models`, so they belong to the front door app);
- `figures`: the filters and the figures, as plain data classes;
- `histogram`: hours to answer a referral, as a histogram that sums over weeks and places;
- `sql`: portable SQL pieces (hours between two moments, a continuous percentile);
- `services`: building the weekly summary and keeping it up to date;
- `tasks`: the background task that refreshes it;
- `queries`: reading the figures (`picture`, `summary`, `live`);
- `download`: the figures as rows of the CSV download;
- `forms`, `views`, `urls`: the page and the download.
"""
