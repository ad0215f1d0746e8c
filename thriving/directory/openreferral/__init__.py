"""The Open Referral UK 3.0 API: serialisers, filters, paging and views."""
