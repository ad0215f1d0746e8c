"""People who work in Thriving, the organisations they work for, their roles, and the audit trail."""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core.access import VisibleManager, VisibleQuerySet
from thriving.places.models import Locality


class Record(models.Model):
    """What every record that people create and edit carries: an opaque public identifier, when
    it was made and changed and by whom, and a version for optimistic locking (see
    `thriving.core.conflicts.save_if_unchanged`). Its manager offers `visible_to(user, action)`,
    narrowed by the scopes each app registers in its `policy.py` (`thriving.core.access`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = VisibleManager()

    class Meta:
        abstract = True


class UserManager(BaseUserManager.from_queryset(VisibleQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff or a volunteer who signs in: hub workers, partners, team members,
    coaches, enablers, board members, analysts, administrators. Residents need no account."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True, max_length=254)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Set from the administrator role; opens the admin site."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """What a person does in locality working. A person may hold several, each with a scope."""

    HUB_WORKER = "hub_worker", "Hub worker"
    ORGANISATION_STAFF = "organisation_staff", "Organisation staff"
    TEAM_MEMBER = "team_member", "Connected team member"
    COACH = "coach", "Coach"
    COACH_LEAD = "coach_lead", "Coaching team lead"
    ENABLER = "enabler", "Enabler"
    BOARD_MEMBER = "board_member", "Board member"
    ANALYST = "analyst", "Analyst"
    DIRECTORY_EDITOR = "directory_editor", "Directory editor"
    ADMINISTRATOR = "administrator", "Administrator"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Designated safeguarding lead"
    AMBASSADOR = "ambassador", "Ambassador"


class Organisation(models.Model):
    """A player: the council, a partner (health, police, fire, housing, DWP, schools,
    businesses) or a community group (charity, faith group, volunteer group)."""

    class Type(models.TextChoices):
        COUNCIL = "council", "Council"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        HOUSING = "housing", "Housing"
        DWP = "dwp", "Department for Work and Pensions"
        SCHOOL = "school", "School or college"
        BUSINESS = "business", "Business"
        CHARITY = "charity", "Charity"
        FAITH_GROUP = "faith_group", "Faith group"
        VOLUNTEER_GROUP = "volunteer_group", "Volunteer group"
        COMMUNITY_GROUP = "community_group", "Other community group"

    PARTNER_TYPES = {Type.HEALTH, Type.POLICE, Type.FIRE, Type.HOUSING, Type.DWP, Type.SCHOOL, Type.BUSINESS}
    COMMUNITY_TYPES = {Type.CHARITY, Type.FAITH_GROUP, Type.VOLUNTEER_GROUP, Type.COMMUNITY_GROUP}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=Type.choices)
    description = models.TextField(blank=True, max_length=5000)
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^(SC0\d{5}|\d{6,8}(-\d{1,2})?)$",
                "Enter a charity number like 1234567, or SC012345 in Scotland",
            )
        ],
    )
    company_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$",
                "Enter a company number of 8 characters, like 01234567 or SC123456",
            )
        ],
    )
    website = models.URLField(blank=True, max_length=500)
    logo = models.URLField(blank=True, max_length=500, help_text="A web address of its logo")
    uri = models.URLField(blank=True, max_length=500, help_text="Its persistent identifier, as a feed gives it")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    localities = models.ManyToManyField(Locality, related_name="organisations", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="organisations_created"
    )

    objects = VisibleManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        if self.type == self.Type.COUNCIL:
            return "Council"
        if self.type in self.PARTNER_TYPES:
            return "Partner"
        return "Community"


class Membership(models.Model):
    """One role a person holds, scoped to an organisation, a locality, both, or neither
    (neither means everywhere, as for an administrator)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships_granted"
    )

    class Meta:
        ordering = ["role"]

    def __str__(self) -> str:
        scope = " · ".join(str(s) for s in (self.organisation, self.locality) if s) or "everywhere"
        return f"{self.get_role_display()} ({scope})"

    @property
    def scope(self) -> str:
        return " · ".join(str(s) for s in (self.organisation, self.locality) if s) or "Everywhere"


class SiteSettings(models.Model):
    """Settings an administrator changes in the service itself. There is one row."""

    require_two_factor = models.BooleanField(
        default=False, help_text="Every member of staff must use a one-time code to sign in."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "site settings"

    def __str__(self) -> str:
        return "Site settings"

    @classmethod
    def load(cls) -> "SiteSettings":
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


FREE_WRONG_CODES = 3  # wrong codes a person may give before each further try must wait
LONGEST_WAIT_SECONDS = 15 * 60


class PatientThrottling:
    """Wrong codes slow further tries down, as django-otp's throttling does (1, 2, 4, 8... seconds),
    but only after the first few: a mistyped code, or a code that expired while it was typed, can be
    tried again at once. The wait never passes 15 minutes, as long as the sign-in lockout."""

    throttling_failure_count: int
    throttling_failure_timestamp: "datetime.datetime | None"

    def verify_is_allowed(self) -> tuple[bool, dict | None]:
        count = self.throttling_failure_count
        if count < FREE_WRONG_CODES or self.throttling_failure_timestamp is None:
            return True, None
        wait = min(2 ** (count - FREE_WRONG_CODES), LONGEST_WAIT_SECONDS)
        until = self.throttling_failure_timestamp + datetime.timedelta(seconds=wait)
        if timezone.now() < until:
            return False, {"reason": VerifyNotAllowed.N_FAILED_ATTEMPTS, "failure_count": count, "locked_until": until}
        return True, None


class AuthenticatorApp(PatientThrottling, TOTPDevice):  # type: ignore[misc]
    """The authenticator app on a person's phone that shows them a new 6-digit code every 30 seconds."""

    class Meta:
        proxy = True


class RecoveryCodes(PatientThrottling, StaticDevice):  # type: ignore[misc]
    """The ten recovery codes a person is given when they set up their authenticator app, each of
    which signs them in once if they cannot use the app. Only a keyed hash of each code is kept."""

    class Meta:
        proxy = True
        verbose_name_plural = "recovery codes"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):  # noqa: ANN003
        raise ValidationError("The audit trail cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise ValidationError("The audit trail cannot be deleted.")


class AuditEvent(models.Model):
    """One entry in the audit trail: who created, changed, viewed or exported what, when, and why.

    Append-only: the application never updates or deletes a row, and the database refuses to."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        VIEWED = "viewed", "Viewed"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        MERGED = "merged", "Merged"
        SIGNED_IN = "signed_in", "Signed in"
        SIGNED_OUT = "signed_out", "Signed out"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        ACCESS_REFUSED = "access_refused", "Access refused"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    actor_label = models.CharField(max_length=254, blank=True, help_text="Email at the time")
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    event = models.CharField(max_length=80, help_text="What happened, such as 'user.changed'")
    object_type = models.CharField(max_length=80, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_label = models.CharField(max_length=200, blank=True)
    subject = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="Whose personal data it was"
    )
    purpose = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.event}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None or not self._state.adding:
            raise ValidationError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003
        raise ValidationError("The audit trail cannot be deleted.")
