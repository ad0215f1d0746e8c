"""The coaching app's models, by concept:

- `relationships`: a coaching relationship for a person or a family, its members, its coaches
  (one lead), the consent it rests on, and the handovers between coaches;
- `goals`: aspirations and goals in the person's own words, with every wording kept;
- `measures`: the progress measures (Goal-Based Outcomes, ONS4 personal wellbeing, an
  organisation's own) and the ratings people give on them;
- `sessions`: coaching sessions, and the next steps each person agreed to take;
- `outcomes`: what coaching changed per relationship and measure, kept for the outcomes page.
"""

from thriving.coaching.models.goals import Aspiration, Goal, GoalWording
from thriving.coaching.models.measures import Measure, Rating
from thriving.coaching.models.outcomes import MeasureChange
from thriving.coaching.models.relationships import Coach, CoachingConsent, CoachingRelationship, Handover, Member
from thriving.coaching.models.sessions import CoachingSession, NextStep

__all__ = [
    "Aspiration", "Coach", "CoachingConsent", "CoachingRelationship", "CoachingSession", "Goal", "GoalWording",
    "Handover", "Measure", "MeasureChange", "Member", "NextStep", "Rating",
]
