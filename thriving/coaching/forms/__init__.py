"""The coaching app's forms, by concept: relationships, goals, measures (and ratings), sessions,
caseloads, timeline, outcomes."""
