"""Reading the demand picture, by concept:

- `picture`: the figures for a set of filters, cached for a minute, from the summary or live;
- `summary`: the figures read from the weekly summary;
- `live`: the figures counted from the requests and referrals themselves (a need below a
  top-level one).
"""
