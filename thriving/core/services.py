"""Writes of the core app: one function per action a person takes. Each runs in one transaction,
checks the policy, and records what it did, with the changes, in the audit trail."""

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.text import slugify
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thriving.core import audit, policy
from thriving.core.conflicts import ActionRefused, Conflict
from thriving.core.models import Membership, Organisation, Role, SiteSettings, User
from thriving.places.models import Locality


class ServiceError(ActionRefused):
    """An action that cannot be taken, with a message to show the person."""


class EmailTaken(ServiceError):
    pass


class DuplicateMembership(ServiceError):
    pass


class LastAdministratorRole(ServiceError):
    pass


class OwnAccount(ServiceError):
    pass


# --- Organisations ---

ORGANISATION_FIELDS = (
    "name",
    "type",
    "description",
    "charity_number",
    "company_number",
    "website",
    "email",
    "phone",
)
# Paths under /organisations/ that are pages, not organisations.
RESERVED_SLUGS = {"new"}
SLUG_LENGTH = (Organisation._meta.get_field("slug").max_length or 100) - 10


def _organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    snapshot = {field: getattr(organisation, field) for field in ORGANISATION_FIELDS}
    snapshot["localities"] = ", ".join(sorted(locality.name for locality in organisation.localities.all()))
    return snapshot


def _unique_slug(name: str) -> str:
    base = slugify(name)[:SLUG_LENGTH].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(
    *,
    acting_user: User,
    name: str,
    type: str,
    description: str = "",
    charity_number: str = "",
    company_number: str = "",
    website: str = "",
    email: str = "",
    phone: str = "",
    localities: Iterable[Locality] = (),
) -> Organisation:
    policy.require(acting_user, "core.manage_organisations")
    organisation = Organisation(
        name=name,
        type=type,
        description=description,
        charity_number=charity_number,
        company_number=company_number,
        website=website,
        email=email,
        phone=phone,
        created_by=acting_user,
    )
    for attempt in range(3):
        organisation.slug = _unique_slug(name)
        organisation.full_clean()
        try:
            with transaction.atomic():
                organisation.save()
            break
        except IntegrityError:
            # Someone took the same slug at the same moment: choose again.
            if attempt == 2:
                raise
    organisation.localities.set(localities)
    audit.record(
        acting_user,
        "organisation.created",
        organisation,
        action=audit.Action.CREATED,
        changes=audit.changes_between({}, _organisation_snapshot(organisation)),
    )
    return organisation


@transaction.atomic
def update_organisation(
    *,
    acting_user: User,
    organisation: Organisation,
    expected_version: int | None,
    localities: Iterable[Locality] = (),
    **fields: Any,
) -> Organisation:
    """Save the changes, unless someone else saved the organisation since `expected_version`
    was read: then raise Conflict and change nothing."""
    policy.require(acting_user, "core.manage_organisations", organisation)
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an organisation: {', '.join(sorted(unknown))}")
    # Claiming the next version is one conditional UPDATE, so two saves cannot both succeed.
    claimed = Organisation.objects.filter(pk=organisation.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise Conflict(
            "Someone else changed this organisation while you were editing it. Your changes have not "
            "been saved. Check what they changed, then save again to replace it with what you typed."
        )
    current = Organisation.objects.prefetch_related("localities").get(pk=organisation.pk)
    before = _organisation_snapshot(current)
    for field, value in fields.items():
        setattr(current, field, value)
    current.full_clean()
    current.save()
    current.localities.set(localities)
    changes = audit.changes_between(before, _organisation_snapshot(current))
    audit.record(acting_user, "organisation.changed", current, action=audit.Action.CHANGED, changes=changes)
    return current


# --- Users ---


def _user_snapshot(user: User) -> dict[str, Any]:
    return {"email": user.email, "full_name": user.full_name, "job_title": user.job_title, "is_active": user.is_active}


def send_set_password_email(email: str, *, domain: str, use_https: bool) -> None:
    """Email a new person a link to choose their own password, through Django's password reset
    machinery, so nobody types a password for someone else."""
    from thriving.core.forms.auth import PasswordResetForm

    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="core/users/set_password_subject.txt",
            email_template_name="core/users/set_password_email.txt",
        )


@transaction.atomic
def create_user(
    *,
    acting_user: User,
    email: str,
    full_name: str,
    job_title: str = "",
    role: str,
    organisation: Organisation | None = None,
    locality: Locality | None = None,
    link_domain: str,
    link_https: bool = True,
) -> User:
    """Open an account with its first role, and email the person a link to set their password."""
    policy.require(acting_user, "core.manage_users")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken("There is already a user with this email address")
    # A long random password nobody knows: it makes the account able to receive the set-password link.
    user = User.objects.create_user(email, password=secrets.token_urlsafe(32), full_name=full_name, job_title=job_title)
    audit.record(
        acting_user,
        "user.created",
        user,
        action=audit.Action.CREATED,
        subject=user.email,
        purpose="administration",
        changes=audit.changes_between({}, _user_snapshot(user)),
    )
    add_membership(acting_user=acting_user, user=user, role=role, organisation=organisation, locality=locality)
    transaction.on_commit(lambda: send_set_password_email(user.email, domain=link_domain, use_https=link_https))
    return user


@transaction.atomic
def update_user(*, acting_user: User, user: User, full_name: str, job_title: str, is_active: bool) -> User:
    """Change a person's details, or deactivate them (which ends their access at once)."""
    policy.require(acting_user, "core.manage_users", user)
    if user.pk == acting_user.pk and not is_active:
        raise OwnAccount("You cannot deactivate your own account. Ask another administrator to do it.")
    before = _user_snapshot(user)
    user.full_name, user.job_title, user.is_active = full_name, job_title, is_active
    user.save(update_fields=["full_name", "job_title", "is_active", "updated_at"])
    changes = audit.changes_between(before, _user_snapshot(user))
    if changes:
        audit.record(
            acting_user,
            "user.changed",
            user,
            action=audit.Action.CHANGED,
            subject=user.email,
            purpose="administration",
            changes=changes,
        )
    return user


@transaction.atomic
def reset_second_factor(*, acting_user: User, user: User) -> int:
    """Remove a person's authenticator apps and recovery codes, so they set an app up again (and get
    new codes) at their next sign-in."""
    policy.require(acting_user, "core.manage_users", user)
    devices = TOTPDevice.objects.filter(user=user)
    count = devices.count()
    devices.delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        acting_user,
        "user.second_factor_reset",
        user,
        action=audit.Action.CHANGED,
        subject=user.email,
        purpose="administration",
        changes={"authenticator_apps": [str(count), "0"]},
    )
    return count


# --- Roles (memberships) ---


def _membership_snapshot(membership: Membership) -> dict[str, str]:
    return {
        "user": membership.user.email,
        "role": membership.get_role_display(),
        "organisation": str(membership.organisation or ""),
        "locality": str(membership.locality or ""),
    }


def _sync_staff_flag(user: User) -> dict[str, list[str]]:
    """`is_staff` follows the administrator role. Returns the change, if any, for the audit."""
    is_administrator = user.memberships.filter(role=Role.ADMINISTRATOR).exists()
    if user.is_staff == is_administrator:
        return {}
    before, user.is_staff = user.is_staff, is_administrator
    user.save(update_fields=["is_staff", "updated_at"])
    return {"is_staff": [str(before), str(is_administrator)]}


@transaction.atomic
def add_membership(
    *,
    acting_user: User,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    locality: Locality | None = None,
) -> Membership:
    policy.require(acting_user, "core.manage_users", user)
    if role not in Role.values:
        raise ServiceError("Choose a role from the list")
    if Membership.objects.filter(user=user, role=role, organisation=organisation, locality=locality).exists():
        raise DuplicateMembership(f"{user} already has the role {Role(role).label} with this organisation and locality")
    membership = Membership.objects.create(
        user=user, role=role, organisation=organisation, locality=locality, created_by=acting_user
    )
    changes = audit.changes_between({}, _membership_snapshot(membership)) | _sync_staff_flag(user)
    audit.record(
        acting_user,
        "membership.created",
        membership,
        action=audit.Action.CREATED,
        subject=user.email,
        purpose="administration",
        changes=changes,
    )
    if user.pk == acting_user.pk:
        policy.forget(acting_user)
    return membership


@transaction.atomic
def make_first_administrator(*, email: str, actor_label: str) -> bool:
    """Give the person the administrator role everywhere, from the command line (`thriving core
    add-administrator`), for the first administrator of a new service: the pages follow Thriving
    roles, not Django's superuser flag, so until someone holds the role nobody can give anyone one.
    There is no acting user to check: whoever runs commands on the server is trusted already.
    Audited under `actor_label`. Returns False, changing nothing, if they are one already."""
    user = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if user is None:
        raise ServiceError(f"There is no user with the email address {email.strip()}: create them first.")
    membership, created = Membership.objects.get_or_create(
        user=user, role=Role.ADMINISTRATOR, organisation=None, locality=None
    )
    if not created:
        return False
    changes = {"user": ["", user.email], "role": ["", membership.get_role_display()]} | _sync_staff_flag(user)
    audit.record(
        None,
        "membership.created",
        membership,
        action=audit.Action.CREATED,
        actor_label=actor_label,
        subject=user.email,
        purpose="administration",
        changes=changes,
    )
    return True


@transaction.atomic
def remove_membership(*, acting_user: User, membership: Membership) -> None:
    user = membership.user
    policy.require(acting_user, "core.manage_users", user)
    if (
        user.pk == acting_user.pk
        and membership.role == Role.ADMINISTRATOR
        and not user.memberships.filter(role=Role.ADMINISTRATOR).exclude(pk=membership.pk).exists()
    ):
        raise LastAdministratorRole(
            "You cannot remove your own last administrator role. Ask another administrator to do it."
        )
    before = _membership_snapshot(membership)
    label, pk = str(membership), membership.pk
    membership.delete()
    audit.record(
        acting_user,
        "membership.deleted",
        action=audit.Action.DELETED,
        object_type="core.membership",
        object_id=str(pk),
        object_label=label,
        subject=user.email,
        purpose="administration",
        changes=audit.changes_between(before, {}) | _sync_staff_flag(user),
    )
    if user.pk == acting_user.pk:
        policy.forget(acting_user)


# --- Security settings ---


@transaction.atomic
def update_site_settings(*, acting_user: User, require_two_factor: bool) -> SiteSettings:
    policy.require(acting_user, "core.manage_site_settings")
    settings = SiteSettings.load()
    before = {"require_two_factor": settings.require_two_factor}
    settings.require_two_factor = require_two_factor
    settings.updated_by = acting_user
    settings.save()
    changes = audit.changes_between(before, {"require_two_factor": require_two_factor})
    if changes:
        audit.record(acting_user, "site_settings.changed", settings, action=audit.Action.CHANGED, changes=changes)
    return settings
