"""The built-in measures: Goal-Based Outcomes (our own neutral wording, which an administrator
replaces with the licensed text where the organisation holds it) and the four ONS personal
wellbeing questions (ONS, Open Government Licence), each 0-10; for anxiety lower is better."""

from django.db import migrations

ANCHORS = ("Not at all", "Completely")
MEASURES = [
    # key, kind, name, question, low label, high label, higher is better, per goal, position
    ("gbo", "gbo", "Goal-Based Outcome", "How far along are you with this goal, from 0 to 10?",
     "Not started", "Goal reached", True, True, 0),
    ("ons4-life-satisfaction", "ons4", "Life satisfaction",
     "Overall, how satisfied are you with your life nowadays?", *ANCHORS, True, False, 1),
    ("ons4-worthwhile", "ons4", "Worthwhile",
     "Overall, to what extent do you feel that the things you do in your life are worthwhile?", *ANCHORS, True, False, 2),
    ("ons4-happiness", "ons4", "Happiness", "Overall, how happy did you feel yesterday?", *ANCHORS, True, False, 3),
    ("ons4-anxiety", "ons4", "Anxiety",
     "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, how anxious did you feel "
     "yesterday?", "Not at all anxious", "Completely anxious", False, False, 4),
]


def create(apps, schema_editor):
    Measure = apps.get_model("coaching", "Measure")
    for key, kind, name, question, low, high, higher_is_better, per_goal, position in MEASURES:
        Measure.objects.update_or_create(key=key, defaults={
            "kind": kind, "name": name, "question": question, "low_label": low, "high_label": high,
            "scale_min": 0, "scale_max": 10, "higher_is_better": higher_is_better, "per_goal": per_goal,
            "position": position,
        })


def remove(apps, schema_editor):
    apps.get_model("coaching", "Measure").objects.filter(organisation__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
