"""`thriving places load`: load the places reference data shipped with Thriving.

Loads, in one transaction, the local authorities of Derby and Derbyshire, the LSOAs (2011) with
their IMD 2019 rank and decile and their centres, and the localities listed in
thriving/places/data/localities.json. A locality's boundary is the union of its wards (simplified,
coordinates to 5 decimal places) and each LSOA belongs to the locality whose boundary holds its
centre. Rows are matched on their codes and slugs: running the command again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from thriving.places.reference import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Load local authorities, LSOAs and the localities (with ward boundaries) shipped with Thriving."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            summary = load_reference_data()
        except ReferenceDataError as error:
            raise CommandError(f"The places data was not loaded: {error}") from error
        if options["verbosity"] >= 1:
            self.stdout.write(f"Local authorities: {summary.local_authorities}.")
            self.stdout.write(f"Localities: {summary.localities}.")
            self.stdout.write(f"LSOAs: {summary.areas}; {summary.areas_in_localities} lie in a locality.")
            self.stdout.write(self.style.SUCCESS("Places loaded."))
