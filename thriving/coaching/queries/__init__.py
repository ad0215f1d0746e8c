"""The coaching app's queries, by concept: relationships, goals, measures (and ratings), sessions,
caseloads, timeline, outcomes."""
