"""The worker's coding task: the suggester applying a project's codes with definitions."""

from django_tasks import task

from thriving.core.models import User
from thriving.stories.models import StoryProject
from thriving.stories.services import coding


@task()
def suggest_codes(project_id: int, user_id: int) -> int:
    """Apply the project's defined codes to the sentences closest to them, as the person who asked
    may; returns how many passages it coded (0 when the project or the person is gone)."""
    project = StoryProject.objects.filter(pk=project_id).first()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if project is None or person is None:
        return 0
    return coding.suggest_codes(acting_user=person, project=project)
