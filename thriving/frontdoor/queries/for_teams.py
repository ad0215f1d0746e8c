"""What connected teams read of the front door besides a locality's counts and references
(`localities`): the types they name. `Level` is the Hierarchy of Help, by which a team's page
counts the open requests in its locality."""

from thriving.frontdoor.models import Level

__all__ = ["Level"]
