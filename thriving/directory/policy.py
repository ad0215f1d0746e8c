"""Who may do what in the directory. Rules are added to the one access policy in core."""

from thriving.core.models import Role
from thriving.core.policy import add_rule, has_role, is_signed_in

is_directory_editor = is_signed_in & has_role(Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR)
is_organisation_staff = is_signed_in & has_role(Role.ORGANISATION_STAFF, Role.DIRECTORY_EDITOR, Role.ADMINISTRATOR)

# Editors approve changes and see every service's history; organisation staff propose changes
# to their own organisation's services (checked against the object in services.py).
add_rule("directory.edit_services", is_organisation_staff)
add_rule("directory.review_changes", is_directory_editor)
add_rule("directory.manage_taxonomy", is_directory_editor)
add_rule("directory.manage_platforms", is_directory_editor)
add_rule("directory.review_problem_reports", is_directory_editor)
