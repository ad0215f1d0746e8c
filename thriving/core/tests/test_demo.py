"""`thriving demo`: one login per role, fictional organisations in the real localities, idempotent."""

from io import StringIO

from django.core.management import call_command

from thriving.core.management.commands.demo import DEMO_PASSWORD
from thriving.core.models import Membership, Organisation, Role, User
from thriving.places.models import Locality


def counts() -> tuple[int, ...]:
    return (User.objects.count(), Membership.objects.count(), Organisation.objects.count(), Locality.objects.count())


def test_the_demo_loads_once_however_often_it_runs(db):
    out = StringIO()
    call_command("demo", skip_postcodes=True, stdout=out)
    first = counts()
    call_command("demo", skip_postcodes=True, stdout=StringIO())
    assert counts() == first

    assert (
        Locality.objects.filter(
            name__in=[
                "Cotmanhay",
                "Shirebrook",
                "Gamesley",
                "Newhall",
                "Danesmoor",
                "Ashbourne",
                "Langley Mill",
                "Staveley",
            ]
        ).count()
        == 8
    )
    assert Locality.objects.filter(local_authority__code="E06000015").count() >= 3
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values), "one login per role"
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in out.getvalue()
    assert "for this local demo only" in out.getvalue()


def test_a_demo_login_can_sign_in(client, db):
    call_command("demo", skip_postcodes=True, quiet_logins=True, stdout=StringIO())
    response = client.post("/sign-in/", {"username": "hub@demo.thriving.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
