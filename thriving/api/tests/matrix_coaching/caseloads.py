"""The role matrix's entries for the caseloads (`coaching:caseload`, `coaching:team-caseload`):
both are GETs answering 200 to whoever their rule allows (coaches and team leads; team leads
only), with no objects in their addresses, so they need neither a page entry nor samples."""

PAGES: dict = {}
SAMPLES: dict = {}
