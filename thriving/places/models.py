"""Places: local authorities, the small statistical areas they are made of, the localities
people work in, and the postcodes that fall in them."""

import uuid

from django.db import models


class LocalAuthority(models.Model):
    """A council area, such as Derby or Erewash, with its ONS code."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS code, such as E06000015")
    name = models.CharField(max_length=100)
    county_code = models.CharField(max_length=9, blank=True)
    county_name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """A hyper-local area, such as Cotmanhay or Shirebrook, where a connected team works.

    It is made of whole wards; its boundary is their union, and the LSOAs whose centre lies
    inside it are its statistical areas."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="localities"
    )
    description = models.TextField(blank=True)
    ward_codes = models.JSONField(default=list, help_text="ONS codes of the wards it is made of")
    ward_names = models.JSONField(default=list)
    boundary = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry, WGS84")
    centre_lat = models.FloatField(null=True, blank=True)
    centre_lng = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A Lower-layer Super Output Area (2011): the small area that postcodes and deprivation
    figures are published for."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="areas"
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="areas"
    )
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    imd_rank = models.PositiveIntegerField(null=True, blank=True)
    centre_lat = models.FloatField(null=True, blank=True)
    centre_lng = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Postcode(models.Model):
    """A live postcode with its location and the LSOA it falls in."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="As 'DE7 4AA'")
    lat = models.FloatField()
    lng = models.FloatField()
    area_code = models.CharField(max_length=9, db_index=True, help_text="LSOA 2011 code")
    local_authority_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
