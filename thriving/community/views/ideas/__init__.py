"""Community ideas pages: `public` for residents (no account: proposing one and the list of ideas
being worked on) and `staff` for the facilitators."""
