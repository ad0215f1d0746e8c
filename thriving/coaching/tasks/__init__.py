"""The coaching app's background tasks, by concept: `sessions` (reminding the owners of next steps)."""
