"""Who may do what in the directory, and which rows: rules and scopes, added to the one access
policy in core.

- Everyone, signed in or not, may see every service, place and platform ("view"). A closed
  service keeps its page, which says it has closed; search leaves it out.
- Organisation staff propose changes to their own organisation's services, directory editors and
  administrators to any organisation's ("change" on a service, the rule `directory.change_service`
  on an organisation).
- Directory editors review every proposed change ("review") and every problem report ("view").
  Others see the changes of the services they keep, and the changes they proposed themselves.
- Directory editors read the import runs and their reports ("view"), and register, change,
  pause and harvest the partners' feeds ("view" on a feed, the rule `directory.manage_feeds`).
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from thriving.core import policy as core_policy
from thriving.core.models import Organisation, Role
from thriving.core.policy import add_rule, add_scope, has_role, is_signed_in
from thriving.directory.interchange.models import Feed, ImportRun
from thriving.directory.models import Location, Platform, ProblemReport, Service, ServiceChange

is_directory_editor = is_signed_in & has_role(Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR)
is_organisation_staff = is_signed_in & has_role(Role.ORGANISATION_STAFF, Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR)


def kept_organisation_ids(user: Any) -> set[int]:
    """The organisations whose services the person keeps as their staff (editors keep them all)."""
    return core_policy.organisation_ids(user, Role.ORGANISATION_STAFF)


@rules.predicate
def keeps_services_of(user: Any, organisation: Organisation | int | None) -> bool:
    """Editors and administrators keep every organisation's services; organisation staff only
    their own organisation's. The organisation may be given by its id."""
    if is_directory_editor.test(user):
        return True
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return organisation_id is not None and organisation_id in kept_organisation_ids(user)


# Pages: editors approve changes and see every service's history; organisation staff propose
# changes to their own organisation's services (the object rule, checked by the services).
add_rule("directory.edit_services", is_organisation_staff)
add_rule("directory.change_service", is_organisation_staff & keeps_services_of)
add_rule("directory.review_changes", is_directory_editor)
add_rule("directory.manage_taxonomy", is_directory_editor)
add_rule("directory.manage_platforms", is_directory_editor)
add_rule("directory.review_problem_reports", is_directory_editor)
add_rule("directory.view_imports", is_directory_editor)
add_rule("directory.manage_feeds", is_directory_editor)


def everyone(user: Any, queryset: QuerySet) -> QuerySet:
    """The public directory: every row, for anyone."""
    return queryset


def editors_only(user: Any, queryset: QuerySet) -> QuerySet:
    return queryset if is_directory_editor.test(user) else queryset.none()


def services_kept_by(user: Any, queryset: QuerySet[Service]) -> QuerySet[Service]:
    """The services a person may propose changes to: every one for editors, their own
    organisation's for organisation staff, none for anyone else."""
    if not is_organisation_staff.test(user):
        return queryset.none()
    if is_directory_editor.test(user):
        return queryset
    return queryset.filter(organisation_id__in=kept_organisation_ids(user))


def changes_seen_by(user: Any, queryset: QuerySet[ServiceChange]) -> QuerySet[ServiceChange]:
    """Editors see every proposed change; others the changes to their own organisation's
    services and the changes they proposed themselves."""
    if is_directory_editor.test(user):
        return queryset
    if not is_signed_in.test(user):
        return queryset.none()
    return queryset.filter(Q(proposed_by=user) | Q(organisation_id__in=kept_organisation_ids(user)))


add_scope(Service, "view", everyone)
add_scope(Service, "change", services_kept_by)
add_scope(Location, "view", everyone)
add_scope(Platform, "view", everyone)
add_scope(ServiceChange, "view", changes_seen_by)
add_scope(ServiceChange, "review", editors_only)
add_scope(ProblemReport, "view", editors_only)
add_scope(ImportRun, "view", editors_only)
add_scope(Feed, "view", editors_only)
