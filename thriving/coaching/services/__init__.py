"""The coaching app's services, by concept: relationships, goals, measures (and ratings), sessions,
caseloads, timeline, outcomes."""
