"""The coaching demo's stories: who is coached, how it began, what they want in their own words,
their goals with the scores they gave at the start and at each review, and how it went. Written
by hand for the shapes the demo has to show (a family with shared goals, a person coached alone,
goals met, a level-3 referral, a connected team's decision, a goal reworded, one waiting, scores
that went up, stayed flat and went down), and made from themes for the rest (`themed`).

Everything is fictional. The people are the front-door demo's; the names of the household members
added here are invented. `{name}` in any text is the main person's given name."""

import random
from dataclasses import dataclass, field

# The ONS4 scores at the start and at each review: life satisfaction, worthwhile, happiness, anxiety.
Ons4 = tuple[int, int, int, int]


@dataclass(frozen=True)
class GoalPlan:
    """A goal in the person's words, with its GBO score at the start and at each review (a shared
    family goal is rated by each member who rates; their scores differ a little)."""

    words: str
    start: int = 0
    reviews: tuple[int, ...] = ()
    who: str = "main"  # "main", "shared" (the family's), or a household member's given name
    status: str = "active"  # active, waiting, met, stopped
    first_words: str = ""  # the earlier wording of a goal that was reworded
    reason: str = ""  # why it was reworded


@dataclass(frozen=True)
class HouseholdMember:
    given_name: str
    relationship: str
    age: int
    rates: bool = True  # old enough to rate the goals (and, as an adult, ONS4)


@dataclass(frozen=True)
class Story:
    key: str
    route: str  # front_door (a level-3 request), team, self
    weeks_ago: int  # when it began (for a front-door referral: a week after the request instead)
    aspiration: str
    goals: tuple[GoalPlan, ...]
    ons4: tuple[Ons4, ...]
    steps: tuple[str, ...]  # what the person said they would do next, session by session
    lead: str = "coach"  # coach, coachlead or partnercoach (the demo logins)
    where: tuple[str, ...] = ("place", "home", "phone")  # session by session, round again
    household: tuple[HouseholdMember, ...] = ()  # a family coached together
    family_aspiration: str = ""
    second_coach: str = ""
    share_team: bool = False
    share_referrer: bool = False
    route_note: str = ""
    ended: tuple[str, int, str] | None = None  # (reason, weeks ago, note)
    handover: tuple[str, int, str] | None = None  # (the lead before, weeks after the start, note)
    elsewhere: bool = False  # in another demo locality, from a level-3 request there
    quiet_weeks: int = 0  # weeks since the last session: someone the coach has not seen lately
    notes: tuple[str, ...] = field(default=())

    @property
    def is_family(self) -> bool:
        return bool(self.household)


STORIES = [
    Story(
        key="family-at-the-table", route="team", weeks_ago=20,
        household=(HouseholdMember("Callum", "son", 14), HouseholdMember("Lily-Mae", "daughter", 11)),
        family_aspiration="We want to be a family that laughs together again, not one that shouts.",
        aspiration="I want to enjoy being a parent again, not always firefighting.",
        goals=(
            GoalPlan("We want to eat tea together at the table at least three nights a week", 2, (4, 6, 7),
                     who="shared"),
            GoalPlan("I want to feel confident going to parents' evening", 1, (3, 5, 6)),
            GoalPlan("I want to get to school on time every day for a whole half-term", 3, (3, 5, 4), who="Callum",
                     first_words="I want to stop getting detentions for being late",
                     reason="Callum wanted the goal to be about what he will do, not what he will stop"),
            GoalPlan("We want a day out together at the seaside in the summer", who="shared", status="waiting"),
        ),
        ons4=((4, 5, 3, 8), (5, 6, 5, 7), (6, 6, 6, 6), (6, 7, 6, 5)),
        steps=("Put the tea rota on the fridge", "Ring the school to ask for a parents' evening slot",
               "Callum to set two alarms on his phone", "Try a takeaway night at the table on Friday",
               "Write down three questions for parents' evening"),
        second_coach="partnercoach", share_team=True,
        route_note="Brought to the Shirebrook Connected Team huddle by the school: the school, the GP surgery and "
                   "the housing officer all knew the family. The team agreed to offer family coaching, with Ellis "
                   "as the one lead worker and the health coach alongside.",
        notes=("{name} and the children made a list of the nights that are hardest. Callum said mornings are the "
               "real problem; Lily-Mae wants to help cook.",),
    ),
    Story(
        key="walking-in-on-my-own", route="self", weeks_ago=16,
        aspiration="I want to get my life back after the divorce and feel like me again.",
        goals=(
            GoalPlan("I want to be able to walk into the Community Centre on my own and have a cup of tea with "
                     "people", 2, (5, 7)),
            GoalPlan("I want to open my post every week instead of hiding it in the drawer", 1, (4, 6)),
            GoalPlan("I want to sleep through the night most nights", 3, (3, 3)),
        ),
        ons4=((3, 4, 3, 8), (4, 5, 4, 7), (5, 6, 5, 6)),
        steps=("Go to the Tuesday coffee morning, even for ten minutes", "Open the post on Sunday evening with a cup "
               "of tea", "Try the wind-down routine from the leaflet", "Ask the GP about the sleep clinic"),
        where=("place", "phone", "place"),
        notes=("{name} came to the coffee morning and stayed for twenty minutes. Said it was easier than "
               "expected once someone said hello.",),
    ),
    Story(
        key="job-round-school-hours", route="self", weeks_ago=24,
        aspiration="I want a job that fits round the kids' school hours, so I'm not always worrying about money.",
        goals=(
            GoalPlan("I want to write a CV I'm proud to hand in", 1, (5, 8, 10), status="met"),
            GoalPlan("I want to get my food hygiene certificate", 0, (4, 9, 10), status="met"),
            GoalPlan("I want to apply for three jobs a week", 2, (5, 7, 9), status="met"),
        ),
        ons4=((3, 4, 4, 7), (5, 6, 5, 6), (7, 7, 7, 4), (8, 8, 7, 3)),
        steps=("Bring the old CV to the Job Club", "Book the food hygiene course at the library",
               "Look at the school kitchen vacancy", "Practise interview answers with a friend"),
        ended=("goals_met", 4, "{name} started in the school kitchen this month, on hours that fit round the "
                                "children, and offered to come back to the Community Centre to tell others how it "
                                "went."),
    ),
    Story(
        key="not-frightened-of-the-door", route="front_door", weeks_ago=0,
        aspiration="I want to stop being frightened every time someone knocks at the door.",
        goals=(
            GoalPlan("I want to know exactly what I owe and who to", 1, (4, 6)),
            GoalPlan("I want to answer the phone to numbers I don't know without panicking", 2, (3, 4)),
            GoalPlan("I want to take the kids to the park on Saturdays without worrying about the cost", 3, (4, 6)),
        ),
        ons4=((2, 4, 3, 9), (3, 5, 4, 8), (5, 5, 5, 7)),
        steps=("Put every letter in the folder, unopened is fine", "Go to the Money and Debt Advice drop-in on "
               "Monday", "Write a short script for answering the phone"),
        share_referrer=True,
        route_note="Referred by the community response hub at level 3 (early help): the debts were more than "
                   "information and a community group could help with.",
    ),
    Story(
        key="calm-mornings", route="team", weeks_ago=13,
        household=(HouseholdMember("Jamie", "partner", 36), HouseholdMember("Poppy", "daughter", 8, rates=False)),
        family_aspiration="We want home to feel calm, and Poppy to feel safe and happy.",
        aspiration="I want to feel like I've got some time that's just mine.",
        goals=(
            GoalPlan("We want the house to feel calm in the mornings before school", 2, (4, 5), who="shared"),
            GoalPlan("I want to go back to my Zumba class on Thursdays", 1, (4, 6)),
            GoalPlan("I want to get my driving licence back so I can take the job at the depot", 4, (3, 2),
                     who="Jamie"),
        ),
        ons4=((4, 5, 4, 7), (5, 5, 5, 6), (5, 6, 5, 6)),
        steps=("Lay out Poppy's uniform the night before", "Ask the leisure centre about a concession price",
               "Jamie to ring the driving school about a new course date"),
        share_team=True, where=("home", "place", "home"),
        route_note="Agreed at the Shirebrook Connected Team huddle: the housing officer and the school both raised "
                   "the family; family coaching offered with the family's agreement.",
        notes=("Jamie lost his place on the driving course when the car broke down; {name} and Jamie were open "
               "that it has knocked them back.",),
    ),
    Story(
        key="back-when-i-can", route="self", weeks_ago=22,
        aspiration="I want to look after my dad without losing myself.",
        goals=(
            GoalPlan("I want an afternoon a week that's just for me", 2, (3,)),
            GoalPlan("I want to find out what help Dad can get at home", 1, (4,)),
        ),
        ons4=((3, 6, 3, 8), (4, 6, 4, 8)),
        steps=("Go to the Carers' Café on Saturday", "Ring adult social care about an assessment for Dad"),
        ended=("stopped", 8, "{name} said there is too much on with Dad's illness just now, and will get in touch "
                             "again when things settle. The door is left open."),
    ),
    Story(
        key="moving-to-mansfield", route="team", weeks_ago=18,
        aspiration="I want a fresh start somewhere I'm near my sister.",
        goals=(
            GoalPlan("I want to find a flat near my sister in Mansfield", 2, (5, 8)),
            GoalPlan("I want to sort out my bidding on the housing list", 1, (6, 9)),
            GoalPlan("I want to join a running group", status="stopped"),
        ),
        ons4=((4, 5, 4, 7), (5, 6, 5, 6), (6, 6, 6, 5)),
        steps=("Ring the housing options team", "Look at flats with my sister on Sunday"),
        ended=("moved_away", 3, "{name} moved to Mansfield, near family. With {name}'s agreement, the coaching "
                                "team there has been given the details."),
        route_note="Raised at the Shirebrook Connected Team huddle by the housing officer.",
    ),
    Story(
        key="new-coach-same-goals", route="self", weeks_ago=26, lead="coach",
        aspiration="I want to be well enough to enjoy my grandchildren.",
        goals=(
            GoalPlan("I want to walk to the shops and back without stopping", 2, (4, 6, 7)),
            GoalPlan("I want to cook a proper meal twice a week instead of toast", 3, (5, 6, 8)),
        ),
        ons4=((4, 6, 4, 6), (5, 6, 5, 5), (6, 7, 6, 5), (7, 7, 6, 4)),
        steps=("Join the Wednesday Wellbeing Walk", "Try the slow-cooker recipe from the Community Kitchen",
               "Walk to the post box and back every day"),
        handover=("coachlead", 10, "{name} is doing well with the walking and likes a phone call on Monday "
                                   "mornings. Please do not visit on Wednesdays: that is the grandchildren's day."),
    ),
    Story(
        key="hub-referral-elsewhere-1", route="front_door", weeks_ago=0, lead="partnercoach", elsewhere=True,
        aspiration="I want to feel part of things round here instead of stuck indoors.",
        goals=(
            GoalPlan("I want to get out of the house three times a week", 2, (4,)),
            GoalPlan("I want to get my blood pressure checked regularly", 3, (6,)),
        ),
        ons4=((4, 5, 4, 6), (5, 6, 5, 5)),
        steps=("Go to the Warm Space on Tuesday", "Book a blood pressure check at the pharmacy"),
        route_note="Referred by the community response hub at level 3 (early help).",
    ),
    Story(
        key="hub-referral-elsewhere-2", route="front_door", weeks_ago=0, lead="partnercoach", elsewhere=True,
        aspiration="I want my son to be proud of me.",
        goals=(
            GoalPlan("I want to stop smoking before my birthday", 1, (2,)),
            GoalPlan("I want to do the school run every day this term", 4, (6,)),
        ),
        ons4=((3, 5, 3, 7), (4, 5, 4, 7)),
        steps=("Pick up the stop smoking pack from the pharmacy", "Walk the school route on Sunday to time it"),
        route_note="Referred by the community response hub at level 3 (early help).",
    ),
    Story(
        key="hub-referral-elsewhere-3", route="front_door", weeks_ago=0, lead="partnercoach", elsewhere=True,
        aspiration="I want to get my confidence back after being ill.",
        goals=(
            GoalPlan("I want to take the bus into town on my own", 1, (3,)),
            GoalPlan("I want to get back to my allotment", 2, (2,)),
        ),
        ons4=((3, 4, 3, 7), (4, 5, 4, 6)),
        steps=("Take the bus two stops with my neighbour", "Ask the allotment society about a smaller plot"),
        route_note="Referred by the community response hub at level 3 (early help).",
    ),
]

# Themes for the rest: an aspiration, goals to choose from, next steps.
THEMES = [
    ("I want to feel less lonely and have people to talk to.",
     ["I want to go to the lunch club at the Community Centre every week",
      "I want to ring my brother once a fortnight", "I want to make one new friend I can have a brew with"],
     ["Go to the lunch club on Thursday", "Text my brother to fix a time to ring", "Try the knit and natter group"]),
    ("I want to get on top of money so I can sleep at night.",
     ["I want to make a budget I can actually stick to", "I want to switch to a cheaper energy tariff",
      "I want to save five pounds a week for Christmas"],
     ["Bring bank statements to the next session", "Ring the energy company about the tariff",
      "Open a savings pot at the credit union"]),
    ("I want to feel healthier and have more energy for the kids.",
     ["I want to walk for half an hour three times a week", "I want to cut down to two energy drinks a day",
      "I want to go to bed before midnight on school nights"],
     ["Try the Wellbeing Walk on Wednesday", "Keep a note of drinks for a week", "Put the phone on charge downstairs"]),
    ("I want to get back into work and feel useful again.",
     ["I want to get my CV up to date", "I want to volunteer one morning a week",
      "I want to get my level 1 maths"],
     ["Take the CV to the Job Club", "Ask at the Community Larder about volunteering",
      "Sign up for the maths course at the library"]),
    ("I want my home to feel like a home.",
     ["I want to get the damp in the bedroom sorted", "I want to clear the back bedroom so my daughter can stay",
      "I want to put some photos up"],
     ["Ring the landlord with the reference number", "Fill two bags for the charity shop", "Buy some picture hooks"]),
    ("I want to be calmer with the kids, so home is a happier place.",
     ["I want to count to ten before I shout", "I want to read with my son at bedtime three times a week",
      "I want to go to the parents' group at the library"],
     ["Try the stop-and-breathe idea when it gets heated", "Pick a book together at the library",
      "Go to the parents' group on Saturday"]),
    ("I want to feel confident online so I'm not left behind.",
     ["I want to do my Universal Credit journal on my own", "I want to video call my grandson in Spain",
      "I want to order a repeat prescription online"],
     ["Go to the Digital Help session on Thursday", "Get the free data SIM", "Set up the NHS App with help"]),
]
THEMED = 11  # stories made from the themes, all in Shirebrook
THEMED_WEEKS = [3, 5, 7, 8, 10, 14, 15, 19, 24, 28, 31]  # how long ago each began


def _clamp(value: int) -> int:
    return max(0, min(10, value))


def themed(seed: int = 13) -> list[Story]:
    """The stories made from the themes: seeded, so the same every time."""
    rng = random.Random(seed)
    made = []
    for number in range(THEMED):
        aspiration, goal_words, steps = THEMES[number % len(THEMES)]
        weeks = THEMED_WEEKS[number]
        reviews = weeks // 6
        goals = []
        for words in goal_words[: rng.choice([2, 3, 3])]:
            start = rng.randint(1, 4)
            values, value = [], start
            for _ in range(reviews):
                value = _clamp(value + rng.choice([3, 2, 2, 1, 1, 0, -1]))
                values.append(value)
            goals.append(GoalPlan(words, start, tuple(values)))
        ons4: list[Ons4] = [(rng.randint(3, 5), rng.randint(4, 6), rng.randint(3, 5), rng.randint(5, 8))]
        for _ in range(reviews):
            life, worth, happy, anxious = ons4[-1]
            lift = rng.choice([1, 1, 0, 2, -1])
            ons4.append((_clamp(life + lift), _clamp(worth + max(lift, 0)), _clamp(happy + lift),
                         _clamp(anxious - lift)))
        made.append(Story(
            key=f"themed-{number + 1}", route="team" if number % 4 == 1 else "self", weeks_ago=weeks,
            aspiration=aspiration, goals=tuple(goals), ons4=tuple(ons4), steps=tuple(steps),
            lead="coachlead" if number % 5 == 4 else "coach",
            where=(("place", "phone", "home"), ("home", "home", "phone"), ("place", "place", "phone"))[number % 3],
            route_note="Agreed at the Shirebrook Connected Team huddle." if number % 4 == 1 else "",
            quiet_weeks=5 if number == 7 else 0,
        ))
    return made


def all_stories() -> list[Story]:
    return STORIES + themed()
