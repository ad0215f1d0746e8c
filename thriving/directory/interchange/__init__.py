"""Import and export of the directory as Open Referral: ORUK 3.0 / HSDS 3.0 JSON (files, pages,
an ORUK API) and the HSDS CSV data package. An import reads every record into a `Bundle` of
HSDS tables, checks all of it into a `Plan`, and only then writes, in one transaction."""
