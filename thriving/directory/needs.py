"""The needs taxonomy, under its former name: its reads are `thriving.directory.queries.needs`
and loading a file is `thriving.directory.services.needs`. Import those; this name remains only
for the modules that still use it (`thriving.directory.search`, and the front door's), and goes
once they import the new ones."""

from thriving.directory.queries.needs import THRIVING_NEEDS, NeedIndex, descendant_ids, forget, index, tree
from thriving.directory.services.needs import load_taxonomy

__all__ = ["THRIVING_NEEDS", "NeedIndex", "descendant_ids", "forget", "index", "load_taxonomy", "tree"]
