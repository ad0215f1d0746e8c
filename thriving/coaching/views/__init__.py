"""The coaching app's views, by concept: relationships, goals, measures (and ratings), sessions,
caseloads, timeline, outcomes."""
