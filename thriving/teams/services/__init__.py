"""Writes in connected teams: one function per thing a person does, each in one transaction,
checking the policy, recording the audit trail and starting emails only once the change is saved.
Split by concept; callers import the module they use (`from thriving.teams.services import agenda`):

- `teams`: setting a team up, linking enablers, adding and removing members;
- `schedule`: repeating huddles, one-off huddles, moving and cancelling one, topping them up;
- `agenda`: building a huddle's agenda and the items members add, move and remove;
- `running`: starting a huddle, recording items, the note-taker, finishing, sharing and correcting the minutes;
- `actions`: adding, chipping in on and closing actions;
- `asks`: asks to enablers, their answers and the emails about them;
- `common`: the errors (`TeamsError`, `Clash`: both `ActionRefused`; someone else changing a record
  first is core's `Conflict`), the versioned write and the checks every change shares.
"""
