"""The directory's pages, by concept: public search and pages, staff editing, editors' review,
and problem reports."""
