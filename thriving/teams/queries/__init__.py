"""Reads in connected teams, each already narrowed to what the person asking may see. Split by
concept, as `services` is:

- `teams`: which teams a person may see and work in, their members, and the home-page box;
- `schedule`: a team's huddles, to come and past, one huddle, and who may read its record;
- `agenda`: a huddle's agenda items;
- `actions`: a team's open actions, a person's own, and a huddle's actions by agenda item;
- `asks`: asks to enablers, the enabler's queue, and the report across teams.
"""
