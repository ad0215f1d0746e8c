import datetime

from django.db import migrations, models
from django.utils import timezone

ACTIVE = ["awaiting", "accepted"]


def withdraw_duplicates(apps, schema_editor):
    """Before the database holds a request to one active referral a service, withdraw the extra
    ones that referring twice at once made: the accepted one (or else the first) is kept. Each is
    noted in the request's history, and its week of the demand picture marked to be counted again."""
    Referral = apps.get_model("frontdoor", "Referral")
    RequestEvent = apps.get_model("frontdoor", "RequestEvent")
    DemandStale = apps.get_model("frontdoor", "DemandStale")
    pairs = (
        Referral.objects.filter(status__in=ACTIVE).values("request_id", "service_id")
        .annotate(n=models.Count("id")).filter(n__gt=1).values_list("request_id", "service_id")
    )
    now = timezone.now()
    for request_id, service_id in pairs:
        active = list(Referral.objects.filter(request_id=request_id, service_id=service_id, status__in=ACTIVE)
                      .order_by(models.Case(models.When(status="accepted", then=0), default=1), "created_at", "id"))
        for extra in active[1:]:
            Referral.objects.filter(pk=extra.pk).update(status="withdrawn", version=models.F("version") + 1)
            RequestEvent.objects.create(
                request_id=request_id, kind="status", at=now,
                text="A second referral to the same service, made at the same moment, was withdrawn",
            )
            day = timezone.localtime(extra.created_at).date()
            DemandStale.objects.create(week=day - datetime.timedelta(days=day.weekday()))


class Migration(migrations.Migration):

    dependencies = [
        ('frontdoor', '0002_demand_summary'),
    ]

    operations = [
        migrations.RunPython(withdraw_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['awaiting', 'accepted'])), fields=('request', 'service'), name='frontdoor_referral_one_active_per_service'),
        ),
    ]
