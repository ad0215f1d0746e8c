"""The directory: what the players offer, where, when and for which needs.

Shaped after Open Referral UK 3.0 (HSDS 3.0 with the UK profile), so the `/openreferral/` API,
the imports and the exports map one field to one field. Public identifiers are UUIDs, which is
what HSDS calls `id`.
"""

import uuid

from django.conf import settings
from django.db import models

from thriving.core.access import VisibleManager


class Taxonomy(models.Model):
    """A vocabulary of needs and circumstances, such as the council's own or an imported one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True, max_length=500)
    version = models.CharField(max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A need or circumstance (food, money and debt, housing, loneliness…) in a tree."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    code = models.CharField(max_length=100, blank=True, help_text="The term's code in its taxonomy")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.URLField(blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"], condition=~models.Q(code=""), name="unique_term_code_per_taxonomy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place where services happen. A Space & Place is a welcoming community building or space."""

    class Facility(models.TextChoices):
        KITCHEN = "kitchen", "Kitchen"
        MEETING_ROOM = "meeting_room", "Meeting room"
        WIFI = "wifi", "Wi-Fi"
        STEP_FREE = "step_free", "Step-free access"
        TOILETS = "toilets", "Toilets"
        ACCESSIBLE_TOILET = "accessible_toilet", "Accessible toilet"
        PARKING = "parking", "Parking"
        HEARING_LOOP = "hearing_loop", "Hearing loop"
        COMPUTERS = "computers", "Computers for public use"
        CHILDRENS_SPACE = "childrens_space", "Space for children"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=200, blank=True)
    address_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True, help_text="The county, as a feed gives it")
    postcode = models.CharField(max_length=8, blank=True)
    country = models.CharField(max_length=2, default="GB", blank=True, help_text="ISO 3166 code; blank when unknown")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    locality = models.ForeignKey(
        "places.Locality", on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    is_space_and_place = models.BooleanField(default=False, help_text="A welcoming community building or space")
    facilities = models.JSONField(default=list, blank=True)
    what_happens = models.TextField(blank=True, help_text="What happens here, in a few words")
    accessibility = models.TextField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    feed = models.ForeignKey("directory.Feed", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="locations", help_text="The feed it comes from, where it is kept")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleManager()  # scoped to people in policy.py

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """Something an organisation offers people: a food bank session, debt advice, a walking group."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
        CLOSED = "defunct", "Closed"
        INACTIVE = "inactive", "Inactive"

    class Access(models.TextChoices):
        DROP_IN = "drop_in", "Drop in"
        REFERRAL = "referral", "Referral from a professional"
        SELF_REFERRAL = "self_referral", "Self-referral"
        PHONE = "phone", "Phone"
        ONLINE = "online", "Online"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    access = models.JSONField(default=list, blank=True, help_text="How to get it: values of Service.Access")
    application_process = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_free = models.BooleanField(default=True, null=True, help_text="Blank when the cost is not known")
    help_level = models.PositiveSmallIntegerField(
        choices=[
            (1, "1. Information and self-help"),
            (2, "2. Community and volunteer support"),
            (3, "3. Early help from local services"),
            (4, "4. Specialist and statutory services"),
        ],
        null=True,
        blank=True,
        help_text="The level of the Hierarchy of Help at which it mostly helps",
    )
    fees_description = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639 codes, such as en, pl, ur")
    accessibility = models.TextField(blank=True)
    localities = models.ManyToManyField("places.Locality", related_name="services", blank=True)
    needs = models.ManyToManyField(TaxonomyTerm, related_name="services", blank=True)
    locations = models.ManyToManyField(Location, through="ServiceAtLocation", related_name="services")
    last_checked = models.DateField(null=True, blank=True, help_text="When someone last checked it is true")
    last_checked_by = models.EmailField(blank=True)
    alert = models.TextField(blank=True, help_text="A temporary notice, such as a change of hours")
    deliverable_type = models.CharField(max_length=100, blank=True, help_text="What it delivers (ORUK 1.0)")
    attending_type = models.CharField(max_length=100, blank=True, help_text="How people attend (ORUK 1.0)")
    attending_access = models.CharField(max_length=100, blank=True, help_text="How people get a place (ORUK 1.0)")
    other_areas = models.JSONField(
        default=list, blank=True, help_text="Areas it serves that are not our localities, as a feed named them"
    )
    last_modified = models.DateTimeField(null=True, blank=True, help_text="When its source last changed it")
    feed = models.ForeignKey("directory.Feed", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="services", help_text="The feed it comes from, where it is kept")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="services_created"
    )

    objects = VisibleManager()  # scoped to people in policy.py

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    """A service as delivered at one location."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="unique_service_at_location")]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    """Someone to contact about a service, with their phones."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or self.email or "Contact"


class Phone(models.Model):
    """A phone number of a service or of one of its contacts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    number = models.CharField(max_length=30)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=30, blank=True, help_text="HSDS: text, voice, fax, cell, video, pager")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service or a location is open, as an RFC 5545 rule (weekly on some days, opening and
    closing times)."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    byday = models.CharField(max_length=40, blank=True, help_text="Days as MO,TU,WE,TH,FR,SA,SU")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}-{self.closes_at}"


class Platform(models.Model):
    """A themed network of players around a need, such as a food network."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    coordinator = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="platforms_coordinated"
    )
    members = models.ManyToManyField("core.Organisation", related_name="platforms", blank=True)
    needs = models.ManyToManyField(TaxonomyTerm, related_name="platforms", blank=True)
    localities = models.ManyToManyField("places.Locality", related_name="platforms", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleManager()  # scoped to people in policy.py

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceChange(models.Model):
    """A change to a service proposed by its organisation's staff, waiting for a directory editor.

    Also the history: every approved change stays, with the whole service as it was after it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="service_changes")
    data = models.JSONField(help_text="The service's fields as proposed")
    base_version = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="service_changes_proposed"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = VisibleManager()  # scoped to people in policy.py

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"Change to {self.data.get('name', 'a service')} ({self.get_status_display()})"


class ProblemReport(models.Model):
    """Someone's report that a service page is wrong. It reaches the directory editors."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    description = models.TextField(max_length=2000)
    reporter_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VisibleManager()  # scoped to people in policy.py

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Problem with {self.service}"


class SearchEntry(models.Model):
    """One thing the public search can find: a service at one of its locations, or a service with
    no location at all (online or by phone). Kept by `thriving.directory.search_index` from the
    services, places and needs; never edited by hand. Beside it, the database keeps a full-text
    index of `words` and a spatial index of the point (see migration 0003)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    service_at_location = models.OneToOneField(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    service_name = models.CharField(max_length=200)
    location_name = models.CharField(max_length=200, blank=True)
    words = models.TextField(help_text="Name, description as text, organisation and needs, one a line")
    need_ids = models.TextField(help_text="The service's needs as ,1,2,")
    locality_ids = models.TextField(help_text="The location's locality and the service's areas as ,1,2,")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_free = models.BooleanField(null=True, help_text="Blank when the cost is not known")
    status = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["service_name", "location_name"])]

    def __str__(self) -> str:
        return f"{self.service_name} at {self.location_name or 'no place'}"


class SearchVersion(models.Model):
    """The directory's version: one row, counted up whenever the search entries change, so cached
    search results are never older than the directory."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)


from thriving.directory.interchange.models import Feed, ImportRun  # noqa: E402, F401  (so Django finds them)
